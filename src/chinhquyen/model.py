"""The strict, frozen base class of the pydantic models read from and written to files and APIs."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Literal, Self, TypeVar

import pydantic
from pydantic_core import PydanticCustomError

from chinhquyen.errors import InvalidInputError, Problem

__all__ = [
    "VI_CONTEXT_KEY",
    "Model",
    "build",
    "field_template",
    "invalid_input",
    "json_schema_of",
    "maker",
    "plain_text",
    "problems_of",
    "refusal",
]

M = TypeVar("M", bound=pydantic.BaseModel)


# --- pydantic's errors as the library's problems ------------------------------------------------

#: Vietnamese messages for pydantic's error types, formatted with the error's `ctx`.
_VI: dict[str, str] = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường này không có trong mẫu (không được phép)",
    "string_type": "phải là một chuỗi ký tự",
    "string_too_short": "phải có ít nhất {min_length} ký tự",
    "string_too_long": "có nhiều nhất {max_length} ký tự",
    "string_pattern_mismatch": "không đúng dạng {pattern}",
    "int_type": "phải là một số nguyên",
    "int_parsing": "phải là một số nguyên",
    "int_from_float": "phải là một số nguyên, không có phần thập phân",
    "float_type": "phải là một số",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "greater_than": "phải lớn hơn {gt}",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than": "phải nhỏ hơn {lt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "literal_error": "phải là một trong các giá trị: {expected}",
    "enum": "phải là một trong các giá trị: {expected}",
    "union_tag_invalid": (
        "loại '{tag}' không có (theo {discriminator}); các loại hợp lệ: {expected_tags}"
    ),
    "union_tag_not_found": "thiếu trường phân loại {discriminator}",
    "model_type": "phải là một đối tượng (object)",
    "model_attributes_type": "phải là một đối tượng (object)",
    "dict_type": "phải là một đối tượng (object)",
    "list_type": "phải là một danh sách (array)",
    "tuple_type": "phải là một danh sách (array)",
    "too_short": "phải có ít nhất {min_length} phần tử",
    "too_long": "có nhiều nhất {max_length} phần tử",
    "date_type": "phải là một ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là một ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là một ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "phải là một ngày, không kèm giờ",
    "decimal_type": "phải là một số thập phân, ví dụ 19.5",
    "decimal_parsing": "phải là một số thập phân, ví dụ 19.5",
    "finite_number": "phải là một số hữu hạn",
    "json_invalid": "không phải JSON hợp lệ: {error}",
    "json_type": "phải là văn bản JSON",
    "frozen_instance": "không thể sửa: mô hình chỉ đọc",
}

#: The key of a custom error's `ctx` that holds its Vietnamese message (see `refusal`).
VI_CONTEXT_KEY = "message_vi"


def refusal(code: str, message_en: str, message_vi: str) -> PydanticCustomError:
    """The error a model's validator raises for a value it refuses, in both languages.

    pydantic reports it with `code` as its type and `message_en` as its message, and keeps
    `message_vi` in its context; [`problems_of`][chinhquyen.model.problems_of] makes it a
    [`Problem`][chinhquyen.errors.Problem] with both messages.

    Args:
        code: the stable machine code, e.g. `"ratio.part_above_whole"`.
        message_en: what is wrong and what would be valid, in English.
        message_vi: the same in Vietnamese.
    """
    # pydantic fills `{message_vi}` in a template from the context; an English text has none
    return PydanticCustomError(code, message_en, {VI_CONTEXT_KEY: message_vi})


_MISSING = object()


def _document_path(loc: Sequence[str | int], data: Any, missing: bool) -> tuple[str | int, ...]:
    """The parts of pydantic's `loc` that are keys or indexes of the document.

    pydantic adds the tag of a union's member (`ratio`, `dates`, `function-after[...]`) to
    `loc`; walking the document finds them: a part that is not a key of the object reached is
    a tag, except the last part of a missing field's location, which names the field.
    """
    if data is _MISSING:
        return tuple(p for p in loc if not (isinstance(p, str) and "[" in p))
    out: list[str | int] = []
    node: Any = data
    last = len(loc) - 1
    for i, part in enumerate(loc):
        if isinstance(node, Mapping):
            if part in node:
                out.append(part)
                node = node[part]
            elif i == last and missing:
                out.append(part)
            continue
        if isinstance(node, pydantic.BaseModel):
            if isinstance(part, str) and part in type(node).model_fields:
                out.append(part)
                node = getattr(node, part)
            elif i == last and missing:
                out.append(part)
            continue
        if isinstance(node, Sequence) and not isinstance(node, str | bytes | bytearray):
            if isinstance(part, int) and -len(node) <= part < len(node):
                out.append(part)
                node = node[part]
            continue
        # a scalar: what remains are the tags of the union it was tried against
    return tuple(out)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def problems_of(
    error: pydantic.ValidationError | Sequence[Mapping[str, Any]], data: Any = _MISSING
) -> list[Problem]:
    """Turn pydantic's errors into the library's problems.

    Each problem is located by its path in the document (pydantic's `loc` without the tags
    of union members, so `answers/tc-1/value/numerator`, not `.../value/ratio/numerator`),
    coded by pydantic's error type (`missing`, `extra_forbidden`, `greater_than_equal`, ...,
    or a code given to [`refusal`][chinhquyen.model.refusal]), with the offending value and
    messages in English (pydantic's) and in Vietnamese.

    Args:
        error: a `pydantic.ValidationError`, or the list its `errors()` gives (e.g. FastAPI's
            `RequestValidationError.errors()`).
        data: the document that was validated, if at hand: it tells the tags of union members
            from keys. Without it, only tags written with brackets are recognised.

    Returns:
        One problem per error, in pydantic's order.
    """
    items = (
        error.errors(include_url=False) if isinstance(error, pydantic.ValidationError) else error
    )
    out: list[Problem] = []
    for item in items:
        kind = str(item["type"])
        missing = kind == "missing"
        path = _document_path(tuple(item["loc"]), data, missing)
        ctx = dict(item.get("ctx") or {})
        msg = str(item["msg"])
        vi = ctx.pop(VI_CONTEXT_KEY, None)
        if vi is None:
            template = _VI.get(kind)
            if template is None:
                vi = msg.removeprefix("Value error, ")
            else:
                try:
                    vi = template.format(**ctx)
                except (KeyError, IndexError, ValueError):
                    vi = template
        value = None if missing else item.get("input")
        if "input" in item and not missing:
            shown = _shown(item["input"])
            msg = f"{msg} (got {shown})"
            vi = f"{vi} (nhận được {shown})"
        key = ".".join(str(p) for p in item["loc"])
        out.append(Problem.at(path, kind, msg, vi, value, key=key))
    return out


def _parsed(json_data: str | bytes | bytearray) -> Any:
    """The JSON document, to locate problems in it; `_MISSING` if it is not JSON."""
    try:
        return json.loads(json_data)
    except (ValueError, TypeError):
        return _MISSING


def invalid_input(
    what: str, error: pydantic.ValidationError, data: Any = _MISSING
) -> InvalidInputError:
    """The library's error for a pydantic validation error of `what` (e.g. `"SelfAssessment"`).

    It carries the problems (see [`problems_of`][chinhquyen.model.problems_of]) and pydantic's
    own list, given back by `InvalidInputError.errors()`.
    """
    return InvalidInputError(what, problems_of(error, data), errors=error.errors(include_url=False))


# --- JSON Schemas -------------------------------------------------------------------------------

_ROLE = re.compile(r":(?:py:)?[a-z]+:`~?([^`]+)`")
_DOUBLE = re.compile(r"``([^`]+)``")
_ATTRIBUTE = re.compile(r"^    ([A-Za-z_][A-Za-z0-9_]*): (.*)$")


def plain_text(doc: str) -> str:
    """A docstring as plain Markdown: reST roles and double backticks become single backticks."""
    text = _ROLE.sub(lambda m: f"`{m.group(1)}`", doc)
    return _DOUBLE.sub(r"`\1`", text)


def _split_attributes(doc: str) -> tuple[str, dict[str, str]]:
    """A class docstring's text before `Attributes:`, and each attribute's description."""
    head, found, rest = doc.partition("\nAttributes:\n")
    if not found:
        return doc.strip(), {}
    described: dict[str, str] = {}
    name = None
    for line in rest.splitlines():
        m = _ATTRIBUTE.match(line)
        if m:
            name = m.group(1)
            described[name] = m.group(2).strip()
        elif name is not None and line.startswith("        "):
            described[name] += " " + line.strip()
        elif line.strip():
            name = None  # another section
    return head.strip(), described


def _tidy(node: Any) -> None:
    """Clean every model's description and give its properties their attribute's words."""
    if isinstance(node, list):
        for item in node:
            _tidy(item)
        return
    if not isinstance(node, dict):
        return
    description = node.get("description")
    if isinstance(description, str):
        text, attributes = _split_attributes(plain_text(description))
        node["description"] = text
        for name, words in attributes.items():
            prop = node.get("properties", {}).get(name)
            if isinstance(prop, dict) and "description" not in prop:
                prop["description"] = words
    for value in node.values():
        _tidy(value)


def json_schema_of(
    model: type[pydantic.BaseModel], mode: Literal["validation", "serialization"] = "validation"
) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a model, as the library publishes it.

    Descriptions are plain Markdown (no reST roles); each property is described by its
    model's `Attributes:` docstring section. The schema has no `$id`: no site publishes the
    schemas at a fixed address, so an app that needs one gives its own.
    """
    schema = model.model_json_schema(mode=mode)
    _tidy(schema)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


class Model(pydantic.BaseModel):
    """Strict, frozen model whose validation errors are the library's `InvalidInputError`.

    Unknown fields are refused rather than dropped, and nothing is coerced silently except
    what JSON cannot express (dates and decimals from strings).

    `model_validate` and `model_validate_json` raise
    [`InvalidInputError`][chinhquyen.errors.InvalidInputError], a `ValueError` whose
    `errors()` is pydantic's list; validating through pydantic itself (a `TypeAdapter`, or a
    FastAPI request body) raises pydantic's `ValidationError` with the same list, which
    [`problems_of`][chinhquyen.model.problems_of] turns into the same problems.
    """

    #: Whether `model_validate_json` reads through the library's readers (exact decimals, a
    #: key given twice refused); set by the models of documents people write.
    exact_json: ClassVar[bool] = False

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
        """Validate a Python object, raising `InvalidInputError` on failure."""
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
            raise invalid_input(cls.__name__, e, obj) from None

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
        """Validate a JSON document, raising `InvalidInputError` on failure.

        A model with `exact_json` set (a document people write, such as a self-assessment) is
        read by [`read_json`][chinhquyen.readers.read_json] first: numbers are the decimals
        written (`14.999999999999999999` does not become 15) and a key given twice is refused
        with a `ReaderError`, as nobody can tell which value was meant. pydantic's own parser
        keeps the last of two equal keys and reads a number as a binary float.
        """
        if cls.exact_json:
            from chinhquyen.readers import read_json

            data = read_json(
                bytes(json_data) if isinstance(json_data, bytearray) else json_data,
                name=cls.__name__,
            )
            return cls.model_validate(
                data, strict=strict, context=context, by_alias=by_alias, by_name=by_name
            )
        try:
            return super().model_validate_json(
                json_data, strict=strict, context=context, by_alias=by_alias, by_name=by_name
            )
        except pydantic.ValidationError as e:
            raise invalid_input(cls.__name__, e, _parsed(json_data)) from None


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
    new, names = cls.__new__, _spec(cls)[2]
    # the base class's slot descriptors, set directly: cheaper than `object.__setattr__`
    put_dict, put_set, put_extra, put_private = _SLOT_SETTERS

    def make(data: dict[str, Any]) -> M:
        obj = new(cls)
        put_dict(obj, data)
        put_set(obj, names)
        put_extra(obj, None)
        put_private(obj, None)
        return obj

    return make


_SLOT_SETTERS = tuple(
    pydantic.BaseModel.__dict__[slot].__set__
    for slot in (
        "__dict__",
        "__pydantic_fields_set__",
        "__pydantic_extra__",
        "__pydantic_private__",
    )
)


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
