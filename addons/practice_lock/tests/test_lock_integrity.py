# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

import psycopg2

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import LockCase


@tagged("post_install", "-at_install", "practice_integrity")
class TestLockIntegrity(LockCase):
    def test_database_refuses_a_second_held_row(self):
        grant = self.take(self.engineer, "sale_ext", "s-1")
        lock = self.lock_of(grant)
        self.env.flush_all()
        with self.assertRaises(psycopg2.errors.UniqueViolation), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "INSERT INTO practice_lock (token, repo_id, module_id, session_id, user_id, state, "
                    "acquired_at, expires_at, ttl_seconds) "
                    "SELECT nextval('practice_lock_token_seq'), repo_id, module_id, 'intruder', user_id, "
                    "'held', acquired_at, expires_at, 60 FROM practice_lock WHERE id = %s",
                    [lock.id],
                )
        # a released row does not count: history rows coexist with the held one
        self.api(self.engineer).release(grant["token"], "s-1")
        again = self.take(self.engineer2, "sale_ext", "s-2")
        self.assertTrue(again["granted"])
        self.assertEqual(
            self.Lock.search_count([("module_name", "=", "sale_ext"), ("repo_id", "=", self.repo.id)]), 2
        )

    def test_a_claim_that_loses_the_race_is_answered_and_leaves_the_transaction_usable(self):
        """Another worker's claim committed between this acquire's read and its claim: the claim
        hits the one-held index inside the savepoint its own round trip opened, which is rolled
        back; the answer is a refusal, the winner's row and this transaction stay usable."""
        grant = self.take(self.engineer, "sale_ext", "s-1")
        winner = self.lock_of(grant)
        self.env.flush_all()
        read_free = patch.object(type(self.Lock), "_held", lambda self, repo, code_module: self.browse())
        with read_free, mute_logger("odoo.sql_db"):  # the read saw the module free
            lost = self.take(self.engineer2, "sale_ext", "s-2")
        self.assertFalse(lost["granted"])
        self.assertEqual((lost["token"], lost.get("contended")), (0, True))
        self.env.invalidate_all()
        self.assertEqual(winner.state, "held")
        self.assertEqual(
            self.Lock.search_count([("module_name", "=", "sale_ext"), ("state", "=", "held")]), 1
        )
        # the transaction goes on: the next claim of another module is granted
        self.assertTrue(self.take(self.engineer2, "stock_ext", "s-2")["granted"])

    def test_index_and_sequence_exist(self):
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'practice_lock_one_held'")
        indexdef = self.env.cr.fetchone()[0]
        self.assertIn("UNIQUE", indexdef)
        self.assertIn("WHERE ((state)::text = 'held'::text)", indexdef)
        self.env.cr.execute(
            "SELECT 1 FROM pg_class WHERE relkind = 'S' AND relname = 'practice_lock_token_seq'"
        )
        self.assertTrue(self.env.cr.fetchone())

    def test_grant_is_atomic_with_its_event(self):
        grant = self.take(self.engineer, "sale_ext", "s-1", reason="why")
        lock = self.lock_of(grant)
        event = lock.event_ids
        self.assertEqual(
            (event.event, event.token, event.session_id, event.user_id),
            ("granted", lock.token, "s-1", self.engineer),
        )
        self.assertEqual(event.note, "why")
        self.assertEqual(event.module_id, lock.module_id)
