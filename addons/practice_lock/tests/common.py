# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixtures for lock tests: the practice users of practice_base and shortcuts to the RPC API."""

from odoo.addons.practice_base.tests.common import PracticeCase

T0 = "2026-03-02 09:00:00"


class LockCase(PracticeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Lock = cls.env["practice.lock"]
        cls.Event = cls.env["practice.lock.event"]

    def api(self, user):
        return self.Lock.with_user(user)

    def take(self, user, module, session, **kwargs):
        kwargs.setdefault("repo", "test-repo")
        return self.api(user).acquire(module, session, **kwargs)

    def lock_of(self, answer):
        return self.Lock.search([("token", "=", answer["token"])])

    def events(self, lock):
        return self.Event.search([("lock_id", "=", lock.id)], order="id").mapped("event")

    def counts(self):
        """Rows of the lock tables: bad input must not change them."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT (SELECT count(*) FROM practice_lock), (SELECT count(*) FROM practice_lock_event), "
            "(SELECT count(*) FROM practice_code_module), "
            "(SELECT coalesce(max(write_date), 'epoch') FROM practice_lock)"
        )
        return self.env.cr.fetchone()
