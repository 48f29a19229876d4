"""The strict, frozen base class of the pydantic models read from and written to files and APIs."""

from __future__ import annotations

from typing import Any, Self

import pydantic

from chinhquyen.errors import InvalidInputError

__all__ = ["Model", "problems_of"]


def problems_of(error: pydantic.ValidationError) -> list[tuple[str, str]]:
    """Turn a pydantic error into ``(dotted location, message)`` pairs."""
    out: list[tuple[str, str]] = []
    for item in error.errors(include_url=False):
        loc = ".".join(str(part) for part in item["loc"])
        msg = item["msg"]
        if "input" in item and item["type"] not in {"missing"}:
            shown = repr(item["input"])
            if len(shown) > 60:
                shown = shown[:57] + "..."
            msg = f"{msg} (got {shown})"
        out.append((loc, msg))
    return out


class Model(pydantic.BaseModel):
    """Strict, frozen model whose validation errors are :class:`InvalidInputError`.

    Unknown fields are refused rather than dropped, and nothing is coerced silently except
    what JSON cannot express (dates and decimals from strings).
    """

    model_config = pydantic.ConfigDict(
        frozen=True,
        extra="forbid",
        strict=True,
        validate_default=True,
        populate_by_name=False,
    )

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Validate a Python object, raising :class:`InvalidInputError` on failure."""
        try:
            return super().model_validate(
                obj,
                strict=strict,
                from_attributes=from_attributes,
                context=context,
                by_alias=by_alias,
                by_name=by_name,
            )
        except pydantic.ValidationError as e:
            raise InvalidInputError(cls.__name__, problems_of(e)) from None

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: Any = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Validate a JSON document, raising :class:`InvalidInputError` on failure."""
        try:
            return super().model_validate_json(
                json_data, strict=strict, context=context, by_alias=by_alias, by_name=by_name
            )
        except pydantic.ValidationError as e:
            raise InvalidInputError(cls.__name__, problems_of(e)) from None
