"""The production entry point: gevent, so one process holds thousands of websockets.

    gunicorn -k gevent -w 1 --worker-connections 4000 -b 127.0.0.1:8001 community.wsgi:app

Importing this module monkey-patches the standard library for gevent *before* anything else is
imported: psycopg 3 then notices the patched `select` and waits cooperatively (it avoids its C wait
function, which would block the whole process), and redis-py's sockets yield to other greenlets.
`python -m community.wsgi --port 8001` serves the same app with gevent's own WSGI server.
"""
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import gc  # noqa: E402

from community import create_app  # noqa: E402
from community.extensions import socketio  # noqa: E402

app = create_app()
# What the app holds for its whole life (code, mappers, the compiled routes: some 280,000 objects) leaves
# the collector's view. Else every full collection walks all of them, a pause of over 100 ms for every
# request and chat message in flight at that moment (the bench's p99).
gc.collect()
gc.freeze()


def main() -> None:
    """Serve on --host/--port with gevent's WSGI server (websockets through simple-websocket)."""
    parser = argparse.ArgumentParser(description="Serve Brug with gevent")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    socketio.run(app, host=args.host, port=args.port, log_output=False)


if __name__ == "__main__":
    main()
