"""A real Odoo 18 server on 127.0.0.1 for end-to-end tests, and XML-RPC helpers.

The server runs ``odoo-bin`` from the located Odoo tree against the database that
setup/test prepared for live tests (``PRACTICE_E2E_DB``, a template copy of the test
database), on a free port, with the workers asked for (``--workers=2`` gives real
prefork workers: separate processes, separate database connections).
"""

import os
import socket
import subprocess
import sys
import time
import xmlrpc.client
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def e2e_database():
    db = os.environ.get("PRACTICE_E2E_DB")
    if not db:
        raise RuntimeError("PRACTICE_E2E_DB is not set: run the suite through setup/test.")
    return db


class LiveOdoo:
    """A running odoo-bin process and XML-RPC access to it."""

    def __init__(self, workers=0, extra_args=()):
        self.db = e2e_database()
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        odoo_src = os.environ["ODOO_SRC"]
        cache = os.environ["PRACTICE_CACHE"]
        args = [
            sys.executable,
            f"{odoo_src}/odoo-bin",
            "-c",
            str(PROJECT_DIR / "odoo.conf"),
            f"--addons-path={odoo_src}/addons,{PROJECT_DIR}/addons",
            f"--data-dir={cache}/data",
            f"--db_host={os.environ['PG_HOST']}",
            f"--db_port={os.environ['PG_PORT']}",
            f"--db_user={os.environ['PG_ROLE']}",
            f"--db_password={os.environ['PG_PASSWORD']}",
            "-d",
            self.db,
            f"--db-filter=^{self.db}$",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            f"--gevent-port={_free_port()}",
            f"--workers={workers}",
            "--max-cron-threads=0",
            "--log-level=warn",
            *extra_args,
        ]
        self.log_path = Path(cache) / f"live-{self.port}.log"
        self._log = open(self.log_path, "wb")  # closed in stop()
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Odoo exited early; see {self.log_path}:\n{self.log_tail()}")
            try:
                common.version()
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"Odoo did not answer within {timeout}s; see {self.log_path}")

    def log_tail(self, lines=40):
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def login(self, login, password):
        uid = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common").authenticate(
            self.db, login, password, {}
        )
        if not uid:
            raise AssertionError(f"XML-RPC login failed for {login}")
        return RpcUser(self, uid, password)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


class RpcUser:
    """``execute_kw`` bound to one authenticated user (a new proxy per call: thread/process safe)."""

    def __init__(self, server, uid, password):
        self.server, self.uid, self.password = server, uid, password

    def proxy(self):
        return xmlrpc.client.ServerProxy(f"{self.server.url}/xmlrpc/2/object", allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.proxy().execute_kw(
            self.server.db, self.uid, self.password, model, method, list(args), kwargs
        )
