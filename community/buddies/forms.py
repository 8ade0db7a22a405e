"""Web forms of the buddies pages. They gather input; the rules live in schemas.py and the services."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from community.accounts.forms import MultiCheckboxField
from community.buddies.constants import KIND_LABELS, KINDS
from community.buddies.schemas import CAPACITY_MAX, FEEDBACK_MAX, NOTE_MAX
from community.core.webforms import Form

KIND_CHOICES = [(kind.value, KIND_LABELS[kind]) for kind in KINDS]


class EnrollForm(Form):
    kind = RadioField(_l("What are you looking for or offering?"), choices=KIND_CHOICES,
                      validators=[DataRequired()])
    note = TextAreaField(_l("What do you hope for? (optional)"), validators=[Optional(), Length(max=NOTE_MAX)])
    capacity = IntegerField(_l("How many newcomers at once? (locals)"), default=1,
                            validators=[Optional(), NumberRange(min=1, max=CAPACITY_MAX)])
    submit = SubmitField(_l("Enrol"))


class ProposeForm(Form):
    """One button under a suggestion: a newcomer asks that local, or a coordinator proposes the pair,
    for the kind (buddy or coffee) the suggestion was made for (empty: the best kind both share)."""

    kind = HiddenField(validators=[Optional(), AnyOf([kind.value for kind in KINDS])])


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
    kind = SelectField(_l("Kind"), choices=[("", _l("Buddies and coffee")), *KIND_CHOICES],
                       validators=[Optional()])
    submit = SubmitField(_l("Run auto-match"))


class ApproveForm(Form):
    proposals = MultiCheckboxField(_l("Proposals to send"), validators=[DataRequired()], validate_choice=False)
    submit = SubmitField(_l("Propose the ticked matches"))
