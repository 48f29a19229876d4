"""Vietnamese names compared as people write them, not as Unicode stores them."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["name_key"]

_SPACES = re.compile(r"\s+")
#: The five tone marks (huyền, sắc, ngã, hỏi, nặng) as combining characters.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def name_key(name: str) -> str:
    """Return a name's comparison key: case, spacing, Unicode form and the tone mark's place aside.

    Vietnamese has two conventions for where the tone mark sits in a syllable ("Thanh Hoá" /
    "Thanh Hóa", "thuý" / "thúy"); both spell one name. A syllable carries one tone, so each
    word is keyed as its letters without tone marks plus the tone marks it has: "Hòa" and "Hóa"
    still differ, and so do "Hoa" and "Hòa" (no tone is a tone of its own).

    Examples:
        >>> name_key("Thanh Hoá") == name_key("  thanh   HÓA ")
        True
        >>> name_key("Hòa") == name_key("Hóa")
        False
    """
    words = []
    for word in _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip().casefold().split(" "):
        marks = unicodedata.normalize("NFD", word)
        tones = "".join(sorted(c for c in marks if c in _TONES))
        letters = unicodedata.normalize("NFC", "".join(c for c in marks if c not in _TONES))
        words.append(letters + tones)
    return " ".join(words)
