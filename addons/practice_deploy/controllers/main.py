# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import time

import psycopg2
from werkzeug.exceptions import RequestEntityTooLarge

from odoo import fields, http
from odoo.http import request

from ..tools import dispatch, signing

_logger = logging.getLogger(__name__)


class _Refused(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class PracticeDeployController(http.Controller):
    @http.route(
        "/practice/deploy/callback",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        # werkzeug reads at most this much of the stream (a chunked body has no length) and
        # refuses a larger Content-Length (413) before anything reads the body
        max_content_length=dispatch.MAX_CALLBACK_BYTES + 1,
    )
    def deploy_callback(self, **_params):
        """The git host's automation reports Deployed / Rolled back. Refusals: 403 (signature,
        timestamp window), 400 (not the expected JSON, or nested deeper than 20 levels), 409
        (nonce seen, task not dispatched), 404 (unknown task), 413 (more than 64 KiB: refused
        from its Content-Length before reading, or after reading at most 64 KiB + 1 of a chunked
        body), 503 (no secret configured). A refusal changes nothing."""
        try:
            answer = self._deploy_callback()
            return request.make_json_response(answer, status=200)
        except _Refused as err:
            _logger.warning("practice_deploy: callback refused (%s): %s", err.status, err)
            return request.make_json_response({"ok": False, "error": str(err)}, status=err.status)

    def _deploy_callback(self):
        httprequest = request.httprequest
        limit = dispatch.MAX_CALLBACK_BYTES
        if (httprequest.content_length or 0) > limit:
            raise _Refused(413, f"body larger than {limit} bytes")
        try:
            # the route's max_content_length bounds this read to limit + 1 bytes
            body = httprequest.get_data(cache=False)
        except RequestEntityTooLarge as err:
            raise _Refused(413, f"body larger than {limit} bytes") from err
        if len(body) > limit:
            raise _Refused(413, f"body larger than {limit} bytes")
        env = request.env
        Task = env["project.task"].sudo()
        secret = Task._deploy_param("secret")
        if not secret:
            raise _Refused(503, "deploy callbacks are not configured")
        window = Task._deploy_int_param("window_seconds", signing.DEFAULT_WINDOW)
        try:
            _timestamp, nonce = signing.verify(secret, dict(httprequest.headers), body, time.time(), window)
            data = dispatch.parse_callback(body)
        except signing.SignatureError as err:
            raise _Refused(403, str(err)) from err
        except dispatch.CallbackError as err:
            raise _Refused(err.status, str(err)) from err
        Nonce = env["practice.deploy.nonce"].sudo()
        if Nonce._seen(nonce):
            raise _Refused(409, "nonce already used (replayed callback)")
        now = fields.Datetime.now()
        try:
            with env.cr.savepoint():
                Nonce.create({"name": nonce, "received_at": now, "task_id": False})
                return Task._deploy_callback(data, now)
        except dispatch.CallbackError as err:
            raise _Refused(err.status, str(err)) from err
        except psycopg2.IntegrityError as err:
            raise _Refused(409, "nonce already used (replayed callback)") from err
