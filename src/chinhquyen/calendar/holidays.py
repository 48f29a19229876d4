"""Holidays: the value type, and the Labor Code rules used for years without an official schedule.

The official yearly schedules (`chinhquyen.calendar.schedules`) decide every year they cover.
For any other year the statutory list of the Labor Code in force is applied with a documented
default pattern, and every resulting [`Holiday`][chinhquyen.calendar.Holiday] is marked
`provisional`: the Prime Minister chooses the Tết days and the second Quốc khánh day each
year, so a rule can only guess.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

__all__ = [
    "CULTURE_DAY_FIRST_YEAR",
    "LABOR_CODES",
    "WEEKLY_REST",
    "Holiday",
    "HolidayKind",
    "LaborCode",
    "TetPattern",
    "WeeklyRest",
    "compensatory_days",
    "culture_day",
    "labor_code_for",
    "provisional_holidays",
    "weekly_rest_days",
]


class HolidayKind(enum.StrEnum):
    """What a [`Holiday`][chinhquyen.calendar.Holiday] entry does to the working calendar."""

    #: A statutory holiday (ngày nghỉ lễ, Tết) of the Labor Code in force.
    STATUTORY = "statutory"
    #: A compensatory day off (nghỉ bù) for a holiday on the weekly rest day.
    COMPENSATORY = "compensatory"
    #: A weekday off swapped (hoán đổi) with a weekend working day.
    SWAPPED = "swapped"
    #: A weekend day (normally a Saturday) that is a working day in exchange for a swapped day.
    MAKEUP_WORKING_DAY = "makeup_working_day"
    #: A day off decided locally (added with ``WorkingCalendar.with_days_off``).
    LOCAL_DAY_OFF = "local_day_off"
    #: A working day decided locally (added with ``WorkingCalendar.with_working_days``).
    LOCAL_WORKING_DAY = "local_working_day"

    @property
    def is_day_off(self) -> bool:
        """Whether a day of this kind is not a working day."""
        return self not in (HolidayKind.MAKEUP_WORKING_DAY, HolidayKind.LOCAL_WORKING_DAY)


@attrs.frozen(slots=True, order=False)
class Holiday:
    """One day of the calendar that differs from the ordinary working week.

    Attributes:
        date: the Gregorian day.
        name: Vietnamese name (e.g. ``"Giỗ Tổ Hùng Vương"``).
        name_en: English name.
        kind: what the day does (day off, or weekend working day).
        source: the document(s) the day comes from, with URLs.
        provisional: True when the day comes from the statutory rules (no published schedule
            for its year) or from an unconfirmed rule; never true for an official schedule entry.
        note: how sure the entry is or how it was derived, when that is worth saying.
    """

    date: dt.date
    name: str
    name_en: str
    kind: HolidayKind
    source: str
    provisional: bool = False
    note: str | None = None

    @property
    def is_day_off(self) -> bool:
        """Whether the day is not a working day (False for make-up / local working days)."""
        return self.kind.is_day_off


@attrs.frozen(slots=True)
class LaborCode:
    """The statutory holiday list of one Labor Code version, as dated data.

    Attributes:
        id: short key (``"bll2019"``).
        title: document, article and effective date.
        url: where the text can be read.
        effective_from: first day the list applies (holidays are matched by their own date).
        tet_days: number of Tết Âm lịch days.
        national_day_days: 1 (2/9 only) or 2 (2/9 and an adjacent day chosen yearly).
        hung_kings: whether Giỗ Tổ Hùng Vương (10/3 âm lịch) is a paid holiday.
    """

    id: str
    title: str
    url: str
    effective_from: dt.date
    tet_days: int
    national_day_days: int
    hung_kings: bool


#: Labor Code versions, oldest first. The first one also stands in for years before it (1900-1994),
#: for which no rule is encoded; such years are provisional like every year without a schedule.
LABOR_CODES: tuple[LaborCode, ...] = (
    LaborCode(
        id="bll1994",
        title="Bộ luật Lao động 1994, Điều 73 (hiệu lực 01/01/1995): 1/1, Tết 4 ngày, 30/4, 1/5, "
        "2/9; nghỉ bù vào ngày tiếp theo khi trùng ngày nghỉ hằng tuần",
        url="https://web.archive.org/web/20160630110506/http://vbpl.vn/TW/Pages/vbpqen-toanvan.aspx?ItemID=2835",
        effective_from=dt.date(1995, 1, 1),
        tet_days=4,
        national_day_days=1,
        hung_kings=False,
    ),
    LaborCode(
        id="bll1994-2007",
        title="Bộ luật Lao động 1994, Điều 73 sửa đổi bởi Luật 84/2007/QH11: thêm Giỗ Tổ "
        "Hùng Vương (10/3 âm lịch) từ năm 2007",
        url="https://web.archive.org/web/20160630110506/http://vbpl.vn/TW/Pages/vbpqen-toanvan.aspx?ItemID=2835",
        # The law's exact day of effect is not confirmed here; 1/1/2007 is used because the only
        # change, Giỗ Tổ (26/4 in 2007), was observed in 2007, so no result depends on the day.
        effective_from=dt.date(2007, 1, 1),
        tet_days=4,
        national_day_days=1,
        hung_kings=True,
    ),
    LaborCode(
        id="bll2012",
        title="Bộ luật Lao động số 10/2012/QH13, Điều 115 (hiệu lực 01/05/2013): Tết 5 ngày, "
        "2/9 một ngày",
        url="https://web.archive.org/web/20240917113133/https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=27615",
        effective_from=dt.date(2013, 5, 1),
        tet_days=5,
        national_day_days=1,
        hung_kings=True,
    ),
    LaborCode(
        id="bll2019",
        title="Bộ luật Lao động số 45/2019/QH14, Điều 111 khoản 3, Điều 112 khoản 1 "
        "(hiệu lực 01/01/2021): Tết 5 ngày, Quốc khánh 2/9 và 01 ngày liền kề",
        url="https://web.archive.org/web/20250221171552/https://vbpl.vn/TW/Pages/vbpq-van-ban-goc.aspx?ItemID=139264",
        effective_from=dt.date(2021, 1, 1),
        tet_days=5,
        national_day_days=2,
        hung_kings=True,
    ),
)

#: First year of "Ngày Văn hóa Việt Nam" (24/11) if the option is switched on.
CULTURE_DAY_FIRST_YEAR = 2026
_CULTURE_DAY_SOURCE = (
    "Nghị quyết 80-NQ/TW (07/01/2026) chọn 24/11 là Ngày Văn hóa Việt Nam, ngày nghỉ hưởng "
    "nguyên lương (chủ trương); Nghị quyết 30/NQ-CP (02/2026) giao sửa khoản 1 Điều 112 "
    "Bộ luật Lao động — "
    "https://plo.vn/nguoi-lao-dong-ca-nuoc-duoc-nghi-trong-ngay-van-hoa-viet-nam-24-11-post891154.html"
    " ; "
    "https://dantri.com.vn/noi-vu/sua-bo-luat-lao-dong-de-them-mot-ngay-nghi-ngay-van-hoa-viet-nam-20260225151756397.htm"
)
_CULTURE_DAY_NOTE = (
    "Chưa xác nhận luật sửa Điều 112 đã được ban hành; chỉ áp dụng khi bật include_culture_day. "
    "Enactment not confirmed; only applied with include_culture_day=True."
)

_QD188 = (
    "Quyết định 188/1999/QĐ-TTg (17/9/1999), Điều 1 (tuần làm việc 5 ngày, nghỉ thứ Bảy và Chủ "
    "nhật), từ 02/10/1999 — "
    "https://luatvietnam.vn/lao-dong/quyet-dinh-188-1999-qd-ttg-thu-tuong-chinh-phu-9817-d1.html"
)


@attrs.frozen(slots=True)
class WeeklyRest:
    """The weekly rest days of state agencies from a date on (a dated rule).

    Attributes:
        since: the first day the rule applies.
        days: the rest days, as `date.weekday()` numbers (0 = Monday .. 6 = Sunday).
        source: the document the rule comes from, or what is known of it.
    """

    since: dt.date
    days: frozenset[int]
    source: str


#: The weekly rest days of state agencies by date, oldest first: Sunday only (the six-day week)
#: until the five-day week of Quyết định 188/1999/QĐ-TTg took effect on Saturday 2/10/1999.
WEEKLY_REST: tuple[WeeklyRest, ...] = (
    WeeklyRest(
        since=dt.date(1900, 1, 1),
        days=frozenset({6}),
        source=(
            "Trước Quyết định 188/1999/QĐ-TTg: tuần làm việc 6 ngày, thứ Bảy là ngày làm việc "
            "(the six-day week before QĐ 188/1999; the earlier texts are not cited here, and "
            "years before the 1994 Labor Code are a stand-in like their holidays) — "
            "https://luatvietnam.vn/lao-dong/quyet-dinh-188-1999-qd-ttg-thu-tuong-chinh-phu-9817-d1.html"
        ),
    ),
    WeeklyRest(since=dt.date(1999, 10, 2), days=frozenset({5, 6}), source=_QD188),
)


def weekly_rest_days(day: dt.date) -> frozenset[int]:
    """Return the weekly rest days of state agencies in force on `day` (see `WEEKLY_REST`)."""
    found = WEEKLY_REST[0]
    for rule in WEEKLY_REST:
        if rule.since <= day:
            found = rule
    return found.days


@attrs.frozen(slots=True)
class TetPattern:
    """The Tết days a year without an official schedule gets, as chosen from the record.

    Attributes:
        offsets: the days off, counted from mùng 1 tháng Giêng (-2 = two days before it).
        rule: how the pattern was chosen, in Vietnamese and English (kept in each day's note).
    """

    offsets: tuple[int, ...]
    rule: str


# Default second Quốc khánh day (Art. 112(1)(đ) 2019 leaves it to the PM): the adjacent weekday
# that joins 2/9 to the nearer weekend; Wednesday goes with Tuesday as in 2026. Matches 2021-2026.
_NATIONAL_DAY_ADJACENT = {0: +1, 1: -1, 2: -1, 3: +1, 4: -1, 5: -1, 6: +1}
_DEFAULT_NOTE = (
    "Dự kiến: chưa có lịch nghỉ chính thức cho năm này; tính theo Bộ luật Lao động với mẫu "
    "mặc định. Provisional: no official schedule for this year; computed from the Labor Code "
    "with the default pattern (plus nghỉ bù; no swaps)."
)


def labor_code_for(day: dt.date) -> LaborCode:
    """Return the Labor Code version whose holiday list applies to ``day``.

    Days before the 1994 Code took effect get the 1994 list as a stand-in (documented, provisional).
    """
    found = LABOR_CODES[0]
    for code in LABOR_CODES:
        if code.effective_from <= day:
            found = code
    return found


def culture_day(year: int) -> Holiday:
    """Return the (unconfirmed, hence provisional) "Ngày Văn hóa Việt Nam" of ``year``."""
    return Holiday(
        date=dt.date(year, 11, 24),
        name="Ngày Văn hóa Việt Nam",
        name_en="Vietnamese Culture Day",
        kind=HolidayKind.STATUTORY,
        source=_CULTURE_DAY_SOURCE,
        provisional=True,
        note=_CULTURE_DAY_NOTE,
    )


def _statutory(day: dt.date, name: str, name_en: str) -> Holiday:
    code = labor_code_for(day)
    note = _DEFAULT_NOTE
    if day < LABOR_CODES[0].effective_from:
        note += " Năm trước Bộ luật Lao động 1994: danh sách 1994 được dùng thay thế (stand-in)."
    return Holiday(
        date=day,
        name=name,
        name_en=name_en,
        kind=HolidayKind.STATUTORY,
        source=f"{code.title} — {code.url}",
        provisional=True,
        note=note,
    )


def compensatory_days(
    statutory: Iterable[Holiday], weekly_rest: frozenset[int] | None = None
) -> list[Holiday]:
    """Return the nghỉ bù days for ``statutory`` holidays that fall on the weekly rest days.

    Each such holiday gives the next day that is neither a rest day, a holiday, nor already a
    compensatory day (Art. 111(3) BLLĐ 2019 and its predecessors; e.g. 2023: Sat 29/4 → Tue 2/5,
    Sun 30/4 → Wed 3/5 because Mon 1/5 is a holiday).

    Args:
        statutory: the holidays.
        weekly_rest: fixed rest days (`date.weekday()` numbers); by default those in force on
            each day (`weekly_rest_days`: Sunday before 2/10/1999, Saturday and Sunday from it).
    """

    def rest(day: dt.date) -> frozenset[int]:
        return weekly_rest_days(day) if weekly_rest is None else weekly_rest

    days = sorted(statutory, key=lambda h: h.date)
    taken = {h.date for h in days}
    out: list[Holiday] = []
    for h in days:
        if h.date.weekday() not in rest(h.date):
            continue
        c = h.date + dt.timedelta(days=1)
        while c.weekday() in rest(c) or c in taken:
            c += dt.timedelta(days=1)
        taken.add(c)
        out.append(
            Holiday(
                date=c,
                name=f"Nghỉ bù {h.name} ({h.date.strftime('%d/%m/%Y')})",
                name_en=f"Compensatory day off for {h.name_en} ({h.date.isoformat()})",
                kind=HolidayKind.COMPENSATORY,
                source=f"{h.source}; {_QD188}",
                provisional=h.provisional,
                note=h.note,
            )
        )
    return out


#: The Tết pattern when the record gives none for a number of Tết days: the last day of tháng
#: Chạp, then mùng 1, 2, ... (the library's earlier default).
_FALLBACK_RULE = (
    "Mặc định của thư viện: ngày cuối tháng Chạp rồi mùng 1, 2, ... (không có lịch chính thức nào "
    "với số ngày Tết này). Library default: the last day of the 12th month, then day 1, 2, ... "
    "(no shipped schedule has this many Tết days)."
)


def provisional_holidays(
    year: int,
    *,
    include_culture_day: bool = False,
    tet_patterns: Mapping[int, TetPattern] = MappingProxyType({}),
) -> list[Holiday]:
    """Compute ``year``'s holidays from the Labor Code, every one marked provisional.

    Where the law leaves a yearly choice: the Tết days are those of `tet_patterns` for the
    number of Tết days of the Code in force (the calendar passes the patterns derived from the
    shipped official schedules, `chinhquyen.calendar.schedules.tet_patterns`: two days before
    mùng 1 and mùng 1-3 for five days); a number of days without a pattern gets the last day of
    tháng Chạp and mùng 1, 2, ...; the second Quốc khánh day (from 2021) = the adjacent weekday
    toward the nearer weekend; no swaps. Holidays on the weekly rest day give compensatory days
    (see `compensatory_days`).

    Args:
        year: Gregorian year, 1900-2199.
        include_culture_day: add 24/11 from 2026 (unconfirmed; see ``culture_day``).
        tet_patterns: the Tết pattern by number of Tết days.

    Raises:
        DateOutOfRangeError: if the lunar calendar does not cover ``year``.
    """
    from chinhquyen.calendar.lunar import (  # the lunar tables are heavy: load on use
        FIRST_SUPPORTED_DATE,
        from_lunar,
        to_lunar,
    )

    days: list[Holiday] = [_statutory(dt.date(year, 1, 1), "Tết Dương lịch", "New Year's Day")]
    tet = from_lunar(year, 1, 1)
    code = labor_code_for(tet)
    pattern = tet_patterns.get(code.tet_days)
    if pattern is None:
        pattern = TetPattern(tuple(range(-1, code.tet_days - 1)), _FALLBACK_RULE)
    for offset in pattern.offsets:
        day = tet + dt.timedelta(days=offset)
        if day < FIRST_SUPPORTED_DATE:  # Tết 1900: the lunar calendar starts on mùng 1
            name = f"Tết Âm lịch ({-offset} ngày trước mùng 1 tháng Giêng)"
            name_en = f"Lunar New Year ({-offset} days before day 1 of the 1st lunar month)"
            days.append(_statutory(day, name, name_en))
            continue
        lunar = to_lunar(day)
        if lunar.month == 12:
            name = f"Tết Âm lịch ({lunar.day} tháng Chạp)"
            name_en = f"Lunar New Year (day {lunar.day} of the 12th lunar month)"
        else:
            name = f"Tết Âm lịch (mùng {lunar.day} tháng Giêng)"
            name_en = f"Lunar New Year (day {lunar.day} of the 1st lunar month)"
        h = _statutory(day, name, name_en)
        days.append(attrs.evolve(h, note=f"{h.note} Tết: {pattern.rule}"))
    hung = from_lunar(year, 3, 10)
    if labor_code_for(hung).hung_kings:
        days.append(_statutory(hung, "Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration Day"))
    days.append(_statutory(dt.date(year, 4, 30), "Ngày Chiến thắng", "Reunification Day"))
    days.append(
        _statutory(dt.date(year, 5, 1), "Ngày Quốc tế Lao động", "International Labour Day")
    )
    national = dt.date(year, 9, 2)
    days.append(_statutory(national, "Quốc khánh", "National Day"))
    if labor_code_for(national).national_day_days == 2:
        adjacent = national + dt.timedelta(days=_NATIONAL_DAY_ADJACENT[national.weekday()])
        days.append(
            _statutory(adjacent, "Quốc khánh (ngày liền kề)", "National Day (adjacent day)")
        )
    if include_culture_day and year >= CULTURE_DAY_FIRST_YEAR:
        days.append(culture_day(year))
    days = _merge_same_day(days)
    days += compensatory_days(days)
    return sorted(days, key=lambda h: h.date)


def _merge_same_day(days: list[Holiday]) -> list[Holiday]:
    # Two holidays on one day (e.g. Giỗ Tổ on 30/4) make one day off: the Code grants no extra
    # day for a coincidence of holidays, only for a holiday on the weekly rest day.
    by_date: dict[dt.date, Holiday] = {}
    for h in days:
        prev = by_date.get(h.date)
        if prev is None:
            by_date[h.date] = h
        else:
            by_date[h.date] = attrs.evolve(
                prev, name=f"{prev.name}; {h.name}", name_en=f"{prev.name_en}; {h.name_en}"
            )
    return list(by_date.values())
