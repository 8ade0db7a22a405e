"""`flask search reindex`: rebuild the index from the database."""
import click
from flask.cli import with_appcontext

from community.search import reindex

search_cli = click.Group("search", help="Search index commands.")


@search_cli.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the whole search index from the database."""
    click.echo(f"Indexed {reindex()} documents.")
