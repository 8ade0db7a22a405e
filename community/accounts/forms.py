"""Web forms of accounts. They gather input; the rules live in schemas.py and services.py."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    FormField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from community.accounts import constants as c
from community.core.i18n import LANGUAGES
from community.core.webforms import Form
from community.policy import may_self_register

# Languages offered in the profile form: those most spoken by newcomers and locals here.
# The API accepts any ISO 639 code.
PROFILE_LANGUAGES = ("nl", "fr", "en", "ar", "fa", "prs", "ps", "ti", "am", "so", "uk", "ru", "tr", "ku",
                     "ckb", "es", "de", "it", "pt", "ur", "hi", "bn", "sw", "ro", "pl", "sq", "hy", "ka")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RegisterForm(Form):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=c.NAME_MAX)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=c.EMAIL_MAX)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=c.PASSWORD_MIN, max=c.PASSWORD_MAX)],
        description=_l("At least 10 characters. A short sentence is easy to remember."),
    )
    role = RadioField(_l("I am"), choices=[(r.value, c.ROLE_LABELS[r]) for r in c.ROLES if may_self_register(r)],
                      validators=[DataRequired()])
    chapter = SelectField(_l("Your city"), validators=[DataRequired()])
    locale = SelectField(_l("Your language"), choices=list(LANGUAGES.items()))
    consent = BooleanField(_l("I have read the privacy statement and I agree."), validators=[DataRequired()])
    submit = SubmitField(_l("Create my account"))


class LoginForm(Form):
    # A member registered in person without an address types the number of their sign-in card here.
    email = StringField(_l("Email address or card number"), validators=[DataRequired(), Length(max=c.EMAIL_MAX)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=c.PASSWORD_MAX)])
    submit = SubmitField(_l("Log in"))


class LanguageRowForm(Form):
    class Meta:
        csrf = False  # a row inside the profile form, which carries the token

    code = SelectField(_l("Language"), validators=[Optional()])
    level = SelectField(_l("Level"), choices=[(lv.value, c.LEVEL_LABELS[lv]) for lv in c.LEVELS],
                        validators=[Optional()])


class ProfileForm(Form):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=c.NAME_MAX)])
    chapter = SelectField(_l("Your chapter"), validators=[Optional()])
    city = StringField(_l("Where do you live?"), validators=[Optional(), Length(max=c.CITY_MAX)])
    bio = TextAreaField(_l("About you"), validators=[Optional(), Length(max=c.BIO_MAX)])
    languages = FieldList(FormField(LanguageRowForm), min_entries=4, max_entries=c.LANGUAGES_MAX)
    dutch_level = SelectField(_l("Your level of Dutch"), validators=[Optional()])
    sectors = MultiCheckboxField(_l("Sectors you work in or want to work in"), validators=[Optional()])
    skills = StringField(_l("Skills"), validators=[Optional(), Length(max=2000)],
                         description=_l("Separate them with commas, for example: cooking, welding, Excel"))
    motivation = TextAreaField(_l("What do you hope to find here?"),
                               validators=[Optional(), Length(max=c.MOTIVATION_MAX)])
    availability = MultiCheckboxField(_l("When are you free?"), validators=[Optional()])
    wants = MultiCheckboxField(_l("I am looking for"), choices=[(w.value, c.WANT_LABELS[w]) for w in c.WANTS],
                               validators=[Optional()])
    residence_status = SelectField(
        _l("Residence status (private)"), validators=[Optional()],
        description=_l("Only you and the coordinators of your chapter see this. You may leave it empty."),
    )
    submit = SubmitField(_l("Save my profile"))


class SettingsForm(Form):
    locale = SelectField(_l("Language"), choices=list(LANGUAGES.items()))
    findable = BooleanField(_l("Other members may find me in search and suggestions"))
    reviewer = BooleanField(_l("Organisations may ask me to check their proposals before they publish them"))
    submit = SubmitField(_l("Save settings"))


class PasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"),
                                 validators=[DataRequired(), Length(min=c.PASSWORD_MIN, max=c.PASSWORD_MAX)])
    submit = SubmitField(_l("Change password"))


class DeleteAccountForm(Form):
    password = PasswordField(_l("Your password"), validators=[DataRequired()])
    submit = SubmitField(_l("Delete my account for good"))


class ConfirmForm(Form):
    """A button that only needs the CSRF token (log out, revoke, block, report)."""

    submit = SubmitField(_l("Confirm"))


class ReportForm(Form):
    reason = TextAreaField(_l("What is wrong?"), validators=[DataRequired(), Length(max=c.REASON_MAX)])
    submit = SubmitField(_l("Send report"))


class TwoFactorForm(Form):
    """A code from the authenticator app, or a recovery code."""

    code = StringField(_l("Code from your app (or a recovery code)"),
                       validators=[DataRequired(), Length(max=40)])
    submit = SubmitField(_l("Continue"))
