"""The machine's floor for `make bench`: a bare Flask "hello" served exactly as Brug is (gunicorn, one
gevent worker per process), so each page's figure is also a ratio to what the set-up alone can do.

    gunicorn -k gevent -w 1 --worker-connections 4000 -b 127.0.0.1:8101 bench.hello:app
"""
from gevent import monkey

monkey.patch_all()

from flask import Flask  # noqa: E402

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
