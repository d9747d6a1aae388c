# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The callback over real HTTP (issue 23 items 1 and 9): bounded body reads, a clear 400 for a
deeply nested body, and the secret set through the write-only wizard signing both ways."""

import json
import socket

from odoo.tests import HOST, tagged

from ..tools import dispatch, signing
from .common import SECRET, DeployHttpCase


@tagged("post_install", "-at_install", "practice_security")
class TestDeployCallbackHttp(DeployHttpCase):
    def _nonces(self):
        return self.env["practice.deploy.nonce"].sudo().search_count([])

    def test_chunked_body_is_refused_after_reading_limit_plus_one_bytes(self):
        """A chunked body has no Content-Length: the server must stop reading once it passed
        the route's limit and answer 413 while the client is still sending (the body here never
        ends: a server reading it to the end would never answer)."""
        nonces = self._nonces()
        chunk = b"x" * 4096
        with socket.create_connection((HOST, self.http_port()), timeout=60) as sock:
            sock.sendall(
                (
                    f"POST {self.CALLBACK} HTTP/1.1\r\nHost: {HOST}\r\n"
                    "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                ).encode()
            )
            for _index in range(dispatch.MAX_CALLBACK_BYTES // len(chunk) + 2):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            # no terminating 0-length chunk: the body is still "being sent"
            answer = b""
            while b"\r\n\r\n" not in answer:
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
        status_line = answer.split(b"\r\n", 1)[0].decode()
        self.assertIn(" 413 ", status_line, answer[:500])
        self.assertEqual(self._nonces(), nonces)

    def test_declared_oversize_body_is_refused_before_reading(self):
        body = b" " * (dispatch.MAX_CALLBACK_BYTES + 10)
        response = self._post_callback(raw=body)
        self.assertEqual(response.status_code, 413)

    def test_signed_deeply_nested_body_answers_a_clear_400(self):
        task = self._approved()
        self._dispatch(task, 200)
        depth = 20_000
        raw = (
            b'{"task_id": %d, "status": "deployed", "deployment_id": "dep-9", "health": ' % task.id
            + b"[" * depth
            + b"]" * depth
            + b"}"
        )
        self.assertLessEqual(len(raw), dispatch.MAX_CALLBACK_BYTES)
        response = self._post_callback(raw=raw)
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertIn("nests deeper than", response.json()["error"])
        # nested a little deeper than the limit, parsed fine by json: still refused
        health = 1
        for _index in range(dispatch.MAX_DEPTH + 1):
            health = [health]
        shallow = self._callback_payload(task, health=health)
        response = self._post_callback(shallow)
        self.assertEqual(response.status_code, 400, response.text[:300])
        task.invalidate_recordset()
        self.assertEqual(task.deploy_state, "dispatched")

    def test_secret_set_through_the_wizard_signs_dispatch_and_verifies_callback(self):
        new_secret = "rotated-secret-via-wizard-42"
        admin = self.env.ref("base.user_admin")
        self.env["practice.deploy.secret.wizard"].with_user(admin).create(
            {"target": "secret", "value": new_secret}
        ).action_apply()
        task = self._approved()
        calls = self._dispatch(task, 200)
        self.assertEqual(task.deploy_state, "dispatched")
        sent = calls[0]
        headers = {key.lower(): value for key, value in sent["headers"].items()}
        signing.verify(new_secret, sent["headers"], sent["body"], int(headers["x-practice-timestamp"]))
        payload = self._callback_payload(task)
        response = self._post_callback(payload, secret=SECRET)  # the old secret: refused
        self.assertEqual(response.status_code, 403)
        response = self._post_callback(payload, secret=new_secret)
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(json.loads(response.text)["state"], "deployed")
        task.invalidate_recordset()
        self.assertEqual(task.deploy_state, "deployed")
