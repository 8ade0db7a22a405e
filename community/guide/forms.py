"""Web forms of the guide. They gather input; the rules live in schemas.py and the services."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SearchField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from community.core.i18n import LANGUAGES
from community.core.webforms import Form
from community.guide.constants import DOMAIN_LABELS
from community.search.limits import MAX_QUERY_CHARS

MARKDOWN_HINT = _l("You can use Markdown: **bold**, *italic*, [link](https://…).")
SUMMARY_HINT = _l("A few short sentences in simple words (level B1). Shown first.")


class FilterForm(Form):
    """The guide's filters: a GET form, so no CSRF token and shareable URLs."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=MAX_QUERY_CHARS)])
    domain = SelectField(_l("Domain"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))

    def fill_choices(self) -> None:
        self.domain.choices = [("", _l("All domains"))] + [(d.value, label) for d, label in DOMAIN_LABELS.items()]


class EntryForm(Form):
    domain = SelectField(_l("Domain"), validators=[DataRequired()])
    source_locale = SelectField(_l("Written in"), validators=[DataRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    simple_summary = TextAreaField(_l("In simple words"), validators=[Optional(), Length(max=600)],
                                   description=SUMMARY_HINT)
    description = TextAreaField(_l("What they do, and for whom"), validators=[Optional(), Length(max=10000)],
                                description=MARKDOWN_HINT)
    languages_spoken = StringField(_l("Languages spoken"), validators=[Optional(), Length(max=200)],
                                   description=_l("Language codes separated by spaces, e.g. nl en ar."))
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    opening_hours = TextAreaField(_l("Opening hours"), validators=[Optional(), Length(max=500)])
    contact = StringField(_l("Contact"), validators=[Optional(), Length(max=300)],
                          description=_l("Phone, e-mail or website."))
    cost = StringField(_l("Cost"), validators=[Optional(), Length(max=200)])
    how_to_get_there = TextAreaField(_l("How to get there"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Save the entry"))

    def fill_choices(self) -> None:
        self.domain.choices = [(d.value, label) for d, label in DOMAIN_LABELS.items()]
        self.source_locale.choices = list(LANGUAGES.items())

    def values(self) -> dict:
        """The fields as the schemas read them."""
        data = {name: self.data[name] or "" for name in ENTRY_FIELDS}
        data["languages_spoken"] = (self.languages_spoken.data or "").replace(",", " ").split()
        return data


ENTRY_FIELDS = ("domain", "source_locale", "name", "simple_summary", "description", "address", "opening_hours",
                "contact", "cost", "how_to_get_there")


class TranslationForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    simple_summary = TextAreaField(_l("In simple words"), validators=[Optional(), Length(max=600)],
                                   description=SUMMARY_HINT)
    description = TextAreaField(_l("What they do, and for whom"), validators=[Optional(), Length(max=10000)],
                                description=MARKDOWN_HINT)
    submit = SubmitField(_l("Save the translation"))


class ReferralForm(Form):
    guide_entry_id = SelectField(_l("Service from the guide"), validators=[DataRequired()])
    note = TextAreaField(_l("Note for the coordinators"), validators=[Optional(), Length(max=2000)],
                         description=_l("Only coordinators read this."))
    follow_up_on = DateField(_l("Follow up on"), validators=[Optional()])
    submit = SubmitField(_l("Refer"))
