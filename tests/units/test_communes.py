"""The commune-level registry, against facts from the sources (hand-checked codes and counts).

Golden facts: 26299 = Xã Thống Nhất in province 75, Thành phố Đồng Nai (the compilation and the
project's reference notes); 26359 = Xã Xuân Đông; 3,321 units on 1/7/2025 = 2,621 xã + 687
phường + 13 đặc khu (press at the reform); 2,611 + 697 from 30/4/2026 (ten wards of NQ 237);
Đồng Nai 95 units, Thanh Hóa 166; Quảng Ninh 54 = 22 xã + 30 phường + 2 đặc khu (NQ
1679/NQ-UBTVQH15, Lao Động 16/6/2025).
"""

from __future__ import annotations

import collections
import datetime as dt
import subprocess
import sys
from importlib import resources

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests.strategies import province_spellings, respellings, unit_days

from chinhquyen import units
from chinhquyen.errors import (
    UnitDateError,
    UnitMismatchError,
    UnknownProvinceError,
    UnknownUnitError,
)

D = dt.date
START = D(2025, 7, 1)
CODES = sorted(u.code for u in units.communes(on=START))


def _counts(day: dt.date, province: str | None = None) -> dict[str, int]:
    return dict(collections.Counter(u.type for u in units.communes(on=day, province=province)))


def test_26299_is_xa_thong_nhat_of_dong_nai() -> None:
    unit = units.lookup("26299", on=D(2026, 5, 1))
    assert (unit.name, unit.full_name, unit.type) == ("Thống Nhất", "Xã Thống Nhất", "xã")
    assert (unit.province.code, unit.province.full_name) == ("75", "Thành phố Đồng Nai")
    assert units.lookup("26299", on=START).province.full_name == "Tỉnh Đồng Nai"
    assert units.lookup("26359", on=START).full_name == "Xã Xuân Đông"


@pytest.mark.parametrize(
    ("day", "xa", "phuong"),
    [
        (START, 2621, 687),
        (D(2026, 4, 29), 2621, 687),
        (D(2026, 4, 30), 2611, 697),
        (D(2026, 9, 20), 2599, 709),
    ],
)
def test_the_counts_by_type(day: dt.date, xa: int, phuong: int) -> None:
    assert _counts(day) == {"xã": xa, "phường": phuong, "đặc khu": 13}


def test_the_counts_of_a_few_provinces() -> None:
    assert len(units.communes(on=D(2026, 5, 1), province="Đồng Nai")) == 95
    assert len(units.communes(on=START, province="Thanh Hóa")) == 166
    assert _counts(START, "Quảng Ninh") == {"xã": 22, "phường": 30, "đặc khu": 2}


def test_the_ten_wards_of_dong_nai_from_30_4_2026() -> None:
    eve, first = units.lookup("26326", on=D(2026, 4, 29)), units.lookup("26326", on=D(2026, 4, 30))
    assert (eve.full_name, eve.province.full_name) == ("Xã Dầu Giây", "Tỉnh Đồng Nai")
    assert (first.full_name, first.province.full_name) == ("Phường Dầu Giây", "Thành phố Đồng Nai")
    assert any("237/NQ-UBTVQH16" in s.document for s in first.sources)
    assert not any("237/NQ-UBTVQH16" in s.document for s in eve.sources)


def test_the_twelve_wards_of_bac_ninh_are_marked_unconfirmed() -> None:
    eve, first = units.lookup("07294", on=D(2026, 9, 19)), units.lookup("07294", on=D(2026, 9, 20))
    assert (eve.full_name, eve.unconfirmed) == ("Xã Bố Hạ", None)
    assert first.full_name == "Phường Bố Hạ" and first.unconfirmed
    assert first.province.full_name == "Thành phố Bắc Ninh"


def test_a_corrected_code_is_refused_and_points_at_the_right_one() -> None:
    assert units.lookup("06970", on=START).full_name == "Xã Ba Chẽ"
    with pytest.raises(UnknownUnitError, match="corrected it to 06970"):
        units.lookup("06978", on=START)
    assert units.lookup("06325", on=START).full_name == "Xã Bắc Sơn"


def test_before_1_7_2025_the_registry_does_not_answer() -> None:
    with pytest.raises(UnitDateError, match=r"starts on 2025-07-01.*2025-06-30"):
        units.lookup("26299", on=D(2025, 6, 30))
    with pytest.raises(UnitDateError, match=r"datetime\.date"):
        units.communes(on="2025-07-01")  # type: ignore[arg-type]
    assert units.registry_dates() == (START, D(2026, 7, 25))


def test_an_unknown_code_names_the_nearest_codes() -> None:
    with pytest.raises(UnknownUnitError) as e:
        units.lookup("26302", on=START)  # Gia Tân 2 before the reform
    message = str(e.value)
    assert "no commune-level unit has code '26302' on 2025-07-01; nearest: " in message
    named = [part.split("(")[1][:5] for part in message.split("nearest: ")[1].split("; ")]
    assert named and all(code in CODES for code in named)
    with pytest.raises(UnknownUnitError, match="written with its zeros: 06970"):
        units.lookup(6970, on=START)  # type: ignore[arg-type]


def test_check_unit_compares_name_and_province_as_written() -> None:
    day = D(2025, 8, 1)
    unit = units.check_unit("26299", name="xã  thống nhất", province="Bình Phước", on=day)
    assert unit.code == "26299"
    assert units.check_unit("26326", name="Xã Dầu Giây", province="TP. Đồng Nai", on=D(2026, 5, 1))
    with pytest.raises(UnitMismatchError, match=r"'Xã Thống Nhất', not 'Xã Gia Tân 2'"):
        units.check_unit("26299", name="Xã Gia Tân 2", on=day)
    with pytest.raises(UnitMismatchError, match="Xã Xuân Đông of that province has code 26359"):
        units.check_unit("26299", name="Xuân Đông", on=day)
    with pytest.raises(UnitMismatchError, match="its province is 'Tỉnh Đồng Nai', not 'Hà Nội'"):
        units.check_unit("26299", province="Hà Nội", on=day)
    with pytest.raises(UnknownProvinceError, match="nearest first"):
        units.check_unit("26299", province="Hà Tây", on=day)


def test_the_snapshot_agrees_with_the_province_table() -> None:
    """The compilation's province columns on its day are the table's names of that day."""
    text = (resources.files("chinhquyen.units") / "data" / "communes.csv").read_text("utf-8")
    rows = [ln.split(",") for ln in text.splitlines() if not ln.startswith("#")][1:]
    snapshot = units.registry_dates()[1]
    names = {p.code: p for p in units.provinces(on=snapshot)}
    for row in rows:
        assert names[row[0]].name == row[1] and names[row[0]].full_name == row[2], row


def test_the_data_ships_with_its_licence_and_says_what_it_is() -> None:
    data = resources.files("chinhquyen.units") / "data"
    licence = (data / "LICENSE-vietnamese-provinces-database.txt").read_text("utf-8")
    assert "MIT License" in licence and "Thang Le Quoc" in licence
    header = (data / "communes.csv").read_text("utf-8").split("\nprovince_code,")[0]
    assert "THIRD-PARTY" in header and "not an" in header and "official export" in header


def test_importing_the_package_reads_nothing() -> None:
    code = (
        "import chinhquyen.units as u, chinhquyen.units.registry as c, "
        "chinhquyen.units.succession as p; "
        "print(c._registry.cache_info().currsize, p._table.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0"]


# --- properties -------------------------------------------------------------------------------


@given(st.sampled_from(CODES), unit_days(START), st.data())
def test_every_unit_passes_its_own_check_however_written(
    code: str, day: dt.date, data: st.DataObject
) -> None:
    unit = units.lookup(code, on=day)
    assert unit.full_name.endswith(" " + unit.name)
    assert unit.province == units.province(unit.province.full_name, on=day)
    name = data.draw(respellings(data.draw(st.sampled_from([unit.name, unit.full_name]))))
    province = data.draw(province_spellings(unit.province.full_name))
    assert units.check_unit(code, name=name, province=province, on=day) == unit


@given(st.text("0123456789", min_size=5, max_size=5), unit_days(START))
def test_a_code_is_either_a_unit_or_refused_with_existing_codes(code: str, day: dt.date) -> None:
    if code in CODES:
        assert units.lookup(code, on=day).code == code
        return
    with pytest.raises(UnknownUnitError) as e:
        units.lookup(code, on=day)
    if "nearest: " in str(e.value):
        for part in str(e.value).split("nearest: ")[1].split("; "):
            assert part.split("(")[1][:5] in CODES


def test_an_unknown_code_with_a_real_name_names_that_units_code() -> None:
    # a typo in the code of a unit written with its name and province: its own code is the hint
    with pytest.raises(UnknownUnitError) as e:
        units.check_unit("99999", name="Xã Thống Nhất", province="Đồng Nai", on=D(2025, 12, 31))
    message = str(e.value)
    assert message.endswith("; Xã Thống Nhất of Tỉnh Đồng Nai has code 26299"), message
    assert "nearest" not in message


@given(st.text("0123456789", min_size=5, max_size=5))
def test_an_unknown_code_is_hinted_with_codes_of_the_province_written(code: str) -> None:
    day = D(2025, 12, 31)
    assume(code not in CODES)
    home = {u.code for u in units.communes(on=day, province="Đồng Nai")}
    with pytest.raises(UnknownUnitError) as e:
        units.check_unit(code, name="Xã Không Có Tên Này", province="Đồng Nai", on=day)
    message = str(e.value)
    if "nearest in Tỉnh Đồng Nai: " in message:
        listed = [p.split("(")[1][:5] for p in message.split(": ", 1)[1].split("; ")]
        assert listed and set(listed) <= home
    else:  # no code of the province is close: the nearest of the country, as lookup gives
        assert "nearest in" not in message
