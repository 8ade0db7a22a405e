"""Web forms of oversight: resolving a report and creating a project. The rules live in the services."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from community.accounts.suspension import SuspensionReason, reason_choices
from community.coordination import projects
from community.coordination.constants import ReportAction
from community.coordination.moderation import ACTION_LABELS
from community.core.webforms import Form
from community.policy import can


class ResolveForm(Form):
    """What the moderator decides about a report."""

    action = RadioField(_l("What do you decide?"), validators=[DataRequired()])
    reason = SelectField(_l("Why (only for a suspension; the member reads it in their language)"),
                         default=SuspensionReason.RULES.value)
    submit = SubmitField(_l("Resolve the report"))

    def __init__(self, *args: Any, removable: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set here: the choices depend on the kind reported (a member has no content to remove).
        self.action.choices = [(a.value, str(ACTION_LABELS[a])) for a in ReportAction
                               if removable or a != ReportAction.REMOVE_CONTENT]
        self.reason.choices = [(value, str(label)) for value, label in reason_choices()]


class ProjectForm(Form):
    """A new project."""

    slug = StringField(_l("Short name for addresses and the CSV (e.g. fedasil-menen)"),
                       validators=[DataRequired(), Length(max=projects.SLUG_MAX)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=projects.NAME_MAX)])
    chapter = SelectField(_l("Chapter it runs in"))
    submit = SubmitField(_l("Create the project"))

    def set_chapters(self, chapters: list[Any]) -> None:
        """Offer the chapters, and "none" for a project beside every chapter."""
        self.chapter.choices = [("", str(_l("None: beside every chapter")))] + [(c.slug, c.name) for c in chapters]


class ProjectChoiceForm(Form):
    """The project a member or an organisation belongs to, besides its chapter."""

    project = SelectField(_l("Project"))
    submit = SubmitField(_l("Save the project"))

    def set_projects(self, choices: list[Any], current: str | None) -> None:
        """Offer the chapter's projects and "none"; start on the current one."""
        self.project.choices = [("", str(_l("No project")))] + [(p.slug, p.name) for p in choices]
        if not self.is_submitted():
            self.project.data = current or ""


def project_choice_form(actor: Any, chapter_id: int | None, project_id: int | None) -> ProjectChoiceForm | None:
    """The form to change a member's or organisation's project, for those who may and when the chapter
    has projects to choose from; None otherwise."""
    if not can(actor, "projects.assign", chapter_id):
        return None
    choices = projects.projects_for(chapter_id)
    if not choices:
        return None
    form = ProjectChoiceForm(formdata=None)
    form.set_projects(choices, next((p.slug for p in choices if p.id == project_id), None))
    return form


def organisation_project_form(organisation: Any) -> ProjectChoiceForm | None:
    """The project form on an organisation's page, for the signed-in coordinator of its chapter."""
    return project_choice_form(current_user, organisation.chapter_id, organisation.project_id)
