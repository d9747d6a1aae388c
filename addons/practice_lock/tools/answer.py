"""The answers of the lock API, built from plain values (one builder per shape).

The model reads the rows and words the messages (translated there); these functions only give
every answer the same keys, so a grant, a refusal or a "not yours any more" answer looks the
same whichever path produced it.
"""

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # odoo.tools.DEFAULT_SERVER_DATETIME_FORMAT

# final state of a lock -> the flag its holder's renew/release answer carries
ENDED_FLAGS = {"forced": "broken", "expired": "expired", "released": "released"}


def to_string(value):
    """A datetime as the server writes it (``False`` when unset, like ``fields.Datetime``)."""
    return value.strftime(DATETIME_FORMAT) if value else False


def holder(session_id, user, user_id, since, expires_at, reason):
    """Who holds a lock: the ``holder`` dict of every answer."""
    return {
        "session_id": session_id,
        "user": user,
        "user_id": user_id,
        "since": to_string(since),
        "expires_at": to_string(expires_at),
        "reason": reason or "",
    }


def unknown_holder():
    """The holder of a lock won by a concurrent acquire that is no longer readable."""
    return {**dict.fromkeys(("session_id", "user", "user_id", "since", "expires_at")), "reason": ""}


def granted(token, who, module, repo, reentered=False, took_over=0):
    """A granted acquire: ``who`` is the :func:`holder` dict (its lease end is the answer's)."""
    return {
        "granted": True,
        "token": token,
        "expires_at": who["expires_at"],
        "holder": who,
        "module": module,
        "repo": repo,
        "reentered": reentered,
        "took_over": took_over,
    }


def refused(who, module, repo, message, contended=False):
    """A refused acquire naming the holder; ``contended``: a concurrent acquire won just now."""
    answer = {
        "granted": False,
        "token": 0,
        "expires_at": who["expires_at"] or "",
        "holder": who,
        "module": module,
        "repo": repo,
        "message": message,
    }
    if contended:
        answer["contended"] = True
    return answer


def not_holder(token, module, state, who, message):
    """A renew/release by another session of the holder's user."""
    return {
        "ok": False,
        "token": token,
        "module": module,
        "state": state,
        "error": "not_holder",
        "holder": who,
        "message": message,
    }


def ended(token, module, state, at, message, **details):
    """A renew/release of a lock that is no longer held: flagged ``broken``, ``expired`` or
    ``released`` after its final ``state``, with when (``at``) and any ``details``."""
    return {
        "ok": False,
        "token": token,
        "module": module,
        "state": state,
        ENDED_FLAGS[state]: True,
        **details,
        "at": to_string(at),
        "message": message,
    }
