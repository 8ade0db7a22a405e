"""Scoring: one definition, reasons for each factor, the vectorised matrix agrees with `explain`."""
import random
from types import SimpleNamespace

import numpy as np
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask_babel import Domain, force_locale
from flask_babel.speaklater import LazyString

from community import create_app
from community.buddies import scoring
from community.buddies.scoring import WEIGHTS, explain, features_of, pair_score, score_matrix


def person(**fields):
    base = dict(languages=[], dutch_level=None, sector_slugs=[], chapter_id=1, city="", availability=[],
                wants=[], skills=[])
    return SimpleNamespace(**{**base, **fields})


AMINA = person(languages=[{"code": "ar", "level": "C2"}, {"code": "nl", "level": "A2"}], dutch_level="A2",
               sector_slugs=["healthcare"], city="Gent", wants=["buddy"],
               availability=[{"day": "tue", "part": "evening"}, {"day": "sat", "part": "morning"}])
ELS = person(languages=[{"code": "nl", "level": "C2"}, {"code": "ar", "level": "B1"}], sector_slugs=["healthcare"],
             city="gent", wants=["buddy", "coffee"], availability=[{"day": "tue", "part": "evening"}])


def test_weights_sum_to_one_so_scores_stay_in_unit_interval():
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)
    perfect = person(languages=[{"code": "ar", "level": "C2"}], sector_slugs=["ict"], city="x", wants=["a", "b"],
                     availability=[{"day": "mon", "part": "morning"}, {"day": "tue", "part": "morning"}])
    local = person(languages=[{"code": "ar", "level": "C2"}, {"code": "nl", "level": "C2"}], sector_slugs=["ict"],
                   city="x", wants=["a", "b"], availability=perfect.availability)
    assert pair_score(perfect, local) == pytest.approx(1.0)
    assert pair_score(person(chapter_id=None), person(chapter_id=2)) == 0.0


def test_each_factor_gives_a_readable_reason(app):
    with app.test_request_context("/?lang=en"):
        result = explain(AMINA, ELS, "Gent")
        reasons = [str(r) for r in result.reasons]
    assert reasons == [
        "You both speak Arabic",
        "A chance to practise Dutch: one of you speaks it well",
        "Both work in Healthcare",
        "You both live in Gent",
        "Free at the same time: Tuesday evening",
        "You share interests: A buddy",
    ]
    assert 0 < result.score <= 1


def test_languages_are_weighted_by_the_lower_level():
    weak = person(languages=[{"code": "ar", "level": "A1"}])
    strong = person(languages=[{"code": "ar", "level": "C2"}])
    assert pair_score(weak, strong) < pair_score(strong, strong)
    assert pair_score(weak, strong) - pair_score(person(), strong) == pytest.approx(WEIGHTS["languages"] / 6)


def test_reasons_are_lazy_strings_translated_in_the_viewers_language(tmp_path):
    # A tiny catalogue (not the project's .po files) proves the sentences go through gettext.
    catalog = Catalog(locale="nl")
    catalog.add("You both speak %(languages)s", "Jullie spreken allebei %(languages)s")
    catalog.add("Both work in %(sectors)s", "Jullie werken allebei in %(sectors)s")
    folder = tmp_path / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    with app.test_request_context(), force_locale("nl"):
        Domain(translation_directories=[str(tmp_path)]).as_default()  # its own cache, only our catalogue
        reasons = explain(AMINA, ELS, "Gent").reasons
        assert all(isinstance(r, LazyString) for r in reasons)
        texts = [str(r) for r in reasons]
    assert "Jullie spreken allebei Arabisch" in texts  # the language name is in Dutch too
    assert "Jullie werken allebei in Healthcare" in texts


def _random_person(rng, chapter_ids=(1, 2)):
    codes = ["ar", "fa", "ti", "uk", "en", "fr", "nl"]
    levels = ["A0", "A1", "A2", "B1", "B2", "C1", "C2"]
    return person(
        languages=[{"code": c, "level": rng.choice(levels)} for c in rng.sample(codes, rng.randint(0, 3))],
        dutch_level=rng.choice(levels + [None]), sector_slugs=rng.sample(["ict", "healthcare", "education"], rng.randint(0, 2)),
        chapter_id=rng.choice(chapter_ids), city=rng.choice(["", "Gent", "gent", "Leuven"]),
        availability=[{"day": rng.choice(["mon", "tue"]), "part": rng.choice(["morning", "evening"])}
                      for _ in range(rng.randint(0, 3))],
        wants=rng.sample(["buddy", "coffee", "job"], rng.randint(0, 2)), skills=rng.sample(["Python", "python ", "wiskunde"], rng.randint(0, 2)),
    )


def test_vectorised_matrix_equals_the_per_pair_score():
    rng = random.Random(7)
    newcomers = [_random_person(rng) for _ in range(40)]
    locals_ = [_random_person(rng) for _ in range(30)]
    matrix = score_matrix([features_of(p) for p in newcomers], [features_of(p) for p in locals_])
    expected = np.array([[pair_score(a, b) for b in locals_] for a in newcomers])
    assert matrix.shape == (40, 30)
    np.testing.assert_allclose(matrix, expected, atol=1e-9)
    assert matrix.min() >= 0 and matrix.max() <= 1


def test_empty_matrix_for_nobody():
    assert score_matrix([], [features_of(ELS)]).shape == (0, 1)
    assert scoring.SLOTS[0] == ("mon", "morning")


def _straightforward_matrix(newcomers, locals_):
    """The matrix computed factor by factor over all pairs, in floating point (the first version)."""
    n, m = len(newcomers), len(locals_)
    codes = sorted(set().union(*(p.languages for p in newcomers), *(p.languages for p in locals_)))
    left, right = scoring._level_matrix(newcomers, codes), scoring._level_matrix(locals_, codes)
    languages = np.zeros((n, m))
    for column in range(len(codes)):
        np.maximum(languages, np.minimum.outer(left[:, column], right[:, column]), out=languages)
    dutch = np.outer(np.array([p.dutch for p in newcomers]) < scoring.GOOD_DUTCH,
                     np.array([p.dutch for p in locals_]) >= scoring.GOOD_DUTCH).astype(np.float64)
    sector = (scoring._shared_counts([p.sectors for p in newcomers], [p.sectors for p in locals_]) > 0).astype(np.float64)
    chapters = scoring._codes([p.chapter_id for p in newcomers] + [p.chapter_id for p in locals_])
    cities = scoring._codes([p.city for p in newcomers] + [p.city for p in locals_])
    same_chapter = (chapters[:n, None] == chapters[None, n:]) & (chapters[:n, None] >= 0)
    same_city = (cities[:n, None] == cities[None, n:]) & (cities[:n, None] >= 0)
    place = 0.5 * same_chapter + 0.5 * same_city
    slots = np.minimum(scoring._shared_counts([p.slots for p in newcomers], [p.slots for p in locals_]), 2) / 2
    interests = np.minimum(scoring._shared_counts([p.interests for p in newcomers], [p.interests for p in locals_]), 2) / 2
    return scoring._weighted(languages, dutch, sector, place, slots, interests)


def test_the_table_look_up_gives_the_very_same_numbers():
    # Bit for bit: auto-match's solver chooses among equal totals by the exact values.
    rng = random.Random(11)
    newcomers = [features_of(_random_person(rng, (1, 2, None))) for _ in range(120)]
    locals_ = [features_of(_random_person(rng, (1, 2, None))) for _ in range(90)]
    assert np.array_equal(score_matrix(newcomers, locals_), _straightforward_matrix(newcomers, locals_))
    many = [scoring.Features(interests=frozenset(rng.sample([f"skill:{i}" for i in range(90)], 5))) for _ in range(30)]
    assert np.array_equal(score_matrix(many, many), _straightforward_matrix(many, many))  # > 63 interests
    odd = [scoring.Features(languages={"ar": 0.3, "fa": 0.55}, dutch=0.9), scoring.Features(languages={"ar": 0.7})]
    assert np.array_equal(score_matrix(odd, odd[::-1]), _straightforward_matrix(odd, odd[::-1]))
