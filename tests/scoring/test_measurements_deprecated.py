"""The old names of the measurements, importable for one release with a DeprecationWarning."""

from __future__ import annotations

import subprocess
import sys
import warnings

import pytest

from chinhquyen.scoring import measurements
from chinhquyen.scoring.measurements import activities, survey, timeliness

_OLD_MODULES = {
    "chinhquyen.scoring.evidence": measurements,
    "chinhquyen.scoring.evidence.survey": survey,
    "chinhquyen.scoring.evidence.timeliness": timeliness,
    "chinhquyen.scoring.evidence.activities": activities,
}


def _fresh_import(name: str) -> tuple[object, list[warnings.WarningMessage]]:
    """Import `name` as if for the first time, recording the warnings."""
    for loaded in [m for m in sys.modules if m.startswith("chinhquyen.scoring.evidence")]:
        del sys.modules[loaded]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # compiled as this file's code: the import statement is the importing line
        exec(compile(f"import {name}", __file__, "exec"), {})
    return sys.modules[name], caught


@pytest.mark.parametrize("old", sorted(_OLD_MODULES))
def test_old_module_warns_and_reexports_the_new_one(old: str) -> None:
    module, caught = _fresh_import(old)
    messages = [str(w.message) for w in caught if w.category is DeprecationWarning]
    assert any(m.startswith(f"{old} is deprecated") for m in messages), messages
    new = _OLD_MODULES[old]
    assert any(f"import {new.__name__} instead" in m for m in messages)
    # the warning points at the importing line, not at the import machinery or the shim
    assert all(w.filename == __file__ for w in caught), [w.filename for w in caught]
    assert list(getattr(module, "__all__")) == list(new.__all__)  # noqa: B009
    for name in new.__all__:
        assert getattr(module, name) is getattr(new, name)


def test_old_module_gives_public_names_outside_all() -> None:
    module, _ = _fresh_import("chinhquyen.scoring.evidence.survey")
    assert getattr(module, "normalize_text") is survey.normalize_text  # noqa: B009
    with pytest.raises(AttributeError):
        module.no_such_name  # noqa: B018


def test_new_modules_do_not_warn() -> None:
    # a fresh interpreter: reloading the modules here would make new classes
    code = "; ".join(
        f"import chinhquyen.scoring.measurements.{name}"
        for name in ("survey", "timeliness", "activities")
    )
    done = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", code],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("module", "old", "new"),
    [
        (timeliness, "Status", timeliness.DossierStatus),
        (activities, "Coverage", activities.EventCoverage),
        (measurements, "Coverage", activities.EventCoverage),
    ],
)
def test_old_names_warn_and_give_the_new_object(module: object, old: str, new: object) -> None:
    with pytest.warns(DeprecationWarning, match=rf"\.{old} is deprecated") as caught:
        assert getattr(module, old) is new
    assert caught[0].filename == __file__  # the line that asked for the name


def test_old_names_through_the_old_package() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from chinhquyen.scoring.evidence import activities as old_activities
    with pytest.warns(DeprecationWarning, match=r"activities\.Coverage .*EventCoverage"):
        assert old_activities.Coverage is activities.EventCoverage


def test_old_names_are_not_exported_by_star() -> None:
    assert "Coverage" not in measurements.__all__
    assert "EventCoverage" in measurements.__all__ and "DossierStatus" in measurements.__all__
