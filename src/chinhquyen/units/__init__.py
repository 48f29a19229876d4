"""Vietnam's administrative units, for the whole library: names, provinces by date, communes.

- [`name_key`][chinhquyen.units.name_key] compares Vietnamese names as people write them.
- The provinces: a dated succession table (from 1/8/2008; the 34 units of Nghị quyết
  202/2025/QH15 from 1/7/2025; the renamings), with one matcher for a province's name as
  written: [`province`][chinhquyen.units.province],
  [`same_province`][chinhquyen.units.same_province], [`provinces`][chinhquyen.units.provinces],
  [`province_changes`][chinhquyen.units.province_changes].
- The commune-level units from 1/7/2025 (codes of Quyết định 19/2025/QĐ-TTg, from a
  third-party, MIT-licensed compilation): [`lookup`][chinhquyen.units.lookup],
  [`check_unit`][chinhquyen.units.check_unit], [`communes`][chinhquyen.units.communes].

Every name, date and code names its source (`units/data/`); what could not be confirmed says
so. Importing the package reads no file: the first look-up builds its index once.

Examples:
    >>> import datetime as dt
    >>> from chinhquyen import units
    >>> units.province("Tỉnh Đồng Nai", on=dt.date(2026, 5, 1)).full_name
    'Thành phố Đồng Nai'
    >>> units.same_province("Bắc Giang", "Bắc Ninh", on=dt.date(2025, 7, 1))
    True
    >>> str(units.lookup("26299", on=dt.date(2026, 5, 1)))
    'Xã Thống Nhất (26299), Thành phố Đồng Nai'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:  # pragma: no cover - loaded on first use
    from chinhquyen.units.names import (
        name_key,
    )
    from chinhquyen.units.registry import (
        CommuneUnit,
        check_unit,
        communes,
        lookup,
        registry_dates,
    )
    from chinhquyen.units.sources import (
        Source,
    )
    from chinhquyen.units.succession import (
        Province,
        ProvinceChange,
        province,
        province_changes,
        province_key,
        province_table_dates,
        provinces,
        same_province,
    )

__all__ = [
    "CommuneUnit",
    "Province",
    "ProvinceChange",
    "Source",
    "check_unit",
    "communes",
    "lookup",
    "name_key",
    "province",
    "province_changes",
    "province_key",
    "province_table_dates",
    "provinces",
    "registry_dates",
    "same_province",
]

#: Submodules are imported when one of their names is first used (`import chinhquyen.units` stays
#: light); every name below is importable as usual.
__getattr__, __dir__, _ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "names": [
            "name_key",
        ],
        "registry": [
            "CommuneUnit",
            "check_unit",
            "communes",
            "lookup",
            "registry_dates",
        ],
        "sources": [
            "Source",
        ],
        "succession": [
            "Province",
            "ProvinceChange",
            "province",
            "province_changes",
            "province_key",
            "province_table_dates",
            "provinces",
            "same_province",
        ],
    },
)
