"""Builds the Cẩm Thủy example records from the figures of seed 002 (deterministic, no randomness).

The shipped files ``scoring/data/examples/cam-thuy-2380-dossiers.csv`` and
``cam-thuy-ledger.csv`` are exactly what these functions write (a test compares them byte for
byte), so the recipe below is the files' documentation:

* 17 units, the communes and town of huyện Cẩm Thủy before 2025 (codes of the pre-2025 list as
  the MIT compilation thanglequoc/vietnamese-provinces-database gives them), xã Cẩm Tú (the
  pilot) first, then by code.
* Dossiers (seed: "hơn 2.380 hồ sơ ... 36% trước hạn, 64% giải quyết đúng hạn"): 2,380 = 17 ×
  140; exactly 36 % of 2,380 is not a whole number, so 857 are early (36.0 %) and 1,523 on time
  (64.0 %), none late. Units 1-7 have 51 early, the others 50. Dossier i of a unit is received on
  working day ⌊i × D / 140⌋ of the D national working days from 3/3/2023 to 22/3/2024, at hour
  8 + (i + u) mod 8 and minute (7i + u) mod 60 (so some same-day dossiers arrive after 15:00);
  i mod 5 in {0, 1} is a same-day procedure with a 15:00 cut-off, 2 a 3-working-day procedure,
  3 and 4 a 5-working-day one. The due date is the calendar's; among a unit's 84 multi-day
  dossiers, dossier j is early when ⌊j E / 84⌋ ≠ ⌊(j + 1) E / 84⌋ (E early dossiers, spread
  evenly) and is returned on the working day before its due date; every other dossier on it.
* Letters (seed: 1.432 chúc mừng, 82 cảm ơn, 32 xin lỗi, 417 chia buồn), dialogue conferences (2
  per commune) and trainings (8, "hơn 750 lượt người"): district totals split over the units by
  largest remainder (remainders to the first units), each unit's total over the 13 months from
  March 2023 to March 2024 the same way, one row per unit, kind and month, on the 15th; the two
  conferences of unit k on the k-th working day of September 2023 and of March 2024; the eight
  trainings, held by the district, on the first eight working days from 20/3/2023, 95 × 4 +
  94 × 4 = 756 attendances.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from chinhquyen.calendar import WorkingCalendar

#: (code, name) of the 17 units, xã Cẩm Tú first
UNITS: tuple[tuple[str, str], ...] = (
    ("15154", "Xã Cẩm Tú"),
    ("15127", "Thị trấn Phong Sơn"),
    ("15133", "Xã Cẩm Thành"),
    ("15136", "Xã Cẩm Quý"),
    ("15139", "Xã Cẩm Lương"),
    ("15142", "Xã Cẩm Thạch"),
    ("15145", "Xã Cẩm Liên"),
    ("15148", "Xã Cẩm Giang"),
    ("15151", "Xã Cẩm Bình"),
    ("15160", "Xã Cẩm Châu"),
    ("15163", "Xã Cẩm Tâm"),
    ("15169", "Xã Cẩm Ngọc"),
    ("15172", "Xã Cẩm Long"),
    ("15175", "Xã Cẩm Yên"),
    ("15178", "Xã Cẩm Tân"),
    ("15181", "Xã Cẩm Phú"),
    ("15184", "Xã Cẩm Vân"),
)
DISTRICT = "huyện Cẩm Thủy"
PER_UNIT = 140
EARLY = 857
#: the district totals of seed 002, by ledger kind
LETTERS = {
    "letter_congratulation": 1432,
    "letter_thanks": 82,
    "letter_apology": 32,
    "letter_condolence": 417,
}
MONTHS = [dt.date(2023, m, 15) for m in range(3, 13)] + [dt.date(2024, m, 15) for m in (1, 2, 3)]
NOTE = "ví dụ minh họa, số liệu phân bổ từ tổng của huyện (seed 002)"


def split(total: int, parts: int) -> list[int]:
    """`total` in `parts` whole shares differing by at most 1, the larger ones first."""
    base, extra = divmod(total, parts)
    return [base + (1 if k < extra else 0) for k in range(parts)]


def _working_days(cal: WorkingCalendar, first: dt.date, last: dt.date) -> list[dt.date]:
    out, day = [], first
    while day <= last:
        if cal.is_working_day(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def dossier_log() -> str:
    """The dossier log, as CSV text."""
    cal = WorkingCalendar.national()
    days = _working_days(cal, dt.date(2023, 3, 3), dt.date(2024, 3, 22))
    early_per_unit = split(EARLY, len(UNITS))
    rows: list[list[object]] = []
    for u, ((code, _name), early) in enumerate(zip(UNITS, early_per_unit, strict=True)):
        j = 0
        for i in range(PER_UNIT):
            day = days[(i * len(days)) // PER_UNIT]
            received = dt.datetime.combine(day, dt.time(8 + (i + u) % 8, (7 * i + u) % 60))
            kind = i % 5
            if kind in (0, 1):
                procedure, limit, cutoff = "Thủ tục trả trong ngày (minh họa)", 0, dt.time(15)
            elif kind == 2:
                procedure, limit, cutoff = "Thủ tục 3 ngày làm việc (minh họa)", 3, None
            else:
                procedure, limit, cutoff = "Thủ tục 5 ngày làm việc (minh họa)", 5, None
            due = cal.deadline(received, limit, cutoff=cutoff).due_date
            returned = due
            if limit > 0:
                if (j * early) // 84 != ((j + 1) * early) // 84:
                    returned = cal.add_working_days(due, -1)
                j += 1
            rows.append(
                [
                    f"CT-{code}-{i + 1:03d}",
                    procedure,
                    code,
                    received.strftime("%Y-%m-%dT%H:%M"),
                    limit,
                    "15:00" if cutoff else "",
                    returned.isoformat(),
                    "false",
                ]
            )
    header = [
        "id",
        "procedure",
        "unit",
        "received_at",
        "working_days",
        "cutoff",
        "returned_at",
        "apology_slip_issued",
    ]
    return _csv(header, rows)


def ledger() -> str:
    """The activity ledger, as CSV text."""
    cal = WorkingCalendar.national()
    rows: list[list[object]] = []
    n = len(UNITS)
    for kind, total in LETTERS.items():
        for (code, _name), unit_total in zip(UNITS, split(total, n), strict=True):
            for month, count in zip(MONTHS, split(unit_total, len(MONTHS)), strict=True):
                if count:
                    rows.append([month.isoformat(), kind, code, count, "", "", NOTE])
    september = _working_days(cal, dt.date(2023, 9, 1), dt.date(2023, 9, 30))
    march = _working_days(cal, dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    for k, (code, _name) in enumerate(UNITS):
        for day in (september[k], march[k]):
            rows.append([day.isoformat(), "dialogue_conference", code, 1, "", "", NOTE])
    trainings = _working_days(cal, dt.date(2023, 3, 20), dt.date(2023, 4, 30))[:8]
    for day, people in zip(trainings, split(756, 8), strict=True):
        rows.append([day.isoformat(), "training", DISTRICT, 1, people, "", NOTE + "; cấp huyện"])
    rows.sort(key=lambda r: (str(r[0]), str(r[1]), str(r[2])))
    header = ["date", "kind", "unit", "count", "participants", "related_event", "note"]
    return _csv(header, rows)
