"""The example self-assessments shipped with the package, and the printable demo scorecard.

Each example's ``note`` says what in it is real. The units are real (codes of the official list,
checked against the registry of units where it answers), so that scoring accepts them. Most
examples' numbers are **illustrative and fictional**: their shape follows real reports, and
they are not the unit's results. One is real throughout: the QĐ 766 example carries the figures
the National Public Service Portal published for a province, and its file says where from.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from chinhquyen.errors import InvalidInputError

__all__ = ["DEMO_EXAMPLE", "demo_text", "example_path", "examples"]

#: The example scored by ``chinhquyen demo``.
DEMO_EXAMPLE = "dong-nai-2025.json"


def examples() -> list[str]:
    """The file names of the shipped example assessments, sorted."""
    folder = resources.files("chinhquyen.scoring") / "examples"
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".json", ".toml", ".xlsx")))


def example_path(name: str) -> Path:
    """The path of a shipped example assessment.

    Args:
        name: the example's file name, one of [`examples`][chinhquyen.scoring.examples].

    Raises:
        InvalidInputError: no example has that name (the message lists those that exist).
    """
    valid = examples()
    if not isinstance(name, str) or name not in valid:
        raise InvalidInputError(
            "example_path", [("name", f"no example {name!r}; examples: {', '.join(valid)}")]
        )
    return Path(str(resources.files("chinhquyen.scoring") / "examples" / name))


def demo_text(lang: str = "vi") -> str:
    """Score the Đồng Nai example against `dong-nai/qd-54-2025` and return the scorecard.

    Args:
        lang: `"vi"` (Vietnamese with English beside) or `"en"`.
    """
    from chinhquyen.scoring.engine import score
    from chinhquyen.scoring.loading import load_assessment

    assessment = load_assessment(example_path(DEMO_EXAMPLE))
    card = score(assessment.framework, assessment)
    return card.trace(lang)
