"""The plain form to send a message without JavaScript."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from community.chat.schemas import BODY_LIMIT
from community.core.webforms import Form


class MessageForm(Form):
    """Write a message; `client_id` lets a double submit store it once."""

    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=BODY_LIMIT)],
                         render_kw={"rows": 2, "maxlength": BODY_LIMIT})
    client_id = HiddenField()
    submit = SubmitField(_l("Send"))
