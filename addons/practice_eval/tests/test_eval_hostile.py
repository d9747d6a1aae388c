# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools import junit
from .common import EvalCase, junit_case, junit_doc

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    "<testsuite><testcase name='&lol3;'/></testsuite>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<testsuite><testcase name='&xxe;'/></testsuite>"
)


@tagged("post_install", "-at_install", "practice_security")
class TestEvalHostile(EvalCase):
    def test_bad_documents_import_nothing(self):
        before = self.counts()
        cases = [
            ("", "empty"),
            ("<testsuite><testcase name='x'>", "malformed XML"),
            ("<rss><channel/></rss>", "not a JUnit report"),
            (BILLION_LAUGHS, "DTD, entities"),
            (XXE, "DTD, entities"),
            ("<testsuite>" + " " * (junit.MAX_BYTES + 1) + "</testsuite>", "bytes, more than"),
            (junit_doc(junit_case("ok"), "<testcase classname='c'/>"), "name attribute is missing"),
            (None, "must be XML text"),
            (["<testsuite/>"], "must be XML text"),
        ]
        for document, expected in cases:
            with self.subTest(expected=expected), self.assertRaisesRegex(UserError, expected):
                self.push(self.engineer, document)
        self.assertEqual(self.counts(), before)

    def test_bad_arguments_are_clear_errors(self):
        before = self.counts()
        doc = junit_doc(junit_case("ok"))
        for kwargs, expected in (
            ({"repo": "no-such-repo"}, "Unknown repository"),
            ({"branch": "b" * 300}, "branch must be text"),
            ({"commit": ["x"]}, "commit must be text"),
            ({"session_id": 5}, "session_id must be text"),
            ({"source": "telepathy"}, "Unknown source"),
        ):
            with self.subTest(kwargs=kwargs), self.assertRaisesRegex(UserError, expected):
                self.push(self.engineer, doc, **kwargs)
        with self.assertRaisesRegex(UserError, "limit must be"):
            self.Run.trend(repo="test-repo", limit=0)
        self.assertEqual(self.counts(), before)

    def test_invalid_mapping_in_settings_is_named(self):
        self.env["ir.config_parameter"].sudo().set_param("practice_eval.category_mapping", "x = speed")
        with self.assertRaisesRegex(UserError, "mapping in Settings is invalid: mapping line 1"):
            self.push(self.engineer, junit_doc(junit_case("ok")))
