"""How well a newcomer and a local fit, and why: the ONE scoring definition.

Every factor gives a value in [0, 1]; the score is the weighted sum, so with weights summing to 1 it
is in [0, 1] too. `explain` scores one pair and says why in the viewer's language (lazy strings);
`score_matrix` gives the same numbers for all pairs at once with numpy, for auto-match. Both read the
same `Features`, and tests check that they agree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from scipy import sparse

from community.accounts.constants import DAY_LABELS, DAYS, LEVELS, PART_LABELS, PARTS, WANT_LABELS
from community.coordination.reference import sector_name
from community.core.i18n import language_name

# The weights of the factors (they sum to 1):
# - languages: the best shared language other than Dutch, valued by the LOWER of the two levels
#   (A0 = 0 … C2 = 1): a shared mother tongue makes the first meetings easy.
# - dutch_practice: the newcomer is below B2 in Dutch and the local speaks it at B2 or better.
# - sector: they share a sector of work (the core of a coffee meeting with a professional).
# - place: same chapter counts half, same city (as typed in the profile) the other half.
# - availability: shared day parts; two or more shared slots count fully, one counts half.
# - interests: shared wants and skills; two or more count fully, one counts half.
WEIGHTS: dict[str, float] = {
    "languages": 0.20,
    "dutch_practice": 0.15,
    "sector": 0.20,
    "place": 0.10,
    "availability": 0.20,
    "interests": 0.15,
}
LEVEL_VALUE = {level: index / (len(LEVELS) - 1) for index, level in enumerate(LEVELS)}
GOOD_DUTCH = LEVEL_VALUE["B2"]
SLOTS = [(day, part) for day in DAYS for part in PARTS]
SLOT_INDEX = {slot: index for index, slot in enumerate(SLOTS)}


@dataclass
class Features:
    """What scoring reads from a member, in plain Python values."""

    languages: dict[str, float] = field(default_factory=dict)  # code -> level value, Dutch excluded
    dutch: float = 0.0  # level value of Dutch
    sectors: frozenset[str] = frozenset()
    chapter_id: int | None = None
    city: str = ""
    slots: frozenset[tuple[str, str]] = frozenset()
    interests: frozenset[str] = frozenset()


def features_of(user: Any) -> Features:
    """Read a member's profile (a User or anything with the same attributes)."""
    return features_from(user.languages, user.dutch_level, user.sector_slugs, user.chapter_id, user.city,
                         user.availability, user.wants, user.skills)


def features_from(languages: list[dict[str, str]] | None, dutch_level: str | None, sectors: Any,
                  chapter_id: int | None, city: str | None, availability: list[dict[str, str]] | None,
                  wants: list[str] | None, skills: list[str] | None) -> Features:
    """The same, from the profile's plain values (auto-match reads rows, not User objects)."""
    levels: dict[str, float] = {}
    for entry in languages or []:
        levels[entry["code"]] = max(levels.get(entry["code"], 0.0), LEVEL_VALUE.get(entry["level"], 0.0))
    dutch = max(levels.pop("nl", 0.0), LEVEL_VALUE.get(dutch_level or "", 0.0))
    slots = frozenset((a["day"], a["part"]) for a in availability or [] if (a["day"], a["part"]) in SLOT_INDEX)
    interests = {f"want:{w}" for w in wants or []} | {f"skill:{s.strip().lower()}" for s in skills or []}
    return Features(
        languages=levels, dutch=dutch, sectors=frozenset(sectors or ()), chapter_id=chapter_id,
        city=(city or "").strip().lower(), slots=slots, interests=frozenset(interests),
    )


def _half_or_full(count: int) -> float:
    return min(count, 2) / 2


def factor_values(newcomer: Features, local: Features) -> dict[str, float]:
    """Each factor's value in [0, 1] for one pair."""
    shared = set(newcomer.languages) & set(local.languages)
    same_chapter = newcomer.chapter_id is not None and newcomer.chapter_id == local.chapter_id
    same_city = bool(newcomer.city) and newcomer.city == local.city
    return {
        "languages": max((min(newcomer.languages[c], local.languages[c]) for c in shared), default=0.0),
        "dutch_practice": float(newcomer.dutch < GOOD_DUTCH and local.dutch >= GOOD_DUTCH),
        "sector": float(bool(newcomer.sectors & local.sectors)),
        "place": 0.5 * same_chapter + 0.5 * same_city,
        "availability": _half_or_full(len(newcomer.slots & local.slots)),
        "interests": _half_or_full(len(newcomer.interests & local.interests)),
    }


def score_of(values: dict[str, float]) -> float:
    """The weighted sum of factor values."""
    return float(sum(WEIGHTS[name] * value for name, value in values.items()))


def _locale() -> str:
    try:
        return str(get_locale() or "en")
    except RuntimeError:  # outside a request and outside force_locale (CLI, benchmarks)
        return "en"


def _join(items: list[str]) -> str:
    return format_list(items, locale=_locale()) if items else ""


def _interest_label(tag: str) -> str:
    kind, _sep, value = tag.partition(":")
    return str(WANT_LABELS.get(value, value)) if kind == "want" else value


def reasons_for(newcomer: Features, local: Features, values: dict[str, float], chapter_name: str = "") -> list[Any]:
    """One readable sentence per contributing factor (lazy strings: they speak the viewer's language)."""
    locale = _locale()
    reasons: list[Any] = []
    if values["languages"] > 0:
        codes = sorted(c for c in set(newcomer.languages) & set(local.languages)
                       if min(newcomer.languages[c], local.languages[c]) > 0)
        names = [language_name(code, locale) for code in codes]
        reasons.append(_l("You both speak %(languages)s", languages=_join(names)))
    if values["dutch_practice"] > 0:
        reasons.append(_l("A chance to practise Dutch: one of you speaks it well"))
    if values["sector"] > 0:
        sectors = [sector_name(slug) for slug in sorted(newcomer.sectors & local.sectors)]
        reasons.append(_l("Both work in %(sectors)s", sectors=_join(sectors)))
    if newcomer.city and newcomer.city == local.city:
        reasons.append(_l("You both live in %(city)s", city=local.city.title()))
    elif values["place"] > 0:
        reasons.append(_l("Both in the %(chapter)s chapter", chapter=chapter_name))
    if values["availability"] > 0:
        slots = sorted(newcomer.slots & local.slots, key=SLOT_INDEX.__getitem__)
        times = [str(_l("%(day)s %(part)s", day=DAY_LABELS[day], part=str(PART_LABELS[part]).lower()))
                 for day, part in slots]
        reasons.append(_l("Free at the same time: %(times)s", times=_join(times)))
    if values["interests"] > 0:
        shared = sorted(_interest_label(tag) for tag in newcomer.interests & local.interests)
        reasons.append(_l("You share interests: %(interests)s", interests=_join(shared)))
    return reasons


@dataclass
class Explanation:
    score: float
    reasons: list[Any]


def _features(person: Any) -> Features:
    return person if isinstance(person, Features) else features_of(person)


def explain(newcomer: Any, local: Any, chapter_name: str = "") -> Explanation:
    """Score one pair (users or Features) and say why, in the viewer's language."""
    a, b = _features(newcomer), _features(local)
    values = factor_values(a, b)
    return Explanation(score=score_of(values), reasons=reasons_for(a, b, values, chapter_name))


def pair_score(newcomer: Any, local: Any) -> float:
    """The score of one pair, without reasons (works outside a request)."""
    return score_of(factor_values(_features(newcomer), _features(local)))


# --- All pairs at once (auto-match): the same factors as `factor_values`, as matrices. ---

def _one_hot(rows: list[frozenset[str]] | list[set[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    indptr, indices = [0], []
    for items in rows:
        indices.extend(vocabulary[item] for item in items)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(len(vocabulary), 1)))


def _shared_counts(left: list, right: list) -> np.ndarray:
    vocabulary = {item: i for i, item in enumerate(sorted(set().union(*left, *right)))}
    return (_one_hot(left, vocabulary) @ _one_hot(right, vocabulary).T).toarray()


def _codes(values: list[Any]) -> np.ndarray:
    lookup: dict[Any, int] = {}
    return np.array([-1 if v in (None, "") else lookup.setdefault(v, len(lookup)) for v in values])


def _level_matrix(people: list[Features], codes: list[str]) -> np.ndarray:
    matrix = np.zeros((len(people), len(codes)), dtype=np.float64)
    index = {code: i for i, code in enumerate(codes)}
    for row, person in enumerate(people):
        for code, value in person.languages.items():
            matrix[row, index[code]] = value
    return matrix


def _weighted(languages: Any, dutch: Any, sector: Any, place: Any, slots: Any, interests: Any) -> Any:
    """The score from the factors' values: the weighted sum, in this order."""
    return (WEIGHTS["languages"] * languages + WEIGHTS["dutch_practice"] * dutch + WEIGHTS["sector"] * sector
            + WEIGHTS["place"] * place + WEIGHTS["availability"] * slots + WEIGHTS["interests"] * interests)


def _int_for(bits: int) -> type:
    """The smallest integer type that holds this many bits (and a sign): less memory to go through."""
    return np.int16 if bits <= 15 else np.int32 if bits <= 31 else np.int64


def _bits(matrix: np.ndarray) -> np.ndarray:
    """Each row of a yes / no matrix (at most 63 columns) as one integer, a bit per column."""
    width = matrix.shape[1]
    return (matrix.astype(np.int64) << np.arange(width, dtype=np.int64)).sum(axis=1).astype(_int_for(width))


def _any_shared(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Pairs (row of `left`, row of `right`) that share a column set on both sides."""
    if left.shape[1] <= 63:  # one AND of two integers per pair
        return (_bits(left)[:, None] & _bits(right)[None, :]) != 0
    return (left.astype(np.float32) @ right.astype(np.float32).T) > 0


def _shared_up_to_two(left: list, right: list) -> np.ndarray:
    """How many items each pair shares, counted up to two (0, 1 or 2)."""
    vocabulary = {item: i for i, item in enumerate(sorted(set().union(*left, *right)))}
    if len(vocabulary) > 63:
        return np.minimum(_shared_counts(left, right), 2).astype(np.int16)
    bits = [np.array([sum(1 << vocabulary[item] for item in items) for items in side],
                     dtype=_int_for(len(vocabulary))) for side in (left, right)]
    both = bits[0][:, None] & bits[1][None, :]
    shared = (both != 0).astype(np.int16)
    both &= both - 1  # without its lowest bit, still non-zero when two or more are shared
    shared += both != 0
    return shared


def _language_steps(newcomers: list[Features], locals_: list[Features]) -> tuple[np.ndarray, np.ndarray]:
    """For every pair, which of the levels present is the best shared one (0: none), and those levels.

    The best shared level is at least v exactly when some language is spoken at v or better on both
    sides: one pass over the pairs per level present, instead of one per language."""
    codes = sorted(set().union(*(p.languages for p in newcomers), *(p.languages for p in locals_)))
    left, right = _level_matrix(newcomers, codes), _level_matrix(locals_, codes)
    levels = np.unique(np.concatenate([left.ravel(), right.ravel()]))
    levels = levels[levels > 0]
    # int16: the combination numbers of score_matrix stay below (levels + 1) * 108
    steps = np.zeros((len(newcomers), len(locals_)), dtype=np.int16 if len(levels) < 300 else np.int32)
    for level in levels:
        steps += _any_shared(left >= level, right >= level)
    return steps, np.concatenate([[0.0], levels])


def _score_table(levels: np.ndarray) -> np.ndarray:
    """The score of every combination of factor values, computed as a matrix of pairs would be (the
    same operations on the same types), so a look-up gives the very same numbers."""
    lang, dutch, sector, place, slots, interests = np.indices((len(levels), 2, 2, 3, 3, 3)).reshape(6, -1)
    return _weighted(levels[lang], dutch.astype(bool).astype(np.float64), (sector > 0).astype(np.float64),
                     0.5 * (place >= 1) + 0.5 * (place >= 2),
                     np.minimum(slots.astype(np.float32), 2) / 2, np.minimum(interests.astype(np.float32), 2) / 2)


def score_matrix(newcomers: list[Features], locals_: list[Features]) -> np.ndarray:
    """Scores of every newcomer (rows) with every local (columns), equal to `explain`'s, vectorised.

    Each factor takes a few values only (levels, yes / no, none / half / full), so each pair gets the
    number of its combination (small integers, computed in place) and the score is looked up in a table
    of every combination: no floating-point work per pair."""
    n, m = len(newcomers), len(locals_)
    if n == 0 or m == 0:
        return np.zeros((n, m))
    code, levels = _language_steps(newcomers, locals_)
    dutch_n = np.array([p.dutch for p in newcomers])
    dutch_l = np.array([p.dutch for p in locals_])
    code *= 2
    code += np.outer(dutch_n < GOOD_DUTCH, dutch_l >= GOOD_DUTCH)
    code *= 2
    code += _shared_up_to_two([p.sectors for p in newcomers], [p.sectors for p in locals_]) > 0
    chapters = _codes([p.chapter_id for p in newcomers] + [p.chapter_id for p in locals_])
    cities = _codes([p.city for p in newcomers] + [p.city for p in locals_])
    code *= 3
    # place: same chapter counts half, same city the other half (0, 1 or 2 halves)
    code += (chapters[:n, None] == chapters[None, n:]) & (chapters[:n, None] >= 0)
    code += (cities[:n, None] == cities[None, n:]) & (cities[:n, None] >= 0)
    for shared in ([p.slots for p in newcomers], [p.slots for p in locals_]), \
                  ([p.interests for p in newcomers], [p.interests for p in locals_]):
        code *= 3
        code += _shared_up_to_two(*shared)
    return _score_table(levels).take(code)
