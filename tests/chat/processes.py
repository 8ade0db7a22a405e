"""Real server processes for the scale-out and fault tests (and the benchmark): the app under gunicorn
with gevent workers, and a private redis-server that a test may stop and start (never the shared one)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, timeout: float = 20.0, every: float = 0.1) -> bool:
    """Poll `check()` until it is true or the time is up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(every)
    return False


class RedisProcess:
    """A throw-away redis-server on its own port, without persistence."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert wait_for(lambda: socket.create_connection(("127.0.0.1", self.port), 0.2).close() is None)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


class AppProcess:
    """The app served by gunicorn with one gevent worker, as README's Production section says."""

    def __init__(self, env: dict[str, str], port: int | None = None, log: Path | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "BRUG_ENV": "production", "SECRET_KEY": "scale-out-test-secret",
                    "SESSION_COOKIE_SECURE": "0", **env}
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-k", "gevent", "-w", "1", "--worker-connections", "4000",
             "-b", f"127.0.0.1:{self.port}", "--graceful-timeout", "2", "community.wsgi:app"],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        if self.log:
            out.close()  # the child holds its own copy
        assert wait_for(lambda: urllib.request.urlopen(self.url + "/healthz", timeout=2).status == 200, 60), \
            f"the app on port {self.port} did not come up"

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
            self.process = None
