"""The Whoosh backend: the only module that imports whoosh.

One index for every kind of document. Text is indexed twice, stemmed for Dutch and for English, plus
once unstemmed for "did you mean". Facet fields are columns, read once per index version into lists
so counting the facets of a whole match is one pass in C. One searcher stays open and is refreshed.
Writers wait for the lock (`writer(timeout=…)`) and retry, so processes writing at once lose nothing.
"""
from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections import Counter
from typing import Any, Iterable

import nh3
from whoosh import highlight, index, writing
from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.qparser import MultifieldParser, plugins
from whoosh.query import And, Every, NullQuery, NumericRange, Term

from community.search.backends import FACET_FIELDS, Hit, Query, Result

log = logging.getLogger(__name__)
TEXT_FIELDS = ("title_nl", "title_en", "body_nl", "body_en")
LOCK_TIMEOUT = 2.0
WRITE_ATTEMPTS = 30


def _schema() -> Schema:
    nl, en = LanguageAnalyzer("nl"), LanguageAnalyzer("en")
    return Schema(
        key=ID(unique=True, stored=True), kind=ID(stored=True), pk=STORED(),
        title=STORED(), body=STORED(),
        title_nl=TEXT(analyzer=nl, field_boost=2.0), title_en=TEXT(analyzer=en, field_boost=2.0),
        body_nl=TEXT(analyzer=nl), body_en=TEXT(analyzer=en),
        spell=TEXT(analyzer=StandardAnalyzer(stoplist=None)),
        type=ID(sortable=True), sector=ID(sortable=True), chapter=ID(sortable=True), city=ID(),
        level=NUMERIC(sortable=True), created=NUMERIC(bits=64, sortable=True),
    )


def _whoosh_document(kind: str, doc: dict[str, Any]) -> dict[str, Any]:
    title, body = doc.get("title") or "", doc.get("body") or ""
    extra = " ".join(doc.get("keywords") or [])
    text = f"{body}\n{extra}"
    fields = {
        "key": f"{kind}:{doc['id']}", "kind": kind, "pk": doc["id"], "title": title, "body": body,
        "title_nl": title, "title_en": title, "body_nl": text, "body_en": text, "spell": f"{title} {text}",
        "level": int(doc.get("level") or 0), "created": int(doc.get("created") or 0),
    }
    for name in (*FACET_FIELDS, "city"):
        fields[name] = (doc.get(name) or "").lower() if name == "city" else (doc.get(name) or "")
    return fields


class WhooshBackend:
    """Search and index writes over a Whoosh index in `folder`."""

    def __init__(self, folder: str):
        self.folder = folder
        self._lock = threading.RLock()
        self._ix = None
        self._searcher = None
        self._columns: dict[str, list] = {}
        self._columns_of = None
        self._parser = None

    # Opening ---------------------------------------------------------------------------------
    def _index(self):
        if self._ix is None:
            os.makedirs(self.folder, exist_ok=True)
            # A file lock so two processes starting at once do not both create the index.
            with open(os.path.join(self.folder, ".create-lock"), "w") as guard:
                fcntl.flock(guard, fcntl.LOCK_EX)
                try:
                    if index.exists_in(self.folder):
                        self._ix = index.open_dir(self.folder)
                    else:
                        self._ix = index.create_in(self.folder, _schema())
                finally:
                    fcntl.flock(guard, fcntl.LOCK_UN)
            parser = MultifieldParser(list(TEXT_FIELDS), self._ix.schema)
            for plugin in (plugins.FieldsPlugin, plugins.WildcardPlugin, plugins.BoostPlugin,
                           plugins.RangePlugin):
                parser.remove_plugin_class(plugin)
            self._parser = parser
        return self._ix

    def _fresh_searcher(self):
        # Whoosh's own searcher.refresh() reuses segment readers and so misses deletions made in
        # a segment it already read; reopen instead, but only when the index really changed.
        if self._searcher is not None and not self._searcher.up_to_date():
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = self._index().searcher()
        return self._searcher

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher, self._columns_of, self._columns = None, None, {}
            if self._ix is not None:
                self._ix.close()
                self._ix = None

    def check(self) -> None:
        with self._lock:
            self._fresh_searcher().doc_count()

    # Writing ---------------------------------------------------------------------------------
    def _write(self, work, mergetype=None) -> None:
        ix = self._index()
        for attempt in range(WRITE_ATTEMPTS):
            try:
                writer = ix.writer(timeout=LOCK_TIMEOUT, delay=0.01)
            except LockError:
                log.info("search index busy, attempt %s", attempt + 1)
                time.sleep(0.05)
                continue
            try:
                work(writer)
            except BaseException:
                writer.cancel()
                raise
            writer.commit(mergetype=mergetype) if mergetype else writer.commit()
            return
        raise LockError("search index stayed locked")

    def update(self, kind: str, documents: Iterable[dict[str, Any]], removed: Iterable[int]) -> None:
        documents, removed = list(documents), list(removed)
        if not documents and not removed:
            return

        def work(writer):
            for pk in removed:
                writer.delete_by_term("key", f"{kind}:{pk}")
            for doc in documents:
                writer.update_document(**_whoosh_document(kind, doc))

        self._write(work)

    def rebuild(self, batches: Iterable[tuple[str, Iterable[dict[str, Any]]]]) -> int:
        count = 0

        def work(writer):
            nonlocal count
            for kind, documents in batches:
                for doc in documents:
                    writer.add_document(**_whoosh_document(kind, doc))
                    count += 1

        self._write(work, mergetype=writing.CLEAR)
        return count

    # Searching -------------------------------------------------------------------------------
    def _facet_columns(self, searcher) -> dict[str, list]:
        # One list per facet field, indexed by document number; rebuilt when the index changes.
        if self._columns_of is not searcher:
            reader = searcher.reader()
            self._columns = {name: self._column(reader, name) for name in FACET_FIELDS}
            self._columns_of = searcher
        return self._columns

    @staticmethod
    def _column(reader, name: str) -> list:
        try:
            return list(reader.column_reader(name))
        except NotImplementedError:  # an empty index has no columns yet
            return [""] * reader.doc_count_all()

    def _build_query(self, query: Query):
        parts = [Term("kind", query.kind)]
        text = (query.text or "").strip()
        if text:
            parsed = self._parser.parse(text)
            if parsed is NullQuery:
                return None
            parts.append(parsed)
        for name, value in query.filters.items():
            if value:
                parts.append(Term(name, value.lower() if name == "city" else value))
        if query.max_level is not None:
            parts.append(NumericRange("level", None, query.max_level))
        return And(parts) if len(parts) > 1 else parts[0]

    def search(self, query: Query) -> Result:
        with self._lock:
            searcher = self._fresh_searcher()
            self._index()
            q = self._build_query(query)
            if q is None:
                return Result(facets={name: {} for name in query.facets})
            result = self._run(searcher, q, query)
            if result.total == 0 and query.text.strip():
                result.suggestion = self._suggest(searcher, query)
            return result

    def _run(self, searcher, q, query: Query) -> Result:
        matched = list(searcher.docs_for_query(q))
        result = Result(total=len(matched))
        if query.facets:
            columns = self._facet_columns(searcher)
            for name in query.facets:
                counts = Counter(map(columns[name].__getitem__, matched))
                counts.pop("", None)
                result.facets[name] = dict(counts.most_common())
        if not matched:
            return result
        limit = query.page * query.per_page  # a bounded collector: never more than this page's end
        if query.text.strip():
            hits = searcher.search(q, limit=limit, terms=True)
        else:
            hits = searcher.search(q, limit=limit, sortedby="created", reverse=query.newest_first)
        hits.fragmenter = highlight.ContextFragmenter(maxchars=160, surround=40)
        hits.formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
        for hit in hits[(query.page - 1) * query.per_page:limit]:
            snippet = self._highlight(hit) if query.text.strip() else None
            result.hits.append(Hit(kind=hit["kind"], pk=int(hit["pk"]), score=float(hit.score or 0), highlight=snippet))
        return result

    @staticmethod
    def _highlight(hit) -> str | None:
        for name, stored in (("body_nl", "body"), ("body_en", "body"), ("title_nl", "title"), ("title_en", "title")):
            text = hit.get(stored) or ""
            if not text:
                continue
            snippet = hit.highlights(name, text=text, top=2)
            if snippet:
                # Whoosh escapes the text; nh3 makes sure nothing but <mark> survives.
                return nh3.clean(snippet, tags={"mark"}, attributes={})
        return None

    def _suggest(self, searcher, query: Query) -> str | None:
        corrector = searcher.corrector("spell")
        reader = searcher.reader()
        words = StandardAnalyzer(stoplist=None)(query.text)
        changed, corrected = False, []
        for token in words:
            word = token.text
            if reader.frequency("spell", word) > 0:
                corrected.append(word)
                continue
            options = corrector.suggest(word, limit=3, maxdist=2)
            for option in options:
                candidate = Query(**{**query.__dict__, "text": " ".join([*corrected, option]), "facets": ()})
                q = self._build_query(candidate)
                if q is not None and any(True for _ in searcher.docs_for_query(q)):
                    corrected.append(option)
                    changed = True
                    break
            else:
                corrected.append(word)
        if not changed:
            return None
        text = " ".join(corrected)
        q = self._build_query(Query(**{**query.__dict__, "text": text, "facets": ()}))
        return text if q is not None and any(True for _ in searcher.docs_for_query(q)) else None
