# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Deploy logic that is not about records: signing, payloads, retry backoff, the state machine."""

from . import dispatch, signing, states
