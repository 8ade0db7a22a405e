"""What each kind says, rendered from its parameters in the language of whoever reads it (the app,
a mail, a push). Features may turn codes into labels through the registry's `notification_params`."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _

from community.core.registry import registry
from community.notifications.constants import EmailChoice, Kind


class _Safe(dict):
    # A notification stored by an older version may miss a parameter: show a blank, never fail.
    def __missing__(self, key: str) -> str:
        return ""


def _titles() -> dict[Kind, Callable[[dict[str, Any]], str]]:
    return {
        Kind.MATCH_PROPOSED: lambda p: _("New buddy match proposed with %(name)s", name=p["name"]),
        Kind.MATCH_ACCEPTED: lambda p: _("%(name)s accepted the buddy match", name=p["name"]),
        Kind.MATCH_ENDED: lambda p: _("Your buddy match with %(name)s ended", name=p["name"]),
        Kind.CHECKIN_DUE: lambda p: _("Time for a check-in about your match with %(name)s", name=p["name"]),
        Kind.GROUP_JOIN_APPROVED: lambda p: _("You are now a member of %(group)s", group=p["group"]),
        Kind.GROUP_POST: lambda p: _("New post in %(group)s", group=p["group"]),
        Kind.EVENT_CHANGED: lambda p: _("Changed: %(title)s", title=p["event"]),
        Kind.EVENT_CANCELLED: lambda p: _("Cancelled: %(title)s", title=p["event"]),
        Kind.EVENT_REMINDER: lambda p: _("Tomorrow: %(title)s", title=p["event"]),
        Kind.WAITLIST_PROMOTED: lambda p: _("A seat is free for you: %(title)s", title=p["event"]),
        Kind.APPLICATION_STATUS: lambda p: _("Your application for %(title)s: %(status)s",
                                             title=p["opportunity"], status=p["status_label"] or p["status"]),
        Kind.NEW_OPPORTUNITIES: lambda p: _("New opportunities for you"),
        Kind.DIRECT_MESSAGE: lambda p: _("New message from %(name)s", name=p["name"]),
        Kind.RECRUITMENT_SHORTLISTED: lambda p: _("You are on a shortlist for %(title)s", title=p["title"]),
        Kind.REPORT_OUTCOME: lambda p: _("Your report was handled"),
        Kind.INTAKE_STAGE: lambda p: _("Your intake: %(stage)s", stage=p["stage_label"] or p["stage"]),
        Kind.EVALUATION_DUE: lambda p: _("Time to evaluate: %(subject)s", subject=p["subject"]),
    }


def _bodies() -> dict[Kind, Callable[[dict[str, Any]], str]]:
    return {
        Kind.GROUP_POST: lambda p: _("%(author)s wrote: %(title)s", author=p["author"], title=p["title"]),
        Kind.EVENT_CHANGED: lambda p: _("The date, time or place changed. Please check the event."),
        Kind.EVENT_CANCELLED: lambda p: _("Sorry: this event is cancelled."),
        Kind.EVENT_REMINDER: lambda p: _("A reminder: %(when)s at %(place)s.", when=p["when"], place=p["place"]),
        Kind.WAITLIST_PROMOTED: lambda p: _("Someone cancelled and the seat is yours. Can you not come after "
                                            "all? Please cancel, so the next person gets the seat."),
        Kind.REPORT_OUTCOME: lambda p: p["outcome_label"] or "",
        Kind.NEW_OPPORTUNITIES: lambda p: _("%(count)s new opportunities match your profile.", count=p["count"]),
    }


_ALL = frozenset(Kind)


def _params(kind: str, params: dict[str, Any]) -> _Safe:
    extend = registry().notification_params.get(kind)
    return _Safe(extend(dict(params)) if extend else params)


def title(kind: str, params: dict[str, Any]) -> str:
    """The one-line title, in the current language."""
    render = _titles().get(Kind(kind)) if kind in _ALL else None
    return render(_params(kind, params)) if render else kind


def body(kind: str, params: dict[str, Any]) -> str:
    """The longer text (may be empty), in the current language."""
    render = _bodies().get(Kind(kind)) if kind in _ALL else None
    return render(_params(kind, params)) if render else ""


def kind_label(kind: Kind | EmailChoice) -> str:
    """The name of a kind on the settings page (or of a summary mail)."""
    if kind == EmailChoice.DAILY:
        return _("Your daily summary")
    if kind == EmailChoice.WEEKLY:
        return _("Your weekly summary")
    return str({
        Kind.MATCH_PROPOSED: _("A buddy match is proposed"),
        Kind.MATCH_ACCEPTED: _("A buddy match is accepted"),
        Kind.MATCH_ENDED: _("A buddy match ended"),
        Kind.CHECKIN_DUE: _("A check-in is due"),
        Kind.GROUP_JOIN_APPROVED: _("You were let into a group"),
        Kind.GROUP_POST: _("New posts in your groups"),
        Kind.EVENT_CHANGED: _("An event changed"),
        Kind.EVENT_CANCELLED: _("An event is cancelled"),
        Kind.EVENT_REMINDER: _("Event reminders"),
        Kind.WAITLIST_PROMOTED: _("A seat became free for you"),
        Kind.APPLICATION_STATUS: _("Your applications"),
        Kind.NEW_OPPORTUNITIES: _("New opportunities matching your profile"),
        Kind.DIRECT_MESSAGE: _("Direct messages"),
        Kind.RECRUITMENT_SHORTLISTED: _("Recruitment shortlists"),
        Kind.REPORT_OUTCOME: _("Outcome of your reports"),
        Kind.INTAKE_STAGE: _("Your intake"),
        Kind.EVALUATION_DUE: _("Evaluations due"),
    }[kind])
