# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain tests of the secret-like column classification and the input bounds (no database)."""

import pytest

from odoo.addons.practice_watchdog.tools import diff, inputs, secrets

pytestmark = pytest.mark.security


@pytest.mark.parametrize(
    "name",
    [
        "smtp_pass",
        "password",
        "new_password",
        "password_crypt",
        "api_key",
        "apikey",
        "apiKey",
        "key",
        "token",
        "access_token",
        "oauth_access_token",
        "secret",
        "totp_secret",
        "signature_secret",
        "client_secret",
        "clientsecret",
        "credentials",
        "private_key",
        "pwd",
        "passphrase",
        "otp",
        "salt",
        "pin",
        "SMTP_PASS",
    ],
)
def test_secret_like_names_are_secret(name):
    assert secrets.is_secret_name(name)
    assert not secrets.is_hashable_field(name)


@pytest.mark.parametrize(
    "name",
    [
        "id",
        "name",
        "login",
        "res_model",
        "res_field",
        "res_id",
        "store_fname",
        "file_size",
        "checksum",
        "keyword",
        "passenger_count",
        "compass",
        "pinned",
        "state",
        "latest_version",
        "partner_id",
    ],
)
def test_ordinary_names_are_hashable(name):
    assert not secrets.is_secret_name(name)
    assert secrets.is_hashable_field(name)


def test_fields_restricted_by_groups_are_never_hashable():
    assert not secrets.is_hashable_field("name", groups="base.group_system")
    assert secrets.is_hashable_field("name", groups=None)


def test_words_split_snake_camel_and_digits():
    assert secrets.words("smtpPass_2") == ["smtp", "pass"]
    assert secrets.words("oauth_access_token") == ["oauth", "access", "token"]


def test_text_problems():
    assert inputs.text_problem("ok", 10) is None
    assert inputs.text_problem(5, 10) == "type"
    assert inputs.text_problem("  ", 10) == "empty"
    assert inputs.text_problem("", 10, required=False) is None
    assert inputs.text_problem("x" * 11, 10) == "long"
    assert inputs.text_problem("a\x00b", 10) == "nul"
    assert inputs.text_problem("x" * 100_000, inputs.MAX_LABEL) == "long"


def test_id_problems():
    assert inputs.id_problem(1) is None
    assert inputs.id_problem(inputs.MAX_ID) is None
    for value in ("x", 1.0, True, None, [1]):
        assert inputs.id_problem(value) == "type"
    for value in (0, -1, 2**31, 2**64):
        assert inputs.id_problem(value) == "range"


def test_excerpt_is_short():
    assert len(inputs.excerpt("x" * 100_000)) < 100
    assert len(inputs.excerpt(list(range(10_000)))) <= inputs.EXCERPT + 1
    assert inputs.excerpt("abc") == "'abc'"


def test_split_models_and_bounded_label():
    assert inputs.split_models("res.partner, ir.attachment") == ["res.partner", "ir.attachment"]
    assert inputs.split_models(("a",)) == ["a"]
    assert inputs.split_models(5) is None and inputs.split_models({"a": 1}) is None
    assert inputs.bounded_label("x" * 300) == "x" * (inputs.MAX_LABEL - 1) + "…"
    assert inputs.bounded_label("short") == "short"


def test_diff_summary_never_quotes_hash_values():
    line = diff.compare_metric(
        "ir.mail_server", "sample_hash", "5f4dcc3b", "0d107d09", diff.Threshold(flag_hash=True)
    )
    assert line["flagged"]
    text = diff.summary([line])
    assert "5f4dcc3b" not in text and "0d107d09" not in text
    assert text == "ir.mail_server sample_hash: changed"
    version = diff.compare_metric("odoo", "odoo_version", "18.0", "18.0+e", diff.Threshold())
    assert "18.0+e" in diff.summary([version])
