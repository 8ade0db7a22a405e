"""Key figures (community/coordination/figures.py) on a constructed scenario, counted by hand: people
and organisations active in several chapters and a project, registrations inside and outside the
period (at its edges, in the chapters' time zone), days after `to`, a replaced entry, a local's days.
The JSON, the CSV and the page agree, on SQLite and PostgreSQL."""
import csv
import io
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa

from community.accounts.models import User
from community.coordination import figures, figures_format
from community.coordination.models import Project, VolunteerEntry
from community.core.errors import Forbidden, ValidationFailed
from community.extensions import db
from tests.conftest import count_queries
from tests.factories import assert_api_error, auth, login, make_chapter, make_organisation, make_user, switch

PERIOD = "from=2024-01-01&to=2024-06-30"


def _at(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def _entry(user, organisation, day, days, chapter=None, project=None, status="valid"):
    db.session.add(VolunteerEntry(user_id=user.id, organisation_id=organisation.id if organisation else None,
                                  chapter_id=chapter.id if chapter else None, project_id=project.id if project else None,
                                  worked_on=day, days=Decimal(days), status=status))
    db.session.commit()


@pytest.fixture
def scenario(app):
    gent, leuven, _kortrijk = make_chapter("gent"), make_chapter("leuven"), make_chapter("kortrijk")
    reception = Project(slug="reception-gent", name="Reception centre Gent", chapter_id=gent.id)
    citywide = Project(slug="city-wide", name="City-wide mentoring")
    db.session.add_all([reception, citywide])
    db.session.commit()
    g1, g2 = make_organisation(chapter="gent"), make_organisation(chapter="gent")
    l1 = make_organisation(chapter="leuven")
    f1 = make_organisation(chapter="gent", project_id=citywide.id)  # works beside every chapter

    def newcomer(name, chapter, created, project=None):
        return make_user("newcomer", chapter, name=name, created_at=created, project_id=project.id if project else None)

    a = newcomer("A", "gent", _at(2024, 2, 1, 10))
    _entry(a, g1, date(2024, 3, 1), "1", gent)
    _entry(a, g1, date(2024, 7, 5), "2", gent)  # after `to`: not counted
    b = newcomer("B", "gent", _at(2024, 3, 15, 10), reception)
    _entry(b, g2, date(2024, 4, 1), "0.5", gent, reception)
    c = newcomer("C", "leuven", _at(2024, 5, 1, 10))  # volunteers in two cities
    _entry(c, g1, date(2024, 5, 10), "1", gent)
    _entry(c, l1, date(2024, 5, 20), "2", leuven)
    d = newcomer("D", "gent", _at(2023, 11, 1, 10))  # registered before the period, days before it too
    _entry(d, g1, date(2023, 12, 1), "3", gent)
    _entry(d, l1, date(2024, 2, 2), "1.5", leuven)
    # 23:30 in Brussels on the last day: inside. No chapter, the city-wide project.
    e = make_user("newcomer", None, name="E", created_at=_at(2024, 6, 30, 21, 30), project_id=citywide.id)
    _entry(e, f1, date(2024, 6, 30), "4", None, citywide)
    newcomer("F", "gent", _at(2024, 6, 30, 22, 30))  # 00:30 in Brussels on 1 July: outside
    g = newcomer("G", "gent", _at(2024, 4, 1, 10))
    _entry(g, g1, date(2024, 4, 2), "5", gent, status="replaced")  # a corrected entry never counts
    h = make_user("local", "gent", name="H", created_at=_at(2024, 2, 1, 10))  # not a newcomer
    _entry(h, g1, date(2024, 3, 1), "1", gent)
    newcomer("I", "leuven", _at(2023, 12, 31, 23, 0))  # midnight in Brussels on 1 January: inside
    return {"gent": gent, "leuven": leuven}


# Counted by hand (see the scenario above).
EXPECTED = {
    "chapters": [
        {"chapter": "gent", "name": "Gent", "new_registrations": 2, "new_who_volunteered": 1, "organisations": 2,
         "volunteers_total": 4, "volunteer_days": 5.5},
        {"chapter": "kortrijk", "name": "Kortrijk", "new_registrations": 0, "new_who_volunteered": 0,
         "organisations": 0, "volunteers_total": 0, "volunteer_days": 0},
        {"chapter": "leuven", "name": "Leuven", "new_registrations": 2, "new_who_volunteered": 1, "organisations": 1,
         "volunteers_total": 2, "volunteer_days": 3.5},
    ],
    "projects": [
        {"project": "city-wide", "name": "City-wide mentoring", "chapter": None, "new_registrations": 1,
         "new_who_volunteered": 1, "organisations": 1, "volunteers_total": 1, "volunteer_days": 4},
        {"project": "reception-gent", "name": "Reception centre Gent", "chapter": "gent", "new_registrations": 1,
         "new_who_volunteered": 1, "organisations": 2, "volunteers_total": 4, "volunteer_days": 5.5},
    ],
    # People and organisations once: C and D volunteered in two cities; F1 only through the project.
    "total": {"new_registrations": 6, "new_who_volunteered": 4, "organisations": 4, "volunteers_total": 5,
              "volunteer_days": 13},
}
CSV_ROWS = [
    ["chapter", "new_registrations", "new_who_volunteered", "organisations", "volunteers_total", "volunteer_days"],
    ["gent", "2", "1", "2", "4", "5.5"],
    ["kortrijk", "0", "0", "0", "0", "0"],
    ["leuven", "2", "1", "1", "2", "3.5"],
    ["city-wide", "1", "1", "1", "1", "4"],
    ["reception-gent", "1", "1", "2", "4", "5.5"],
    ["total", "6", "4", "4", "5", "13"],
]


def test_the_admin_gets_every_chapter_every_project_and_the_total_counted_once(client, scenario):
    response = client.get(f"/api/v1/stats/key-figures?{PERIOD}", headers=auth(make_user("admin", None)))
    assert response.status_code == 200
    body = response.get_json()
    assert (body["from"], body["to"]) == ("2024-01-01", "2024-06-30")
    assert {k: body[k] for k in EXPECTED} == EXPECTED


def test_the_csv_is_the_same_table(client, scenario):
    response = client.get(f"/api/v1/stats/key-figures?{PERIOD}&format=csv", headers=auth(make_user("admin", None)))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows == CSV_ROWS


def test_the_csv_equals_the_json_cell_by_cell(client, scenario):
    headers = auth(make_user("admin", None))
    body = client.get(f"/api/v1/stats/key-figures?{PERIOD}", headers=headers).get_json()
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/api/v1/stats/key-figures?{PERIOD}&format=csv", headers=headers).get_data(as_text=True))))
    from_json = [{"chapter": r["chapter"], **{k: r[k] for k in figures_format.KEYS}} for r in body["chapters"]]
    from_json += [{"chapter": r["project"], **{k: r[k] for k in figures_format.KEYS}} for r in body["projects"]]
    from_json += [{"chapter": "total", **body["total"]}]
    assert [{k: str(v) for k, v in row.items()} for row in from_json] == rows


def test_a_coordinator_gets_their_own_chapter_and_its_projects_only(client, scenario):
    headers = auth(make_user("coordinator", "gent"))
    body = client.get(f"/api/v1/stats/key-figures?{PERIOD}", headers=headers).get_json()
    assert body["chapters"] == [EXPECTED["chapters"][0]]
    assert body["projects"] == [EXPECTED["projects"][1]]
    # Newcomers of Gent and of its project, registered in the period: A, G and B; the city's days.
    assert body["total"] == {"new_registrations": 3, "new_who_volunteered": 2, "organisations": 2,
                             "volunteers_total": 4, "volunteer_days": 5.5}
    assert_api_error(client.get(f"/api/v1/stats/key-figures?{PERIOD}&chapter=leuven", headers=headers), 403)
    leuven = client.get(f"/api/v1/stats/key-figures?{PERIOD}&chapter=leuven",
                        headers=auth(make_user("admin", None))).get_json()
    assert leuven["chapters"] == [EXPECTED["chapters"][2]] and leuven["projects"] == []
    assert leuven["total"] == {"new_registrations": 2, "new_who_volunteered": 1, "organisations": 1,
                               "volunteers_total": 2, "volunteer_days": 3.5}


@pytest.mark.parametrize("role", ["newcomer", "local", "employer"])
def test_members_get_no_figures(client, scenario, role):
    assert_api_error(client.get(f"/api/v1/stats/key-figures?{PERIOD}", headers=auth(make_user(role, "gent"))),
                     403, "forbidden")


def test_visitors_are_asked_to_sign_in(client, scenario):
    assert_api_error(client.get(f"/api/v1/stats/key-figures?{PERIOD}"), 401)


@pytest.mark.parametrize("query,field", [
    ("from=2024-13-01&to=2024-06-30", "from"), ("from=2024-01-01&to=yesterday", "to"),
    ("from=2024-1-1&to=2024-06-30", "from"), ("from=2024-07-01&to=2024-06-30", "to"),
    ("from=1066-10-14&to=2024-06-30", "from"), (f"{PERIOD}&format=xml", "format"),
    (f"{PERIOD}&chapter=atlantis", "chapter"),
])
def test_a_wrong_period_or_format_is_refused(client, scenario, query, field):
    response = client.get(f"/api/v1/stats/key-figures?{query}", headers=auth(make_user("admin", None)))
    assert_api_error(response, 422, "validation_error", (field,))


def test_without_a_period_it_is_this_year_up_to_today(app, scenario):
    today = date(2024, 6, 30)
    assert figures.parse_period(None, "", today=today) == figures.Period(date(2024, 1, 1), today)
    assert figures.this_month(today) == figures.Period(date(2024, 6, 1), today)


def test_the_service_refuses_members_and_other_chapters(scenario):
    with pytest.raises(Forbidden):
        figures.key_figures(make_user("newcomer"), figures.Period(date(2024, 1, 1), date(2024, 6, 30)))
    with pytest.raises(Forbidden):
        figures.key_figures(make_user("coordinator", "leuven"), figures.Period(date(2024, 1, 1), date(2024, 6, 30)),
                            "gent")
    with pytest.raises(ValidationFailed):
        figures.parse_period("2024-02-30", None)


def test_per_month_for_the_charts(scenario):
    months = figures.monthly(make_user("admin", None), figures.Period(date(2024, 1, 1), date(2024, 6, 30)))
    assert [m.first for m in months] == [date(2024, m, 1) for m in range(1, 7)]
    assert [m.registrations for m in months] == [1, 1, 1, 1, 1, 1]  # I, A, B, G, C, E
    assert [figures_format.days_value(m.days) for m in months] == [0, 1.5, 1, 0.5, 3, 4]


def test_days_print_whole_when_whole_else_with_one_decimal():
    assert [figures_format.days_value(Decimal(v)) for v in ("2336", "2336.0", "12.5", "0")] == [2336, 2336, 12.5, 0]


def test_the_dashboard_shows_a_table_to_read_charts_and_a_csv_link(client, scenario):
    login(client, make_user("admin", None))
    response = client.get(f"/figures?{PERIOD}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<caption" in page and '<th scope="row">Gent</th>' in page and '<th scope="col">' in page
    assert "Reception centre Gent" in page and "<tfoot>" in page and ">13<" in page
    assert "/figures.csv?from=2024-01-01&amp;to=2024-06-30" in page
    assert "uPlot.iife.min.js" in page and 'id="figures-data"' in page
    csv_page = client.get("/figures.csv?" + PERIOD)
    assert list(csv.reader(io.StringIO(csv_page.get_data(as_text=True)))) == CSV_ROWS


def test_the_dashboard_shows_a_wrong_date_and_the_default_period(client, scenario):
    login(client, make_user("coordinator", "gent"))
    response = client.get("/figures?from=2024-99-01&to=2024-06-30")
    assert response.status_code == 422 and "Give a date as YYYY-MM-DD." in response.get_data(as_text=True)
    assert client.get("/figures?chapter=leuven").status_code == 403
    switch(client, make_user("newcomer"))
    assert client.get("/figures").status_code == 403 and client.get("/figures.csv").status_code == 403


def _bulk_members(count: int, chapter_ids: list[int], organisation_id: int) -> None:
    # Bulk rows: the count of queries a page makes must not depend on how many there are.
    start = (db.session.scalar(sa.select(sa.func.max(User.id))) or 0) + 1
    users, entries = [], []
    for number in range(start, start + count):
        users.append(dict(id=number, email=f"bulk{number}@example.org", password_hash="x", name=f"Bulk {number}",
                          role="newcomer", chapter_id=chapter_ids[number % len(chapter_ids)], locale="nl", city="",
                          bio="", motivation="", suspended=False, suspended_reason="", languages=[],
                          skills=[], wants=[], availability=[], findable=False,
                          created_at=_at(2024, 1 + number % 6, 1 + number % 28, 12), consent_at=_at(2024, 1, 1)))
        if number % 3 == 0:
            entries.append(dict(user_id=number, organisation_id=organisation_id,
                                chapter_id=chapter_ids[number % len(chapter_ids)], worked_on=date(2024, 1 + number % 6, 3),
                                days=Decimal("1.5"), tasks="", source="manual", status="valid"))
    db.session.execute(sa.insert(User), users)
    db.session.execute(sa.insert(VolunteerEntry), entries)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT setval('users_id_seq', (SELECT max(id) FROM users))"))
        db.session.commit()


@pytest.mark.parametrize("viewer", ["admin", "coordinator"])
def test_the_dashboard_costs_the_same_queries_at_100_and_10000_members(client, scenario, viewer):
    user = make_user("admin", None) if viewer == "admin" else make_user("coordinator", "gent")
    login(client, user)
    chapters = [scenario["gent"].id, scenario["leuven"].id]
    organisation = make_organisation(chapter="gent")

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(f"/figures?{PERIOD}").status_code == 200
        return counter.count

    _bulk_members(100, chapters, organisation.id)
    small = queries()
    _bulk_members(9_900, chapters, organisation.id)
    assert queries() == small
    with count_queries() as counter:
        client.get(f"/api/v1/stats/key-figures?{PERIOD}")
    assert counter.count <= small
