"""Web forms of the community check. They gather input; the rules live in schemas.py and the services."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from community.checks import constants as c
from community.core.webforms import Form

SCORES = [(str(n), str(n)) for n in range(c.SCORE_MIN, c.SCORE_MAX + 1)]


class AskForm(Form):
    reviewers = IntegerField(_l("How many newcomers should check it?"), default=c.REVIEWERS_DEFAULT,
                             validators=[InputRequired(), NumberRange(min=c.REVIEWERS_MIN, max=c.REVIEWERS_MAX)])
    submit = SubmitField(_l("Ask newcomers to check it"))


class ReviewForm(Form):
    clarity = RadioField(_l("Is it clear? 1 = not at all, 5 = very clear"), choices=SCORES,
                         validators=[InputRequired()])
    fairness = RadioField(_l("Is it fair to newcomers? 1 = not at all, 5 = very fair"), choices=SCORES,
                          validators=[InputRequired()])
    suggestions = TextAreaField(_l("Your suggestions, in your own words"), validators=[Length(max=c.SUGGESTIONS_MAX)],
                                render_kw={"dir": "auto"})
    show_name = BooleanField(_l("Show my name to the organisation"))
    submit = SubmitField(_l("Send my review"))
