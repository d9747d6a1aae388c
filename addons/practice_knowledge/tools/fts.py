# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stored full-text vectors of knowledge tables and the queries that rank them.

Each ranked table gets a generated column ``practice_search`` (a weighted ``tsvector``
PostgreSQL keeps up to date on every INSERT/UPDATE, whoever writes: ORM, vault import or
SQL) and a GIN index on it. Statements are composed with :class:`odoo.tools.SQL` (values
are parameters, names are identifiers). See :mod:`.ranking` for the scoring itself.
"""

from odoo.tools import SQL

from . import ranking

COLUMN = "practice_search"


def vector_expression(parts):
    """``setweight(to_tsvector(cfg, coalesce(a,'') || ' ' || ...), 'A') || ...`` of
    ``parts`` = ``[(weight letter, [column, ...]), ...]``."""
    pieces = []
    for weight, columns in parts:
        text = SQL(" || ' ' || ").join(SQL("coalesce(%s::text, '')", SQL.identifier(col)) for col in columns)
        pieces.append(SQL("setweight(to_tsvector(%s::regconfig, %s), %s)", ranking.TS_CONFIG, text, weight))
    return SQL(" || ").join(pieces)


def ensure_search_vector(cr, table, parts):
    """Create the generated vector column and its GIN index when missing (idempotent; the
    index without a pending list, see below)."""
    cr.execute(
        SQL(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s AND column_name = %s",
            table,
            COLUMN,
        )
    )
    if not cr.fetchone():
        cr.execute(
            SQL(
                "ALTER TABLE %s ADD COLUMN %s tsvector GENERATED ALWAYS AS (%s) STORED",
                SQL.identifier(table),
                SQL.identifier(COLUMN),
                vector_expression(parts),
            )
        )
    # fastupdate off: a write updates the index at once instead of queueing in a pending
    # list that every search scans in full until (auto)vacuum merges it; after a bulk import
    # that list made each probe of the bundle's ranking cost milliseconds
    index = SQL.identifier(f"{table}_{COLUMN}_gin")
    cr.execute(
        SQL(
            "CREATE INDEX IF NOT EXISTS %s ON %s USING gin (%s) WITH (fastupdate = off)",
            index,
            SQL.identifier(table),
            SQL.identifier(COLUMN),
        )
    )
    cr.execute(SQL("ALTER INDEX %s SET (fastupdate = off)", index))


def ensure_order_index(cr, table, name, columns, include=()):
    """A btree index ``name`` on ``table`` over ``columns`` (``"col"`` or ``"col DESC"``),
    with ``include`` columns stored beside them so a count or a filter on them can be
    answered from the index alone (idempotent)."""
    keys = []
    for column in columns:
        col, _sep, direction = column.partition(" ")
        keys.append(
            SQL("%s DESC", SQL.identifier(col)) if direction.upper() == "DESC" else SQL.identifier(col)
        )
    cr.execute(
        SQL(
            "CREATE INDEX IF NOT EXISTS %s ON %s (%s)%s",
            SQL.identifier(name),
            SQL.identifier(table),
            SQL(", ").join(keys),
            SQL(" INCLUDE (%s)", SQL(", ").join(SQL.identifier(c) for c in include)) if include else SQL(),
        )
    )


def task_lexemes(cr, task):
    """The task's distinct normalized words (stemmed, no stop words), in task order."""
    if not task:
        return []
    cr.execute(
        SQL(
            "SELECT lexeme, positions[1] FROM unnest(to_tsvector(%s::regconfig, %s))",
            ranking.TS_CONFIG,
            task,
        )
    )
    return ranking.pick_lexemes(cr.fetchall())


def relevance(cr, table, where, lexemes, limit=None, total=None):
    """``[(id, relevance)]`` of the rows of ``table`` (alias ``t``) that satisfy ``where``
    (an SQL condition) and contain a word of ``lexemes``, best first, at most ``limit``.

    The relevance is the sum over the words of IDF(word) x r / (r + SATURATION), r being
    ts_rank_cd(vector, word): a word repeated many times counts little more than once, so
    an item that has more of the task's words wins over one that repeats a common word.

    Two statements, each bounded by ``ranking.COMMON_ROWS`` rather than by the table:

    1. the rows in scope (unless the caller counted them: ``total``) and each word's
       document frequency, counted over a ``LIMIT
       COMMON_ROWS`` subquery of the GIN index: a word in at least COMMON_ROWS rows is
       *common* (see :func:`ranking.doc_weights` for its IDF);
    2. the ranking: the candidates are the rows that contain a word that is not common
       (each such word is in fewer than COMMON_ROWS rows); each candidate is scored on all
       the words. When every word is common, the candidates are the rows that contain them
       all, at most COMMON_ROWS of them (lowest ids): the words then tell little apart.
    """
    if not lexemes:
        return []
    return relevance_many(cr, [(table, where, limit, total)], lexemes)[0]


def _doc_freqs(table, where, lexemes, total):
    """Statement 1 of :func:`relevance` for one table: ``(total, lexeme, document frequency)``
    rows."""
    table_sql = SQL.identifier(table)
    return SQL(
        "SELECT %s, q.lex, "
        "(SELECT count(*) FROM (SELECT 1 FROM %s t WHERE %s AND %s @@ q.query::tsquery LIMIT %s) AS df) "
        "FROM unnest(%s::text[], %s::text[]) AS q(lex, query)",
        SQL("(SELECT count(*) FROM %s t WHERE %s)", table_sql, where) if total is None else total,
        table_sql,
        where,
        SQL.identifier("t", COLUMN),
        ranking.COMMON_ROWS,
        lexemes,
        [ranking.quote_lexeme(lex) for lex in lexemes],
    )


def relevance_many(cr, specs, lexemes):
    """:func:`relevance` of several tables for the same ``lexemes``: ``specs`` are
    ``(table, where, limit, total)``; returns one ``[(id, relevance)]`` per spec, in order.
    The document frequencies of every table are counted by one statement (the ``UNION ALL``
    of each table's statement 1), then each table whose rows hold a word is ranked by its
    statement 2: the same figures as one :func:`relevance` call per table, fewer round trips."""
    if not lexemes or not specs:
        return [[] for _spec in specs]
    parts = [
        SQL("SELECT %s AS k, d.* FROM (%s) AS d", index, _doc_freqs(table, where, lexemes, total))
        for index, (table, where, _limit, total) in enumerate(specs)
    ]
    cr.execute(SQL(" UNION ALL ").join(parts))
    counted = {}
    for index, table_total, lex, df in cr.fetchall():
        counted.setdefault(index, (table_total, {}))[1][lex] = df
    results = []
    for index, (table, where, limit, total) in enumerate(specs):
        table_total, doc_freqs = counted.get(index, (total or 0, {}))
        results.append(_rank(cr, table, where, limit, table_total, doc_freqs))
    return results


def _rank(cr, table, where, limit, total, doc_freqs):
    """Statement 2 of :func:`relevance` (none when no word occurs in the table)."""
    limit = ranking.CANDIDATES if limit is None else limit
    table_sql = SQL.identifier(table)
    column = SQL.identifier("t", COLUMN)
    idfs, common = ranking.doc_weights(doc_freqs, total)
    if not idfs:
        return []
    words = sorted(idfs)
    selective = [w for w in words if w not in common]
    if selective:
        selector, bound = " | ".join(ranking.quote_lexeme(w) for w in selective), SQL()
    else:
        selector = " & ".join(ranking.quote_lexeme(w) for w in words)
        bound = SQL(" ORDER BY t.id LIMIT %s", ranking.COMMON_ROWS)
    # each candidate row is read once (one bitmap scan of the index for the selecting words)
    # and scored on every word it contains
    cr.execute(
        SQL(
            "SELECT c.id, sum(q.idf * q.r / (q.r + %s)) AS relevance FROM ("
            "SELECT t.id, %s AS v FROM %s t WHERE %s AND %s @@ %s::tsquery%s) AS c "
            "CROSS JOIN LATERAL (SELECT w.idf, ts_rank_cd(%s::float4[], c.v, w.query::tsquery, %s) AS r "
            "FROM unnest(%s::text[], %s::float8[]) AS w(query, idf) WHERE c.v @@ w.query::tsquery) AS q "
            "GROUP BY c.id ORDER BY relevance DESC, c.id LIMIT %s",
            ranking.SATURATION,
            column,
            table_sql,
            where,
            column,
            selector,
            bound,
            ranking.TS_WEIGHTS,
            ranking.TS_NORMALIZATION,
            [ranking.quote_lexeme(w) for w in words],
            [idfs[w] for w in words],
            limit,
        )
    )
    return [(row[0], float(row[1])) for row in cr.fetchall()]
