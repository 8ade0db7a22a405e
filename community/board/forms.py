"""Web forms of the board. They gather input; the rules live in schemas.py and the services."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from community.accounts import constants as ac
from community.accounts.forms import MultiCheckboxField
from community.board import constants as c
from community.coordination.reference import SECTORS
from community.core.webforms import Form


def set_place_choices(form, chapters: list) -> None:
    """Fill the sector and chapter lists (set after construction: they depend on the database)."""
    form.sector.choices = [(slug, str(name)) for slug, name in SECTORS.items()]
    form.chapter.choices = [(c.slug, c.name) for c in chapters]
    # Set here rather than in the class: WTForms deprecates tuple choices given to the constructor.
    if hasattr(form, "type"):
        form.type.choices = [(t.value, str(c.TYPE_LABELS[t])) for t in c.TYPES]
        form.dutch_level.choices = [("", str(_l("No level asked")))] + [
            (lv.value, str(ac.LEVEL_LABELS[lv])) for lv in ac.LEVELS]


class OrganisationForm(Form):
    name = StringField(_l("Name of the organisation"), validators=[DataRequired(), Length(max=c.NAME_MAX)])
    sector = SelectField(_l("Sector"), validators=[DataRequired()])
    chapter = SelectField(_l("Chapter"), validators=[DataRequired()])
    description = TextAreaField(_l("What does your organisation do?"), validators=[Length(max=c.DESCRIPTION_MAX)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=c.WEBSITE_MAX)])
    never_alone = BooleanField(c.COMMITMENT_LABELS[c.Commitment.NEVER_ALONE])
    briefing = BooleanField(c.COMMITMENT_LABELS[c.Commitment.BRIEFING])
    contact_person = BooleanField(c.COMMITMENT_LABELS[c.Commitment.CONTACT_PERSON])
    evaluation = BooleanField(c.COMMITMENT_LABELS[c.Commitment.EVALUATION])
    progression = BooleanField(c.COMMITMENT_LABELS[c.Commitment.PROGRESSION])
    submit = SubmitField(_l("Register the organisation"))


class OpportunityForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=c.TITLE_MAX)])
    simple_summary = TextAreaField(_l("In simple words"), validators=[Length(max=c.SUMMARY_MAX)],
                                   description=_l("Optional: a few short sentences in easy language (B1), "
                                                  "shown first."))
    description = TextAreaField(_l("Description"), description=_l("You can use Markdown."),
                                validators=[Length(max=c.DESCRIPTION_MAX)])
    type = SelectField(_l("Kind"))
    sector = SelectField(_l("Sector"))
    chapter = SelectField(_l("Chapter"))
    city = StringField(_l("City"), validators=[Optional(), Length(max=c.CITY_MAX)])
    dutch_level = SelectField(_l("Dutch level asked"), validators=[Optional()])
    hours_per_week = IntegerField(_l("Hours per week"), validators=[Optional(), NumberRange(min=1, max=80)])
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    places = IntegerField(_l("Places"), validators=[Optional(), NumberRange(min=1, max=c.PLACES_MAX)],
                          description=_l("Optional: how many people it takes. Empty means no limit."))
    languages = StringField(_l("Languages spoken at work"), description=_l("Codes separated by commas, e.g. nl, en, ar"),
                            validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Publish"))
    # Shown for a new opportunity: keep it unpublished, or keep it and ask newcomers to check it first.
    save_draft = SubmitField(_l("Save as draft"))
    ask_check = SubmitField(_l("Ask newcomers to check it"))


class ApplyForm(Form):
    message = TextAreaField(_l("Your message to the organisation"), validators=[Length(max=c.MESSAGE_MAX)])
    submit = SubmitField(_l("Apply"))


class StatusForm(Form):
    """One button per next status on the applicants page."""

    status = HiddenField(validators=[DataRequired(), AnyOf([status.value for status in c.SETTABLE_STATUSES])])


class RecruitmentForm(Form):
    description = TextAreaField(_l("Who are you looking for?"), validators=[DataRequired(), Length(max=c.MESSAGE_MAX)])
    positions = IntegerField(_l("How many people?"), default=1, validators=[DataRequired(), NumberRange(min=1, max=100)])
    opportunity_id = SelectField(_l("For which opportunity?"), validators=[Optional()])
    submit = SubmitField(_l("Ask for recruitment help"))


class ShortlistForm(Form):
    # The service asks the policy about every member sent (a forged id is refused there, by name).
    user_ids = MultiCheckboxField(_l("Members to propose"), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Send the shortlist"))
