"""Oversight pages: the moderation queue and a report's page, the member's own reports, the key-figures
dashboard with its CSV, and the projects."""
from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.coordination import figures, figures_format, moderation, projects
from community.coordination.constants import ReportStatus
from community.coordination.forms_oversight import ProjectChoiceForm, ProjectForm, ResolveForm
from community.coordination.services import list_chapters
from community.core.pagination import page_args
from community.core.registry import registry
from community.core.validation import validate
from community.core.webforms import ConfirmForm, attempt, safe_next
from community.policy import require

bp = Blueprint("coordination_oversight", __name__, template_folder="templates")


def _status() -> ReportStatus:
    try:
        return ReportStatus(request.args.get("status", ReportStatus.OPEN))
    except ValueError:
        return ReportStatus.OPEN


@bp.get("/moderation/reports")
@login_required
def reports():
    """The reports waiting for me (or those I and my colleagues resolved)."""
    status = _status()
    page, per_page = page_args()
    pagination, rows = moderation.list_reports(current_user, status, page, per_page)
    return render_template("coordination/oversight/reports.html", pagination=pagination, rows=rows, status=status)


def _report_page(report_id: int, form: ResolveForm | None = None, status: int = 200):
    row = moderation.get_report(current_user, report_id)
    kinds = registry().moderation
    removable = row.report.target_type in kinds and kinds[row.report.target_type].remove is not None
    form = form or ResolveForm(removable=removable)
    return render_template("coordination/oversight/report.html", row=row, form=form), status


@bp.get("/moderation/reports/<int:report_id>")
@login_required
def report(report_id: int):
    """A report with what it points at, and the moderator's decision."""
    return _report_page(report_id)


@bp.post("/moderation/reports/<int:report_id>/resolve")
@login_required
def resolve(report_id: int):
    """Dismiss the report, remove the content or suspend its author."""
    require(current_user, "reports.moderate")
    form = ResolveForm()

    def decide():
        data = validate(moderation.ResolveIn, {"action": form.action.data, "reason": form.reason.data or None})
        return moderation.resolve(current_user, report_id, data.action, data.reason)

    if form.validate_on_submit() and attempt(
            decide, form, success=_("The report is resolved. The member who sent it can see the outcome.")):
        return redirect(url_for("coordination_oversight.reports"))
    return _report_page(report_id, form, 422)


@bp.get("/reports/mine")
@login_required
def my_reports():
    """The reports I made and what came of them."""
    page, per_page = page_args()
    return render_template("coordination/oversight/my_reports.html",
                           pagination=moderation.my_reports(current_user, page, per_page))


@bp.get("/figures")
@login_required
def key_figures():
    """The key figures of a period: a table to read, charts per month, a CSV to download."""
    chapter = request.args.get("chapter") or None
    asked = attempt(lambda: figures.parse_period(request.args.get("from"), request.args.get("to")))
    period = asked.value if asked else figures.parse_period(None, None)  # a wrong date: the default period
    result = attempt(lambda: figures.key_figures(current_user, period, chapter))
    if not result:  # an unknown chapter: every chapter the member may see instead
        chapter, result = None, attempt(lambda: figures.key_figures(current_user, period))
    months = figures.monthly(current_user, period, chapter)
    chart = {"months": [m.first.isoformat() for m in months],
             "registrations": [m.registrations for m in months],
             "days": [figures_format.days_value(m.days) for m in months],
             "labels": {"registrations": _("New registrations"), "days": _("Volunteer days")}}
    status = 200 if asked and chapter == (request.args.get("chapter") or None) else 422
    return render_template("coordination/oversight/figures.html", result=result.value, months=months, chart=chart,
                           chapter=chapter, days_text=figures_format.days_value), status


@bp.get("/figures.csv")
@login_required
def key_figures_csv():
    """The key figures of a period as CSV (the same table as the API's)."""
    period = figures.parse_period(request.args.get("from"), request.args.get("to"))
    result = figures.key_figures(current_user, period, request.args.get("chapter") or None)
    name = f"key-figures-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return Response(figures_format.key_figures_csv(result), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/projects", methods=["GET", "POST"])
@login_required
def project_list():
    """The projects, and a form to add one (admins)."""
    require(current_user, "projects.manage")
    form = ProjectForm()
    form.set_chapters(list_chapters())
    if form.validate_on_submit():
        done = attempt(lambda: projects.create_project(current_user, validate(projects.ProjectIn, form.data)), form,
                       success=_("The project is created. It has its own row in the key figures."))
        if done:
            return redirect(url_for("coordination_oversight.project_list"))
    status = 422 if form.errors else 200
    return render_template("coordination/oversight/projects.html", form=form, projects=projects.list_projects()), status



@bp.get("/moderation/suspended")
@login_required
def suspended():
    """The suspended members I may reinstate, each with a button to lift the suspension."""
    page, per_page = page_args()
    return render_template("coordination/oversight/suspended.html", confirm=ConfirmForm(),
                           pagination=moderation.suspended_members(current_user, page, per_page))


@bp.post("/moderation/members/<int:user_id>/reinstate")
@login_required
def reinstate(user_id: int):
    """Lift a suspension (confirmed on the page); the member may sign in again."""
    form = ConfirmForm()
    if form.validate_on_submit():
        attempt(lambda: moderation.lift_suspension(current_user, user_id), form,
                success=_("The suspension is lifted. The member can sign in again."))
    return redirect(safe_next(url_for("coordination_oversight.suspended")))


@bp.post("/coordination/members/<int:user_id>/project")
@login_required
def member_project(user_id: int):
    """Put a member in a project of their chapter, or in none."""
    form = ProjectChoiceForm()
    form.project.choices = []  # the service checks the slug against the chapter's projects
    form.project.validate_choice = False
    if form.validate_on_submit():
        # No form: the refusal is flashed on the member's page we go back to.
        attempt(lambda: projects.assign_member(current_user, user_id, form.project.data or None),
                success=_("The project is saved."))
    return redirect(url_for("coordination.member", user_id=user_id) + "#project")


@bp.post("/coordination/organisations/<int:organisation_id>/project")
@login_required
def organisation_project(organisation_id: int):
    """Put an organisation in a project of its chapter, or in none."""
    form = ProjectChoiceForm()
    form.project.choices = []  # the service checks the slug against the chapter's projects
    form.project.validate_choice = False
    if form.validate_on_submit():
        attempt(lambda: projects.assign_organisation(current_user, organisation_id, form.project.data or None),
                success=_("The project is saved."))
    return redirect(url_for("board_manage.organisation", organisation_id=organisation_id) + "#project")
