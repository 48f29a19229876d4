"""The `pycon` examples in the readers' docstrings run, and print what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import textwrap

import pytest

import chinhquyen.readers

FENCE = re.compile(r"^(?P<indent>[ \t]*)```pycon\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)
MODULES = sorted(
    m.name for m in pkgutil.iter_modules(chinhquyen.readers.__path__, "chinhquyen.readers.")
)


def examples() -> list[tuple[str, str, str]]:
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            doc = getattr(value, "__doc__", None)
            if getattr(value, "__module__", None) != name or not doc:
                continue
            for m in FENCE.finditer(doc):
                found.append((name, attr, textwrap.dedent(m.group("body"))))
    return found


def test_there_are_examples() -> None:
    assert len(examples()) >= 3


@pytest.mark.parametrize(("module", "name", "body"), examples(), ids=lambda x: str(x)[:40])
def test_docstring_example(module: str, name: str, body: str) -> None:
    namespace = dict(vars(importlib.import_module(module)))
    test = doctest.DocTestParser().get_doctest(body, namespace, f"{module}.{name}", module, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    result = runner.run(test, out=lambda s: print(s, end=""))
    assert result.failed == 0
