"""Sandbox creation (issue 29): `practice sandbox create` (the client's target.create: the
practice server's idle-template check, the copy by the target's practice_watchdog —
``practice.watchdog.sandbox.duplicate``: CREATE DATABASE … TEMPLATE, a new dbuuid and secret
written with SQL, the filestore copy; Odoo's database service ``duplicate_database`` loads the
copy's registry for the dbuuid, about 0.7 s more — and the record on the practice server) vs
the bare baseline: ``createdb -T`` of the same template plus a copy of its filestore. Medians
over interleaved rounds. Goal: ≤ 1.2×.

The template is a copy of the benchmark database that no server opens; the live server serves
the benchmark database (it is both the practice server and the target). ``--quick``: 1 round.
Run with ``setup/bench bench/bench_sandbox.py``.
"""

import configparser
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import PROJECT_DIR, emit, quick, report

sys.path.insert(0, str(PROJECT_DIR / "client"))

from practice_client import target
from practice_client.rpc import PracticeRPC, Settings

from live import LiveOdoo

ROUNDS = 5
GOAL = 1.2


def pg(*args):
    env = dict(os.environ, PGPASSWORD=os.environ["PG_PASSWORD"])
    conn = ["-h", os.environ["PG_HOST"], "-p", os.environ["PG_PORT"], "-U", os.environ["PG_ROLE"]]
    subprocess.run([args[0], *conn, *args[1:]], env=env, check=True, capture_output=True)


def filestore(db):
    return Path(os.environ["PRACTICE_CACHE"]) / "data" / "filestore" / db


def bare_copy(template, name):
    pg("createdb", "-T", template, name)
    if filestore(template).exists():
        shutil.copytree(filestore(template), filestore(name))


def bare_drop(name):
    pg("dropdb", "--if-exists", "--force", name)
    shutil.rmtree(filestore(name), ignore_errors=True)


def master_password():
    config = configparser.ConfigParser()
    config.read(PROJECT_DIR / "odoo.conf")
    return config["options"]["admin_passwd"]


def main():
    rounds = 1 if quick() else ROUNDS
    db = os.environ["PRACTICE_BENCH_DB"]
    template = f"{db}_sbxtpl"[:63]
    bare_drop(template)
    bare_copy(db, template)
    server = LiveOdoo(workers=0)
    env = {
        "PRACTICE_URL": server.url,
        "PRACTICE_DB": db,
        "PRACTICE_LOGIN": "admin",
        "PRACTICE_API_KEY": "admin",
        "PRACTICE_MASTER_PASSWORD": master_password(),
    }
    call = PracticeRPC(Settings(url=server.url, db=db, login="admin", secret="admin")).call
    made, bare_times, sandbox_times, duplicate_times = [], [], [], []
    try:
        for round_no in range(rounds):
            name = f"{db}_bare_{round_no}"[:63]
            bare_drop(name)
            start = time.perf_counter()
            bare_copy(template, name)
            bare_times.append(time.perf_counter() - start)
            bare_drop(name)
            start = time.perf_counter()
            box = target.create(env, call, None, {}, template)
            sandbox_times.append(time.perf_counter() - start)
            duplicate_times.append(box["seconds"])
            made.append(box["name"])
            target.drop(env, call, box["name"], server.url)
    finally:
        server.stop()
        for name in made:
            bare_drop(name)
        bare_drop(template)
    bare, sandbox, duplicate = (statistics.median(t) for t in (bare_times, sandbox_times, duplicate_times))
    ratio = sandbox / bare
    report(
        "Sandbox creation (median of interleaved rounds)",
        "createdb -T + filestore copy",
        bare,
        [("practice sandbox create", sandbox), ("  of which the copy", duplicate)],
        goal=f"sandbox create <= {GOAL}x the bare copy",
    )
    emit(
        "bench_sandbox",
        {
            "bare_copy_s": round(bare, 3),
            "sandbox_create_s": round(sandbox, 3),
            "duplicate_database_s": round(duplicate, 3),
            "sandbox_create_x": round(ratio, 2),
        },
        sizes={"rounds": rounds},
        goals={"sandbox_create_x": "met" if ratio <= GOAL else "missed"},
    )


if __name__ == "__main__":
    main()
