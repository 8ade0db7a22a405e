"""The Whoosh backend: the only module that imports whoosh.

One index for every kind of document. Text is indexed twice, stemmed for Dutch and for English, plus
once unstemmed for "did you mean". Facet fields are columns, read once per index version into lists
so counting the facets of a whole match is one pass in C. One searcher stays open and is reopened only when the index changed.
Matching works on cached posting sets (see matching.py): a whole match, its facets and its best page
cost a few set operations in C instead of scoring every document in Python.
Writers wait for the lock (`writer(timeout=…)`) and retry, so processes writing at once lose nothing.
"""
from __future__ import annotations

import copy
import fcntl
import logging
import os
import threading
import time
from typing import Any, Iterable

import nh3
from whoosh import highlight, index, writing
from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.index import LockError

from community.search.backends import FACET_FIELDS, Hit, Query, Result
from community.search.backends.dutch import inflected_forms
from community.search.backends.matching import Matcher, SearcherCache
from community.search.limits import TIME_LIMIT, Deadline, SearchTooSlow

log = logging.getLogger(__name__)
TEXT_FIELDS = ("title_nl", "title_en", "body_nl", "body_en")
LOCK_TIMEOUT = 2.0
WRITE_ATTEMPTS = 30


def _cancel(writer) -> None:
    """Give the index lock back, even from a writer whose commit failed half-way."""
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001 - the writer is half closed; only the lock matters now
        log.warning("search index writer could not be cancelled cleanly", exc_info=True)
        writer.writelock.release()


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

    def __init__(self, folder: str, time_limit: float = TIME_LIMIT):
        self.folder = folder
        self.time_limit = time_limit
        self._lock = threading.RLock()
        self._ix = None
        self._searcher = None
        self._cache: SearcherCache | None = None

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
            self._searcher, self._cache = None, None
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
                writer.commit(mergetype=mergetype) if mergetype else writer.commit()
            except BaseException:
                # Whoosh keeps its lock when commit fails: without this every later write in the
                # process would wait for it in vain.
                _cancel(writer)
                raise
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
    def _matcher(self) -> Matcher:
        searcher = self._fresh_searcher()
        if self._cache is None or self._cache.owner is not searcher:
            self._cache = SearcherCache(searcher, WhooshReader(searcher))
        # The budget is for the search itself: waiting for another thread, opening the index and
        # reading a changed index are not the member's query and must not make it time out.
        return Matcher(self._cache, Deadline(self.time_limit))

    def search(self, query: Query) -> Result:
        with self._lock:
            self._index()
            matcher = self._matcher()
            kept = self._cache.remembered(query)
            if kept is None:
                kept = self._search(matcher, query)
                if not matcher.deadline.passed():  # an answer cut short (no suggestion) is not kept
                    self._cache.remember(query, kept)
            # A copy: callers may change what they are given, the kept answer must not change.
            return copy.deepcopy(kept)

    def forget_answers(self) -> None:
        """Forget the kept answers (the bench measures matching afresh)."""
        with self._lock:
            if self._cache is not None:
                self._cache.results.clear()

    def _search(self, matcher: Matcher, query: Query) -> Result:
        found = matcher.run(query)
        result = Result(total=len(found.docs), facets=matcher.facets(found.docs, query.facets))
        searcher = self._cache.owner
        for docnum in found.page:
            stored = searcher.stored_fields(docnum)
            snippet = self._highlight(stored, found.terms) if query.text.strip() else None
            result.hits.append(Hit(kind=stored["kind"], pk=int(stored["pk"]), highlight=snippet))
        if not found.docs and query.text.strip():
            try:
                result.suggestion = self._suggest(searcher, matcher, query)
            except SearchTooSlow:
                pass  # a suggestion cut short must not end the search
        return result

    def _highlight(self, stored: dict, terms: dict[str, set[str]]) -> str | None:
        fragmenter = highlight.ContextFragmenter(maxchars=160, surround=40)
        formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
        schema = self._ix.schema
        for name, text_field in (("body_nl", "body"), ("body_en", "body"), ("title_nl", "title"), ("title_en", "title")):
            text, wanted = stored.get(text_field) or "", terms.get(name) or set()
            if not text or not wanted:
                continue
            snippet = highlight.highlight(text, frozenset(wanted), schema[name].analyzer, fragmenter, formatter, top=2)
            if snippet:
                # Whoosh escapes the text; nh3 makes sure nothing but <mark> survives.
                return nh3.clean(snippet, tags={"mark"}, attributes={})
        return None

    def _suggest(self, searcher, matcher: Matcher, query: Query) -> str | None:
        corrector = searcher.corrector("spell")
        reader = searcher.reader()
        corrected, changed = [], False
        for token in StandardAnalyzer(stoplist=None)(query.text):
            word = token.text
            if reader.frequency("spell", word) > 0:
                corrected.append(word)
                continue
            for option in corrector.suggest(word, limit=3, maxdist=2):
                if matcher.deadline.passed():
                    return None  # a suggestion is a courtesy: never worth a slow answer
                if matcher.count(Query(**{**query.__dict__, "text": " ".join([*corrected, option])})):
                    corrected.append(option)
                    changed = True
                    break
            else:
                corrected.append(word)
        text = " ".join(corrected)
        if changed and not matcher.deadline.passed() and matcher.count(Query(**{**query.__dict__, "text": text})):
            return text
        return None


class WhooshReader:
    """What matching.py needs from a Whoosh searcher: posting sets, columns and analyzers."""

    def __init__(self, searcher):
        self._reader = searcher.reader()
        self._schema = searcher.schema

    def postings(self, field: str, text: str) -> frozenset[int]:
        if (field, text) not in self._reader:
            return frozenset()
        return frozenset(self._reader.postings(field, text).all_ids())

    def column(self, field: str) -> list:
        try:
            return list(self._reader.column_reader(field))
        except NotImplementedError:  # an empty index has no columns yet
            return [None] * self._reader.doc_count_all()

    def analyze(self, field: str, text: str) -> list[str]:
        analyzer = self._schema[field].analyzer
        stems = [token.text for token in analyzer(text)]
        if stems and field.endswith("_nl"):  # a Dutch stop word stays one (it narrows nothing)
            for form in inflected_forms(text):
                stems.extend(token.text for token in analyzer(form) if token.text not in stems)
        return stems

    def words(self, text: str) -> list[str]:
        return [token.text for token in StandardAnalyzer(stoplist=None)(text)]
