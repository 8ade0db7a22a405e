"""`flask search reindex`: rebuild the index from the database."""
import click
from flask.cli import with_appcontext

search_cli = click.Group("search", help="Search index commands.")


@search_cli.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the whole search index from the database."""
    from community.search import reindex

    click.echo(f"Indexed {reindex()} documents.")
