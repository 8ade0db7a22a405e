"""`flask seed-demo`: fill an empty database with demo data and print the logins."""
import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from community.demo import seed_demo
from community.demo.scale import already_seeded, seed_scaled_history, total_rows
from community.extensions import db
from community.search import reindex


@click.command("seed-demo")
@click.option("--members", default=0, show_default=True,
              help="Extra generated members with the history of a community that size (30,000 for benchmarks).")
@with_appcontext
def seed_demo_command(members: int) -> None:
    """Fill an empty database with demo chapters, members and content, and print the logins."""
    for line in seed_demo(extra_members=members):
        click.echo(line)
    if not members or already_seeded():
        return
    with click.progressbar(length=total_rows(members), label="History") as bar:
        made = seed_scaled_history(members, progress=bar.update)
    click.echo("History of the generated members: " + ", ".join(f"{count} {name}" for name, count in made.items()))
    # The bulk inserts skip the per-row search hooks: the index is rebuilt once, as `flask search reindex` does.
    click.echo(f"Search index: {reindex()} documents.")
    # Planner statistics for the new rows now, not whenever autovacuum comes by: a plan made on empty
    # tables' figures can be a hundred times slower on the bench's first minutes.
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("ANALYZE"))
