"""`flask push keys`: a VAPID key pair in the instance folder (never the repository), used by the app."""
from __future__ import annotations

import json
import os

from cryptography.hazmat.primitives.asymmetric import ec

from community.push.keys import b64url_decode, installation_keys, key_file_path, vapid_keys


def test_push_keys_writes_a_key_pair_the_app_then_uses(app, runner):
    result = runner.invoke(args=["push", "keys", "--subject", "mailto:ops@brug.example"])
    assert result.exit_code == 0, result.output
    path = key_file_path()
    try:
        assert path.startswith(app.instance_path) and oct(os.stat(path).st_mode & 0o777) == "0o600"
        with open(path, encoding="utf-8") as stored:
            written = json.load(stored)
        assert f"VAPID_PUBLIC_KEY={written['public_key']}" in result.output
        public = b64url_decode(written["public_key"])
        assert len(public) == 65 and ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public)
        assert len(b64url_decode(written["private_key"])) == 32
        keys = vapid_keys()
        assert keys.public_key == written["public_key"] and keys.subject == "mailto:ops@brug.example"

        again = runner.invoke(args=["push", "keys"])
        assert again.exit_code != 0 and "--force" in again.output  # existing keys are kept
        assert runner.invoke(args=["push", "keys", "--force"]).exit_code == 0
        assert vapid_keys().public_key != written["public_key"]
    finally:
        os.remove(path)


def test_keys_from_the_environment_come_first(app):
    app.config.update(VAPID_PUBLIC_KEY="pub", VAPID_PRIVATE_KEY="priv", VAPID_SUBJECT="mailto:x@brug.example")
    assert vapid_keys().public_key == "pub"


def test_no_keys_are_stored_until_needed_and_the_command_keeps_the_ones_made(app, runner):
    assert not os.path.exists(key_file_path()) and vapid_keys() is None
    made = installation_keys()
    refused = runner.invoke(args=["push", "keys"])
    assert refused.exit_code != 0 and "--force" in refused.output
    assert vapid_keys() == made
    assert runner.invoke(args=["push", "keys", "--force"]).exit_code == 0
    assert vapid_keys().public_key != made.public_key and oct(os.stat(key_file_path()).st_mode & 0o777) == "0o600"
