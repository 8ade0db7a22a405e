"""Projects run inside or beside a chapter (e.g. a reception-centre project): people, organisations and
volunteer days may belong to one besides their chapter, and each has its own row in the key figures."""
from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, StringConstraints

from community.accounts.models import User
from community.board.models import Organisation
from community.coordination import audit
from community.coordination.constants import AuditAction
from community.coordination.models import Chapter, Project
from community.coordination.services import SLUG
from community.core.errors import Conflict, NotFound, ValidationFailed
from community.extensions import db
from community.policy import can, require

SLUG_MAX = 60
NAME_MAX = 150


class ProjectIn(BaseModel):
    """A new project: its slug, its name, and the chapter it runs in (none for one beside every chapter)."""

    slug: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SLUG_MAX)]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)]
    chapter: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = None


class ProjectChoiceIn(BaseModel):
    """A member's or organisation's project: a project's slug, or null for none."""

    project: Annotated[str, StringConstraints(strip_whitespace=True, max_length=SLUG_MAX)] | None


def list_projects() -> list[Project]:
    """Every project, by name (their chapters come in the same query)."""
    return list(db.session.scalars(sa.select(Project).order_by(Project.name, Project.id)))


def add_project(slug: str, name: str, chapter_slug: str | None = None) -> Project:
    """Create a project (from the command line, or for an admin)."""
    slug = slug.strip().lower()
    if not SLUG.match(slug) or len(slug) > SLUG_MAX:
        raise ValidationFailed(fields={"slug": _l("Use lowercase letters, digits and hyphens.")})
    if not name.strip() or len(name) > NAME_MAX:
        raise ValidationFailed(fields={"name": _l("Give a name of at most 150 characters.")})
    chapter = None
    if chapter_slug:
        chapter = db.session.scalar(sa.select(Chapter).where(Chapter.slug == chapter_slug.strip()))
        if chapter is None:
            raise ValidationFailed(fields={"chapter": _l("Unknown chapter.")})
    if db.session.scalar(sa.select(Project.id).where(Project.slug == slug)):
        raise Conflict(_l("This project already exists."), {"slug": _l("Already in use.")})
    project = Project(slug=slug, name=name.strip(), chapter_id=chapter.id if chapter else None)
    db.session.add(project)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # created at the same moment by someone else
        db.session.rollback()
        raise Conflict(_l("This project already exists."), {"slug": _l("Already in use.")}) from None
    return project


def create_project(actor: User, data: ProjectIn) -> Project:
    """An admin creates a project."""
    require(actor, "projects.manage")
    return add_project(data.slug, data.name, data.chapter or None)


def projects_for(chapter_id: int | None) -> list[Project]:
    """The projects a member or organisation of this chapter may belong to: the chapter's own and those
    beside every chapter."""
    stmt = sa.select(Project).where(sa.or_(Project.chapter_id.is_(None), Project.chapter_id == chapter_id))
    return list(db.session.scalars(stmt.order_by(Project.name, Project.id)))


def _project(slug: str | None, chapter_id: int | None) -> Project | None:
    if not slug:
        return None
    project = next((p for p in projects_for(chapter_id) if p.slug == slug.strip()), None)
    if project is None:
        raise ValidationFailed(fields={"project": _l("Choose a project of this city.")})
    return project


def assign_member(actor: User, user_id: int, slug: str | None) -> User:
    """Put a member in a project of their chapter (or none): their volunteer days count there too."""
    member = db.session.get(User, user_id)
    if member is None or not can(actor, "projects.assign", member.chapter_id):
        raise NotFound()
    project = _project(slug, member.chapter_id)
    member.project_id = project.id if project else None
    audit.record(actor, member.id, AuditAction.PROJECT_SET, "project", member.project_id,
                 {"project": project.slug if project else None})
    db.session.commit()
    return member


def assign_organisation(actor: User, organisation_id: int, slug: str | None) -> Organisation:
    """Put an organisation in a project of its chapter (or none)."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not can(actor, "projects.assign", organisation.chapter_id):
        raise NotFound()
    project = _project(slug, organisation.chapter_id)
    organisation.project_id = project.id if project else None
    db.session.commit()
    return organisation
