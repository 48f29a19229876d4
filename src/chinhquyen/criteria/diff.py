"""What changed between two frameworks (e.g. two versions of a province's criteria)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import attrs

if TYPE_CHECKING:  # pragma: no cover
    from chinhquyen.criteria.framework import Framework

__all__ = ["Change", "diff"]


@attrs.frozen(slots=True)
class Change:
    """One difference between two frameworks.

    Attributes:
        kind: ``added``, ``removed`` or ``changed``.
        path: where, e.g. ``groups.cai-cach-hanh-chinh.max_points`` or ``tiers.4 sao``.
        old: the value before (``None`` when added).
        new: the value after (``None`` when removed).
    """

    kind: Literal["added", "removed", "changed"]
    path: str
    old: Any = None
    new: Any = None

    def __str__(self) -> str:
        if self.kind == "added":
            return f"+ {self.path}: {self.new!r}"
        if self.kind == "removed":
            return f"- {self.path}: {self.old!r}"
        return f"~ {self.path}: {self.old!r} -> {self.new!r}"


_HEADER = (
    "id",
    "version",
    "title",
    "title_en",
    "issuer",
    "jurisdiction",
    "effective_from",
    "effective_to",
    "status",
    "status_note",
    "status_note_en",
    "max_points",
    "rounding",
    "conduct_codes",
)
_ITEM_FIELDS = (
    "title",
    "title_en",
    "max_points",
    "measure",
    "evidence",
    "notes",
    "notes_en",
    "sources",
)


def _by_id(items: list[Any], key: str) -> dict[str, Any]:
    return {getattr(x, key): x for x in items}


def _fields(path: str, old: Any, new: Any, names: tuple[str, ...], out: list[Change]) -> None:
    for name in names:
        a, b = getattr(old, name, None), getattr(new, name, None)
        if a != b:
            out.append(Change("changed", f"{path}.{name}" if path else name, a, b))


def _keyed(path: str, old: dict[str, Any], new: dict[str, Any], out: list[Change]) -> list[str]:
    for k in old:
        if k not in new:
            out.append(Change("removed", f"{path}.{k}", old[k], None))
    for k in new:
        if k not in old:
            out.append(Change("added", f"{path}.{k}", None, new[k]))
    return [k for k in old if k in new]


def diff(old: Framework, new: Framework) -> list[Change]:
    """List the differences from ``old`` to ``new``.

    Header fields, groups, criteria, bonus/penalty items and tiers are compared, matched by id
    (tiers by label); knockouts and the legal basis are compared as a whole.
    """
    out: list[Change] = []
    _fields("", old, new, _HEADER, out)
    if old.legal_basis != new.legal_basis:
        out.append(Change("changed", "legal_basis", old.legal_basis, new.legal_basis))

    og, ng = _by_id(old.groups, "id"), _by_id(new.groups, "id")
    for gid in _keyed("groups", og, ng, out):
        _fields(f"groups.{gid}", og[gid], ng[gid], ("title", "title_en", "max_points"), out)
    oc = {c.id: c for c in old.criteria()}
    nc = {c.id: c for c in new.criteria()}
    for cid in _keyed("criteria", oc, nc, out):
        _fields(f"criteria.{cid}", oc[cid], nc[cid], _ITEM_FIELDS, out)
    ob, nb = _by_id(old.bonus_penalty, "id"), _by_id(new.bonus_penalty, "id")
    for bid in _keyed("bonus_penalty", ob, nb, out):
        _fields(f"bonus_penalty.{bid}", ob[bid], nb[bid], _ITEM_FIELDS, out)
    ot, nt = _by_id(old.tiers, "label"), _by_id(new.tiers, "label")
    for label in _keyed("tiers", ot, nt, out):
        _fields(f"tiers.{label}", ot[label], nt[label], ("label_en", "min_points"), out)
    if old.knockouts != new.knockouts:
        out.append(Change("changed", "knockouts", old.knockouts, new.knockouts))
    return out
