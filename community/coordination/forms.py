"""Web forms of the people work. They gather input; the rules live in schemas.py and the services.
Choices that depend on the database are filled by the views (WTForms wants them after construction)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from community.accounts import constants as ac
from community.coordination import constants as c
from community.coordination.reference import SECTORS
from community.core.webforms import Form


def _labelled(labels: dict) -> list[tuple[str, str]]:
    return [(str(key), str(label)) for key, label in labels.items()]


class BoardFilterForm(Form):
    """The intake board's filters (a GET form: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Stage"), validators=[Optional()])
    language = StringField(_l("Language (code, e.g. ar)"), validators=[Optional(), Length(max=8)])
    dutch_level = SelectField(_l("Dutch level"), validators=[Optional()])
    sector = SelectField(_l("Sector"), validators=[Optional()])
    wants = SelectField(_l("Looking for"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))

    def fill_choices(self) -> None:
        """Every vocabulary, with "any" first."""
        anything = [("", str(_l("Any")))]
        self.status.choices = anything + _labelled(ac.INTAKE_LABELS)
        self.dutch_level.choices = anything + [(lv, lv) for lv in ac.LEVELS]
        self.sector.choices = anything + _labelled(SECTORS)
        self.wants.choices = anything + _labelled(ac.WANT_LABELS)


class NoteForm(Form):
    topic = SelectField(_l("About"), validators=[DataRequired()])
    body = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=c.NOTE_MAX)],
                         description=_l("Private: only coordinators see it. The member finds it in their export."))
    submit = SubmitField(_l("Save the note"))

    def fill_choices(self) -> None:
        """The topics."""
        self.topic.choices = _labelled(c.NOTE_TOPIC_LABELS)


class PlacementForm(Form):
    organisation_id = SelectField(_l("Organisation"), validators=[DataRequired()])
    opportunity_id = SelectField(_l("Opportunity (optional)"), validators=[Optional()], validate_choice=False)
    kind = RadioField(_l("How long"), validators=[DataRequired()])
    contact_name = StringField(_l("Contact person at the organisation"),
                               validators=[DataRequired(), Length(max=c.CONTACT_NAME_MAX)],
                               description=_l("Nobody volunteers alone: this person welcomes and guides them."))
    contact_phone = StringField(_l("Contact's phone"), validators=[Optional(), Length(max=c.CONTACT_PHONE_MAX)])
    contact_email = StringField(_l("Contact's email"), validators=[Optional(), Length(max=ac.EMAIL_MAX)])
    tasks = TextAreaField(_l("Tasks"), validators=[Optional(), Length(max=c.PLACEMENT_TASKS_MAX)])
    starts_on = DateField(_l("Start"), validators=[DataRequired()])
    ends_on = DateField(_l("End (optional)"), validators=[Optional()])
    mark_placed = BooleanField(_l("Also move them to the stage Placed"), default=True)
    submit = SubmitField(_l("Place"))

    def fill_choices(self, organisations: list) -> None:
        """Verified organisations to choose from, and the kinds."""
        self.organisation_id.choices = [("", str(_l("Choose an organisation")))] + [
            (str(o.id), o.name) for o in organisations]
        self.opportunity_id.choices = [("", str(_l("No particular one")))]
        self.kind.choices = _labelled(c.PLACEMENT_KIND_LABELS)


class DaysForm(Form):
    user_id = SelectField(_l("Newcomer"), validators=[DataRequired()])
    organisation_id = SelectField(_l("Organisation"), validators=[DataRequired()])
    date = DateField(_l("Date"), validators=[DataRequired()])
    days = StringField(_l("Days"), validators=[DataRequired(), Length(max=6)],
                       description=_l("Half days count: 0.5 for a morning, 1 for a whole day."),
                       render_kw={"inputmode": "decimal"})
    tasks = StringField(_l("What did they do?"), validators=[Optional(), Length(max=c.TASKS_MAX)])
    submit = SubmitField(_l("Log the days"))

    def fill_choices(self, members: list, organisations: list) -> None:
        """Who and where."""
        self.user_id.choices = [("", str(_l("Choose a newcomer")))] + [(str(m.id), m.name) for m in members]
        self.organisation_id.choices = [("", str(_l("Choose an organisation")))] + [
            (str(o.id), o.name) for o in organisations]


class CorrectionForm(Form):
    date = DateField(_l("Date"), validators=[DataRequired()])
    days = StringField(_l("Days"), validators=[DataRequired(), Length(max=6)], render_kw={"inputmode": "decimal"})
    tasks = StringField(_l("What did they do?"), validators=[Optional(), Length(max=c.TASKS_MAX)])
    reason = StringField(_l("What was wrong?"), validators=[Optional(), Length(max=c.REASON_MAX)])
    submit = SubmitField(_l("Save the correction"))


class WithdrawForm(Form):
    reason = StringField(_l("Why withdraw these days?"), validators=[Optional(), Length(max=c.REASON_MAX)])
    submit = SubmitField(_l("Withdraw"))


class EndPlacementForm(Form):
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    submit = SubmitField(_l("End the placement"))


class EvaluationForm(Form):
    rating = RadioField(_l("How did it go? 1 is bad, 5 is very good."), validators=[DataRequired()])
    comment = TextAreaField(_l("Comment (optional)"), validators=[Optional(), Length(max=c.COMMENT_MAX)])
    submit = SubmitField(_l("Send"))

    def fill_choices(self) -> None:
        """The ratings."""
        self.rating.choices = [(str(n), str(n)) for n in c.RATINGS]


class MemberFilterForm(Form):
    """The audit log's filter (GET)."""

    class Meta:
        csrf = False

    member = StringField(_l("Member (number or email)"), validators=[Optional(), Length(max=254)])
    submit = SubmitField(_l("Show"))


class CodeForm(Form):
    """Type a verification code (GET)."""

    class Meta:
        csrf = False

    code = StringField(_l("Verification code"), validators=[DataRequired(), Length(max=20)])
    submit = SubmitField(_l("Check"))
