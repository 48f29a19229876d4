"""Hypothesis strategies shared by the whole test suite.

One module, one section per package area. Keep strategies here rather than in test files.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

from hypothesis import strategies as st

# --- calendar ---------------------------------------------------------------------------------

#: Any Gregorian date inside the lunar calendar's supported range.
lunar_range_dates = st.dates(min_value=dt.date(1900, 1, 31), max_value=dt.date(2199, 12, 31))

#: Any lunar year of the supported range (numbered as the Gregorian year of its Tết).
lunar_years = st.integers(min_value=1900, max_value=2199)

#: Naive (Vietnamese wall-clock) receipt moments inside the test calendars' 2023–mid-2026 span.
receipt_moments = st.datetimes(
    min_value=dt.datetime(2023, 1, 1), max_value=dt.datetime(2026, 6, 30, 23, 59, 59)
)

#: Procedure time limits in working days (0 = same-day procedure).
working_day_counts = st.integers(min_value=0, max_value=30)

#: A procedure's daily cut-off time, or none.
cutoff_times = st.none() | st.times(min_value=dt.time(7), max_value=dt.time(17))

#: Naive receipt moments across (almost) the whole supported range of the national calendar.
wide_receipt_moments = st.datetimes(
    min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2198, 12, 31, 23, 59, 59)
)

#: Dates far enough inside WorkingCalendar's 1900-2199 bounds for offsets of up to 1000 days.
calendar_dates = st.dates(min_value=dt.date(1905, 1, 1), max_value=dt.date(2194, 12, 31))

#: Dates around the official schedules (2009-2028: provisional, official and provisional again).
schedule_era_dates = st.dates(min_value=dt.date(2009, 1, 1), max_value=dt.date(2028, 12, 31))

#: Working-day offsets (either sign) that stay inside the bounds from calendar_dates.
working_day_offsets = st.integers(min_value=-600, max_value=600)

#: Every year WorkingCalendar covers.
calendar_years = st.integers(min_value=1900, max_value=2199)


def _calendar_variants() -> list[object]:
    from chinhquyen.calendar.working import WorkingCalendar

    national = WorkingCalendar.national()
    return [
        national,
        WorkingCalendar.national(include_culture_day=True),
        national.with_weekend({4, 5}).with_days_off(["2025-03-03"], "test"),
        national.with_saturday_reception().with_working_days(["2026-02-16"], "test"),
    ]


#: The national calendar and a few local variants (tables are built once per instance).
working_calendars = st.deferred(lambda: st.sampled_from(_calendar_variants()))

# --- calendar: batches of dossiers (WorkingCalendar.deadlines_many) ---------------------------

#: numpy units of receipt moments deadlines_many accepts with a time of day, and per day.
_BATCH_UNITS = {"h": 24, "m": 1_440, "s": 86_400, "ms": 86_400_000, "us": 86_400 * 10**6}
_BATCH_UNITS["ns"] = 86_400 * 10**9


def _truncated(moment: dt.datetime, unit: str) -> dt.datetime:
    """``moment`` cut to a whole number of ``unit`` ticks (us and ns keep every microsecond)."""
    if unit == "h":
        return moment.replace(minute=0, second=0, microsecond=0)
    if unit == "m":
        return moment.replace(second=0, microsecond=0)
    if unit == "s":
        return moment.replace(microsecond=0)
    if unit == "ms":
        return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    return moment


#: Naive receipt moments: mostly around the official schedules (2009-2028), some anywhere.
batch_moments = st.one_of(
    st.datetimes(min_value=dt.datetime(2009, 1, 1), max_value=dt.datetime(2028, 12, 31, 23, 59)),
    wide_receipt_moments,
)


@st.composite
def dossier_batches(draw: st.DrawFn, max_size: int = 30) -> dict[str, object]:
    """Arguments of ``deadlines_many`` and the same dossiers one by one.

    Returns a dict: ``received_at`` (datetime64 array in a drawn unit, ``D`` for dates without
    a time), ``working_days`` (an int array of a drawn dtype, or one int), ``cutoff`` (None, one
    ``time``, or a timedelta64 array in a drawn unit with NaT for "no cut-off"), and ``scalar``:
    per dossier ``(received_at, working_days, cutoff)`` as ``WorkingCalendar.deadline`` takes
    them (every value exactly representable in both forms).
    """
    import numpy as np

    size = draw(st.integers(min_value=0, max_value=max_size))
    unit = draw(st.sampled_from(["D", *_BATCH_UNITS]))
    moments: list[dt.datetime | dt.date]
    if unit == "D":
        moments = [d.date() for d in draw(st.lists(batch_moments, min_size=size, max_size=size))]
    else:
        drawn = draw(st.lists(batch_moments, min_size=size, max_size=size))
        moments = [_truncated(m, unit) for m in drawn]
    received = np.array([np.datetime64(m, unit) for m in moments], dtype=f"M8[{unit}]")
    limits = draw(st.lists(working_day_counts, min_size=size, max_size=size))
    dtype = draw(st.sampled_from(["int64", "int32", "uint16", "uint64", "int8"]))
    one_limit = size > 0 and draw(st.booleans())
    working_days: object = limits[0] if one_limit else np.array(limits, dtype=dtype)
    if one_limit:
        limits = [limits[0]] * size
    cutoffs: list[dt.time | None] = [None] * size
    cutoff: object = None
    form = "none" if unit == "D" else draw(st.sampled_from(["none", "one", "each"]))
    if form == "one":
        cutoff = draw(cutoff_times.filter(lambda t: t is not None))
        cutoffs = [cutoff] * size  # type: ignore[list-item]
    elif form == "each":
        c_unit = draw(st.sampled_from(list(_BATCH_UNITS)))
        cutoffs = [
            None
            if t is None
            else _truncated(dt.datetime.combine(dt.date(2000, 1, 1), t), c_unit).time()
            for t in draw(st.lists(cutoff_times, min_size=size, max_size=size))
        ]
        cutoff = np.array(
            [
                np.timedelta64("NaT", c_unit)
                if t is None
                else np.timedelta64(
                    dt.datetime.combine(dt.date(2000, 1, 1), t) - dt.datetime(2000, 1, 1)
                ).astype(f"m8[{c_unit}]")
                for t in cutoffs
            ],
            dtype=f"m8[{c_unit}]",
        )
    return {
        "received_at": received,
        "working_days": working_days,
        "cutoff": cutoff,
        "scalar": list(zip(moments, limits, cutoffs, strict=True)),
    }


# --- criteria ---------------------------------------------------------------------------------

_CQ_SOURCE = {"document": "Generated test source", "article": "Điều 1", "basis": "assumption"}
_CQ_SLUGS = st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True)
_CQ_TEXT = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáạảãồớợ ", min_size=1, max_size=20)


def _cq_halves(high: Decimal) -> st.SearchStrategy[Decimal]:
    """Multiples of 0.5 in [0, high]."""
    return st.integers(min_value=0, max_value=int(high * 2)).map(lambda k: Decimal(k) / 2)


def _cq_shares() -> st.SearchStrategy[Decimal]:
    """Thresholds in (0, 1] with two decimals."""
    return st.integers(min_value=1, max_value=100).map(lambda k: Decimal(k) / 100)


@st.composite
def criteria_measures(draw: st.DrawFn, max_points: Decimal) -> dict[str, object]:
    """A measure (as data) valid for a criterion in a group worth ``max_points``."""
    kind = draw(
        st.sampled_from(
            [
                "self_scored",
                "yes_no",
                "checklist",
                "ratio",
                "quota",
                "coverage",
                "survey",
                "external_index",
                "deduction",
            ]
        )
    )
    on_empty = st.sampled_from(["full", "zero", "not_applicable"])
    threshold = st.none() | _cq_shares()
    if kind == "self_scored":
        step = draw(st.sampled_from([None, Decimal("0.5")]))
        return {"kind": kind, "step": step}
    if kind == "yes_no":
        return {"kind": kind}
    if kind == "checklist":
        n = draw(st.integers(min_value=1, max_value=4))
        rule = draw(st.sampled_from(["all_or_nothing", "per_item", "proportional"]))
        points: list[Decimal | None] = [None] * n
        if rule == "per_item":
            cuts = sorted(draw(st.lists(_cq_halves(max_points), min_size=n - 1, max_size=n - 1)))
            edges = [Decimal(0), *cuts, max_points]
            points = [edges[i + 1] - edges[i] for i in range(n)]
        items = [
            {"id": f"item-{i}", "title": f"Mục {i}", "points": p, "sources": [_CQ_SOURCE]}
            for i, p in enumerate(points)
        ]
        return {"kind": kind, "items": items, "rule": rule}
    if kind == "ratio":
        return {
            "kind": kind,
            "numerator": "tử số",
            "denominator": "mẫu số",
            "threshold": draw(threshold),
            "on_empty": draw(on_empty),
        }
    if kind == "coverage":
        return {
            "kind": kind,
            "event": "sự kiện",
            "action": "thư",
            "threshold": draw(threshold),
            "on_empty": draw(on_empty),
        }
    if kind == "survey":
        return {
            "kind": kind,
            "scale": ["Không hài lòng", "Hài lòng", "Rất hài lòng"],
            "satisfied_levels": ["Hài lòng", "Rất hài lòng"],
            "threshold": draw(threshold),
            "min_responses": draw(st.none() | st.integers(min_value=1, max_value=500)),
            "on_empty": draw(on_empty),
        }
    if kind == "quota":
        return {
            "kind": kind,
            "target": draw(st.integers(min_value=1, max_value=12)),
            "per": draw(st.sampled_from(["year", "half_year", "quarter", "month", "period"])),
            "unit": "hội nghị",
            "partial": draw(st.sampled_from(["proportional", "none"])),
        }
    if kind == "external_index":
        scale = draw(st.integers(min_value=1, max_value=1000))
        return {
            "kind": kind,
            "index": "Chỉ số",
            "scale_max": Decimal(scale),
            "conversion": "linear",
        }
    per = draw(st.integers(min_value=1, max_value=10).map(lambda k: Decimal(k) / 2))
    return {"kind": "deduction", "per_violation": per, "floor": draw(_cq_halves(max_points))}


@st.composite
def framework_data(draw: st.DrawFn) -> dict[str, object]:
    """The data of a valid framework (Python values: Decimal points, date objects)."""
    groups = []
    for g in range(draw(st.integers(min_value=1, max_value=4))):
        crits = []
        for i in range(draw(st.integers(min_value=1, max_value=4))):
            cid = f"{draw(_CQ_SLUGS)}-{g}-{i}"
            max_points = draw(st.integers(min_value=1, max_value=60).map(lambda k: Decimal(k) / 2))
            crits.append(
                {
                    "id": cid,
                    "title": draw(_CQ_TEXT),
                    "title_en": "Criterion",
                    "max_points": max_points,
                    "measure": draw(criteria_measures(max_points)),
                    "sources": [_CQ_SOURCE],
                }
            )
        groups.append(
            {
                "id": f"group-{g}",
                "title": f"Nhóm {g}",
                "max_points": sum((c["max_points"] for c in crits), Decimal(0)),
                "criteria": crits,
                "sources": [_CQ_SOURCE],
            }
        )
    total = sum((g["max_points"] for g in groups), Decimal(0))
    mins = sorted(set(draw(st.lists(_cq_halves(total).filter(lambda x: x > 0), max_size=4))))
    with_tiers = draw(st.booleans())
    tiers = (
        [
            {"label": f"Hạng {i}", "min_points": m, "sources": [_CQ_SOURCE]}
            for i, m in enumerate([Decimal(0), *mins])
        ]
        if with_tiers
        else []
    )
    knockouts: list[dict[str, object]] = []
    if tiers and draw(st.booleans()):
        knockouts.append(
            {
                "kind": "criterion_floor",
                "share": draw(_cq_shares()),
                "effect": {"cap_tier": tiers[0]["label"]},
                "sources": [_CQ_SOURCE],
            }
        )
        knockouts.append(
            {
                "kind": "disqualifier",
                "id": "ky-luat",
                "title": "Bị kỷ luật",
                "effect": {"no_tier": True},
                "sources": [_CQ_SOURCE],
            }
        )
    start = draw(st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)))
    status = draw(st.sampled_from(["official", "partial", "derived"]))
    return {
        "id": f"test/{draw(_CQ_SLUGS)}",
        "version": "1",
        "title": "Bộ tiêu chí",
        "issuer": "UBND tỉnh",
        "jurisdiction": {"province": "Thử Nghiệm", "level": "commune"},
        "legal_basis": [_CQ_SOURCE],
        "effective_from": start,
        "effective_to": draw(st.none() | st.just(start + dt.timedelta(days=365))),
        "status": status,
        "status_note": None if status == "official" else "sinh tự động",
        "status_note_en": None if status == "official" else draw(st.none() | st.just("generated")),
        "max_points": total,
        "rounding": {"places": 2, "mode": draw(st.sampled_from(["half_up", "half_even"]))},
        "tiers": tiers,
        "knockouts": knockouts,
        "groups": groups,
    }


def frameworks() -> st.SearchStrategy[object]:
    """Valid :class:`chinhquyen.criteria.Framework` objects."""
    from chinhquyen.criteria import Framework

    return framework_data().map(Framework.model_validate)


# --- scoring ----------------------------------------------------------------------------------

# scoring: core (frameworks of every measure kind, answers, assessments) -----------------------

_SRC = [{"document": "Test source (hand-written fixture)", "basis": "assumption"}]


def _crit(cid: str, max_points: int | str, measure: dict[str, object]) -> dict[str, object]:
    return {
        "id": cid,
        "title": f"Tiêu chí {cid}",
        "title_en": f"criterion {cid}",
        "max_points": max_points,
        "measure": measure,
        "sources": _SRC,
    }


def _items(*points: int | None) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i, p in enumerate(points, 1):
        item: dict[str, object] = {"id": f"i{i}", "title": f"Nội dung {i}", "sources": _SRC}
        if p is not None:
            item["points"] = p
        out.append(item)
    return out


def all_kinds_framework_data(
    *, knockouts: bool = True, places: int = 2, mode: str = "half_up"
) -> dict[str, object]:
    """A hand-written 100-point framework with one criterion per measure kind and rule.

    Groups: g1 (30) self-scored, yes/no and the three checklist rules; g2 (40) ratios and
    quotas; g3 (30) coverage, survey, external index, deduction. Adjustments: a bonus quota
    (max 5) and a penalty deduction (max 0, floor -5). Tiers 1-4 sao at 0/80/90/95.
    """
    tiers = [
        {"label": f"{n} sao", "label_en": f"{n} stars", "min_points": m, "sources": _SRC}
        for n, m in ((1, 0), (2, 80), (3, 90), (4, 95))
    ]
    groups = [
        {
            "id": "g1",
            "title": "Nhóm 1",
            "max_points": 30,
            "sources": _SRC,
            "criteria": [
                _crit("self", 10, {"kind": "self_scored", "step": "0.5"}),
                _crit("yes", 5, {"kind": "yes_no"}),
                _crit(
                    "check-all",
                    5,
                    {
                        "kind": "checklist",
                        "rule": "all_or_nothing",
                        "items": _items(None, None, None),
                    },
                ),
                _crit(
                    "check-item",
                    5,
                    {"kind": "checklist", "rule": "per_item", "items": _items(2, 3)},
                ),
                _crit(
                    "check-prop",
                    5,
                    {
                        "kind": "checklist",
                        "rule": "proportional",
                        "items": _items(None, None, None, None),
                    },
                ),
            ],
        },
        {
            "id": "g2",
            "title": "Nhóm 2",
            "max_points": 40,
            "sources": _SRC,
            "criteria": [
                _crit(
                    "ratio",
                    10,
                    {
                        "kind": "ratio",
                        "numerator": "hồ sơ đúng hạn",
                        "denominator": "hồ sơ",
                        "on_empty": "zero",
                    },
                ),
                _crit(
                    "ratio-t",
                    10,
                    {
                        "kind": "ratio",
                        "numerator": "kiến nghị xử lý đúng hạn",
                        "denominator": "kiến nghị",
                        "threshold": "0.8",
                        "on_empty": "full",
                    },
                ),
                _crit(
                    "quota",
                    10,
                    {
                        "kind": "quota",
                        "target": 2,
                        "per": "year",
                        "unit": "hội nghị đối thoại",
                        "partial": "proportional",
                    },
                ),
                _crit(
                    "quota-none",
                    10,
                    {
                        "kind": "quota",
                        "target": 4,
                        "per": "quarter",
                        "unit": "buổi tập huấn",
                        "partial": "none",
                    },
                ),
            ],
        },
        {
            "id": "g3",
            "title": "Nhóm 3",
            "max_points": 30,
            "sources": _SRC,
            "criteria": [
                _crit(
                    "cov",
                    10,
                    {
                        "kind": "coverage",
                        "event": "gia đình có tang",
                        "action": "thư chia buồn",
                        "on_empty": "not_applicable",
                    },
                ),
                _crit(
                    "survey",
                    10,
                    {"kind": "survey", "threshold": "0.9", "min_responses": 30, "on_empty": "zero"},
                ),
                _crit(
                    "ext",
                    5,
                    {
                        "kind": "external_index",
                        "index": "PAR",
                        "scale_max": 100,
                        "conversion": "linear",
                    },
                ),
                _crit(
                    "ded",
                    5,
                    {
                        "kind": "deduction",
                        "per_violation": 1,
                        "floor": 0,
                        "conduct_code": "test/code",
                    },
                ),
            ],
        },
    ]
    data: dict[str, object] = {
        "id": "test/all-kinds",
        "version": "1",
        "title": "Bộ tiêu chí thử nghiệm",
        "issuer": "chinhquyen tests",
        "jurisdiction": {"province": "Thử nghiệm", "level": "commune"},
        "legal_basis": _SRC,
        "effective_from": dt.date(2020, 1, 1),
        "status": "derived",
        "status_note": "Hand-written test fixture.",
        "max_points": 100,
        "rounding": {"places": places, "mode": mode},
        "tiers": tiers,
        "groups": groups,
        "conduct_codes": ["test/code"],
        "bonus_penalty": [
            _crit(
                "bonus",
                5,
                {
                    "kind": "quota",
                    "target": 1,
                    "per": "year",
                    "unit": "sáng kiến",
                    "partial": "none",
                },
            ),
            _crit("penalty", 0, {"kind": "deduction", "per_violation": 1, "floor": -5}),
        ],
        "knockouts": [],
    }
    if knockouts:
        data["knockouts"] = [
            {
                "kind": "criterion_floor",
                "share": "0.5",
                "effect": {"cap_tier": "2 sao"},
                "sources": _SRC,
            },
            {
                "kind": "disqualifier",
                "id": "ky-luat",
                "title": "Người đứng đầu bị kỷ luật trong năm",
                "effect": {"no_tier": True},
                "sources": _SRC,
            },
        ]
    return data


def _decimals(low: Decimal, high: Decimal, places: int = 2) -> st.SearchStrategy[Decimal]:
    scale = 10**places
    return st.integers(int(low * scale), int(high * scale)).map(
        lambda k: Decimal(k).scaleb(-places)
    )


@st.composite
def scoring_values(
    draw: st.DrawFn, measure: object, max_points: Decimal
) -> dict[str, object] | None:
    """A measured value (plain dict) fitting ``measure`` (a criteria Measure)."""
    kind = measure.kind
    counts = st.integers(0, 500)
    if kind == "self_scored":
        return None
    if kind == "yes_no":
        return {"kind": "yes_no", "value": draw(st.booleans())}
    if kind == "checklist":
        ids = [item.id for item in measure.items]
        done = draw(st.lists(st.sampled_from(ids), unique=True))
        return {"kind": "checklist", "done": done}
    if kind in ("ratio", "coverage", "survey"):
        whole = draw(counts)
        part = draw(st.integers(0, whole))
        names = {
            "ratio": ("numerator", "denominator"),
            "coverage": ("answered", "required"),
            "survey": ("satisfied", "responses"),
        }[kind]
        value: dict[str, object] = {"kind": kind, names[0]: part, names[1]: whole}
        if kind == "survey" and draw(st.booleans()):
            value["forms"] = draw(st.integers(1, whole)) if whole else 0  # pooled answers
        return value
    if kind == "quota":
        return {"kind": "quota", "count": draw(st.integers(0, 20))}
    if kind == "external_index":
        top = measure.scale_max
        return {"kind": "external_index", "score": draw(_decimals(Decimal(0), top, 3))}
    if kind == "deduction":
        return {"kind": "deduction", "violations": draw(st.integers(0, 20))}
    if kind == "tally":
        return {"kind": "tally", "amount": draw(_decimals(Decimal(0), Decimal(10**6), 3))}
    raise AssertionError(kind)


@st.composite
def scoring_answers(draw: st.DrawFn, criterion: object, places: int = 2) -> dict[str, object]:
    """An answer (plain dict) valid for ``criterion`` (a criteria Criterion)."""
    measure = criterion.measure
    top: Decimal = criterion.max_points
    low = min(Decimal(0), getattr(measure, "floor", Decimal(0)))
    answer: dict[str, object] = {}
    if measure.kind == "self_scored":
        step = measure.step or Decimal(1).scaleb(-places)
        k = draw(st.integers(0, int(top / step)))
        answer["self_score"] = step * k
        return answer
    answer["value"] = draw(scoring_values(measure, top))
    if draw(st.booleans()):
        answer["self_score"] = draw(_decimals(low, top, places))
    return answer


@st.composite
def scoring_assessments(
    draw: st.DrawFn, framework: object, complete: bool = False, period: int = 2025
) -> dict[str, object]:
    """An assessment (plain dict, Python types) for ``framework``; some criteria may be left out."""
    criteria = [*framework.criteria(), *framework.bonus_penalty]
    # a framework that rounds nothing takes self-scores of any precision: draw three decimals
    places = framework.rounding.places if framework.rounding.places is not None else 3
    answers: dict[str, object] = {}
    for c in criteria:
        if complete or draw(st.integers(0, 9)) > 0:
            answers[c.id] = draw(scoring_answers(c, places))
    disq = {
        k.id: draw(st.booleans())
        for k in framework.knockouts
        if k.kind == "disqualifier" and (complete or draw(st.booleans()))
    }
    return {
        "framework": framework.id,
        "unit": draw(registry_units(framework, period)),
        "period": period,
        "answers": answers,
        "disqualifiers": disq,
    }


# scoring: measurements (surveys, activities, timeliness) -------------------------------------

#: Populations (number of transactions) for the survey sample-size formula.
survey_populations = st.integers(min_value=0, max_value=10**7)

#: Margins of error e in (0, 1) with up to three decimals.
survey_margins = st.integers(min_value=1, max_value=999).map(lambda k: Decimal(k).scaleb(-3))


@st.composite
def survey_answer_grids(
    draw: st.DrawFn, labels: tuple[str, ...], max_questions: int = 5, max_rows: int = 30
) -> list[list[str | None]]:
    """Rows of answers (a label or None for blank), all rows of the same width."""
    width = draw(st.integers(min_value=1, max_value=max_questions))
    cell = st.one_of(st.none(), st.sampled_from(labels))
    return draw(st.lists(st.lists(cell, min_size=width, max_size=width), max_size=max_rows))


#: Activity kinds of the ledger.
activity_kinds = st.sampled_from(
    [
        "visit",
        "letter_congratulation",
        "letter_thanks",
        "letter_apology",
        "letter_condolence",
        "dialogue_conference",
        "training",
    ]
)


@st.composite
def activity_rows(draw: st.DrawFn, year: int = 2023) -> dict[str, object]:
    """A plain-dict ledger line dated inside ``year`` (no related event)."""
    return {
        "date": draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31))),
        "kind": draw(activity_kinds),
        "unit": draw(st.sampled_from(["cam-tu", "cam-son", "cam-binh"])),
        "count": draw(st.integers(min_value=1, max_value=50)),
    }


@st.composite
def simple_dossier_rows(draw: st.DrawFn) -> dict[str, object]:
    """A dossier with no cut-off or pause, received and returned in 2024 (plain dict)."""
    received = draw(st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2024, 10, 31, 23, 59)))
    returned = received.date() + dt.timedelta(days=draw(st.integers(0, 40)))
    return {
        "id": draw(st.uuids()).hex,
        "procedure": draw(st.sampled_from(["chung-thuc", "ho-tich", "dat-dai"])),
        "received_at": received,
        "working_days": draw(st.integers(0, 15)),
        "returned_at": draw(st.one_of(st.none(), st.just(returned))),
        "apology_slip_issued": draw(st.booleans()),
    }


# --- digest ---

#: Free text for names and notes: any characters JSON must escape or keep as they are.
digest_texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12
)


@st.composite
def digest_evidence(draw: st.DrawFn) -> dict[str, object]:
    """An evidence reference with any of its fields (at least one of document, file, url)."""
    ref = draw(st.sampled_from(["document", "file", "url"]))
    evidence: dict[str, object] = {ref: draw(digest_texts)}
    for key in ("document", "file", "url", "title"):
        if key != ref and draw(st.booleans()):
            evidence[key] = draw(digest_texts)
    if draw(st.booleans()):
        evidence["date"] = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))).isoformat()
    return evidence


@st.composite
def digest_assessments(draw: st.DrawFn, framework: object) -> dict[str, object]:
    """An assessment (plain dict) using every optional field a submission can carry."""
    data = draw(scoring_assessments(framework))
    unit = dict(data["unit"])  # type: ignore[call-overload]
    unit["name"] = draw(digest_texts)
    if draw(st.booleans()):
        unit["type"] = "xã"
    if draw(st.booleans()):
        unit["former_code"] = draw(digest_texts)
    if draw(st.booleans()):
        district: dict[str, object] = {"name": draw(digest_texts)}
        if draw(st.booleans()):
            district["code"] = draw(digest_texts)
        unit["district"] = district
        data["period"] = {"start": "2024-01-01", "end": "2024-12-31"}
    elif draw(st.booleans()):
        data["period"] = {"start": "2025-07-01", "end": "2025-12-31"}
    if "type" not in unit and "district" not in unit and draw(st.booleans()):
        unit["level"] = "province"  # a province-level unit has neither
    data["unit"] = unit
    if draw(st.booleans()):
        data["submitted"] = "2026-01-15"
    if draw(st.booleans()):
        data["note"] = draw(digest_texts)
    if draw(st.booleans()):
        data["framework_version"] = draw(digest_texts)
    answers = {}
    for cid, answer in data["answers"].items():  # type: ignore[attr-defined]
        answer = dict(answer)
        if draw(st.booleans()):
            answer["note"] = draw(digest_texts)
        if draw(st.integers(0, 2)) == 0:
            answer["evidence"] = draw(st.lists(digest_evidence(), min_size=1, max_size=3))
        answers[cid] = answer
    data["answers"] = answers
    return data


# --- excel ---


def excel_conduct_code_data(code_id: str = "test/code") -> dict[str, object]:
    """A hand-written conduct code (plain dict) for the all-kinds framework's ``ded`` criterion."""
    return {
        "id": code_id,
        "title": "Bộ quy tắc thử nghiệm",
        "issuer": "chinhquyen tests",
        "jurisdiction": "Thử nghiệm",
        "groups": [
            {
                "id": "3-xin",
                "title": "3 xin",
                "rules": [
                    {"id": "xin-chao", "text": "Xin chào"},
                    {"id": "xin-loi", "text": "Xin lỗi"},
                    {"id": "xin-phep", "text": "Xin phép"},
                ],
                "sources": _SRC,
            },
            {
                "id": "2-khong",
                "title": "2 không",
                "rules": [
                    {"id": "khong-gay-kho", "text": "Không gây khó khăn"},
                    {"id": "khong-hach-dich", "text": "Không hách dịch"},
                ],
                "sources": _SRC,
            },
        ],
        "sources": _SRC,
    }


#: Text typed into a form cell: letters (Vietnamese too), digits, punctuation, symbols (so
#: also a leading "="), inner spaces and line breaks; a cell's ends are trimmed when read.
excel_cell_texts = st.text(
    st.characters(categories=("L", "N", "P", "S", "Zs")) | st.just("\n"), min_size=1, max_size=30
).filter(lambda t: t == t.strip() and t != "")


@st.composite
def excel_violation_records(
    draw: st.DrawFn, rules: list[str] | None, bounds: tuple[dt.date, dt.date]
) -> dict[str, object]:
    """A violation record (plain dict) dated within ``bounds``.

    ``rules`` are the rule addresses the criterion's conduct code allows; ``None`` means the
    criterion names no conduct code, so the rule is free text.
    """
    record: dict[str, object] = {"date": draw(st.dates(*bounds))}
    rule = draw(st.none() | (st.sampled_from(rules) if rules is not None else excel_cell_texts))
    if rule is not None:
        record["rule"] = rule
    note = draw(st.none() | excel_cell_texts)
    if note is not None:
        record["note"] = note
    return record


@st.composite
def excel_assessments(
    draw: st.DrawFn, framework: object, rules: dict[str, list[str] | None]
) -> dict[str, object]:
    """An assessment (plain dict) whose deduction answers carry a count, records, or both.

    ``rules`` maps each deduction criterion id to its allowed rule addresses (see
    :func:`excel_violation_records`).
    """
    year = draw(st.integers(2020, 2030))
    data = draw(scoring_assessments(framework, period=year))
    bounds = (dt.date(year, 1, 1), dt.date(year, 12, 31))
    answers: dict[str, dict[str, object]] = data["answers"]  # type: ignore[assignment]
    for cid, allowed in rules.items():
        if cid not in answers:
            continue
        records = draw(st.lists(excel_violation_records(allowed, bounds), max_size=4))
        value: dict[str, object] = {"kind": "deduction"}
        if not records or draw(st.booleans()):
            value["violations"] = len(records) if records else draw(st.integers(0, 20))
        if records:
            value["records"] = records
        answers[cid] = {**answers[cid], "value": value}
    return data


# --- timeliness -------------------------------------------------------------------------------


def _odd(draw: st.DrawFn, odd: bool) -> bool:
    """Whether to give a row one refused or unusual value (about one row in 20)."""
    return odd and draw(st.integers(0, 19)) == 0


@st.composite
def dossier_rows(draw: st.DrawFn, odd: bool = True) -> dict[str, object]:
    """A dossier as read_dossier_records takes it, in the forms callers give.

    Receipt as an ISO string, naive or aware datetime, or date; sometimes a cut-off, a pause,
    an apology slip, a new return date (not always later than the due date), a return before
    the due date or long after it, or none. With ``odd``, about one field in 15 is a value the
    model refuses (or accepts only through validation) in about one row in 20: a wrong type, an
    ambiguous date, a return before the receipt, an unknown key.
    """
    received = draw(st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2024, 11, 30, 23, 59)))
    day = received.date()
    row: dict[str, object] = {
        "id": draw(st.text("abcdefgh", min_size=2, max_size=5)),
        "procedure": draw(st.sampled_from(["chung-thuc", "ho-tich", "dat-dai"])),
        "working_days": draw(st.integers(0, 15)),
    }
    row["received_at"] = draw(
        st.sampled_from(
            [
                received.isoformat(timespec="minutes"),
                received,
                received.replace(tzinfo=dt.UTC),
                received.replace(tzinfo=dt.timezone(dt.timedelta(hours=7))).isoformat(),
                day.isoformat(),
                day,
            ]
        )
    )
    if draw(st.booleans()):
        row["unit"] = draw(st.sampled_from(["xa-a", "xa-b", None]))
    given = row["received_at"]
    # a cut-off with a date-only receipt is refused by the model: only as an odd value
    date_only = (isinstance(given, str) and len(given) == 10) or type(given) is dt.date
    if draw(st.integers(0, 3)) == 0 and (not date_only or _odd(draw, odd)):
        row["cutoff"] = draw(st.sampled_from(["15:00", dt.time(15), dt.time(11, 30), None]))
    if draw(st.integers(0, 7)) == 0:
        asked = day + dt.timedelta(days=draw(st.integers(0, 2)))
        back = dt.datetime.combine(asked, dt.time(10)) + dt.timedelta(days=draw(st.integers(0, 4)))
        row["pauses"] = [{"requested_on": asked.isoformat(), "completed_on": back.isoformat()}]
        row["resume_after_pause"] = draw(st.booleans())
    if draw(st.integers(0, 5)):
        back_day = day + dt.timedelta(days=draw(st.integers(0, 40)))
        row["returned_at"] = draw(
            st.sampled_from(
                [back_day, back_day.isoformat(), dt.datetime.combine(back_day, dt.time(16))]
            )
        )
    elif draw(st.booleans()):
        row["returned_at"] = None
    if draw(st.booleans()):
        row["apology_slip_issued"] = draw(st.booleans())
    if draw(st.integers(0, 5)) == 0:
        # mostly later than the due date; sometimes not (refused)
        row["extended_to"] = day + dt.timedelta(days=draw(st.integers(0, 3) | st.integers(25, 45)))
    odd_values: dict[str, list[object]] = {
        "id": ["", 7],
        "working_days": [-1, "5", True, 10**6],
        "received_at": ["04/03/2024 09:00", "2024-03-04/09:30", 20240304, None],
        "cutoff": ["3pm", "", dt.time(15, tzinfo=dt.UTC)],
        "pauses": ["2024-03-05", None, ()],
        "returned_at": [day - dt.timedelta(days=1), "03/04/2024", "20240304", ""],
        "apology_slip_issued": ["yes", 1],
        "unit": [5],
        "ngay": ["2024-03-04"],
    }
    if _odd(draw, odd):
        key = draw(st.sampled_from(sorted(odd_values)))
        row[key] = draw(st.sampled_from(odd_values[key]))
    return row


@st.composite
def dossier_csv_rows(draw: st.DrawFn, odd: bool = True) -> dict[str, str]:
    """One row of a CSV dossier log, as cell text by column (see read_dossier_log).

    Cells are sometimes padded with spaces or blank; with ``odd``, about one row in 20 has a
    cell the reader refuses or reads only row by row (day/month dates, a "/" separator, words,
    superscript digits, a pause, a return before the receipt).
    """
    received = draw(st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2024, 11, 30, 23, 59)))
    day = received.date()
    back_day = day + dt.timedelta(days=draw(st.integers(0, 40)))
    cells = {
        "id": draw(st.text("abcdefgh", min_size=2, max_size=5)),
        "procedure": draw(st.sampled_from(["chung-thuc", " ho-tich ", "dat-dai"])),
        "unit": draw(st.sampled_from(["", "xa-a", "xa-b"])),
        "received_at": draw(
            st.sampled_from(
                [
                    received.isoformat(timespec="minutes"),
                    received.isoformat(timespec="seconds") + "+07:00",
                    received.isoformat(sep=" ", timespec="minutes"),
                ]
            )
        ),
        "working_days": str(draw(st.integers(0, 15))),
        "cutoff": draw(st.sampled_from(["", "", "", "15:00", " 11:30"])),
        "pauses": "",
        "resume_after_pause": draw(st.sampled_from(["", "false", "TRUE"])),
        "returned_at": draw(
            st.sampled_from(["", back_day.isoformat(), f"{back_day.isoformat()}T16:00"])
        ),
        "apology_slip_issued": draw(st.sampled_from(["", "true", "false", "False"])),
        "extended_to": draw(
            st.sampled_from(["", "", "", (day + dt.timedelta(days=12)).isoformat()])
        ),
    }
    odd_cells = {
        "id": ["", "  "],
        "received_at": ["04/03/2024 09:00", f"{day.isoformat()}/09:30", day.isoformat(), ""],
        "working_days": ["năm", "-1", "²", "", "5.0"],
        "cutoff": ["3pm"],
        "pauses": [f"{day.isoformat()}/{(day + dt.timedelta(days=2)).isoformat()}T10:00", "x"],
        "returned_at": ["03/04/2024", (day - dt.timedelta(days=1)).isoformat(), "2024-02-30"],
        "apology_slip_issued": ["yes"],
        "extended_to": [day.isoformat(), "x"],
    }
    if _odd(draw, odd):
        col = draw(st.sampled_from(sorted(odd_cells)))
        cells[col] = draw(st.sampled_from(odd_cells[col]))
    return cells


# --- measurements: dossiers around the official schedules -----------------------------------


@st.composite
def official_schedule_dossiers(draw: st.DrawFn) -> dict[str, object]:
    """A plain dossier received from December 2025 to November 2026 (official schedules).

    Receipts fall on any day, working or not, at any minute from 06:00 to 19:59 (so around a
    15:00 cut-off), near the Tết 2026 break more often than elsewhere; time limits of 0-20
    working days keep every due date inside 2026 or early 2027's first days at most. Returned
    0-40 days after receipt, or not returned.
    """
    tet = st.dates(dt.date(2026, 2, 9), dt.date(2026, 2, 27))
    day = draw(st.one_of(tet, st.dates(dt.date(2025, 12, 1), dt.date(2026, 11, 30))))
    moment = dt.datetime.combine(day, dt.time(6)) + dt.timedelta(minutes=draw(st.integers(0, 839)))
    row: dict[str, object] = {
        "id": draw(st.uuids()).hex,
        "procedure": draw(st.sampled_from(["chung-thuc", "ho-tich", "dat-dai"])),
        "received_at": moment.isoformat(timespec="minutes"),
        "working_days": draw(st.integers(0, 20)),
        "cutoff": draw(st.sampled_from([None, None, "15:00", "11:30"])),
        "returned_at": None,
    }
    if draw(st.integers(0, 9)):
        row["returned_at"] = (day + dt.timedelta(days=draw(st.integers(0, 40)))).isoformat()
    return row


# --- appraisal ---

#: a stripped, non-empty cell text (CSV quoting must carry commas, semicolons, quotes, new lines)
_appraisal_text = (
    st.text(
        st.characters(exclude_categories=("Cc", "Cs"), include_characters=",;\"'\n"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def appraisal_maps(
    draw: st.DrawFn, units: list[str], criteria: list[tuple[str, Decimal]]
) -> dict[str, list[dict[str, object]]]:
    """Valid appraisals: commune code -> rows (criterion_id, points, reason, appraiser).

    Each commune appraises each criterion at most once; points lie in ``0..max`` with at most
    two decimals, the precision of the shipped frameworks.
    """
    out: dict[str, list[dict[str, object]]] = {}
    for code in draw(st.lists(st.sampled_from(units), unique=True)):
        picked = draw(st.lists(st.sampled_from(criteria), unique_by=lambda c: c[0], min_size=1))
        out[code] = [
            {
                "criterion_id": cid,
                "points": draw(_decimals(Decimal(0), high, draw(st.integers(0, 2)))),
                "reason": draw(_appraisal_text),
                "appraiser": draw(st.none() | _appraisal_text),
            }
            for cid, high in picked
        ]
    return out


@st.composite
def respellings(draw: st.DrawFn, text: str) -> str:
    """``text`` as a person may type it: other case, runs of spaces, accents composed or not."""
    import unicodedata

    case = draw(st.sampled_from([str, str.upper, str.lower, str.title]))
    spaces = [" " * draw(st.integers(1, 3)) for _ in text.split(" ")]
    words = case(text).split(" ")
    spaced = "".join(w + s for w, s in zip(words, spaces, strict=True))
    form = draw(st.sampled_from(["NFC", "NFD"]))
    return unicodedata.normalize(form, " " * draw(st.integers(0, 2)) + spaced)


# --- names ---

#: Tone marks (huyền, sắc, ngã, hỏi, nặng) as combining characters.
name_tones = st.sampled_from(["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"])


@st.composite
def name_syllables(draw: st.DrawFn) -> tuple[str, str]:
    """One syllable written with its tone mark on two different letters (NFC), e.g. hoạ / họa."""
    letters = draw(st.text(st.sampled_from("hkntgqlmbađâăeêioôơuưy"), min_size=2, max_size=5))
    tone = draw(name_tones)
    i = draw(st.integers(1, len(letters)))
    j = draw(st.integers(1, len(letters)))

    def place(k: int) -> str:
        return unicodedata.normalize("NFC", letters[:k] + tone + letters[k:])

    return place(i), place(j)


# --- units (provinces and communes) -------------------------------------------------------------

#: The days on either side of each change of the map: Huế a city (1/1/2025), the 34 provinces
#: (1/7/2025), Thành phố Đồng Nai (30/4/2026), Quảng Ninh and Bắc Ninh cities (1/9, 20/9/2026).
UNIT_REFORM_DAYS = tuple(
    day
    for first in (
        dt.date(2025, 1, 1),
        dt.date(2025, 7, 1),
        dt.date(2026, 4, 30),
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 20),
    )
    for day in (first - dt.timedelta(days=1), first)
)


def unit_days(since: dt.date = dt.date(2008, 8, 1)) -> st.SearchStrategy[dt.date]:
    """A day the units' data answers for: often one on either side of a reform, else any."""
    near = [d for d in UNIT_REFORM_DAYS if d >= since]
    return st.one_of(st.sampled_from(near), st.dates(since, dt.date(2030, 12, 31)))


_UNIT_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _other_tone_place(word: str) -> str:
    """The word with its tone mark on the other vowel of a final oa, oe or uy (Hoà / Hòa)."""
    marks = unicodedata.normalize("NFD", word)
    tones = [c for c in marks if c in _UNIT_TONES]
    letters = "".join(c for c in marks if c not in _UNIT_TONES)
    plain = unicodedata.normalize("NFC", letters)
    if len(tones) != 1 or plain[-2:].lower() not in {"oa", "oe", "uy"}:
        return word
    on_last = marks.endswith(tones[0])  # the tone sits on the last vowel now
    moved = plain[:-1] + tones[0] + plain[-1] if on_last else plain + tones[0]
    return unicodedata.normalize("NFC", moved)


@st.composite
def province_spellings(draw: st.DrawFn, name: str) -> str:
    """A province's name (bare or full) as a person may write it.

    Any kind word or none in front ("Tỉnh", "Thành phố", "TP.", glued "TP.Huế"), other case,
    runs of spaces, accents composed or not, the tone mark on the other vowel of a final oa, oe
    or uy, and any dash (or none) between the two parts of "Bà Rịa - Vũng Tàu".
    """
    words = name.split(" ")
    if draw(st.booleans()):
        words = [_other_tone_place(w) for w in words]
    text = " ".join(words)
    dash = draw(st.sampled_from([" - ", "-", "–", " – ", " "]))
    text = text.replace(" - ", dash)
    for kind in ("Tỉnh ", "Thành phố "):
        text = text.removeprefix(kind)
    prefix = draw(
        st.sampled_from(["", "Tỉnh ", "Thành phố ", "TP. ", "TP.", "TP ", "T.P. ", "tp "])
    )
    return draw(respellings(prefix + text))


# --- errors (problems and their locations) -----------------------------------------------------


@st.composite
def error_paths(draw: st.DrawFn) -> tuple[str | int, ...]:
    """Paths into a document: keys (any text, `/` and `~` included) and array indexes."""
    parts = st.text(min_size=0, max_size=12) | st.integers(0, 10**6)
    return tuple(draw(st.lists(parts, min_size=1, max_size=6)))


# --- law 2026: units a scored assessment may name ---------------------------------------------


@st.composite
def registry_units(draw: st.DrawFn, framework: object, period: int) -> dict[str, object]:
    """A unit (plain dict) that scoring accepts for ``framework`` in the year ``period``.

    Scoring checks a unit against the registry of commune-level units for periods ending on or
    after 1/7/2025, unless the framework's province is not in the province table (a test
    jurisdiction): then any code goes. Otherwise a real unit of the framework's province (of the
    whole country for a nationwide framework) is drawn, as the registry has it on 31 December.
    """
    import datetime as dt

    from chinhquyen import units
    from chinhquyen.errors import UnitError

    home = framework.jurisdiction.province
    end = dt.date(period, 12, 31)
    made_up = {
        "code": draw(st.from_regex(r"[0-9]{5}", fullmatch=True)),
        "name": "Xã Thử",
        "province": home or "Thử nghiệm",
    }
    if end < units.registry_dates()[0]:
        return made_up
    try:
        pool = units.communes(on=end, province=home)
    except UnitError:  # a test jurisdiction: the registry is not asked
        return made_up
    unit = draw(st.sampled_from(pool))
    return {
        "code": unit.code,
        "name": unit.full_name,
        "province": home or unit.province.full_name,
        "type": unit.type,
    }


# --- inputs (fuzzing the library's readers of frameworks, assessments, appraisal tables) -------

#: How a document may write a decimal, and the Decimal it means: plain, with trailing zeros, with
#: an exponent, beyond a binary float's precision, tiny (1e-400 is not 0).
written_decimals = st.one_of(
    st.sampled_from(["14.999999999999999999", "1e-400", "19.50", "0.0", "-0", "1E+1", "2.5e0"]),
    st.builds(
        lambda digits, exponent: str(Decimal(digits).scaleb(exponent)),
        st.integers(0, 10**22),
        st.integers(-30, 3),
    ),
).map(lambda text: (text, Decimal(text)))


#: Replacements of a document's texts: (which text, counted in document order, modulo their
#: number; the new text), the new texts holding anything a file can hold: control characters,
#: quotes, backslashes, a byte-order mark, Vietnamese.
text_swaps = st.lists(
    st.tuples(
        st.integers(0, 2**16),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
        | st.sampled_from(['"', "\\", "'''", "\n", "=1+1", "Xã Đông Hòa", "\ufeff", "\x7f"]),
    ),
    min_size=1,
    max_size=3,
)


@st.composite
def input_assessments(draw: st.DrawFn, framework: object) -> dict[str, object]:
    """An assessment (plain dict) using every optional field, one self-score written oddly.

    The dict holds the written text of that self-score under `"__written__"` (removed before
    use): `(criterion id, text)`, for writers that put numbers as written.
    """
    data = draw(digest_assessments(framework))
    answers: dict[str, dict[str, object]] = data["answers"]  # type: ignore[assignment]
    if answers:
        cid = draw(st.sampled_from(sorted(answers)))
        text, value = draw(written_decimals)
        rest = {k: v for k, v in answers[cid].items() if k != "self_score"}
        answers[cid] = {"self_score": value, **rest}  # first: a writer can find it
        data["__written__"] = (cid, text)
    return data


# --- calendar: receipt channels and the calendar as a table ----------------------------------

#: How a dossier was received, as the values `compute_deadline` takes.
receipt_channels = st.sampled_from(["in_person", "post", "online"])


@st.composite
def channel_batches(draw: st.DrawFn, max_size: int = 30) -> dict[str, object]:
    """`dossier_batches` with receipt channels: the batch's `channel` (None, one value for all,
    or a per-dossier array of values or of codes), `online_cutoff` (True or False), and the
    scalar dossiers extended to `(received_at, working_days, cutoff, channel)`.
    """
    import numpy as np

    batch = draw(dossier_batches(max_size=max_size))
    scalar = batch["scalar"]
    assert isinstance(scalar, list)
    size = len(scalar)
    form = draw(st.sampled_from(["none", "one", "values", "codes"]))
    if form == "none":
        channels = ["in_person"] * size
        channel: object = None
    elif form == "one":
        one = draw(receipt_channels)
        channels = [one] * size
        channel = one
    else:
        channels = draw(st.lists(receipt_channels, min_size=size, max_size=size))
        codes = {"in_person": 0, "post": 1, "online": 2}
        channel = (
            np.array(channels, dtype=object)
            if form == "values"
            else np.array([codes[c] for c in channels], dtype=draw(st.sampled_from(["u1", "i8"])))
        )
        shape = batch["received_at"].shape  # type: ignore[attr-defined]
        channel = channel.reshape(shape)  # type: ignore[attr-defined]
    return {
        **batch,
        "channel": channel,
        "online_cutoff": draw(st.booleans()),
        "scalar": [(*row, ch) for row, ch in zip(scalar, channels, strict=True)],
    }


# --- excel form: pre-filled forms of every kind, every field the form holds -------------------


def excel_every_kind_framework_data() -> dict[str, object]:
    """The all-kinds framework with a tally criterion too (max 0: a tally is not scored)."""
    data = all_kinds_framework_data()
    g3 = data["groups"][2]  # type: ignore[index]
    g3["criteria"].append(
        _crit("tally", 0, {"kind": "tally", "unit": "tấn rác thải được phân loại", "per": "year"})
    )
    return data


#: Texts that a spreadsheet would take for a formula, a number or an escape if written
#: carelessly, each a whole cell's text.
excel_tricky_texts = st.sampled_from(
    [
        "=1+1",
        '=HYPERLINK("http://example.invalid","Xã Thống Nhất")',
        '=WEBSERVICE("http://example.invalid/?q="&A1)',
        "+84 912 345 678",
        "-5",
        "@SUM(A1:A3)",
        "_x0041_ giữ nguyên",
        "#VALUE!",
        "00127",
        "dòng 1\r\ndòng 2",
    ]
)

#: Free text a form cell gives back unchanged: Vietnamese letters, digits, punctuation and
#: symbols, inner spaces and line breaks, nothing at either end that a reader trims.
excel_form_texts = (
    st.text(
        st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029")
        | st.sampled_from(["\n", "ệ", "Ử", "đ"]),
        min_size=1,
        max_size=30,
    ).filter(lambda t: t == t.strip() and t != "")
    | excel_tricky_texts
)

#: A field of a piece of evidence: no line break, no "; label:", nothing at either end.
excel_evidence_texts = excel_form_texts.filter(
    lambda t: "\n" not in t and "\r" not in t and ";" not in t
)


@st.composite
def excel_evidence(draw: st.DrawFn) -> dict[str, object]:
    """A piece of evidence with any of its fields, each one the form can write."""
    ref = draw(st.sampled_from(["document", "file", "url"]))
    evidence: dict[str, object] = {ref: draw(excel_evidence_texts)}
    for key in ("document", "file", "url", "title"):
        if key != ref and draw(st.booleans()):
            evidence[key] = draw(excel_evidence_texts)
    if draw(st.booleans()):
        evidence["date"] = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
    return evidence


@st.composite
def excel_form_assessments(
    draw: st.DrawFn, framework: object, rules: dict[str, list[str] | None]
) -> dict[str, object]:
    """An assessment (plain dict) using every field the Excel form holds.

    A year or a span of dates as the period; a unit with a code keeping its leading zeros,
    a name and notes that look like formulas, a type the period allows, a former code and a
    district; violation records for the deduction criteria (`rules` as for
    `excel_violation_records`); notes and evidence on the answers.
    """
    year = draw(st.integers(2020, 2030))
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    period: object = year
    if draw(st.booleans()):
        start = draw(st.dates(first, last))
        end = draw(st.dates(start, last))
        period, first, last = {"start": start, "end": end}, start, end
    data = draw(scoring_assessments(framework, period=year))
    data["period"] = period
    types = ["xã", "phường", "đặc khu"] + (["thị trấn"] if last <= dt.date(2025, 6, 30) else [])
    unit: dict[str, object] = {
        "code": draw(st.from_regex(r"0{0,3}[0-9]{1,5}", fullmatch=True)),
        "name": draw(excel_form_texts),
        "province": draw(excel_form_texts),
    }
    if draw(st.booleans()):
        unit["type"] = draw(st.sampled_from(types))
    if draw(st.booleans()):
        unit["former_code"] = draw(st.from_regex(r"0[0-9]{4}", fullmatch=True))
    if draw(st.booleans()):
        district: dict[str, object] = {"name": draw(excel_form_texts)}
        if draw(st.booleans()):
            district["code"] = draw(st.from_regex(r"0?[0-9]{3}", fullmatch=True))
        unit["district"] = district
    data["unit"] = unit
    if draw(st.booleans()):
        data["submitted"] = draw(st.dates(first, dt.date(2031, 12, 31)))
    if draw(st.booleans()):
        data["note"] = draw(excel_form_texts)
    answers: dict[str, dict[str, object]] = data["answers"]  # type: ignore[assignment]
    for cid, answer in list(answers.items()):
        answer = dict(answer)
        if cid in rules:
            records = draw(st.lists(excel_violation_records(rules[cid], (first, last)), max_size=3))
            value: dict[str, object] = {"kind": "deduction"}
            if not records or draw(st.booleans()):
                value["violations"] = len(records) if records else draw(st.integers(0, 20))
            if records:
                value["records"] = records
            answer["value"] = value
        if draw(st.integers(0, 3)) == 0:
            answer["note"] = draw(excel_form_texts)
        if draw(st.integers(0, 3)) == 0:
            answer["evidence"] = draw(st.lists(excel_evidence(), min_size=1, max_size=3))
        answers[cid] = answer
    return data


# --- reader problems: JSON and TOML documents mutated until a reader refuses them -------------
# (drawn from `json_values`, `toml_tables` and `byte_edits` of the section below, looked up when
# drawing)

#: What every reader refuses, dropped into a document: a key given twice, a non-finite number,
#: deep nesting, a long number, a lone surrogate's escape, bytes that are not UTF-8, broken syntax.
_REFUSED_SNIPPETS = [
    b'"k": 1, "k": 2, ',
    b"k = 1\nk = 2\n",
    b"[a]\n[a]\n",
    b"NaN",
    b"-Infinity",
    b"nan",
    b"inf",
    b"1e99999999",
    b"9" * 130,
    b"[" * 40,
    b'{"a": ' * 40,
    b"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h = 1\n",
    b'"\\ud800"',
    b"\xff\xfe",
    b"\xc3",
    b",,",
    b"}",
]


def _json_text(value: object) -> str:
    import json

    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_json_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(map(_json_text, value)) + "]"
    if isinstance(value, Decimal):
        text = str(value)
        return text if any(c in text for c in ".eE") else f"{text}e0"
    return json.dumps(value)


def _toml_text(table: dict[str, object]) -> str:
    import json

    def string(text: str) -> str:
        return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")

    def value(item: object) -> str:
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, str):
            return string(item)
        if isinstance(item, dict):
            return "{" + ", ".join(f"{string(k)} = {value(v)}" for k, v in item.items()) + "}"
        if isinstance(item, list):
            return "[" + ", ".join(map(value, item)) + "]"
        return str(item)

    return "".join(f"{string(k)} = {value(v)}\n" for k, v in table.items())


#: Ways to put a drawn document (`%`) where a reader must refuse what sits beside it.
_JSON_WRAPS = [
    b'{"k": %, "k": 1}',
    b'{"a": {"b/c": %, "b/c": 2}}',
    b"[NaN, %]",
    b'{"x": [%, -Infinity]}',
    b"[%, 1e99999999]",
    b'{"s": "\\udc00", "v": %}',
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[%]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    b"[%, 1" + b"0" * 130 + b"]",
]
_TOML_WRAPS = [
    b"%k = nan\n",
    b"%[t]\nx = [1, -inf]\n",
    b"%%",
    b"[t]\n%[t]\n",
    b"%n = 1" + b"0" * 130 + b"\n",
    b"%a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j = 1\n",
]


@st.composite
def refused_documents(draw: st.DrawFn) -> tuple[str, bytes]:
    """`("json" | "toml", text)`: a valid document, then broken.

    The document is drawn from `json_values` or `toml_tables` and written out; then, most of
    the time, it is put where a reader refuses what sits beside it (a key given twice, a
    non-finite number, deep nesting, a long number, a lone surrogate); then a snippet every
    reader refuses may be dropped in at a drawn place, and random `byte_edits` may follow. The
    result may still be valid: a test looks at the problems only when a reader refuses it.
    """
    fmt = draw(st.sampled_from(["json", "toml"]))
    if fmt == "json":
        text = _json_text(draw(json_values)).encode()
        wraps = _JSON_WRAPS
    else:
        text = _toml_text(draw(toml_tables)).encode()
        wraps = _TOML_WRAPS
    if draw(st.integers(0, 4)):
        text = draw(st.sampled_from(wraps)).replace(b"%", text)
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(_REFUSED_SNIPPETS)) + text[at:]
    if draw(st.integers(0, 3)) == 0:
        text = apply_edits(text, draw(byte_edits))
    return fmt, text


@st.composite
def reader_small_limits(draw: st.DrawFn) -> object:
    """`Limits` some of which are small enough for drawn documents to reach them."""
    from chinhquyen.readers import Limits

    def small(low: int, high: int) -> int | None:
        return draw(st.none() | st.integers(low, high))

    drawn = {
        "depth": small(2, 40),
        "digits": small(3, 120),
        "cell_chars": small(2, 200),
        "line_chars": small(100, 2_000),
        "listed": small(1, 4),
    }
    return Limits(**{name: n for name, n in drawn.items() if n is not None})


# --- readers ----------------------------------------------------------------------------------

#: Any text a file can hold (no lone surrogates), Vietnamese and control characters included.
reader_texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)

#: Exact decimals as a document writes them, from 1E-400 to 1E+60, with a fraction or exponent.
reader_decimals = st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(-(10**25), 10**25),
    st.integers(-400, -1) | st.integers(1, 30),
)

#: Integers of up to 30 digits.
reader_integers = st.integers(-(10**30), 10**30)

#: JSON values: objects, arrays, text, integers, exact decimals, true/false, null.
json_values = st.recursive(
    st.none() | st.booleans() | reader_integers | reader_decimals | reader_texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(reader_texts, inner, max_size=4),
    max_leaves=16,
)

#: TOML tables: the same values without null, in (inline) tables and arrays.
toml_tables = st.dictionaries(
    reader_texts,
    st.recursive(
        st.booleans() | reader_integers | reader_decimals | reader_texts,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(reader_texts, inner, max_size=4)
        ),
        max_leaves=12,
    ),
    max_size=5,
)

#: Text a person types into a table cell: anything but the characters no file can keep.
cell_texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff").filter(
        lambda c: c in "\t\n\r" or not ("\x00" <= c <= "\x1f")
    ),
    max_size=20,
)

#: Text that a spreadsheet would take for a formula or a number if written carelessly.
formula_like_texts = st.tuples(
    st.sampled_from(["=", "+", "-", "@", "_x0041_", "'", "\r\n"]), cell_texts
).map("".join)


@st.composite
def csv_tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """Headings (distinct as a person reads them, none blank) and rows of cells."""
    from chinhquyen.readers import heading_key

    headings = draw(
        st.lists(
            cell_texts.filter(lambda h: h.strip() != "" and "\ufeff" not in h),
            min_size=1,
            max_size=5,
            unique_by=heading_key,
        )
    )
    width = len(headings)
    rows = draw(st.lists(st.lists(cell_texts, min_size=width, max_size=width), max_size=6))
    return headings, rows


#: What a workbook cell can hold exactly: text, whole numbers and decimals of at most 15
#: significant digits, truth values and dates.
xlsx_values = (
    cell_texts
    | formula_like_texts
    | st.integers(-(10**14), 10**14)
    | st.builds(
        lambda digits, exponent: Decimal(digits).scaleb(exponent),
        st.integers(-(10**14), 10**14).filter(lambda n: n % 10 != 0),
        st.integers(-20, -1),
    )
    | st.booleans()
    | st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2199, 12, 31))
)


#: Bytes that break documents in interesting ways when dropped into them.
_BREAKERS = [
    *(bytes([b]) for b in b"\"'{}[],;=.:\\-+#<>&_ \t"),
    b"\x00",
    b"\r",
    b"\n",
    b"\r\n",
    b"\xff",
    b"\xe9",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"9" * 120,
    b"1e999999999",
    b"NaN",
    b"inf",
    b"[[[[[[[[",
    b"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g",
    b'"k": 1, "k": 2',
    b"_x0041_",
    b"<!DOCTYPE x>",
    b'<c r="XFD1048576"><v>1</v></c>',
    b"<f>1+1</f>",
    "Xã".encode(),
]


#: One edit of a byte string: (what, where as a number taken modulo the length, how much,
#: what to insert). Drawn without looking at the bytes, so the draws never depend on them.
byte_edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "repeat", "cut"]),
        st.integers(0, 2**20),
        st.integers(1, 40),
        st.sampled_from(_BREAKERS) | st.binary(min_size=1, max_size=4),
    ),
    min_size=1,
    max_size=4,
)


def apply_edits(data: bytes, edits: list[tuple[str, int, int, bytes]]) -> bytes:
    """`data` after the edits of [byte_edits][]: a bit flipped, bytes inserted, deleted,
    repeated, or the end cut off."""
    out = bytearray(data)
    for edit, where, size, payload in edits:
        at = where % (len(out) + 1)
        if edit == "flip" and at < len(out):
            out[at] ^= 1 << (size % 8)
        elif edit == "insert":
            out[at:at] = payload
        elif edit == "delete":
            del out[at : at + size % 9]
        elif edit == "repeat":
            out[at:at] = out[at : at + size] * (1 + size % 3)
        elif edit == "cut":
            del out[at:]
    return bytes(out)


# --- calendar: batches of dossiers with a pause and apology slips (deadlines_many) -----------


@st.composite
def paused_dossier_batches(draw: st.DrawFn, max_size: int = 30) -> dict[str, object]:
    """[`dossier_batches`][] with, for some dossiers, one pause and an apology slip.

    Adds to `dossier_batches`' arguments `pause_requested_on` (`datetime64[D]`, NaT where not
    paused), `pause_completed_on` (`datetime64` in a drawn unit, `D` included), `resume_after_pause`
    (one bool or a bool array) and `extended_to` (`datetime64[D]`, NaT where none); `scalar`
    holds per dossier `(received_at, working_days, cutoff, pauses, resume, extended_to)` as
    `WorkingCalendar.deadline` takes them, `pauses` being `(requested_on, completed_on)` pairs
    (the test builds the `Pause`, which may refuse them). Requests fall from the day before
    arrival to weeks after, completions from the day before the request on, slips from the day
    of arrival to four months after: mostly in order, sometimes not, as a log may have them.
    """
    import numpy as np

    args = draw(dossier_batches(max_size=max_size))
    base = args["scalar"]
    assert isinstance(base, list)
    size = len(base)
    c_unit = draw(st.sampled_from(["D", *_BATCH_UNITS]))
    requested: list[dt.date | None] = []
    completed: list[dt.datetime | dt.date | None] = []
    extended: list[dt.date | None] = []
    for received, _, _ in base:
        day = received if not isinstance(received, dt.datetime) else received.date()
        odd = draw(st.integers(0, 7)) == 0  # mostly in order, sometimes anything
        if draw(st.integers(0, 2)) == 0:
            asked = day + dt.timedelta(days=draw(st.integers(-1, 25) if odd else st.integers(0, 2)))
            back_day = asked + dt.timedelta(days=draw(st.integers(-1 if odd else 0, 10)))
            back: dt.datetime | dt.date = back_day
            if c_unit != "D":
                clock = dt.timedelta(
                    minutes=draw(st.integers(0, 24 * 60 - 1)),
                    microseconds=draw(st.integers(0, 999_999)),
                )
                back = _truncated(dt.datetime.combine(back_day, dt.time()) + clock, c_unit)
            requested.append(asked)
            completed.append(back)
        else:
            requested.append(None)
            completed.append(None)
        slip = st.integers(0, 60) if odd else st.integers(75, 120)
        extended.append(
            day + dt.timedelta(days=draw(slip)) if draw(st.integers(0, 2)) == 0 else None
        )
    one_resume = draw(st.booleans())
    resumes = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    if one_resume:
        resumes = [resumes[0] if resumes else False] * size
    return {
        **args,
        "pause_requested_on": np.array(
            [np.datetime64("NaT") if d is None else np.datetime64(d, "D") for d in requested],
            dtype="M8[D]",
        ),
        "pause_completed_on": np.array(
            [np.datetime64("NaT") if m is None else np.datetime64(m, c_unit) for m in completed],
            dtype=f"M8[{c_unit}]",
        ),
        "resume_after_pause": (resumes[0] if resumes else False)
        if one_resume
        else np.array(resumes, dtype=bool),
        "extended_to": np.array(
            [np.datetime64("NaT") if d is None else np.datetime64(d, "D") for d in extended],
            dtype="M8[D]",
        ),
        "scalar": [
            (*b, () if r is None else ((r, c),), res, x)
            for b, r, c, res, x in zip(base, requested, completed, resumes, extended, strict=True)
        ],
    }


# --- measurements: adversarial cells for the columnar reader ---------------------------------

#: characters Python's `str.strip()` removes, and a few it keeps (zero-width space, BEL, NUL-free
#: controls, Vietnamese letters whose UTF-8 bytes resemble whitespace's)
_EDGE_CHARS = (
    "\t\x0b\x0c\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"
    "\u200b\x07\x7fàẠạỳđ"
)
#: characters a near-miss of a date, time or number is made of
_NEAR_CHARS = "0123456789-:T t+Z.,/_e\x1c\xa0٣０²"


@st.composite
def _near_miss(draw: st.DrawFn, plain: str) -> str:
    """`plain` with one character inserted, deleted or replaced, or padded at one end."""
    how = draw(st.sampled_from(["insert", "delete", "replace", "pad"]))
    at = draw(st.integers(0, len(plain)))
    char = draw(st.sampled_from(_NEAR_CHARS))
    if how == "insert":
        return plain[:at] + char + plain[at:]
    if how == "delete" and plain:
        at = min(at, len(plain) - 1)
        return plain[:at] + plain[at + 1 :]
    if how == "replace" and plain:
        at = min(at, len(plain) - 1)
        return plain[:at] + char + plain[at + 1 :]
    pad = draw(st.sampled_from(_EDGE_CHARS))
    return pad + plain if draw(st.booleans()) else plain + pad


def _cell(draw: st.DrawFn, plain: str, odd: list[str]) -> str:
    """A cell: mostly `plain`, sometimes a near miss of it or one of `odd`."""
    kind = draw(st.integers(0, 9))
    if kind < 6:
        return plain
    if kind < 9:
        return draw(_near_miss(plain))
    return draw(st.sampled_from(odd))


@st.composite
def adversarial_dossier_cells(draw: st.DrawFn, number: int) -> dict[str, str]:
    """One CSV row of a dossier log whose cells are plain, near misses of plain, or junk.

    The plain shapes are those `measure_dossier_table` converts column-wise
    (`2024-03-04T09:30`, `2024-03-08`, `5`, `15:00`, `true`); a near miss differs by one
    character (a digit too many or too few, a sign, a space, a wide digit, a letter) or is
    padded with whitespace or a character that is not whitespace; junk is a word, an offset, a
    day/month date, a real day that does not exist. The id ends with `number` (unique once
    stripped, unless blank), perhaps padded. Several pauses, pauses out of order and returns
    before the receipt occur.
    """
    received = draw(st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2024, 11, 30, 23, 59)))
    day = received.date()
    back = day + dt.timedelta(days=draw(st.integers(0, 40)))
    layout = draw(
        st.sampled_from(
            ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
        )
    )
    asked = day + dt.timedelta(days=draw(st.integers(0, 3)))
    resumed = dt.datetime.combine(asked + dt.timedelta(days=draw(st.integers(0, 4))), dt.time(10))
    pause = f"{asked.isoformat()}/{resumed.isoformat(timespec='minutes')}"
    pad = draw(st.sampled_from(["", "", "", *_EDGE_CHARS]))
    text = draw(st.sampled_from(["tt-01", "Chứng thực chữ ký", "Đăng ký kết hôn", "x"]))
    return {
        # a near miss of the letter only: ids stay unique
        "id": _cell(draw, "D", [f"{pad}D", "\u200bD", ""]) + str(number)
        if draw(st.booleans())
        else draw(st.sampled_from([f"D{number}", f"{pad}D{number}{pad}", f"D{number}{pad}"])),
        "procedure": _cell(draw, text, [f"{pad}{text}", f"{text}{pad}", " ", "\x1c"]),
        "unit": _cell(draw, draw(st.sampled_from(["", "xa-a", "Phường Ạ"])), [f"{pad}xa{pad}"]),
        "received_at": _cell(
            draw,
            received.strftime(layout),
            ["04/03/2024 09:00", f"{day.isoformat()}T09:30+07:00", "2024-02-30T09:00", "năm"],
        ),
        "working_days": _cell(
            draw, str(draw(st.integers(0, 20))), ["1e3", "+5", "-0", "123456", "5.0", "٥", ""]
        ),
        "cutoff": _cell(
            draw, draw(st.sampled_from(["", "15:00", "11:30"])), ["3pm", "24:00", "15:00:00"]
        ),
        "pauses": _cell(
            draw,
            draw(st.sampled_from(["", "", pause])),
            [
                f"{pause};{pause}",
                f"{asked.isoformat()} / {resumed.isoformat()}",
                f"{resumed.date().isoformat()}/{asked.isoformat()}T08:00",
                "2024-02-30/2024-03-02",
                "x",
            ],
        ),
        "resume_after_pause": _cell(
            draw,
            draw(st.sampled_from(["", "true", "False", "TRUE"])),
            ["yes", "1", "tRuE", "falſe"],
        ),
        "returned_at": _cell(
            draw,
            draw(st.sampled_from(["", back.isoformat(), f"{back.isoformat()}T16:00"])),
            ["03/04/2024", (day - dt.timedelta(days=1)).isoformat(), "2024-02-30", "20240304"],
        ),
        "apology_slip_issued": _cell(
            draw,
            draw(st.sampled_from(["", "true", "false", "False"])),
            ["yes", "ｔrue", "T", "FaLsE", "falſe", "\u212aa"],
        ),
        "extended_to": _cell(
            draw,
            draw(st.sampled_from(["", "", (back + dt.timedelta(days=12)).isoformat()])),
            [day.isoformat(), "x"],
        ),
    }


# --- criteria: totals a tier rule places (penalties below 0, bonuses above the max) ------------

tier_totals = st.decimals(min_value=-50, max_value=250, places=2, allow_nan=False)


# --- scoring: evidence file names (a framework's accepted formats) ----------------------------

#: An evidence file name as people write them: path parts separated by `/` or `\`, dots
#: anywhere (none, leading, trailing, several), extensions in any case, sometimes accepted.
evidence_file_names = st.lists(
    st.sampled_from(["/", "\\", ".", "..", "pdf", "PDF", "Pdf", "docx", "tc4", "a", "minh-chung"])
    | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=3),
    min_size=1,
    max_size=6,
).map("".join)


# --- scoring: a self-score written in any of the ways a decimal can be -----------------------


@st.composite
def written_self_scores(draw: st.DrawFn, top: int) -> str:
    """A self-score from 0 to `top` as a commune may write it: trailing zeros, an exponent, or
    none (`"19.5"`, `"19.50"`, `"1.95E+1"`, `"20"`), so equal values come in different texts."""
    units = draw(st.integers(0, top * 100))
    value = Decimal(units).scaleb(-2)
    form = draw(st.sampled_from(["plain", "zeros", "exponent"]))
    if form == "zeros":
        return format(value.quantize(Decimal("0.001")), "f")
    if form == "exponent":
        return f"{value.normalize():E}"
    return format(value.normalize(), "f")
