"""The command line works on a fresh, migrated database."""
import sqlalchemy as sa

from community.accounts.models import User
from community.coordination.models import Chapter
from community.extensions import db


def test_chapter_add_and_refuse_duplicates(runner):
    result = runner.invoke(args=["chapter", "add", "gent", "Gent"])
    assert result.exit_code == 0 and "Created chapter gent" in result.output
    assert runner.invoke(args=["chapter", "add", "gent", "Gent"]).exit_code != 0
    assert runner.invoke(args=["chapter", "add", "Bad Slug!", "X"]).exit_code != 0
    assert "gent\tGent" in runner.invoke(args=["chapter", "list"]).output
    assert db.session.scalar(sa.select(Chapter.timezone).where(Chapter.slug == "gent")) == "Europe/Brussels"


def test_a_chapter_in_another_country_keeps_its_own_time_zone(runner):
    result = runner.invoke(args=["chapter", "add", "utrecht", "Utrecht", "--timezone", "Europe/Amsterdam"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(Chapter.timezone).where(Chapter.slug == "utrecht")) == "Europe/Amsterdam"
    refused = runner.invoke(args=["chapter", "add", "mars", "Mars", "--timezone", "Mars/Olympus"])
    assert refused.exit_code != 0 and "time zone" in refused.output
    assert db.session.scalar(sa.select(Chapter).where(Chapter.slug == "mars")) is None


def test_user_create_makes_staff_with_a_chapter(runner):
    runner.invoke(args=["chapter", "add", "gent", "Gent"])
    result = runner.invoke(args=["user", "create", "--email", "c@example.org", "--password", "a long coordinator pass",
                                 "--name", "Coco", "--role", "coordinator", "--chapter", "gent"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "c@example.org"))
    assert user.role == "coordinator" and user.chapter.slug == "gent"


def test_user_create_refuses_weak_passwords_and_coordinators_without_chapter(runner):
    weak = runner.invoke(args=["user", "create", "--email", "a@example.org", "--password", "short", "--name", "A",
                               "--role", "admin"])
    assert weak.exit_code != 0 and "10 characters" in weak.output
    nowhere = runner.invoke(args=["user", "create", "--email", "b@example.org", "--password", "a long enough one",
                                  "--name", "B", "--role", "coordinator"])
    assert nowhere.exit_code != 0


def test_seed_demo_is_idempotent_and_prints_logins(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "admin@demo.brug" in first.output and "coordinator.gent@demo.brug" in first.output
    chapters = {c.slug for c in db.session.scalars(sa.select(Chapter))}
    assert chapters == {"gent", "sint-niklaas-lokeren", "kortrijk", "menen", "oostende", "leuven"}
    roles = set(db.session.scalars(sa.select(User.role)))
    assert roles == {"newcomer", "local", "employer", "coordinator", "admin"}
    locales = set(db.session.scalars(sa.select(User.locale)))
    assert {"ar", "fa", "ti", "uk", "nl"} <= locales
    count = db.session.scalar(sa.select(sa.func.count(User.id)))
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == count


def test_seed_demo_scales_with_members(runner):
    result = runner.invoke(args=["seed-demo", "--members", "250"])
    assert result.exit_code == 0, result.output
    generated = db.session.scalar(sa.select(sa.func.count(User.id)).where(User.email.like("%@generated.brug")))
    assert generated == 250
    # New members can still be created after the bulk insert (sequences are right).
    from tests.factories import make_user

    assert make_user().id > 250


def test_reminders_send_runs_and_is_idempotent(runner):
    assert runner.invoke(args=["reminders", "send"]).exit_code == 0
    assert "Sent 0 reminders." in runner.invoke(args=["reminders", "send"]).output
