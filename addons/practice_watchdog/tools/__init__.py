"""The watchdog's engine, outside the ORM, tested with plain pytest: diffing with thresholds
(diff), deterministic row sampling (sampling), module-vector hashing (modvec), burst detection
(burst), secret-like column names (secrets), input bounds (inputs), what a scope measures
(scope: the ``Scope`` of a profile or an ad-hoc snapshot).

Which file holds which SQL: the statements that *measure* business tables are built in
``measure`` (one ``UNION ALL`` statement per scope, prepared per connection; the file sample),
``attachment_stats`` (the statistics of ``ir_attachment``: tables, reads, verification, the
exact scan) and ``counting`` (the counting triggers' DDL). The models keep only the SQL that
reads or writes their own tables (snapshot lines in one ``unnest`` insert, metrics of a
snapshot) and the one-line reads of Odoo's own tables (``ir_module_module``)."""

from . import attachment_stats, burst, counting, diff, inputs, measure, modvec, sampling, scope, secrets
