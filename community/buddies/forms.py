"""Web forms of the buddies pages. They gather input; the rules live in schemas.py and the services."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from community.core.webforms import Form
from wtforms import DateField, HiddenField, IntegerField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from community.accounts.forms import MultiCheckboxField
from community.buddies.schemas import CAPACITY_MAX, FEEDBACK_MAX, NOTE_MAX

KIND_LABELS = {"buddy": _l("A buddy"), "coffee": _l("A coffee meeting")}


class EnrollForm(Form):
    kind = RadioField(_l("What are you looking for or offering?"), choices=list(KIND_LABELS.items()),
                      validators=[DataRequired()])
    note = TextAreaField(_l("What do you hope for? (optional)"), validators=[Optional(), Length(max=NOTE_MAX)])
    capacity = IntegerField(_l("How many newcomers at once? (locals)"), default=1,
                            validators=[Optional(), NumberRange(min=1, max=CAPACITY_MAX)])
    submit = SubmitField(_l("Enrol"))


class ConfirmForm(Form):
    """A form with only the CSRF token, for one-button actions (ask, accept, pause, …)."""

    kind = HiddenField()


class CheckInForm(Form):
    met_on = DateField(_l("We met on"), validators=[DataRequired()])
    note = TextAreaField(_l("A short note (optional)"), validators=[Optional(), Length(max=NOTE_MAX)])
    submit = SubmitField(_l("Save the check-in"))


class EndForm(Form):
    rating = RadioField(_l("How was it? (1 = not good, 5 = very good)"),
                        choices=[(str(n), str(n)) for n in range(1, 6)], validators=[DataRequired()])
    feedback = TextAreaField(_l("Anything to tell us? (optional)"), validators=[Optional(), Length(max=FEEDBACK_MAX)])
    submit = SubmitField(_l("End and rate"))


class BoardForm(Form):
    """The coordinator's choice of chapter and member on the matching board (GET, no token)."""

    class Meta:
        csrf = False

    chapter = SelectField(_l("Chapter"), validators=[Optional()])
    member = SelectField(_l("Suggestions for"), validators=[Optional()])


class AutoMatchForm(Form):
    chapter = HiddenField(validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=[("", _l("Buddies and coffee"))] + list(KIND_LABELS.items()),
                       validators=[Optional()])
    submit = SubmitField(_l("Run auto-match"))


class ApproveForm(Form):
    proposals = MultiCheckboxField(_l("Proposals to send"), validators=[DataRequired()], validate_choice=False)
    submit = SubmitField(_l("Propose the ticked matches"))
