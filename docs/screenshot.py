"""Screenshot of a backend page for the README (docs/backend.png).

Logs in as admin/admin through /web/session/authenticate, gives headless Chromium the session
cookie over the DevTools protocol and captures the page once the web client has rendered it.
Run with the project's venv (websocket-client comes with Odoo's requirements), against a server
started by setup/run:

    PRACTICE_DB=pt_f PRACTICE_HTTP_PORT=8099 setup/run
    ~/.cache/practice-stack/venv/bin/python docs/screenshot.py http://localhost:8099 pt_f \
        /odoo/action-practice_watchdog.practice_watchdog_diff_action/2 docs/backend.png
"""

import base64
import http.cookiejar
import json
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

base, db, path, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
width, height = 1440, 860
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
body = json.dumps({"jsonrpc": "2.0", "params": {"db": db, "login": "admin", "password": "admin"}}).encode()
req = urllib.request.Request(f"{base}/web/session/authenticate", body, {"Content-Type": "application/json"})
assert "error" not in json.load(opener.open(req))
sid = next(c.value for c in jar if c.name == "session_id")
port = 9333
prof = tempfile.mkdtemp()
proc = subprocess.Popen(
    [
        "/usr/bin/chromium",
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        f"--remote-debugging-port={port}",
        f"--user-data-dir={prof}",
        f"--window-size={width},{height}",
        "about:blank",
    ],
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
try:
    for _ in range(100):
        try:
            tabs = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
            page = next(t for t in tabs if t["type"] == "page")
            break
        except Exception:
            time.sleep(0.3)
    ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
    n = [0]

    def call(method, **params):
        n[0] += 1
        ws.send(json.dumps({"id": n[0], "method": method, "params": params}))
        while True:
            msg = json.loads(ws.recv())
            if msg.get("id") == n[0]:
                return msg.get("result")

    call("Network.enable")
    host = base.split("//")[1].split(":")[0]
    call("Network.setCookie", name="session_id", value=sid, domain=host, path="/")
    call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
    call("Page.enable")
    call("Page.navigate", url=base + path)
    # wait until the web client rendered the action (a view with records)
    for _ in range(120):
        time.sleep(0.5)
        ready = (
            "!!document.querySelector('.o_action_manager .o_view_controller')"
            " && !document.querySelector('.o_loading_indicator, .o_blockUI')"
        )
        r = call("Runtime.evaluate", expression=ready, returnByValue=True)
        if r["result"].get("value"):
            break
    time.sleep(3)
    shot = call("Page.captureScreenshot", format="png")
    open(out, "wb").write(base64.b64decode(shot["data"]))
    print("wrote", out)
finally:
    proc.terminate()
    proc.wait()
