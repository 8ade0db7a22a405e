"""Searching the PostgreSQL backend's documents: one search, on one connection, within a time budget."""
from __future__ import annotations

from typing import Any, Iterable

import nh3
import sqlalchemy as sa
from markupsafe import escape

from community.search.backends import FACET_FIELDS, Hit, Query, Result
from community.search.backends.dutch import inflected_forms
from community.search.limits import MAX_QUERY_TERMS, WORD, Deadline

FILTERS = ("type", "sector", "chapter", "city")
START, STOP = "\x02", "\x03"  # highlight markers that never occur in stored text (the writer drops them)
HEADLINE = f'StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords=15, MinWords=6, FragmentDelimiter=" … "'
QUERY_CANCELED = "57014"

LEXEMES = sa.text("""SELECT w, tsvector_to_array(to_tsvector('dutch', w) || to_tsvector('english', w))
                     FROM unnest(CAST(:words AS text[])) AS w""")
# The Dutch stems of a word's inflected forms (dutch.py), for words that are no Dutch stop word.
FORM_LEXEMES = sa.text("""SELECT w, tsvector_to_array(to_tsvector('dutch', f))
                          FROM unnest(CAST(:words AS text[]), CAST(:forms AS text[])) AS t(w, f)
                          WHERE length(to_tsvector('dutch', w)) > 0""")
# For each word: nothing when it is indexed as it is, else the three most similar indexed words.
SIMILAR = sa.text("""
    SELECT w, CASE WHEN NOT EXISTS (SELECT 1 FROM search_words WHERE word = w) THEN ARRAY(
               SELECT word FROM search_words WHERE word % w ORDER BY similarity(word, w) DESC, documents DESC, word
               LIMIT 3) END
    FROM unnest(CAST(:words AS text[])) AS w""")


def _tsquery(lexemes: Iterable[str]) -> str:
    # A tsquery literal: each lexeme quoted (quotes doubled, backslashes escaped), any of them matching.
    quoted = ("'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'" for lexeme in lexemes)
    return "(" + " | ".join(quoted) + ")"


def _safe_highlight(headline: str | None) -> str | None:
    if not headline or START not in headline:
        return None
    marked = str(escape(headline)).replace(START, "<mark>").replace(STOP, "</mark>")
    return nh3.clean(marked, tags={"mark"}, attributes={})


def cancelled(error: sa.exc.DBAPIError) -> bool:
    """True when PostgreSQL cancelled the statement (its timeout ran out)."""
    return getattr(error.orig, "sqlstate", None) == QUERY_CANCELED


class Search:
    """One search on one connection: the words' stems are looked up once and reused."""

    def __init__(self, conn: sa.Connection, query: Query, deadline: Deadline):
        self.conn, self.query, self.deadline = conn, query, deadline
        self._lexemes: dict[str, list[str]] = {}

    def lexemes(self, words: list[str]) -> dict[str, list[str]]:
        missing = sorted(set(words) - set(self._lexemes))
        if missing:
            self._lexemes.update((w, list(found or [])) for w, found in self.conn.execute(LEXEMES, {"words": missing}))
            pairs = [(w, form) for w in missing for form in inflected_forms(w.lower())]
            if pairs:
                rows = self.conn.execute(FORM_LEXEMES, {"words": [w for w, _f in pairs], "forms": [f for _w, f in pairs]})
                for w, found in rows:
                    known = self._lexemes[w]
                    known.extend(lexeme for lexeme in found or [] if lexeme not in known)
        return self._lexemes

    def word_queries(self, words: list[str]) -> list[str]:
        """One tsquery per word that has a stem (a stop word in every language narrows nothing)."""
        lexemes, seen, queries = self.lexemes(words), set(), []
        for word in words:
            if lexemes.get(word) and word not in seen:
                seen.add(word)
                queries.append(_tsquery(lexemes[word]))
        return queries

    def where(self, word_queries: list[str]) -> tuple[str, dict[str, Any]]:
        clauses, params = ["kind = :kind"], {"kind": self.query.kind}
        for name in FILTERS:  # only known column names ever reach the SQL text
            value = self.query.filters.get(name)
            if value:
                clauses.append(f"{name} = :filter_{name}")
                params[f"filter_{name}"] = value.lower() if name == "city" else value
        if self.query.max_level is not None:
            clauses.append("level <= :max_level")
            params["max_level"] = self.query.max_level
        if word_queries:
            clauses.append("document @@ CAST(:q AS tsquery)")
            params["q"] = " & ".join(word_queries)
        return " AND ".join(clauses), params

    def run(self) -> Result:
        # PostgreSQL lower-cases the words it stems itself, as it did for the documents (İ, ẞ, …).
        raw = WORD.findall(self.query.text)[:MAX_QUERY_TERMS]
        words = [word.lower() for word in raw]  # the vocabulary's form, for "did you mean"
        word_queries = self.word_queries(raw) if raw else []
        result = self.match(word_queries)
        if not result.total and words:
            try:
                with self.conn.begin_nested():  # a suggestion cut short must not end the search
                    result.suggestion = self.suggest(words)
            except sa.exc.OperationalError as error:
                if not cancelled(error):
                    raise
        return result

    def match(self, word_queries: list[str]) -> Result:
        """The total, the facets and the page in one statement (one round trip)."""
        where, params = self.where(word_queries)
        names = [name for name in FACET_FIELDS if name in self.query.facets]
        # Most words in the title first, then the newest (as the Whoosh backend ranks).
        rank = " + ".join(f"(title_vector @@ CAST(:w{i} AS tsquery))::int" for i in range(len(word_queries))) or "0"
        params.update({f"w{i}": q for i, q in enumerate(word_queries)}, headline=HEADLINE, limit=self.query.per_page,
                      offset=(self.query.page - 1) * self.query.per_page)
        # Highlights in the page's documents only: Dutch first; the others when it marks nothing.
        headline = "ts_headline('dutch', d.body, CAST(:q AS tsquery), :headline)" if word_queries else "NULL::text"
        counts = ", ".join(["0", *(f"GROUPING({name}), {name}" for name in names), "count(*)",
                            "NULL::int", "NULL::int", "NULL::bigint", "NULL::text"])
        page = ", ".join(["1", *("NULL::int, NULL::text" for _name in names), "NULL::bigint",
                          "best.pk", "best.rank", "best.created", headline])
        sets = ", ".join(["()", *(f"({name})" for name in names)])
        # Without words the page comes straight from the (kind, created, pk) index.
        order = "rank DESC, created DESC, pk DESC" if word_queries else "created DESC, pk DESC"
        # NOT MATERIALIZED: the planner may count over one scan and take the page from another (an index).
        rows = self.conn.execute(sa.text(f"""
            WITH found AS NOT MATERIALIZED (
                SELECT pk, type, sector, chapter, created, {rank} AS rank FROM search_documents WHERE {where}),
            best AS (SELECT pk, rank, created FROM found ORDER BY {order} LIMIT :limit OFFSET :offset)
            SELECT {counts} FROM found GROUP BY GROUPING SETS ({sets})
            UNION ALL
            SELECT {page} FROM best JOIN search_texts AS d ON d.kind = :kind AND d.pk = best.pk"""), params).all()
        result, hits = self._read(rows, names)
        missing = [pk for pk, snippet in hits if word_queries and not snippet]
        others = self.other_highlights(missing, params["q"]) if missing and not self.deadline.passed() else {}
        result.hits = [Hit(kind=self.query.kind, pk=pk, highlight=snippet or others.get(pk)) for pk, snippet in hits]
        return result

    @staticmethod
    def _read(rows: list, names: list[str]) -> tuple[Result, list[tuple[int, str | None]]]:
        # Part 0: a grouping set (all flags set: the whole match); part 1: a document of the page.
        result = Result(facets={name: {} for name in names})
        counted: dict[str, list[tuple[str, int]]] = {name: [] for name in names}
        page = []
        for part, *columns in rows:
            facets, (n, pk, rank, created, snippet) = columns[:2 * len(names)], columns[2 * len(names):]
            if part:
                page.append(((-rank, -created, -pk), pk, _safe_highlight(snippet)))
            elif all(facets[0::2]):
                result.total = n
            else:
                for name, flag, value in zip(names, facets[0::2], facets[1::2]):
                    if not flag and value:
                        counted[name].append((value, n))
        for name in names:
            result.facets[name] = dict(sorted(counted[name], key=lambda pair: (-pair[1], pair[0])))
        return result, [(pk, snippet) for _order, pk, snippet in sorted(page)]

    def other_highlights(self, pks: list[int], tsquery: str) -> dict[int, str | None]:
        """Highlights from the English body, then the title, for documents whose Dutch body marks nothing."""
        headlines = ", ".join(f"ts_headline('{config}', {name}, CAST(:q AS tsquery), :headline)"
                              for name, config in (("body", "english"), ("title", "dutch"), ("title", "english")))
        rows = self.conn.execute(sa.text(f"SELECT pk, {headlines} FROM search_texts "
                                         "WHERE kind = :kind AND pk = ANY(:pks)"),
                                 {"kind": self.query.kind, "pks": pks, "q": tsquery, "headline": HEADLINE})
        return {pk: next((h for h in map(_safe_highlight, candidates) if h), None) for pk, *candidates in rows}

    def finds_any(self, words: list[str]) -> bool:
        where, params = self.where(self.word_queries(words))
        return bool(self.conn.scalar(sa.text(f"SELECT EXISTS (SELECT 1 FROM search_documents WHERE {where})"), params))

    def suggest(self, words: list[str]) -> str | None:
        """Each unknown word replaced by the most similar indexed word that still finds something."""
        options = {word: found for word, found in self.conn.execute(SIMILAR, {"words": sorted(set(words))})}
        self.lexemes([option for found in options.values() for option in found or []])  # one round trip for all
        corrected, changed = [], False
        for word in words:
            for option in options.get(word) or []:  # None: a known word, kept as it is
                if self.deadline.passed():
                    return None  # a suggestion is a courtesy: never worth a slow answer
                if self.finds_any([*corrected, option]):
                    corrected.append(option)
                    changed = True
                    break
            else:
                corrected.append(word)
        if changed and not self.deadline.passed() and self.finds_any(corrected):
            return " ".join(corrected)
        return None
