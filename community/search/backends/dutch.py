"""Dutch inflections the Snowball stemmer leaves apart, for both backends (no engine import here).

Snowball's Dutch stemmer undoubles only kk, dd and tt, so "les" stems to `les` but its plural "lessen"
to `less`, and "kat"/"katten", "bus"/"bussen" never meet. A query word is therefore also looked up in
the forms it takes when inflected (a doubled consonant before -en, a plain -en or -s) and, for an
inflected query word, in its bare form; the word matches when any of their stems is indexed. Only the
query side changes: documents are stemmed as before, so no index has to be rebuilt.
"""
from __future__ import annotations

VOWELS = frozenset("aeiouy")
MIN_LENGTH = 3


def _consonant(char: str) -> bool:
    return char.isalpha() and char.isascii() and char not in VOWELS


def inflected_forms(word: str) -> list[str]:
    """Other forms of a lower-cased Dutch word whose stems should match it (without the word itself)."""
    if len(word) < MIN_LENGTH or not word.isascii() or not word.isalpha():
        return []
    if word.endswith("en"):
        # The other way: lessen -> les, katten -> kat.
        if len(word) > MIN_LENGTH + 2 and _consonant(word[-3]) and word[-3] == word[-4]:
            return [word[:-3]]
        return []
    last, before, third = word[-1], word[-2], word[-3]
    forms = []
    # A short vowel before a single final consonant doubles it: les -> lessen, kat -> katten.
    if _consonant(last) and last not in "wxj" and before in VOWELS and _consonant(third):
        forms.append(f"{word}{last}en")
    forms.append(f"{word}en" if _consonant(last) else f"{word}s")
    return forms
