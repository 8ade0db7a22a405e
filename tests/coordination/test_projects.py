"""Projects (community/coordination/projects.py): `flask project add SLUG NAME [--chapter SLUG]` and the
rules of a project's slug, name and chapter."""
import pytest
import sqlalchemy as sa

from community.coordination import projects
from community.coordination.models import Project
from community.core.errors import Conflict, Forbidden, ValidationFailed
from community.extensions import db
from tests.factories import make_chapter, make_user


def test_project_add_inside_a_chapter_and_beside_every_chapter(runner):
    make_chapter("menen")
    result = runner.invoke(args=["project", "add", "fedasil-menen", "Fedasil project Menen", "--chapter", "menen"])
    assert result.exit_code == 0 and "Created project fedasil-menen" in result.output
    assert runner.invoke(args=["project", "add", "city-wide", "City-wide mentoring"]).exit_code == 0
    listed = runner.invoke(args=["project", "list"]).output
    assert "fedasil-menen\tFedasil project Menen\tmenen" in listed and "city-wide\tCity-wide mentoring\t-" in listed
    stored = {p.slug: p.chapter.slug if p.chapter else None for p in db.session.scalars(sa.select(Project))}
    assert stored == {"fedasil-menen": "menen", "city-wide": None}


def test_project_add_refuses_duplicates_bad_slugs_and_unknown_chapters(runner):
    assert runner.invoke(args=["project", "add", "p", "P"]).exit_code == 0
    twice = runner.invoke(args=["project", "add", "p", "Again"])
    assert twice.exit_code != 0 and "already exists" in twice.output
    bad = runner.invoke(args=["project", "add", "Not A Slug", "P"])
    assert bad.exit_code != 0 and "lowercase" in bad.output
    nowhere = runner.invoke(args=["project", "add", "q", "Q", "--chapter", "atlantis"])
    assert nowhere.exit_code != 0 and "Unknown chapter" in nowhere.output
    assert db.session.scalar(sa.select(sa.func.count(Project.id))) == 1


def test_only_admins_create_projects(app):
    data = projects.ProjectIn(slug="x", name="X")
    with pytest.raises(Forbidden):
        projects.create_project(make_user("coordinator"), data)
    assert projects.create_project(make_user("admin", None), data).slug == "x"
    with pytest.raises(Conflict):
        projects.create_project(make_user("admin", None), data)
    with pytest.raises(ValidationFailed) as refused:
        projects.add_project("y", "x" * 151)
    assert "name" in refused.value.fields
