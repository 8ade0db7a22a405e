"""Web forms of access without e-mail: registration in person, signing in with a card, the first
password, adding an address. The rules live in schemas.py and the services."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from community.accounts import constants as c
from community.core.i18n import LANGUAGES
from community.core.webforms import Form


class AssistedForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=c.NAME_MAX)])
    locale = SelectField(_l("Language of the card and the site"), choices=list(LANGUAGES.items()))
    chapter = SelectField(_l("Chapter"), validators=[DataRequired()])
    phone = StringField(_l("Phone number (optional)"), validators=[Optional(), Length(max=c.PHONE_MAX)],
                        description=_l("Only coordinators of the chapter see it. It is not printed on the card."))
    consent = BooleanField(_l("I explained the privacy statement in a language they understand, and they agree."),
                           validators=[DataRequired()])
    submit = SubmitField(_l("Register and make a card"))


class CardCodeForm(Form):
    code = StringField(_l("Code on your card"), validators=[DataRequired(), Length(max=40)],
                       description=_l("Ten letters and numbers, for example ABCDE-FGHJK."))
    submit = SubmitField(_l("Sign in"))


class FirstPasswordForm(Form):
    password = PasswordField(_l("Choose a password"),
                             validators=[DataRequired(), Length(min=c.PASSWORD_MIN, max=c.PASSWORD_MAX)],
                             description=_l("At least 10 characters. A short sentence is easy to remember."))
    submit = SubmitField(_l("Save my password"))


class EmailForm(Form):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=c.EMAIL_MAX)])
    submit = SubmitField(_l("Add my email address"))
