"""`flask chapter add SLUG NAME`, `flask project add SLUG NAME [--chapter SLUG]`."""
import click
from flask.cli import with_appcontext

from community.coordination.projects import add_project, list_projects
from community.coordination.services import add_chapter, list_chapters
from community.core.errors import DomainError
from community.core.time import DEFAULT_TIMEZONE

chapter_cli = click.Group("chapter", help="Manage city chapters.")
project_cli = click.Group("project", help="Manage projects (their own rows in the key figures).")


def _refused(error: DomainError) -> click.ClickException:
    details = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
    return click.ClickException(f"{error.message} {details}".strip())


@chapter_cli.command("add")
@click.argument("slug")
@click.argument("name")
@click.option("--timezone", default=DEFAULT_TIMEZONE, show_default=True, help="The city's IANA time zone.")
@with_appcontext
def add(slug: str, name: str, timezone: str) -> None:
    """Create a chapter."""
    try:
        chapter = add_chapter(slug, name, timezone)
    except DomainError as error:
        raise _refused(error) from None
    click.echo(f"Created chapter {chapter.slug} ({chapter.name}).")


@chapter_cli.command("list")
@with_appcontext
def list_() -> None:
    """Show the chapters."""
    for chapter in list_chapters():
        click.echo(f"{chapter.slug}\t{chapter.name}")


@project_cli.command("add")
@click.argument("slug")
@click.argument("name")
@click.option("--chapter", default=None, help="The slug of the chapter it runs in (none: beside every chapter).")
@with_appcontext
def add_project_command(slug: str, name: str, chapter: str | None) -> None:
    """Create a project."""
    try:
        project = add_project(slug, name, chapter)
    except DomainError as error:
        raise _refused(error) from None
    click.echo(f"Created project {project.slug} ({project.name}).")


@project_cli.command("list")
@with_appcontext
def list_projects_command() -> None:
    """Show the projects."""
    for project in list_projects():
        click.echo(f"{project.slug}\t{project.name}\t{project.chapter.slug if project.chapter else '-'}")
