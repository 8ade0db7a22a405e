"""Project-wide commands: `flask translate`."""
import subprocess
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "community" / "translations"
POT = ROOT / "messages.pot"


translate_cli = click.Group("translate", help="Extract, update and compile translations.")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translate_cli.command("update")
def update() -> None:
    """Extract the strings and merge them into every language's catalogue."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_", "-k", "NP_:1,2", "--no-location", "--sort-output", "-o", str(POT), ".")
    _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-fuzzy-matching", "--ignore-obsolete")


@translate_cli.command("compile")
def compile_() -> None:
    """Compile the catalogues (.po to .mo)."""
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")
