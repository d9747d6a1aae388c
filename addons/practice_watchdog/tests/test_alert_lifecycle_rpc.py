# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 31 items 5 and 6: the alert lifecycle over RPC (``list_alerts``, ``acknowledge``,
``resolve``: what each group may do), a handled burst never raised again for the same deletes,
and an ORM delete crossing a burst threshold waking the burst cron at once."""

from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from ..tools import inputs
from .common import WatchdogCase

MODEL = "res.partner.category"
NOW = datetime(2026, 3, 2, 10, 30, 15)
BURST_CRON = "practice_watchdog.ir_cron_watchdog_bursts"


class AlertRpcCase(WatchdogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["practice.watchdog.alert"]

    @classmethod
    def _alert(cls, name, state="new", severity="high", **vals):
        return cls.Alert.sudo().create(
            dict({"name": name, "kind": "diff", "state": state, "severity": severity}, **vals)
        )

    def _ids(self, answer):
        return [info["id"] for info in answer]


@tagged("post_install", "-at_install", "practice_security")
class TestAlertRpcRights(AlertRpcCase):
    """Readers list; Engineers and AI sessions acknowledge; only Managers resolve."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alert = cls._alert("Rights alert")

    def test_reader_lists_but_neither_acknowledges_nor_resolves(self):
        Alert = self.Alert.with_user(self.reader)
        self.assertIn(self.alert.id, self._ids(Alert.list_alerts()))
        with self.assertRaises(AccessError):
            Alert.acknowledge(self.alert.id)
        with self.assertRaises(AccessError):
            Alert.resolve(self.alert.id, note="not mine to close")
        self.assertEqual(self.alert.state, "new")

    def test_outsider_and_portal_cannot_list(self):
        with self.assertRaises(AccessError):
            self.Alert.with_user(self.outsider).list_alerts()

    def test_ai_session_acknowledges_with_a_note_but_never_resolves(self):
        """The narrowest rights that let an agent triage: it lists and acknowledges (in its own
        name, its note on the alert); resolving, reopening and the backend button stay human."""
        Alert = self.Alert.with_user(self.ai_user)
        info = Alert.acknowledge(self.alert.id, note="Triage run started by an agent.")
        self.assertEqual((info["state"], info["acknowledged_by"]), ("acknowledged", "t_ai"))
        self.assertEqual(self.alert.acknowledged_by_id, self.ai_user)
        note = self.alert.message_ids.filtered(lambda m: "Triage run started by an agent." in (m.body or ""))
        self.assertEqual(note.author_id, self.ai_user.partner_id)
        with self.assertRaises(AccessError):
            Alert.resolve(self.alert.id, note="closing it myself")
        with self.assertRaises(AccessError):
            self.alert.with_user(self.ai_user).action_reopen()
        other = self._alert("Button alert")
        with self.assertRaises(AccessError):
            other.with_user(self.ai_user).action_acknowledge()
        self.assertEqual(self.alert.state, "acknowledged")

    def test_engineer_acknowledges_manager_resolves(self):
        self.Alert.with_user(self.engineer).acknowledge(self.alert.id)
        with self.assertRaises(AccessError):
            self.Alert.with_user(self.engineer).resolve(self.alert.id, note="engineers do not close")
        info = self.Alert.with_user(self.manager).resolve(self.alert.id, note="Restored from backup.")
        self.assertEqual((info["state"], info["resolved_by"]), ("resolved", "t_manager"))
        self.assertEqual(info["resolution"], "Restored from backup.")

    def test_burst_alert_of_a_model_the_caller_cannot_read_is_neither_listed_nor_acknowledged(self):
        hidden = self._alert("Hidden burst", kind="burst", model_name="ir.config_parameter", deletes=9)
        Alert = self.Alert.with_user(self.ai_user)
        self.assertNotIn(hidden.id, self._ids(Alert.list_alerts(state="all", limit=500)))
        with self.assertRaises(AccessError):
            Alert.acknowledge(hidden.id)
        self.assertEqual(hidden.state, "new")


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestAlertRpcLifecycle(AlertRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert.sudo().search([]).write({"state": "resolved"})  # only this test's alerts are open
        cls.high = cls._alert("High new")
        cls.low = cls._alert("Low new", severity="low")
        cls.acked = cls._alert("High acknowledged", state="acknowledged")
        cls.done = cls._alert("High resolved", state="resolved")

    def test_list_filters_by_state_and_severity(self):
        Alert = self.Alert.with_user(self.ai_user)
        self.assertEqual(set(self._ids(Alert.list_alerts())), {self.high.id, self.low.id, self.acked.id})
        self.assertEqual(set(self._ids(Alert.list_alerts(state="new"))), {self.high.id, self.low.id})
        self.assertEqual(self._ids(Alert.list_alerts(state="acknowledged")), [self.acked.id])
        self.assertIn(self.done.id, self._ids(Alert.list_alerts(state="resolved")))
        self.assertNotIn(self.done.id, self._ids(Alert.list_alerts()))
        self.assertEqual(
            set(self._ids(Alert.list_alerts(severity="low", state="all")))
            & set((self.high | self.low | self.acked | self.done).ids),
            {self.low.id},
        )
        self.assertEqual(len(Alert.list_alerts(state="all", limit=1)), 1)
        # most severe first
        self.assertEqual(Alert.list_alerts(state="new")[-1]["id"], self.low.id)

    def test_list_answers_small_dicts(self):
        (info,) = [i for i in self.Alert.with_user(self.reader).list_alerts() if i["id"] == self.high.id]
        self.assertEqual(
            {key: info[key] for key in ("name", "kind", "severity", "state", "model", "diff_id")},
            {
                "name": "High new",
                "kind": "diff",
                "severity": "high",
                "state": "new",
                "model": False,
                "diff_id": False,
            },
        )
        self.assertIsInstance(info["create_date"], str)
        self.assertEqual(info["session_ids"], [])

    def test_hostile_inputs_are_clear_user_errors(self):
        Alert = self.Alert.with_user(self.manager)
        for kwargs in ({"state": "bogus"}, {"state": 3}, {"severity": "urgent"}, {"limit": 0}):
            with self.assertRaises(UserError, msg=str(kwargs)):
                Alert.list_alerts(**kwargs)
        for limit in (501, True, "5"):
            with self.assertRaises(UserError):
                Alert.list_alerts(limit=limit)
        for alert_id in ("1", None, -1, 2**40, 10**9, [self.high.id]):
            with self.assertRaises(UserError, msg=repr(alert_id)):
                Alert.acknowledge(alert_id)
        with self.assertRaises(UserError):
            Alert.acknowledge(self.high.id, note=["not", "text"])
        with self.assertRaises(UserError):
            Alert.acknowledge(self.high.id, note="a\x00b")
        self.assertEqual(self.high.state, "new")

    def test_acknowledge_only_new_alerts(self):
        Alert = self.Alert.with_user(self.engineer)
        with self.assertRaisesRegex(UserError, "only new alerts"):
            Alert.acknowledge(self.acked.id)
        with self.assertRaisesRegex(UserError, "only new alerts"):
            Alert.acknowledge(self.done.id)

    def test_resolve_needs_a_bounded_note(self):
        Alert = self.Alert.with_user(self.manager)
        for note in (None, "", "   "):
            with self.assertRaisesRegex(UserError, "needs a note"):
                Alert.resolve(self.acked.id, note=note)
        with self.assertRaisesRegex(UserError, "too long"):
            Alert.resolve(self.acked.id, note="x" * (inputs.MAX_RESOLUTION + 1))
        self.assertEqual(self.acked.state, "acknowledged")
        info = Alert.resolve(self.acked.id, note="  Root cause: a bad migration.  ")
        self.assertEqual((info["state"], info["resolution"]), ("resolved", "Root cause: a bad migration."))
        with self.assertRaisesRegex(UserError, "already resolved"):
            Alert.resolve(self.acked.id, note="again")

    def test_resolve_adds_to_a_written_resolution(self):
        self.high.with_user(self.engineer).write({"resolution": "Seen a bulk delete script."})
        # the written resolution is enough; a note is added below it
        self.assertEqual(self.Alert.with_user(self.manager).resolve(self.high.id)["state"], "resolved")
        self.assertEqual(self.high.resolution, "Seen a bulk delete script.")
        self.high.with_user(self.manager).action_reopen()
        self.Alert.with_user(self.manager).resolve(self.high.id, note="Script removed.")
        self.assertEqual(self.high.resolution, "Seen a bulk delete script.\n\nScript removed.")
        # the sum stays bounded by the resolution's own check
        self.high.with_user(self.manager).action_reopen()
        with self.assertRaises(ValidationError):
            self.Alert.with_user(self.manager).resolve(self.high.id, note="y" * inputs.MAX_RESOLUTION)


@tagged("post_install", "-at_install", "practice_lifecycle")
class TestHandledBurstOverRpc(AlertRpcCase):
    """Issue 31 item 5: an alert acknowledged or resolved over RPC is done with: the burst
    cron, run again over the same counted deletes (the same minute, later minutes of the window,
    after it), raises nothing new."""

    def _burst(self):
        self._profile(
            "RPC burst",
            models=[(MODEL, {"burst_deletes": 5, "burst_window": 5})],
            watchers=self.engineer | self.manager,
        )
        with freeze_time(NOW):
            tags = self.env[MODEL].create([{"name": f"rpc burst {i}"} for i in range(8)])
            tags.unlink()  # through the ORM hooks: counted in this minute
        alert = self.Alert._cron_check_bursts(now=NOW)
        self.assertEqual((len(alert), alert.deletes, alert.model_name), (1, 8, MODEL))
        return alert

    def _rerun(self, alert):
        for offset in (0, 1, 2, 4, 6):
            self.assertFalse(self.Alert._cron_check_bursts(now=NOW + timedelta(minutes=offset)), offset)
        self.assertEqual(self.Alert.search([("kind", "=", "burst"), ("model_name", "=", MODEL)]), alert)

    def test_acknowledged_over_rpc_is_not_raised_again(self):
        alert = self._burst()
        self.Alert.with_user(self.ai_user).acknowledge(alert.id, note="looking")
        self._rerun(alert)
        self.assertEqual((alert.state, alert.deletes), ("acknowledged", 8))

    def test_resolved_over_rpc_is_not_raised_again(self):
        alert = self._burst()
        self.Alert.with_user(self.manager).resolve(alert.id, note="expected cleanup")
        self._rerun(alert)
        self.assertEqual((alert.state, alert.deletes), ("resolved", 8))

    def test_acknowledged_then_resolved_is_not_raised_again(self):
        alert = self._burst()
        self.Alert.with_user(self.engineer).acknowledge(alert.id)
        self.assertFalse(self.Alert._cron_check_bursts(now=NOW + timedelta(minutes=1)))
        self.Alert.with_user(self.manager).resolve(alert.id, note="done")
        self._rerun(alert)


@tagged("post_install", "-at_install", "practice_integration")
class TestBurstWakesTheCron(AlertRpcCase):
    """Issue 31 item 6: an ORM delete that takes a window across its burst threshold wakes the
    burst cron (an ``ir.cron.trigger``, notified to the cron runner at commit); deletes below
    the threshold, or above it once crossed, do not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref(BURST_CRON)
        cls.Counter = cls.env["practice.watchdog.counter"]

    def setUp(self):
        super().setUp()
        self.cron.active = True
        # deletes already counted in the window (other tests of a shared database) raise the bar
        since = datetime.now().replace(second=0, microsecond=0) - timedelta(minutes=10)
        self.threshold = self.Counter._window_deletes(MODEL, since) + 5
        self._profile("Wake", models=[(MODEL, {"burst_deletes": self.threshold, "burst_window": 10})])
        self.tags = self.env[MODEL].create([{"name": f"wake {i}"} for i in range(12)])

    def _triggers(self):
        return self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])

    def _delete(self, records):
        records.unlink()
        self.env.cr.flush()  # the pre-commit hooks: the tally is written (and checked) there

    def test_crossing_the_threshold_in_one_unlink_triggers_the_cron_once(self):
        before = self._triggers()
        self._delete(self.tags[:6])
        self.assertEqual(self._triggers(), before + 1)
        # above the threshold already: no second wake-up
        self._delete(self.tags[6:9])
        self.assertEqual(self._triggers(), before + 1)

    def test_below_the_threshold_no_trigger_then_the_crossing_one(self):
        before = self._triggers()
        self._delete(self.tags[:3])
        self.assertEqual(self._triggers(), before)
        self._delete(self.tags[3:4])
        self.assertEqual(self._triggers(), before)
        self._delete(self.tags[4:5])  # the 5th delete reaches the threshold
        self.assertEqual(self._triggers(), before + 1)

    def test_creates_and_unwatched_models_never_trigger(self):
        before = self._triggers()
        self.env[MODEL].create([{"name": f"more {i}"} for i in range(20)])
        self.env.cr.flush()
        industries = self.env["res.partner.industry"].create([{"name": f"i{i}"} for i in range(20)])
        self._delete(industries)
        self.assertEqual(self._triggers(), before)

    def test_the_woken_cron_raises_the_alert(self):
        self._delete(self.tags[:7])
        alert = self.Alert._cron_check_bursts().filtered(lambda a: a.model_name == MODEL)
        self.assertEqual(len(alert), 1)
        self.assertGreaterEqual(alert.deletes, 7)
