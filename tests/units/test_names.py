"""`units.name_key`: names compared as written (case, spacing, Unicode form, tone place aside)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import name_syllables, name_tones

from chinhquyen.units import name_key


def test_hand_cases() -> None:
    assert name_key("Thanh Hoá") == name_key("Thanh Hóa") == name_key("  thanh   HÓA ")
    assert name_key("Khánh Hoà") == name_key("Khánh Hòa")
    assert name_key("Hòa") != name_key("Hóa")  # another tone
    assert name_key("Hoa") != name_key("Hòa")  # no tone is a tone of its own
    assert name_key("Phố") != name_key("Pho")  # the circumflex is a letter, not a tone


@given(st.lists(name_syllables(), min_size=1, max_size=4))
def test_where_the_tone_mark_sits_does_not_matter(words: list[tuple[str, str]]) -> None:
    one = " ".join(a for a, _ in words)
    other = " ".join(b for _, b in words)
    assert name_key(one) == name_key(other)
    assert name_key(one) == name_key(unicodedata.normalize("NFD", other).upper())


TONES = "\u0300\u0301\u0303\u0309\u0323"


@given(name_syllables(), name_tones)
def test_another_tone_is_another_name(word: tuple[str, str], tone: str) -> None:
    marks = unicodedata.normalize("NFD", word[0])
    letters = "".join(c for c in marks if c not in TONES)
    retoned = unicodedata.normalize("NFC", letters + tone)  # the same letters, this tone
    assert (name_key(retoned) == name_key(word[0])) == (tone in marks)
