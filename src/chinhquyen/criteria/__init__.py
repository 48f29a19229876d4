"""The rulebook: criteria frameworks, conduct codes and the shipped catalogue.

A framework is a criteria set as issued for one jurisdiction and period: groups of criteria,
each with its measure (how it is scored), points, tiers, knockouts and the sources of every
value. Frameworks and conduct codes are TOML data files; a province can write its own and load
it with [`load`][chinhquyen.criteria.load].

Examples:
    >>> from chinhquyen import criteria
    >>> fw = criteria.load("dong-nai/qd-54-2025")
    >>> fw.tier_for(95).label
    '4 sao'

Writing a framework file (TOML): top-level keys `id`, `version`, `title`, `title_en`, `issuer`,
`effective_from` (an unquoted date), `status` (a `FrameworkStatus`: `official`, `partial` or
`derived`; the last two need `status_note`, in Vietnamese, with the optional `status_note_en`
beside it), `max_points`, the optional `evidence_formats` (e.g. `["pdf"]`), tables
`[jurisdiction]` (`province`, left out for a nationwide set, and `level`) and `[rounding]`
(`places` and `mode`, or `mode = "none"` where no source sets a rule), then arrays of tables
`[[legal_basis]]`, `[[tiers]]`, `[[knockouts]]`, `[[groups]]` with `[[groups.criteria]]` (each
with a `measure` table whose `kind` picks the scoring rule, and an optional `scope` table giving
the `levels` it applies to), and `[[bonus_penalty]]`: the bonus and penalty items (điểm cộng,
điểm trừ) outside the max. Every tier, group, criterion, checklist item and knockout has
`sources`. Points are integers or strings (`"19.5"`); floats are refused because they are not
exact. The JSON Schema ([`json_schema`][chinhquyen.criteria.json_schema], or the files in
`chinhquyen/criteria/schemas/`) lists every key. `load("path/to/file.toml")` validates a file
and names the key and line of each problem.

Renamed, the old names kept for one release with a `DeprecationWarning`: `Status` is now
`FrameworkStatus`; the key `[[adjustments]]` and the attribute `Framework.adjustments` are now
`[[bonus_penalty]]` and `Framework.bonus_penalty`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import lazy_loader

from chinhquyen.criteria._deprecated import renamed

if TYPE_CHECKING:  # pragma: no cover - loaded on first use
    from chinhquyen.criteria.citations import Aspect, Basis, Citation
    from chinhquyen.criteria.conduct import ConductCode, Rule, RuleGroup
    from chinhquyen.criteria.diff import Change
    from chinhquyen.criteria.framework import (
        Criterion,
        Framework,
        FrameworkStatus,
        Group,
        Jurisdiction,
        Level,
        Rounding,
        Scope,
        Tier,
    )
    from chinhquyen.criteria.knockouts import (
        CriterionFloor,
        Disqualifier,
        Knockout,
        KnockoutEffect,
        MinimumTotal,
    )
    from chinhquyen.criteria.measures import (
        Checklist,
        ChecklistItem,
        Coverage,
        Deduction,
        ExternalIndex,
        Measure,
        OnEmpty,
        Quota,
        Ratio,
        SelfScored,
        Survey,
        Tally,
        YesNo,
    )
    from chinhquyen.criteria.registry import (
        ENTRY_POINT_GROUP,
        PluginProblem,
        PluginWarning,
        available,
        clear_cache,
        conduct_code,
        conduct_codes,
        for_date,
        load,
        plugin_problems,
    )
    from chinhquyen.criteria.schema import json_schema

__all__ = [
    "ENTRY_POINT_GROUP",
    "Aspect",
    "Basis",
    "Change",
    "Checklist",
    "ChecklistItem",
    "Citation",
    "ConductCode",
    "Coverage",
    "Criterion",
    "CriterionFloor",
    "Deduction",
    "Disqualifier",
    "ExternalIndex",
    "Framework",
    "FrameworkStatus",
    "Group",
    "Jurisdiction",
    "Knockout",
    "KnockoutEffect",
    "Level",
    "Measure",
    "MinimumTotal",
    "OnEmpty",
    "PluginProblem",
    "PluginWarning",
    "Quota",
    "Ratio",
    "Rounding",
    "Rule",
    "RuleGroup",
    "Scope",
    "SelfScored",
    "Survey",
    "Tally",
    "Tier",
    "YesNo",
    "available",
    "clear_cache",
    "conduct_code",
    "conduct_codes",
    "for_date",
    "json_schema",
    "load",
    "plugin_problems",
]

#: Submodules are imported when one of their names is first used (`import chinhquyen.criteria`
#: stays light); every name is importable as usual.
_lazy_getattr, __dir__, _ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "citations": ["Aspect", "Basis", "Citation"],
        "conduct": ["ConductCode", "Rule", "RuleGroup"],
        "diff": ["Change"],
        "framework": [
            "Criterion",
            "Framework",
            "FrameworkStatus",
            "Group",
            "Jurisdiction",
            "Level",
            "Rounding",
            "Scope",
            "Tier",
        ],
        "knockouts": [
            "CriterionFloor",
            "Disqualifier",
            "Knockout",
            "KnockoutEffect",
            "MinimumTotal",
        ],
        "measures": [
            "Checklist",
            "ChecklistItem",
            "Coverage",
            "Deduction",
            "ExternalIndex",
            "Measure",
            "OnEmpty",
            "Quota",
            "Ratio",
            "SelfScored",
            "Survey",
            "Tally",
            "YesNo",
        ],
        "registry": [
            "ENTRY_POINT_GROUP",
            "PluginProblem",
            "PluginWarning",
            "available",
            "clear_cache",
            "conduct_code",
            "conduct_codes",
            "for_date",
            "load",
            "plugin_problems",
        ],
        "schema": ["json_schema"],
    },
)

if TYPE_CHECKING:  # pragma: no cover
    #: Deprecated: use `FrameworkStatus`.
    Status = FrameworkStatus
else:

    def __getattr__(name: str) -> Any:
        if name == "Status":
            renamed(f"{__name__}.Status", "FrameworkStatus")
            return _lazy_getattr("FrameworkStatus")
        return _lazy_getattr(name)
