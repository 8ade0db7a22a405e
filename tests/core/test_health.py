"""/healthz names the part that is down."""
from community import create_app
from community.extensions import db


def _health(**settings):
    app = create_app("testing", **settings)
    response = app.test_client().get("/healthz")
    with app.app_context():
        db.engine.dispose()
    return response


def test_all_parts_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "db": "ok", "search": "ok", "realtime": "ok"}


def test_database_down_is_503(tmp_path):
    response = _health(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none",
                       SEARCH_INDEX_DIR=str(tmp_path))
    assert response.status_code == 503 and response.get_json()["db"] == "down"


def test_realtime_down_is_503(database_url, tmp_path):
    response = _health(SQLALCHEMY_DATABASE_URI=database_url, SEARCH_INDEX_DIR=str(tmp_path),
                       SOCKETIO_MESSAGE_QUEUE="redis://127.0.0.1:1/0")
    body = response.get_json()
    assert response.status_code == 503 and body["realtime"] == "down" and body["db"] == "ok"


def test_realtime_ok_with_redis(database_url, redis_url, tmp_path):
    response = _health(SQLALCHEMY_DATABASE_URI=database_url, SEARCH_INDEX_DIR=str(tmp_path),
                       SOCKETIO_MESSAGE_QUEUE=redis_url)
    assert response.get_json()["realtime"] == "ok"
