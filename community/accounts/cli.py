"""`flask user create`: the way to add coordinators and admins."""
import click
from flask.cli import with_appcontext

from community.accounts import two_factor
from community.accounts.constants import ROLES, Role
from community.accounts.services import chapter_by_slug, create_user, find_user_by_email
from community.core.errors import DomainError

user_cli = click.Group("user", help="Manage members.")


@user_cli.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([role.value for role in ROLES]))
@click.option("--chapter", "chapter_slug", default=None, help="Chapter slug (required for coordinators).")
@click.option("--locale", default="nl")
@with_appcontext
def create(email: str, password: str, name: str, role: str, chapter_slug: str | None, locale: str) -> None:
    """Create a member of any role."""
    try:
        chapter = chapter_by_slug(chapter_slug)
        if role == Role.COORDINATOR and chapter is None:
            raise click.UsageError("A coordinator needs --chapter.")
        user = create_user(email, password, name, role, chapter, locale)
    except DomainError as error:
        details = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
        raise click.ClickException(f"{error.message} {details}".strip()) from None
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@user_cli.command("reset-2fa")
@click.argument("email")
@with_appcontext
def reset_2fa(email: str) -> None:
    """Clear a member's lost second factor (written to the audit log); they set it up again at next login."""
    member = find_user_by_email(email)
    if member is None:
        raise click.ClickException(f"No member has the email address {email}.")
    two_factor.reset(member, actor=None)
    click.echo(f"Two-factor sign-in of {member.email} is reset; they are signed out everywhere.")
