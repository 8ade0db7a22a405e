"""`flask push keys`: make the VAPID key pair of this installation."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from community.push.keys import DEFAULT_SUBJECT, create_key_file, generate, key_file_path, write_key_file

push_cli = AppGroup("push", help="Web push.")


@push_cli.command("keys")
@click.option("--subject", default=DEFAULT_SUBJECT, show_default=True, help="A mailto: or https: contact.")
@click.option("--force", is_flag=True, help="Replace existing keys (every browser must subscribe again).")
def keys_command(subject: str, force: bool) -> None:
    """Make VAPID keys, write them into the instance folder and print them for the environment."""
    keys = generate(subject)
    if force:
        path = write_key_file(keys)
    elif create_key_file(keys, keys.subject):  # only where there are none yet (the app may have made its own)
        path = key_file_path()
    else:
        raise click.ClickException(f"{key_file_path()} exists; --force replaces it.")
    click.echo(f"VAPID_PUBLIC_KEY={keys.public_key}")
    click.echo(f"VAPID_PRIVATE_KEY={keys.private_key}")
    click.echo(f"VAPID_SUBJECT={keys.subject}")
    click.echo(f"Written to {path} (or set the three variables above in the environment).")
