"""The careless cleanup of the README walkthrough (step 4): ``add N`` attachments, or ``delete N``
of them, over XML-RPC with the PRACTICE_* settings of the shell. Not a benchmark."""

import os
import sys
import xmlrpc.client

url, db = os.environ["PRACTICE_URL"], os.environ["PRACTICE_DB"]
login, key = os.environ["PRACTICE_LOGIN"], os.environ["PRACTICE_PASSWORD"]
uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(db, login, key, {})
call = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object").execute_kw
action, n = sys.argv[1], int(sys.argv[2])
if action == "add":
    call(
        db,
        uid,
        key,
        "ir.attachment",
        "create",
        [[{"name": f"thumb-{i}.txt", "raw": "x", "res_model": "res.partner"} for i in range(n)]],
    )
else:
    ids = call(db, uid, key, "ir.attachment", "search", [[("name", "=like", "thumb-%.txt")]], {"limit": n})
    call(db, uid, key, "ir.attachment", "unlink", [ids])
print(action, n)
