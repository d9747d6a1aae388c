# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Property-based fuzz test of the sessions/ and memory/MEMORY.md parsers (no database):
any text gives entries or a located VaultError, never another exception. Deterministic."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.addons.practice_knowledge.tools import vault_format as vf
from odoo.addons.practice_memory.tools import vault_memory as vm

from .test_vault_tools import MEMORY, SESSION, SESSION_PATH

pytestmark = pytest.mark.integrity

FUZZ = settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TRICKY = [
    "²",
    "9" * 4400,
    "99999999999",
    "-1",
    "&a [x]",
    "*a",
    "[" * 30,
    "\x00",
    "\u202e",
    "nan",
    "1e999",
    "",
]
LINES = [
    "- **Seen**: ",
    "- **Key**: ",
    "- **Date**: ",
    "- **Status**: ",
    "- **Superseded by**: ",
    "## Topic\n",
    "tokens: ",
    "cost: ",
    "started_at: ",
    "user: ",
    "- 2026-01-05 10:05:00 **tried**: ",
]
mutations = st.tuples(
    st.sampled_from([MEMORY, SESSION]),
    st.integers(0, 1200),
    st.sampled_from(LINES),
    st.one_of(st.sampled_from(TRICKY), st.text(max_size=12)),
).map(lambda t: t[0][: t[1]] + "\n" + t[2] + t[3] + "\n" + t[0][t[1] :])


def _check(parse, path, text):
    try:
        entries = parse(path, text)
    except vf.VaultError as error:
        assert error.line >= 1 and error.message
        assert len(error.message) <= vf.MAX_MESSAGE_CHARS
    else:
        assert all(isinstance(entry, vf.Entry) for entry in entries)


@FUZZ
@given(st.one_of(mutations, st.text(max_size=200)))
def test_memory_index_parses_any_text_or_raises_a_vault_error(text):
    _check(vm.parse_memory, vm.MEMORY_PATH, text)


@FUZZ
@given(st.one_of(mutations, st.text(max_size=200)))
def test_session_log_parses_any_text_or_raises_a_vault_error(text):
    _check(vm.parse_session, SESSION_PATH, text)


@pytest.mark.parametrize("seen", ["²", "9" * 5000, "99999999999"])
def test_seen_that_is_not_a_small_ascii_number_is_a_located_error(seen):
    text = MEMORY.replace("- **Seen**: 3", f"- **Seen**: {seen}")
    with pytest.raises(vf.VaultError, match="'Seen' must be a whole number") as info:
        vm.parse_memory(vm.MEMORY_PATH, text)
    assert info.value.line == 8
    assert len(info.value.message) < 150
