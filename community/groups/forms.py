"""Web forms of groups. They gather input; the rules live in schemas.py and the services."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SearchField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from community.core.webforms import Form
from community.groups.constants import KIND_LABELS, VISIBILITY_LABELS, GroupKind, Visibility
from community.search.limits import MAX_QUERY_CHARS


class GroupForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    kind = RadioField(_l("Kind"), default=GroupKind.COFFEE.value, validators=[DataRequired()])
    description = TextAreaField(_l("What is this group about?"), validators=[Optional(), Length(max=5000)])
    chapter = SelectField(_l("City"), validators=[Optional()])
    sector = SelectField(_l("Sector"), validators=[Optional()],
                         description=_l("Required for an expert group."))
    visibility = RadioField(_l("Who can read it?"), default=Visibility.OPEN.value)
    submit = SubmitField(_l("Save the group"))


class FilterForm(Form):
    """The directory's filters: a GET form, so no CSRF token and shareable URLs."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=MAX_QUERY_CHARS)])
    kind = SelectField(_l("Kind"), validators=[Optional()])
    chapter = SelectField(_l("City"), validators=[Optional()])
    sector = SelectField(_l("Sector"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))


class PostForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=20000)],
                         description=_l("You can use Markdown: **bold**, *italic*, [link](https://…)."))
    submit = SubmitField(_l("Post"))


class CommentForm(Form):
    body = TextAreaField(_l("Your answer"), validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField(_l("Answer"))


def set_choices(form: Form, chapters: list[tuple[str, str]], sectors: list[tuple[str, str]], empty: str) -> None:
    """Fill the choices at request time (labels in the reader's language; WTForms wants them set late)."""
    kinds = [(kind.value, label) for kind, label in KIND_LABELS.items()]
    form.kind.choices = kinds if isinstance(form, GroupForm) else [("", _l("All kinds"))] + kinds
    if isinstance(form, GroupForm):
        form.visibility.choices = [(visibility.value, label) for visibility, label in VISIBILITY_LABELS.items()]
    form.chapter.choices = [("", empty)] + chapters
    form.sector.choices = [("", empty)] + sectors
