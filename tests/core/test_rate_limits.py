"""Rate limits answer 429 with Retry-After, in memory by default and in Redis when configured."""
import redis

from community import create_app
from community.extensions import db
from tests.conftest import _empty_tables
from tests.factories import make_chapter, make_user


def test_limits_are_shared_through_redis(database_url, redis_url, unique, tmp_path):
    settings = dict(SQLALCHEMY_DATABASE_URI=database_url, SEARCH_INDEX_DIR=str(tmp_path),
                    RATELIMIT_STORAGE_URI=redis_url)
    # Limits are counted per address; a made-up one keeps parallel test runs apart in Redis.
    address = "198.51.100.%d" % (int(unique, 16) % 250 + 1)
    first, second = create_app("testing", **settings), create_app("testing", **settings)
    try:
        with first.app_context():
            make_chapter("gent")
            email = make_user().email
        body = {"email": email, "password": "not the password"}
        # Two app processes (here: two apps) count against one limit stored in Redis.
        statuses = [app.test_client().post("/api/v1/auth/token", json=body,
                                           environ_base={"REMOTE_ADDR": address}).status_code
                    for app in (first, second) * 6]
        assert statuses[:10] == [401] * 10 and statuses[10:] == [429, 429]
        limited = second.test_client().post("/api/v1/auth/token", json=body, environ_base={"REMOTE_ADDR": address})
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
        assert any(address.encode() in key for key in redis.Redis.from_url(redis_url).keys("*"))
    finally:
        for app in (first, second):
            with app.app_context():
                _empty_tables()
                db.engine.dispose()


def test_form_errors_on_a_tigrinya_page_are_in_tigrinya(client):
    make_chapter("gent")
    html = client.post("/register?lang=ti", data={"email": "not-an-email", "role": "astronaut"},
                       headers={"Accept-Language": "ti"}).get_data(as_text=True)
    assert 'lang="ti"' in html
    for english in ("This field is required.", "Invalid email address.", "Not a valid choice."):
        assert english not in html
