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
    """Create the generated vector column and its GIN index when missing (idempotent)."""
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
    cr.execute(
        SQL(
            "CREATE INDEX IF NOT EXISTS %s ON %s USING gin (%s)",
            SQL.identifier(f"{table}_{COLUMN}_gin"),
            SQL.identifier(table),
            SQL.identifier(COLUMN),
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


def relevance(cr, table, where, lexemes, limit=None):
    """``[(id, relevance)]`` of the rows of ``table`` (alias ``t``) that satisfy ``where``
    (an SQL condition) and contain a word of ``lexemes``, best first, at most ``limit``.

    The relevance is the sum over the words of IDF(word) x r / (r + SATURATION), r being
    ts_rank_cd(vector, word): a word repeated many times counts little more than once, so
    an item that has more of the task's words wins over one that repeats a common word. The
    document frequencies come from the GIN index (one probe per word), the total from a
    count of the rows in scope; the ranking query joins the words to the index too, so the
    work grows with the rows that contain the task's words, not with the whole table.
    """
    if not lexemes:
        return []
    limit = ranking.CANDIDATES if limit is None else limit
    quoted = [ranking.quote_lexeme(lex) for lex in lexemes]
    table_sql = SQL.identifier(table)
    column = SQL.identifier("t", COLUMN)
    cr.execute(SQL("SELECT count(*) FROM %s t WHERE %s", table_sql, where))
    total = cr.fetchone()[0]
    cr.execute(
        SQL(
            "SELECT q.lex, (SELECT count(*) FROM %s t WHERE %s AND %s @@ q.query::tsquery) "
            "FROM unnest(%s::text[], %s::text[]) AS q(lex, query)",
            table_sql,
            where,
            column,
            lexemes,
            quoted,
        )
    )
    idfs = ranking.weights(dict(cr.fetchall()), total)
    if not idfs:
        return []
    words = sorted(idfs)
    cr.execute(
        SQL(
            "SELECT id, sum(idf * r / (r + %s)) AS relevance FROM ("
            "SELECT t.id, q.idf, ts_rank_cd(%s::float4[], %s, q.query::tsquery, %s) AS r "
            "FROM unnest(%s::text[], %s::float8[]) AS q(query, idf) "
            "JOIN %s t ON %s @@ q.query::tsquery WHERE %s"
            ") AS hits GROUP BY id ORDER BY relevance DESC, id LIMIT %s",
            ranking.SATURATION,
            ranking.TS_WEIGHTS,
            column,
            ranking.TS_NORMALIZATION,
            [ranking.quote_lexeme(w) for w in words],
            [idfs[w] for w in words],
            table_sql,
            column,
            where,
            limit,
        )
    )
    return [(row[0], float(row[1])) for row in cr.fetchall()]
