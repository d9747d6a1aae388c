"""Which column names look like secrets: such columns are never hashed by a snapshot.

A sampled-row hash of one short secret is a guessable fingerprint (``md5(md5("(hunter2)"))``
is cracked by a dictionary), so password-, secret-, token-, key- and credential-like
columns are refused when a profile is configured and skipped when a snapshot is measured.
The classification errs on the side of refusing: a harmless column that looks like a
secret is simply not hashed.
"""

import re

# Whole words of a column name (split on ``_``, digits, punctuation and camelCase).
SECRET_WORDS = frozenset(
    {
        "apikey",
        "apikeys",
        "auth",
        "cookie",
        "credential",
        "credentials",
        "hotp",
        "key",
        "keys",
        "otp",
        "pass",
        "passcode",
        "passphrase",
        "passwd",
        "password",
        "passwords",
        "pin",
        "private",
        "pwd",
        "salt",
        "secret",
        "secrets",
        "signature",
        "token",
        "tokens",
        "totp",
    }
)
# Anywhere in the name, also inside a compound word ("apikey", "clientsecret").
SECRET_PARTS = (
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "api_key",
    "credential",
    "privatekey",
    "private_key",
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^a-z]+")


def words(name):
    """The lower-case words of a column name: ``"smtpPass_2"`` → ``["smtp", "pass"]``."""
    return [word for word in _SPLIT.split(_CAMEL.sub("_", str(name)).lower()) if word]


def is_secret_name(name):
    """Whether the column ``name`` looks like it holds a password, secret, token, key or
    credential (``smtp_pass``, ``api_key``, ``oauth_access_token``, ``totp_secret`` …)."""
    lowered = str(name).lower()
    if any(part in lowered for part in SECRET_PARTS):
        return True
    return any(word in SECRET_WORDS for word in words(name))


def is_hashable_field(name, groups=None):
    """Whether a column may be hashed: not secret-like and not restricted by ``groups=``."""
    return not groups and not is_secret_name(name)
