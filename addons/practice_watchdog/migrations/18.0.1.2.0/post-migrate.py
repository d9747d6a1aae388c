# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0: the cron that snapshots scheduled profiles moved from practice.watchdog.alert to
practice.watchdog.profile (the profile owns its schedule). The cron record is ``noupdate``, so a
database installed before keeps the old model, whose method is gone: point it at the profile."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_act_server AS action
           SET model_id = model.id, model_name = model.model
          FROM ir_model_data AS xmlid, ir_cron AS cron, ir_model AS model
         WHERE xmlid.module = 'practice_watchdog'
           AND xmlid.name = 'ir_cron_watchdog_snapshots'
           AND xmlid.model = 'ir.cron'
           AND cron.id = xmlid.res_id
           AND action.id = cron.ir_actions_server_id
           AND model.model = 'practice.watchdog.profile'
        """
    )
