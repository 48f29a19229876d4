"""Result models built without validation are the models pydantic itself would build."""

from __future__ import annotations

import pytest

from chinhquyen.model import field_template, maker
from chinhquyen.scoring import (
    CriterionResult,
    GroupResult,
    KnockoutResult,
    Scorecard,
    SourceRef,
)


def _card() -> Scorecard:
    """A scorecard of the test framework with every measure kind and every knockout kind."""
    from tests.scoring._cards import card

    built: Scorecard = card()
    assert built.knockouts
    return built


@pytest.mark.parametrize(
    "pick",
    [
        lambda c: c,
        lambda c: c.criteria[0],
        lambda c: c.groups[0],
        lambda c: c.knockouts[0],
        lambda c: c.criteria[0].sources[0],
    ],
    ids=["Scorecard", "CriterionResult", "GroupResult", "KnockoutResult", "SourceRef"],
)
def test_a_built_result_is_what_pydantic_builds(pick: object) -> None:
    built = pick(_card())  # type: ignore[operator]
    cls = type(built)
    assert cls in (Scorecard, CriterionResult, GroupResult, KnockoutResult, SourceRef)
    # the same instance attributes as pydantic's own construction from the same values
    constructed = cls.model_construct(**built.__dict__)
    for slot in (
        "__dict__",
        "__pydantic_fields_set__",
        "__pydantic_extra__",
        "__pydantic_private__",
    ):
        assert getattr(built, slot) == getattr(constructed, slot), slot
    # and a validated model equal to it comes back from its JSON
    assert cls.model_validate_json(built.model_dump_json()) == built


def test_field_template_refuses_unknown_fields() -> None:
    with pytest.raises(TypeError, match="unknown fields"):
        field_template(SourceRef, documnet="typo")
    ref = maker(SourceRef)(field_template(SourceRef, document="Quyết định 54/2025/QĐ-UBND"))
    assert ref == SourceRef.model_validate({"document": "Quyết định 54/2025/QĐ-UBND"})
