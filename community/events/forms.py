"""Web forms of events. They gather input; the rules live in schemas.py and the services."""
from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from community.core.time import as_utc
from community.core.webforms import Form
from community.events.constants import KIND_LABELS


class EventForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)],
                                description=_l("You can use Markdown: **bold**, *italic*, [link](https://…)."))
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()],
                                   description=_l("Local time where the event takes place."))
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    location = StringField(_l("Place"), validators=[DataRequired(), Length(max=200)])
    capacity = IntegerField(_l("Seats"), validators=[Optional(), NumberRange(min=1, max=100000)],
                            description=_l("Leave empty for no limit."))
    chapter = SelectField(_l("City"), validators=[Optional()])
    group_id = SelectField(_l("Group"), validators=[Optional()])
    organisation_id = SelectField(_l("For the organisation"), validators=[Optional()])
    languages = StringField(_l("Languages spoken"), validators=[Optional(), Length(max=60)],
                            description=_l("Language codes separated by commas, e.g. nl, en, ar."))
    what_to_bring = TextAreaField(_l("What to bring"), validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Save the event"))

    def payload(self, zone: tzinfo) -> dict[str, Any]:
        """The form as the schema's input; wall-clock times in `zone` become UTC."""
        data = {name: self.data[name] for name in ("title", "kind", "location", "capacity", "chapter")
                if name in self.data}
        for name in ("description", "what_to_bring"):  # absent from the post: empty, not missing
            data[name] = self.data.get(name) or ""
        for name in ("group_id", "organisation_id"):
            if name in self.data:
                data[name] = int(self.data[name]) if self.data[name] else None
        data["languages"] = [c for c in (self.languages.data or "").replace(";", ",").split(",") if c.strip()]
        for name in ("starts_at", "ends_at"):
            data[name] = to_utc(self[name].data, zone)
        return data


class FilterForm(Form):
    """The list's filters: a GET form, so no CSRF token and shareable URLs."""

    class Meta:
        csrf = False

    chapter = SelectField(_l("City"), validators=[Optional()])
    kind = SelectField(_l("Kind"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))


def to_utc(local: datetime | None, zone: tzinfo) -> datetime | None:
    """A wall-clock time in `zone` as UTC."""
    return local.replace(tzinfo=zone).astimezone(timezone.utc) if local else None


def to_local(moment: datetime | None, zone: tzinfo) -> datetime | None:
    """A moment as the wall-clock time in `zone` (for the form's fields)."""
    return as_utc(moment).astimezone(zone).replace(tzinfo=None) if moment is not None else None


def kind_choices(empty: str | None = None) -> list[tuple[str, Any]]:
    """Kinds with labels in the reader's language."""
    return ([("", empty)] if empty else []) + [(kind.value, label) for kind, label in KIND_LABELS.items()]
