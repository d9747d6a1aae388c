# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixtures of the knowledge tests: a small valid vault and record counts."""

from pathlib import Path

from odoo.addons.practice_base.tests.common import PracticeCase

VAULT_DIR = Path(__file__).resolve().parents[3] / "knowledge"
KNOWLEDGE_MODELS = (
    "practice.rule",
    "practice.adr",
    "practice.runbook",
    "practice.glossary.term",
    "practice.citation",
    "practice.code.module",
)

ADR_1 = """---
number: 1
title: Use PostgreSQL
date: 2025-11-01
status: accepted
deciders:
- Ada
---

## Context

We need a database.

## Decision

PostgreSQL.
"""

RUNBOOK_14 = """---
number: 14
title: Image pipeline recovery
adrs:
- 1
---

1. Stop the cron.
2. Restore the images.
"""

RULE = """---
title: No image bytes in ORM loops
date: 2025-11-14
severity: critical
status: active
modules:
- fl_catalog
runbooks:
- 14
owner: ops-team
---

## Rule

Never write image bytes through the ORM in a loop; use the fencing token.

## Incident

34,488 ir_attachment rows vanished in 5 minutes.

## Root cause

A cleanup cron.

## Fix

Throttled batches.
"""

TERM = """---
term: Fencing token
aliases:
- token
---

A monotonic number checked by storage.
"""

CITATIONS = """# Citations 2025-11-14

## Kleppmann on locks

- **Link**: https://example.com/locks
- **Takeaway**: Leases need fencing tokens.
- **Application**: check_token.
- **Quality Score**: 95
- **Date Added**: 2025-11-14

## Nygard on ADRs

- **Link**: https://example.com/adr
- **Takeaway**: Short decision records.
- **Quality Score**: 70
- **Date Added**: 2025-11-14
"""


def sample_files():
    return {
        "adr/0001-use-postgresql.md": ADR_1,
        "runbooks/0014-image-pipeline-recovery.md": RUNBOOK_14,
        "rules/2025-11-14-orm-image-bytes.md": RULE,
        "glossary/fencing-token.md": TERM,
        "citations/2025-11-14.md": CITATIONS,
    }


def read_vault(env, root=VAULT_DIR):
    """The vault on disk, limited to the file kinds installed here."""
    kinds = env["practice.vault"]._vault_kinds()
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            rel = path.relative_to(root).as_posix()
            if any(kind.matches(rel) for kind in kinds):
                files[rel] = path.read_text(encoding="utf-8")
    return files


class KnowledgeCase(PracticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vault = cls.env["practice.vault"]

    def counts(self):
        return {
            model: self.env[model].with_context(active_test=False).search_count([])
            for model in KNOWLEDGE_MODELS
        }

    def import_ok(self, files, repo=None, **kwargs):
        result = self.vault.import_files(files, repo=(repo or self.repo).id, **kwargs)
        self.assertEqual(result["errors"], [])
        return result
