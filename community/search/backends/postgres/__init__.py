"""The PostgreSQL backend (this package is the only place with PostgreSQL full-text SQL): writing here,
searching in querying.py.

Documents live in the database (`search_documents`, their texts apart in `search_texts` so that a
match reads narrow rows; see search/models.py), so every app process on every machine that shares
the database searches the same index; nothing lives on a machine's disk.
Text is stemmed twice, for Dutch and for English, into one `tsvector` with a GIN index; a query
word matches when any of its stems does, and every word must match (as in the Whoosh backend).
Facets are grouped counts over the whole match, highlights come from `ts_headline` (escaped, then
cleaned so that only `<mark>` survives), and "did you mean" picks from a vocabulary of indexed
words with `pg_trgm`. Every search runs under a statement timeout.
"""
from __future__ import annotations

from collections import Counter
from itertools import islice
from typing import Any, Callable, Iterable

import sqlalchemy as sa

from community.search.backends import Query, Result
from community.search.backends.postgres.querying import FILTERS, START, STOP, Search, cancelled
from community.search.limits import TIME_LIMIT, Deadline, SearchTooSlow, terms

MAX_WORD = 100  # longer "words" stay out of the vocabulary (its column is that wide)
BATCH = 500


def _vector(param: str) -> str:
    return f"strip(to_tsvector('dutch', {param}) || to_tsvector('english', {param}))"


UPSERT = sa.text(f"""
    INSERT INTO search_documents (kind, pk, level, created, type, sector, chapter, city, title_vector, document)
    VALUES (:kind, :pk, :level, :created, :type, :sector, :chapter, :city, {_vector(':title')}, {_vector(':text')})
    ON CONFLICT (kind, pk) DO UPDATE SET level = excluded.level, created = excluded.created, type = excluded.type,
        sector = excluded.sector, chapter = excluded.chapter, city = excluded.city,
        title_vector = excluded.title_vector, document = excluded.document""")
UPSERT_TEXT = sa.text("""
    INSERT INTO search_texts (kind, pk, title, body, words) VALUES (:kind, :pk, :title, :body, :words)
    ON CONFLICT (kind, pk) DO UPDATE SET title = excluded.title, body = excluded.body, words = excluded.words""")
# Serialise writers of the same documents (in one order, so two writers never deadlock).
LOCK_DOCUMENTS = sa.text("""SELECT pg_advisory_xact_lock(hashtext(:kind), p)
                            FROM (SELECT DISTINCT unnest(CAST(:pks AS integer[])) AS p ORDER BY p) AS ordered""")
COUNT_WORDS = sa.text("""
    INSERT INTO search_words (word, documents)
    SELECT w, n FROM unnest(CAST(:words AS text[]), CAST(:counts AS integer[])) AS t(w, n) ORDER BY w
    ON CONFLICT (word) DO UPDATE SET documents = search_words.documents + excluded.documents""")
RECOUNT_WORDS = sa.text("""
    INSERT INTO search_words (word, documents)
    SELECT w, count(*) FROM search_texts, unnest(string_to_array(words, ' ')) AS w WHERE w <> '' GROUP BY w""")


def _clean(text: Any) -> str:
    return str(text or "").replace(START, "").replace(STOP, "").replace("\x00", "")


def _row(kind: str, doc: dict[str, Any]) -> dict[str, Any]:
    title, body = _clean(doc.get("title")), _clean(doc.get("body"))
    keywords = _clean(" ".join(str(k) for k in doc.get("keywords") or [] if k))
    text = f"{title}\n{body}\n{keywords}"
    words = sorted({w for w in terms(text) if len(w) <= MAX_WORD})
    return {"kind": kind, "pk": int(doc["id"]), "title": title, "body": body, "text": text, "words": " ".join(words),
            "type": doc.get("type") or "", "sector": doc.get("sector") or "", "chapter": doc.get("chapter") or "",
            "city": (doc.get("city") or "").lower(), "level": int(doc.get("level") or 0),
            "created": int(doc.get("created") or 0)}


def _rows(kind: str, documents: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return list({row["pk"]: row for row in (_row(kind, doc) for doc in documents)}.values())  # one per id


class PostgresBackend:
    """Search and index writes over the `search_documents` table of the app's PostgreSQL database."""

    def __init__(self, engine: Callable[[], sa.Engine], time_limit: float = TIME_LIMIT):
        self._engine = engine  # called each time: the app's engine exists only inside its context
        self.time_limit = time_limit

    def check(self) -> None:
        with self._engine().connect() as conn:
            conn.execute(sa.text("SELECT count(*) FROM (SELECT 1 FROM search_documents LIMIT 1) AS one"))

    def close(self) -> None:
        """Nothing to release: connections belong to the app's engine."""

    # Writing ---------------------------------------------------------------------------------
    def update(self, kind: str, documents: Iterable[dict[str, Any]], removed: Iterable[int]) -> None:
        rows = _rows(kind, documents)
        removed = [int(pk) for pk in removed]
        if not rows and not removed:
            return
        with self._engine().begin() as conn:
            # Waits while a rebuild holds the table, so its vocabulary counts stay exact.
            conn.execute(sa.text("LOCK TABLE search_documents IN ROW EXCLUSIVE MODE"))
            conn.execute(LOCK_DOCUMENTS, {"kind": kind, "pks": [row["pk"] for row in rows] + removed})
            old = conn.scalars(sa.text("SELECT words FROM search_texts WHERE kind = :kind AND pk = ANY(:pks)"),
                               {"kind": kind, "pks": [row["pk"] for row in rows] + removed}).all()
            if removed:  # their texts go with them (ON DELETE CASCADE)
                conn.execute(sa.text("DELETE FROM search_documents WHERE kind = :kind AND pk = ANY(:pks)"),
                             {"kind": kind, "pks": removed})
            if rows:
                conn.execute(UPSERT, rows)
                conn.execute(UPSERT_TEXT, rows)
            self._count_words(conn, old, [row["words"] for row in rows])

    @staticmethod
    def _count_words(conn: sa.Connection, old: list[str], new: list[str]) -> None:
        delta: Counter = Counter()
        for words in old:
            delta.subtract(words.split())
        for words in new:
            delta.update(words.split())
        changed = sorted(word for word, n in delta.items() if n)
        if changed:
            conn.execute(COUNT_WORDS, {"words": changed, "counts": [delta[word] for word in changed]})
            conn.execute(sa.text("DELETE FROM search_words WHERE word = ANY(:words) AND documents <= 0"),
                         {"words": changed})

    def rebuild(self, batches: Iterable[tuple[str, Iterable[dict[str, Any]]]]) -> int:
        count = 0
        with self._engine().begin() as conn:
            # Writers wait until the new index is committed; searches go on reading the old one.
            conn.execute(sa.text("LOCK TABLE search_documents IN EXCLUSIVE MODE"))
            conn.execute(sa.text("DELETE FROM search_documents"))  # and their texts
            conn.execute(sa.text("DELETE FROM search_words"))
            for kind, documents in batches:
                documents = iter(documents)
                while chunk := _rows(kind, islice(documents, BATCH)):
                    conn.execute(UPSERT, chunk)
                    conn.execute(UPSERT_TEXT, chunk)
                    count += len(chunk)
            conn.execute(RECOUNT_WORDS)
            # Fresh statistics, so the planner knows the new index at once (not at autovacuum's next round).
            conn.execute(sa.text("ANALYZE search_documents, search_texts, search_words"))
        return count

    # Searching -------------------------------------------------------------------------------
    def search(self, query: Query) -> Result:
        if any(value and name not in FILTERS for name, value in query.filters.items()):
            return Result()  # an unknown field matches nothing, as in the Whoosh backend
        deadline = Deadline(self.time_limit)
        try:
            with self._engine().begin() as conn:
                conn.execute(sa.text("SELECT set_config('statement_timeout', :ms, true)"),
                             {"ms": str(max(1, int(self.time_limit * 1000)))})
                return Search(conn, query, deadline).run()
        except sa.exc.OperationalError as error:
            if cancelled(error):
                raise SearchTooSlow() from error
            raise


