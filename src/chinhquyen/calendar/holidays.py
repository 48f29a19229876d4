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
from collections.abc import Iterable

import attrs

__all__ = [
    "CULTURE_DAY_FIRST_YEAR",
    "LABOR_CODES",
    "Holiday",
    "HolidayKind",
    "LaborCode",
    "compensatory_days",
    "culture_day",
    "labor_code_for",
    "provisional_holidays",
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

_WEEKLY_REST = frozenset({5, 6})  # Saturday, Sunday: QĐ 188/1999/QĐ-TTg Art. 1
_QD188 = (
    "Quyết định 188/1999/QĐ-TTg, Điều 1 (nghỉ thứ Bảy, Chủ nhật) — "
    "https://luatvietnam.vn/lao-dong/quyet-dinh-188-1999-qd-ttg-thu-tuong-chinh-phu-9817-d1.html"
)
# Default second Quốc khánh day (Art. 112(1)(đ) 2019 leaves it to the PM): the adjacent weekday
# that joins 2/9 to the nearer weekend; Wednesday goes with Tuesday as in 2026. Matches 2021-2026.
_NATIONAL_DAY_ADJACENT = {0: +1, 1: -1, 2: -1, 3: +1, 4: -1, 5: -1, 6: +1}
_DEFAULT_NOTE = (
    "Dự kiến: chưa có lịch nghỉ chính thức cho năm này; tính theo Bộ luật Lao động với mẫu "
    "mặc định. Provisional: no official schedule for this year; computed from the Labor Code "
    "with the default pattern (Tết: last day of Chạp then mùng 1.., plus nghỉ bù; no swaps)."
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
    statutory: Iterable[Holiday], weekly_rest: frozenset[int] = _WEEKLY_REST
) -> list[Holiday]:
    """Return the nghỉ bù days for ``statutory`` holidays that fall on the weekly rest days.

    Each such holiday gives the next day that is neither a rest day, a holiday, nor already a
    compensatory day (Art. 111(3) BLLĐ 2019 and its predecessors; e.g. 2023: Sat 29/4 → Tue 2/5,
    Sun 30/4 → Wed 3/5 because Mon 1/5 is a holiday).
    """
    days = sorted(statutory, key=lambda h: h.date)
    taken = {h.date for h in days}
    out: list[Holiday] = []
    for h in days:
        if h.date.weekday() not in weekly_rest:
            continue
        c = h.date + dt.timedelta(days=1)
        while c.weekday() in weekly_rest or c in taken:
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


def provisional_holidays(year: int, *, include_culture_day: bool = False) -> list[Holiday]:
    """Compute ``year``'s holidays from the Labor Code, every one marked provisional.

    Default pattern where the law leaves a yearly choice: Tết = the last day of tháng Chạp and
    mùng 1, 2, ... (4 or 5 days in all, by the Code in force); the second Quốc khánh day (from
    2021) = the adjacent weekday toward the nearer weekend; no swaps. Holidays on Saturday or Sunday
    give compensatory days (see `compensatory_days`).

    Args:
        year: Gregorian year, 1900-2199.
        include_culture_day: add 24/11 from 2026 (unconfirmed; see ``culture_day``).

    Raises:
        DateOutOfRangeError: if the lunar calendar does not cover ``year``.
    """
    from chinhquyen.calendar.lunar import from_lunar  # the lunar tables are heavy: load on use

    days: list[Holiday] = [_statutory(dt.date(year, 1, 1), "Tết Dương lịch", "New Year's Day")]
    tet = from_lunar(year, 1, 1)
    code = labor_code_for(tet)
    eve = tet - dt.timedelta(days=1)
    days.append(
        _statutory(
            eve,
            "Tết Âm lịch (ngày cuối tháng Chạp)",
            "Lunar New Year (last day of the 12th lunar month)",
        )
    )
    for k in range(code.tet_days - 1):
        days.append(
            _statutory(
                tet + dt.timedelta(days=k),
                f"Tết Âm lịch (mùng {k + 1} tháng Giêng)",
                f"Lunar New Year (day {k + 1} of the 1st lunar month)",
            )
        )
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
