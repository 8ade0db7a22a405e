"""How coordination plugs into the app: reference data and reports over JSON, the `chapter` and
`project` commands, sector names in templates, the member's reports in their export, members as
reportable; the people work (intake, placements, volunteer days, evaluations, audit log,
attestations); and oversight (the moderation queue, the coordinator's workplace, key figures)."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from community.accounts.signals import private_fields_viewed, two_factor_reset
from community.accounts.suspension import reason_text
from community.coordination import (
    api,
    api_attestations,
    api_oversight,
    api_volunteering,
    approvals,
    attendance,
    attestations,
    audit,
    cli,
    evaluations,
    figures_format,
    forms_oversight,
    intake,
    moderation,
    notices,
    placements,
    services,
    views,
    views_evaluations,
    views_mine,
    views_oversight,
    views_verify,
    views_volunteering,
    volunteering,
)
from community.coordination.reference import sector_name
from community.coordination.templating import format_days, format_iso_date, home_context
from community.core.registry import Moderation, NavEntry, Queue, Slot, registry
from community.events.signals import attendance_marked
from community.notifications.constants import Kind
from community.policy import can


def init_app(app: Flask) -> None:
    """Register the coordination feature."""
    app.register_blueprint(api.bp)
    app.cli.add_command(cli.chapter_cli)
    app.jinja_env.globals["sector_name"] = sector_name
    parts = registry(app)
    parts.export_sections.append(services.export_reports)
    parts.add_report_target("user", services.load_user_for_report)
    _people_work(app)
    _oversight(app)


def _people_work(app: Flask) -> None:
    # The people work (issue 12A): intake, placements, volunteer days, evaluations, audit log, attestations.
    for module in (views, views_volunteering, views_evaluations, views_mine, views_verify, api_volunteering,
                   api_attestations):
        app.register_blueprint(module.bp)
    app.jinja_env.filters["format_days"] = format_days
    app.jinja_env.filters["iso_date"] = format_iso_date
    parts = registry(app)
    parts.add_nav(NavEntry("coordination_mine.volunteering", _l("My volunteering"), order=35, primary=True,
                           visible=lambda user: can(user, "volunteering.mine")))
    parts.add_nav(NavEntry("coordination.intake_board", _l("Intake"), order=60, primary=True,
                           visible=lambda user: can(user, "intake.board")))
    parts.add_nav(NavEntry("coordination_evaluations.partners", _l("Partners"), order=62,
                           visible=lambda user: can(user, "evaluations.averages")))
    parts.add_nav(NavEntry("coordination.audit_log", _l("Audit log"), order=90,
                           visible=lambda user: can(user, "audit.view")))
    parts.add_slot(Slot("home", "coordination/_home.html", order=25, context=home_context,
                        gate=evaluations.home_gate))
    parts.add_queue(Queue("intake", _l("Newcomers waiting for an intake talk"), "coordination.intake_board",
                          query=intake.waiting_query, order=20,
                          visible=lambda user: can(user, "intake.board")))
    parts.add_queue(Queue("days_to_check", _l("Volunteer days to check"), "coordination_volunteering.to_check",
                          query=volunteering.waiting_check_query, order=60,
                          visible=lambda user: can(user, "volunteering.check_queue")))
    for section in (intake.export_intake, placements.export_placements, volunteering.export_days,
                    evaluations.export_evaluations, attestations.export_attestations, audit.export_audit):
        parts.export_sections.append(section)
    parts.profile_fields.append(intake.profile_fields)  # the notes in a member's profile JSON, for staff
    parts.reminder_sources.append(evaluations.due_reminders)
    # Events and accounts announce; coordination listens (they never import it).
    attendance_marked.connect(attendance.on_attendance_marked)
    private_fields_viewed.connect(audit.on_private_fields_viewed)
    two_factor_reset.connect(audit.on_two_factor_reset)


def _oversight(app: Flask) -> None:
    # Issue 12, oversight (helper 12B): moderation, the workplace, key figures, projects.
    for module in (views_oversight, api_oversight):
        app.register_blueprint(module.bp)
    app.cli.add_command(cli.project_cli)
    app.jinja_env.globals.update(report_kind_label=moderation.kind_label, report_outcome=moderation.outcome_text,
                                 report_action_label=lambda action: str(moderation.DONE_LABELS.get(action, action)),
                                 figure_days=figures_format.days_value, suspension_reason=reason_text,
                                 organisation_project_form=forms_oversight.organisation_project_form)
    parts = registry(app)
    parts.add_moderation("user", Moderation(moderation.describe_users))
    parts.add_queue(approvals.REPORTS)
    parts.add_nav(NavEntry("coordination_oversight.reports", _l("Reports"), order=60,
                           visible=lambda user: can(user, "reports.moderate"),
                           badge=moderation.open_reports_badge))
    parts.add_nav(NavEntry("coordination_oversight.key_figures", _l("Key figures"), order=61,
                           visible=lambda user: can(user, "figures.view")))
    parts.add_slot(Slot("home", "coordination/oversight/_workplace.html", order=-10,
                        visible=lambda user: can(user, "workplace.view"), context=approvals.workplace))
    # On an organisation's page, its chapter's coordinators choose its project.
    parts.add_slot(Slot("organisation", "coordination/oversight/_organisation_project.html", order=50,
                        visible=lambda user: can(user, "workplace.view")))
    parts.add_slot(Slot("home", "coordination/oversight/_report_outcomes.html", order=-5,
                        visible=lambda user: can(user, "moderation.my_reports"),
                        context=lambda user: {"outcomes": moderation.recent_outcomes(user)},
                        gate=moderation.recent_outcomes_gate))
    parts.notification_params[str(Kind.INTAKE_STAGE)] = notices.intake_params
    parts.notification_params[str(Kind.REPORT_OUTCOME)] = moderation.report_params
