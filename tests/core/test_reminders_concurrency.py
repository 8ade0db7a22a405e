"""`flask reminders send` started twice at the same moment (two real processes, as two overlapping cron
runs would be), on a SQLite file and on PostgreSQL: every reminder is mailed exactly once."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

import sqlalchemy as sa

from community.core.models import SentReminder
from community.extensions import db
from tests.factories import add_signup, make_chapter, make_event, make_user

ROOT = Path(__file__).resolve().parents[2]
FLASK = Path(sys.executable).parent / "flask"
PEOPLE = 60


def test_two_reminder_runs_at_once_send_each_mail_once(app, tmp_path):
    make_chapter("gent")
    event = make_event(capacity=None, starts_in=timedelta(hours=12))
    emails = set()
    for _ in range(PEOPLE):
        person = make_user("newcomer")
        add_signup(event, person)
        emails.add(person.email)
    db.session.remove()
    outbox = tmp_path / "outbox"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MAIL_", "FLASK_"))}
    env.update(BRUG_ENV="testing", DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], MAIL_OUTBOX_DIR=str(outbox),
               SEARCH_INDEX_DIR=str(tmp_path / "search"))

    runs = [subprocess.Popen([str(FLASK), "--app", "community", "reminders", "send"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [run.communicate(timeout=120) for run in runs]

    assert [run.returncode for run in runs] == [0, 0], [err[-2000:] for _out, err in results]
    said = sorted(int(out.split()[1]) for out, _err in results)  # "Sent N reminders."
    assert sum(said) == PEOPLE, said
    mails = [BytesParser(policy=policy.default).parsebytes(path.read_bytes()) for path in outbox.glob("*.eml")]
    assert sorted(str(mail["To"]) for mail in mails) == sorted(emails)  # each person once, nobody twice
    assert db.session.scalar(sa.select(sa.func.count(SentReminder.id))) == PEOPLE
