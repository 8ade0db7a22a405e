"""What coordination tells members through the notifications feature: their intake stage and the
outcome of their reports (after the change is committed; labels written at reading time)."""
from __future__ import annotations

from community.accounts.constants import INTAKE_LABELS, IntakeStatus
from community.accounts.models import User
from community.coordination.models import Report
from community.extensions import db
from community.notifications.constants import Kind
from community.notifications.services import notify, path_for


def stage_moved(member: User, stage: IntakeStatus, at: str) -> None:
    """The newcomer hears which stage of the intake they are in now."""
    notify(member, Kind.INTAKE_STAGE, {"stage": str(stage)}, path_for("core.home"),
           dedupe_key=f"intake:{member.id}:{stage}:{at}"[:200])


def report_outcome(report: Report) -> None:
    """The reporter hears that their report was handled, and how."""
    reporter = db.session.get(User, report.reporter_id) if report.reporter_id else None
    if reporter is None:
        return
    notify(reporter, Kind.REPORT_OUTCOME, {"report_id": report.id, "outcome": str(report.action or "")},
           path_for("coordination_oversight.my_reports"), dedupe_key=f"report:{report.id}")


def intake_params(values: dict) -> dict:
    """The stage code becomes its label, in the reader's language."""
    stage = values.get("stage")
    if stage in set(IntakeStatus):
        values["stage_label"] = str(INTAKE_LABELS[IntakeStatus(stage)])
    return values
