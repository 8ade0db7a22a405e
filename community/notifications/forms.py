"""The forms of the notification pages (CSRF on each)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FormField, SelectField, SubmitField

from community.core.webforms import Form
from community.notifications.constants import DIGEST_ONLY, EmailChoice, Kind


def email_choices(kind: Kind) -> list[tuple[str, object]]:
    labels = {EmailChoice.OFF: _l("No mail"), EmailChoice.INSTANT: _l("At once"),
              EmailChoice.DAILY: _l("Daily summary"), EmailChoice.WEEKLY: _l("Weekly summary")}
    return [(str(c), labels[c]) for c in EmailChoice if not (kind in DIGEST_ONLY and c == EmailChoice.INSTANT)]


class KindForm(Form):
    class Meta:
        csrf = False  # the outer form carries the token

    email = SelectField(_l("E-mail"))
    push = BooleanField(_l("Push"))


def settings_form(choices: dict, data: dict | None = None) -> Form:
    """One row per kind, filled with the member's choices."""

    class SettingsForm(Form):
        submit = SubmitField(_l("Save"))

    for kind in Kind:
        setattr(SettingsForm, str(kind), FormField(KindForm, label=str(kind)))
    form = SettingsForm(data=data) if data is not None else SettingsForm(
        data={str(k): {"email": str(c.email), "push": c.push} for k, c in choices.items()})
    for kind in Kind:
        getattr(form, str(kind)).email.choices = email_choices(kind)
    return form
