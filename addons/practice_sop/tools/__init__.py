# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Logic of practice_sop that is not about records: SLA arithmetic, the step/run state
machine, code formats. Plain Python, tested without a database."""
