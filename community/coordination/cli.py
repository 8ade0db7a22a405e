"""`flask chapter add SLUG NAME`."""
import click
from flask.cli import with_appcontext

from community.coordination.services import add_chapter, list_chapters
from community.core.errors import DomainError

chapter_cli = click.Group("chapter", help="Manage city chapters.")


@chapter_cli.command("add")
@click.argument("slug")
@click.argument("name")
@with_appcontext
def add(slug: str, name: str) -> None:
    """Create a chapter."""
    try:
        chapter = add_chapter(slug, name)
    except DomainError as error:
        details = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
        raise click.ClickException(f"{error.message} {details}".strip()) from None
    click.echo(f"Created chapter {chapter.slug} ({chapter.name}).")


@chapter_cli.command("list")
@with_appcontext
def list_() -> None:
    """Show the chapters."""
    for chapter in list_chapters():
        click.echo(f"{chapter.slug}\t{chapter.name}")
