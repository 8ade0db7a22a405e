"""`flask seed-demo` on an empty database reproduces Refu Interim's key figures of 1 December 2019, cell by
cell, on SQLite and PostgreSQL; running it again changes nothing."""
import csv
import io
import time
from datetime import date

import sqlalchemy as sa

from community.accounts.models import User
from community.coordination import figures, figures_format
from community.coordination.models import VolunteerEntry
from community.extensions import db
from tests.factories import make_user

# The table of 1 December 2019: new registrations, new who volunteered, organisations, volunteers total, days.
CHAPTERS = {
    "gent": (128, 65, 69, 216, 2336),
    "sint-niklaas-lokeren": (69, 29, 30, 83, 339),
    "kortrijk": (116, 75, 43, 97, 1186),
    "menen": (0, 0, 13, 41, 235),  # every registration of Menen came through the Fedasil project
    "oostende": (109, 50, 21, 130, 722),
    "leuven": (10, 0, 0, 0, 0),  # the ten registrations that belong to no row of the original table
}
PROJECTS = {
    "fedasil-sint-niklaas": ("sint-niklaas-lokeren", 90, 43, 30, 83, 339),
    "fedasil-menen": ("menen", 40, 21, 13, 41, 235),
}
TOTAL = (562, 283, 176, 567, 4818)


def _cells(line) -> tuple:
    f = line.figures
    return (f.new_registrations, f.new_who_volunteered, f.organisations, f.volunteers_total,
            figures_format.days_value(f.volunteer_days))


def test_seed_demo_reproduces_the_table_of_1_december_2019(runner):
    started = time.monotonic()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "History: Refu Interim's table of 1 December 2019" in result.output
    assert time.monotonic() - started < 120  # bulk inserts: seconds, not minutes

    table = figures.key_figures(make_user("admin", None), figures.Period(date(2019, 1, 1), date(2019, 12, 1)))
    assert {line.slug: _cells(line) for line in table.chapters} == CHAPTERS
    assert {line.slug: (line.chapter.slug, *_cells(line)) for line in table.projects} == PROJECTS
    total = table.total
    assert (total.new_registrations, total.new_who_volunteered, total.organisations, total.volunteers_total,
            figures_format.days_value(total.volunteer_days)) == TOTAL

    # The CSV a funder downloads says the same, with the total last.
    rows = list(csv.reader(io.StringIO(figures_format.key_figures_csv(table))))
    assert rows[-1] == ["total", "562", "283", "176", "567", "4818"]

    # Realistic history: days after the table's day too, and volunteers who registered before 2019.
    after = db.session.scalar(sa.select(sa.func.count(VolunteerEntry.id)).where(VolunteerEntry.worked_on > date(2019, 12, 1)))
    assert after > 0
    older = db.session.scalar(sa.select(sa.func.count(User.id)).where(User.email.like("%@refu-history.brug"),
                                                                     User.created_at < date(2019, 1, 1)))
    assert older == 567 - 283

    # Later periods go on from there: the days after 1 December count once the period reaches them.
    later = figures.key_figures(make_user("admin", None), figures.Period(date(2019, 1, 1), date(2020, 6, 30)))
    assert later.total.volunteer_days > total.volunteer_days


def test_seed_demo_twice_changes_nothing(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    counts = [db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in (User, VolunteerEntry)]
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0 and "History: already seeded." in second.output
    assert [db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in (User, VolunteerEntry)] == counts
