"""Matching and ranking on posting sets, cached per index version (no engine import here).

A word matches a document when any of its stemmed forms (Dutch or English) is in the title or body;
every word must match. Filters are the posting sets of exact fields. The whole match is a Python set,
so its size and its facet counts are cheap; only the requested page is ranked and loaded: documents
with more words in the title first, then the newest.
"""
from __future__ import annotations

import heapq
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import Any, Protocol

from community.search.backends import Query
from community.search.limits import Deadline

TEXT_FIELDS = ("title_nl", "title_en", "body_nl", "body_en")
TITLE_FIELDS = ("title_nl", "title_en")
COLUMNS = ("type", "sector", "chapter", "level", "created")
MAX_CACHED_TERMS = 20_000
MAX_CACHED_RESULTS = 512  # answers kept per index version (popular words are asked again and again)


class Reader(Protocol):
    def postings(self, field: str, text: str) -> frozenset[int]: ...
    def column(self, field: str) -> list: ...
    def analyze(self, field: str, text: str) -> list[str]: ...
    def words(self, text: str) -> list[str]: ...


class SearcherCache:
    """Posting sets and columns of one index version; dropped when the index changes."""

    def __init__(self, owner: Any, reader: Reader):
        self.owner, self.reader = owner, reader
        self._postings: dict[tuple[str, str], frozenset[int]] = {}
        self._columns: dict[str, list] = {}
        self._levels: dict[int, frozenset[int]] = {}
        # Whole answers of this index version, by query: the version changes at every write, so an
        # answer kept here is never older than the index it came from.
        self.results: OrderedDict[tuple, Any] = OrderedDict()

    def remembered(self, query: Query) -> Any:
        """The answer given to this query on this index version, or None."""
        key = query_key(query)
        found = self.results.get(key)
        if found is not None:
            self.results.move_to_end(key)
        return found

    def remember(self, query: Query, answer: Any) -> None:
        self.results[query_key(query)] = answer
        while len(self.results) > MAX_CACHED_RESULTS:
            self.results.popitem(last=False)

    def postings(self, field: str, text: str) -> frozenset[int]:
        key = (field, text)
        if key not in self._postings:
            if len(self._postings) > MAX_CACHED_TERMS:
                self._postings.clear()
            self._postings[key] = self.reader.postings(field, text)
        return self._postings[key]

    def column(self, name: str) -> list:
        if name not in self._columns:
            self._columns[name] = self.reader.column(name)
        return self._columns[name]

    def at_most_level(self, rank: int) -> frozenset[int]:
        if rank not in self._levels:
            self._levels[rank] = frozenset(d for d, lv in enumerate(self.column("level")) if (lv or 0) <= rank)
        return self._levels[rank]


def query_key(query: Query) -> tuple:
    """Everything that makes an answer: the same key, the same answer on the same index version."""
    return (query.kind, query.text, tuple(sorted(query.filters.items())), query.max_level, query.page,
            query.per_page, query.facets, query.newest_first)


@dataclass
class Found:
    docs: set[int] = field(default_factory=set)
    page: list[int] = field(default_factory=list)
    terms: dict[str, set[str]] = field(default_factory=dict)


class Matcher:
    """Runs a Query against a SearcherCache within a time budget."""

    def __init__(self, cache: SearcherCache, deadline: Deadline):
        self.cache = cache
        self.deadline = deadline

    def _word_sets(self, text: str, terms: dict[str, set[str]]) -> list[tuple[set[int], set[int]]]:
        # For each word: (documents with it anywhere, documents with it in the title).
        sets = []
        for word in self.cache.reader.words(text):
            self.deadline.check()  # each word costs set operations over its postings
            anywhere, title, known = set(), set(), False
            for name in TEXT_FIELDS:
                for stem in self.cache.reader.analyze(name, word):
                    known = True
                    terms.setdefault(name, set()).add(stem)
                    docs = self.cache.postings(name, stem)
                    anywhere |= docs
                    if name in TITLE_FIELDS:
                        title |= docs
            if known:  # a stop word in every language does not narrow the match
                sets.append((anywhere, title))
        return sets

    def _match(self, query: Query) -> tuple[set[int], list[tuple[set[int], set[int]]], dict[str, set[str]]]:
        terms: dict[str, set[str]] = {}
        docs = set(self.cache.postings("kind", query.kind))
        for name, value in query.filters.items():
            if value:
                docs &= self.cache.postings(name, value.lower() if name == "city" else value)
        if query.max_level is not None:
            docs &= self.cache.at_most_level(query.max_level)
        words = self._word_sets(query.text, terms) if query.text.strip() else []
        for anywhere, _title in sorted(words, key=lambda pair: len(pair[0])):
            docs &= anywhere
        return docs, words, terms

    def count(self, query: Query) -> int:
        """How many documents match."""
        return len(self._match(query)[0])

    def run(self, query: Query) -> Found:
        """The whole match and the documents of the requested page, best first."""
        docs, words, terms = self._match(query)
        created = self.cache.column("created")
        limit = query.page * query.per_page  # bounded: only this page's end is ever ranked
        if words:
            in_title: Counter = Counter()
            for _anywhere, title in words:
                in_title.update(title & docs)
            best = heapq.nlargest(limit, docs, key=lambda d: (in_title.get(d, 0), created[d] or 0, d))
        else:
            best = heapq.nlargest(limit, docs, key=lambda d: (created[d] or 0, d))
        return Found(docs=docs, page=best[(query.page - 1) * query.per_page:], terms=terms)

    def facets(self, docs: set[int], names: tuple[str, ...]) -> dict[str, dict[str, int]]:
        """Counts per value of each facet over the whole match."""
        result = {}
        for name in names:
            counts = Counter(map(self.cache.column(name).__getitem__, docs))
            counts.pop("", None)
            counts.pop(None, None)
            result[name] = dict(counts.most_common())
        return result
