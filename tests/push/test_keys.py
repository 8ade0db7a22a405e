"""An installation without configured VAPID keys makes its own on first need: once, in its instance folder
(tests/push/conftest.py gives each test its own), readable by the owner only, the same for every thread,
process and app object that asks; keys from the settings come first; where nothing can be stored the
key is a 503."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from community import create_app
from community.core.registry import Delivery
from community.extensions import db
from community.push import keys as push_keys
from community.push.keys import b64url_decode, generate, installation_keys, key_file_path, vapid_keys
from community.push.services import deliver
from tests.factories import assert_api_error, auth
from tests.push.pushservice import Subscriber

URL = "/api/v1/push/vapid-public-key"
ROOT = Path(__file__).resolve().parents[2]


def _delivery(user) -> Delivery:
    return Delivery(user_id=user.id, notification_id=7, kind="match_accepted", title="Els accepted",
                    url="/buddies/mine", locale="en")


def _public_point(key: str) -> bytes:
    raw = b64url_decode(key)
    assert len(raw) == 65 and raw[0] == 0x04  # uncompressed P-256 point
    ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)  # on the curve
    return raw


def test_a_fresh_installation_makes_its_key_on_first_need(app, client, people):
    assert vapid_keys() is None and not os.path.exists(key_file_path())
    first = client.get(URL, headers=auth(people["newcomer"]))
    assert first.status_code == 200, first.get_data(as_text=True)
    key = first.get_json()["key"]
    _public_point(key)
    assert client.get(URL, headers=auth(people["local"])).get_json() == {"key": key}

    path = key_file_path()
    assert path.startswith(app.instance_path) and not path.startswith(str(ROOT / "instance"))
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert sorted(os.listdir(app.instance_path)) == ["vapid.json"]  # no temporary file left behind
    assert len(b64url_decode(vapid_keys().private_key)) == 32


def test_a_new_app_on_the_same_instance_folder_keeps_the_key(app, client, people):
    key = client.get(URL, headers=auth(people["newcomer"])).get_json()["key"]
    headers = auth(people["newcomer"])
    db.session.commit()
    other = create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                       SEARCH_INDEX_DIR=app.config["SEARCH_INDEX_DIR"], MAIL_OUTBOX_DIR=app.config["MAIL_OUTBOX_DIR"])
    other.instance_path = app.instance_path
    try:
        with other.app_context():
            assert other.test_client().get(URL, headers=headers).get_json() == {"key": key}
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_keys_from_the_settings_come_first(app, client, people):
    configured = generate("mailto:ops@brug.example")
    app.config.update(VAPID_PUBLIC_KEY=configured.public_key, VAPID_PRIVATE_KEY=configured.private_key)
    assert client.get(URL, headers=auth(people["newcomer"])).get_json() == {"key": configured.public_key}
    assert not os.path.exists(key_file_path())  # nothing made

    app.config.update(VAPID_PUBLIC_KEY=None, VAPID_PRIVATE_KEY=None)
    made = client.get(URL, headers=auth(people["newcomer"])).get_json()["key"]
    assert made != configured.public_key
    app.config.update(VAPID_PUBLIC_KEY=configured.public_key, VAPID_PRIVATE_KEY=configured.private_key)
    assert installation_keys().public_key == configured.public_key  # the settings still win over the file


def test_made_keys_follow_the_subject_setting(app):
    made = installation_keys()
    assert made.subject == push_keys.DEFAULT_SUBJECT
    app.config["VAPID_SUBJECT"] = "mailto:ops@brug.example"
    assert vapid_keys() == push_keys.VapidKeys(made.public_key, made.private_key, "mailto:ops@brug.example")


def test_threads_asking_at_once_agree_on_one_key(app, monkeypatch):
    # Every thread makes its own pair before any stores one: all of them race to store.
    threads_count = 8
    made_all = threading.Barrier(threads_count)
    real_generate = push_keys.generate

    def generate_then_wait(*args, **kwargs):
        keys = real_generate(*args, **kwargs)
        made_all.wait(timeout=10)
        return keys

    monkeypatch.setattr(push_keys, "generate", generate_then_wait)
    answers, errors = [], []

    def ask():
        try:
            with app.app_context():
                answers.append(installation_keys())
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=ask) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == [] and len(answers) == threads_count
    assert len({(k.public_key, k.private_key) for k in answers}) == 1
    with open(key_file_path(), encoding="utf-8") as stored:
        assert json.load(stored)["public_key"] == answers[0].public_key
    assert os.listdir(app.instance_path) == ["vapid.json"]


CHILD = """
import sys, time
from pathlib import Path
from flask import Flask
from community.push.keys import installation_keys

folder = Path(sys.argv[1])
while not (folder.parent / "go").exists():
    time.sleep(0.005)
app = Flask("child", instance_path=str(folder))
with app.app_context():
    print(installation_keys().public_key)
"""


def test_processes_asking_at_once_agree_on_one_key(app, tmp_path):
    folder = tmp_path / "shared" / "instance"
    folder.mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"):
        env.pop(name, None)
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(folder)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path) for _ in range(4)]
    (folder.parent / "go").touch()
    outputs = [child.communicate(timeout=60) for child in children]
    assert all(child.returncode == 0 for child in children), [err for _out, err in outputs]
    keys = {out.strip() for out, _err in outputs}
    assert len(keys) == 1
    _public_point(keys.pop())
    assert os.listdir(folder) == ["vapid.json"] and oct(os.stat(folder / "vapid.json").st_mode & 0o777) == "0o600"


@pytest.fixture
def unwritable(app, tmp_path):
    """An instance folder that cannot be made (its parent is a file): this holds even for root."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    app.instance_path = str(blocker / "instance")
    return app


def test_where_the_key_cannot_be_stored_the_answer_is_a_clear_503(unwritable, client, people):
    error = assert_api_error(client.get(URL, headers=auth(people["newcomer"])), 503, "unavailable")
    assert "push" in error["message"]


def test_a_broken_key_file_is_a_503_not_a_new_key(app, client, people, monkeypatch):
    monkeypatch.setattr(push_keys, "KEY_READ_RETRIES", 0)
    os.makedirs(app.instance_path, exist_ok=True)
    with open(key_file_path(), "w", encoding="utf-8") as broken:
        broken.write("{not json")
    assert_api_error(client.get(URL, headers=auth(people["newcomer"])), 503, "unavailable")
    with open(key_file_path(), encoding="utf-8") as kept:
        assert kept.read() == "{not json"  # an operator repairs it (or `flask push keys --force`)


def _signed_by(authorization: str, public_key: str) -> bool:
    """Whether the VAPID token in the header verifies with this public key (ES256)."""
    token = re.search(r"t=([\w.-]+)", authorization).group(1)
    header, claims, signature = token.split(".")
    raw = b64url_decode(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(public_key))
    try:
        public.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
                      f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    except Exception:
        return False
    return True


def test_pushes_are_signed_with_the_made_key(client, people, push_service):
    amina = people["newcomer"]
    key = client.get(URL, headers=auth(amina)).get_json()["key"]
    browser = Subscriber()
    assert client.post("/api/v1/push/subscriptions", json=browser.subscription(push_service.endpoint()),
                       headers=auth(amina)).status_code == 201

    deliver(_delivery(amina))

    assert len(push_service.received) == 1
    authorization = push_service.received[0].headers["authorization"]
    assert f"k={key}" in authorization and _signed_by(authorization, key)
    assert not _signed_by(authorization, generate().public_key)  # the check can fail
    assert browser.decrypt(push_service.received[0].body)["kind"] == "match_accepted"


def test_a_first_push_makes_the_key_itself(app, client, people, push_service):
    amina = people["newcomer"]
    client.post("/api/v1/push/subscriptions", json=Subscriber().subscription(push_service.endpoint()),
                headers=auth(amina))
    assert not os.path.exists(key_file_path())
    deliver(_delivery(amina))
    assert len(push_service.received) == 1
    assert _signed_by(push_service.received[0].headers["authorization"], vapid_keys().public_key)


def test_where_the_key_cannot_be_stored_nothing_is_sent_and_nothing_raises(unwritable, client, people,
                                                                           push_service):
    amina = people["newcomer"]
    assert client.post("/api/v1/push/subscriptions", json=Subscriber().subscription(push_service.endpoint()),
                       headers=auth(amina)).status_code == 201
    deliver(_delivery(amina))
    assert push_service.received == []
