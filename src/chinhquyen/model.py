"""The strict, frozen base class of the pydantic models read from and written to files and APIs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Self, TypeVar

import pydantic

from chinhquyen.errors import InvalidInputError

__all__ = ["Model", "build", "field_template", "maker", "problems_of"]

M = TypeVar("M", bound=pydantic.BaseModel)


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
        # validators and serializers are built on first use, not at import
        defer_build=True,
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


# --- results built from values already checked -------------------------------------------------
#
# Scoring builds thousands of result models per second from inputs that were validated on the
# way in; validating them again would cost more than scoring itself. The helpers below wrap a
# complete field dict as a model instance, setting exactly the instance attributes pydantic's
# own `model_construct` sets (`__dict__`, `__pydantic_fields_set__`, `__pydantic_extra__`,
# `__pydantic_private__`), which a test pins for every result model. Such an instance validates
# normally when it is read back from JSON.


@functools.cache
def _spec(cls: type[pydantic.BaseModel]) -> tuple[dict[str, Any], frozenset[str], set[str]]:
    """A model's defaults (every field, in order), its required fields and its field names."""
    fields = cls.model_fields
    template = {name: None if f.is_required() else f.get_default() for name, f in fields.items()}
    required = frozenset(name for name, f in fields.items() if f.is_required())
    return template, required, set(fields)


def field_template(cls: type[pydantic.BaseModel], **fixed: Any) -> dict[str, Any]:
    """Every field of `cls` in declaration order, with its default or the `fixed` value given.

    Required fields not in `fixed` are `None` until set; set them before `maker`'s factory
    wraps the dict.

    Raises:
        TypeError: a name in `fixed` is not a field of `cls`.
    """
    base, _, names = _spec(cls)
    if not fixed.keys() <= names:
        raise TypeError(f"{cls.__name__}: unknown fields {sorted(fixed.keys() - names)}")
    data = dict(base)
    data.update(fixed)
    return data


def maker(cls: type[M]) -> Callable[[dict[str, Any]], M]:
    """A factory wrapping a complete field dict (every field, in order) as a `cls`, unchecked.

    The dict becomes the instance's own: do not change it afterwards. Every field counts as set;
    the set of field names is shared by the instances of a class (the models are frozen, and
    pydantic copies it before changing it in `model_copy`).
    """
    new, names, put = cls.__new__, _spec(cls)[2], object.__setattr__

    def make(data: dict[str, Any]) -> M:
        obj = new(cls)
        put(obj, "__dict__", data)
        put(obj, "__pydantic_fields_set__", names)
        put(obj, "__pydantic_extra__", None)
        put(obj, "__pydantic_private__", None)
        return obj

    return make


def build(cls: type[M], **values: Any) -> M:
    """Create a `cls` from values already checked, without validation.

    Every required field must be given; omitted optional fields take their defaults.

    Raises:
        TypeError: a required field is missing or a name is not a field.
    """
    template, required, names = _spec(cls)
    given = values.keys()
    if not (required <= given and given <= names):
        missing = sorted(required - given) or sorted(given - names)
        raise TypeError(f"{cls.__name__}: missing or unknown fields {missing}")
    data = dict(template)  # field order kept; given values replace the defaults in place
    data.update(values)
    return maker(cls)(data)
