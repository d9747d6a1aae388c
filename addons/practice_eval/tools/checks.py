# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Checks on a commit other than the test run: coverage, lint and vulnerability scans, parsed
into plain dicts (no records here).

* ``coverage``: Cobertura XML as ``coverage xml`` writes it; the root ``<coverage>`` element's
  ``line-rate`` (0..1) becomes ``{"line_rate": percent, "lines_valid", "lines_covered"}``.
  Parsed with :mod:`defusedxml` (DTD, entities and external references refused).
* ``lint``: a small JSON object ``{"exit_code": int, "errors": int, "warnings": int,
  "tool": str}`` (only ``exit_code`` required; the counts default to 0), or the same as text:
  ``key=value`` lines (``exit_code=0``). Green when the exit code is 0 and there are no errors.
* ``audit``: pip-audit JSON (``pip-audit -f json``): ``{"dependencies": [{"name", "version",
  "vulns": [{"id", "fix_versions", "aliases", "description"}]}]}`` (a bare list of
  dependencies is accepted too). pip-audit gives no severity: a vulnerability counts as
  ``high`` unless it carries a ``severity`` key (critical, high, medium, low, unknown).

Every parser raises :class:`CheckError` with a message that says what is wrong; sizes are
bounded (``MAX_BYTES`` of content, ``MAX_DEPENDENCIES`` dependencies, ``MAX_VULNS`` vulns).
"""

import json
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

KINDS = ("coverage", "lint", "audit")
MAX_BYTES = 2_000_000
MAX_DEPENDENCIES = 5_000
MAX_VULNS = 10_000
SEVERITIES = ("critical", "high", "medium", "low", "unknown")
DEFAULT_SEVERITY = "high"
LINT_KEYS = ("exit_code", "errors", "warnings")
MAX_COUNT = 10_000_000


class CheckError(ValueError):
    """Content that cannot be recorded as a check; the message says why."""


def _text(content):
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError as err:
            raise CheckError("the content is not UTF-8 text") from err
    if not isinstance(content, str):
        raise CheckError("the content must be text")
    if len(content.encode("utf-8")) > MAX_BYTES:
        raise CheckError(f"the content is larger than {MAX_BYTES} bytes")
    if not content.strip():
        raise CheckError("the content is empty")
    return content


def _count(value, name):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise CheckError(f"{name} must be a whole number from 0 to {MAX_COUNT}")
    return value


def parse_coverage(content):
    """Cobertura XML → ``{"line_rate": percent (0..100, 2 decimals), "lines_valid",
    "lines_covered"}``."""
    content = _text(content)
    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException) as err:
        raise CheckError(f"not a Cobertura XML report ({err})") from err
    if root.tag != "coverage":
        raise CheckError(f"not a Cobertura XML report: the root element is <{root.tag}>, not <coverage>")
    raw = root.get("line-rate")
    try:
        rate = float(raw)
    except (TypeError, ValueError) as err:
        raise CheckError("the <coverage> element has no numeric line-rate") from err
    if not 0.0 <= rate <= 1.0:
        raise CheckError(f"line-rate must be between 0 and 1, got {raw}")
    result = {"line_rate": round(rate * 100, 2), "lines_valid": 0, "lines_covered": 0}
    for key, attr in (("lines_valid", "lines-valid"), ("lines_covered", "lines-covered")):
        try:
            result[key] = max(0, min(MAX_COUNT, int(root.get(attr) or 0)))
        except ValueError:
            result[key] = 0
    return result


def parse_lint(content):
    """Lint summary (JSON object or ``key=value`` lines) → ``{"exit_code", "errors",
    "warnings", "tool"}``."""
    content = _text(content)
    stripped = content.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except ValueError as err:
            raise CheckError(f"the lint summary is not valid JSON ({err})") from err
    else:
        data = {}
        for number, line in enumerate(stripped.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            if not sep:
                raise CheckError(f"line {number} of the lint summary is not key=value")
            key, value = key.strip(), value.strip()
            data[key] = int(value) if key in LINT_KEYS and value.lstrip("-").isdigit() else value
    if not isinstance(data, dict):
        raise CheckError("the lint summary must be a JSON object")
    if "exit_code" not in data:
        raise CheckError("the lint summary has no exit_code")
    exit_code = data["exit_code"]
    if isinstance(exit_code, bool) or not isinstance(exit_code, int) or not -255 <= exit_code <= 255:
        raise CheckError("exit_code must be a whole number from -255 to 255")
    tool = data.get("tool") or ""
    if not isinstance(tool, str):
        raise CheckError("tool must be text")
    return {
        "exit_code": exit_code,
        "errors": _count(data.get("errors", 0), "errors"),
        "warnings": _count(data.get("warnings", 0), "warnings"),
        "tool": tool.strip()[:64],
    }


def parse_audit(content):
    """pip-audit JSON → ``{"dependencies": n, "vulnerable": n, "vulns": n, "critical", "high",
    "medium", "low", "unknown"}`` (counts; no severity key: :data:`DEFAULT_SEVERITY`)."""
    content = _text(content)
    try:
        data = json.loads(content)
    except ValueError as err:
        raise CheckError(f"the audit report is not valid JSON ({err})") from err
    deps = data.get("dependencies") if isinstance(data, dict) else data
    if not isinstance(deps, list):
        raise CheckError('the audit report has no "dependencies" list (pip-audit -f json)')
    if len(deps) > MAX_DEPENDENCIES:
        raise CheckError(f"the audit report lists more than {MAX_DEPENDENCIES} dependencies")
    result = dict.fromkeys(SEVERITIES, 0)
    result.update(dependencies=len(deps), vulnerable=0, vulns=0)
    for dep in deps:
        if not isinstance(dep, dict):
            raise CheckError("every dependency of the audit report must be an object")
        vulns = dep.get("vulns")
        vulns = [] if vulns is None else vulns
        if not isinstance(vulns, list):
            raise CheckError(f"vulns of {str(dep.get('name'))[:60]} must be a list")
        if vulns:
            result["vulnerable"] += 1
        for vuln in vulns:
            if not isinstance(vuln, dict):
                raise CheckError("every vuln of the audit report must be an object")
            severity = vuln.get("severity")
            severity = str(severity).strip().lower() if severity else DEFAULT_SEVERITY
            if severity == "moderate":
                severity = "medium"
            result[severity if severity in SEVERITIES else "unknown"] += 1
            result["vulns"] += 1
            if result["vulns"] > MAX_VULNS:
                raise CheckError(f"the audit report lists more than {MAX_VULNS} vulnerabilities")
    return result


PARSERS = {"coverage": parse_coverage, "lint": parse_lint, "audit": parse_audit}


def parse(kind, content):
    """Values of a check of ``kind`` from ``content``."""
    if kind not in PARSERS:
        raise CheckError(f"unknown check kind {str(kind)[:30]!r} (one of {', '.join(KINDS)})")
    return PARSERS[kind](content)


def passes(kind, values):
    """The check's own verdict, without thresholds: coverage always passes (its threshold is
    the gate's), lint passes with exit code 0 and no errors, audit with no high or critical
    vulnerability."""
    if kind == "lint":
        return values["exit_code"] == 0 and values["errors"] == 0
    if kind == "audit":
        return values["high"] + values["critical"] == 0
    return True


def summary(kind, values):
    """One line for people."""
    if kind == "coverage":
        return f"coverage {values['line_rate']:g} %"
    if kind == "lint":
        tool = f"{values['tool']} " if values.get("tool") else ""
        return f"{tool}exit {values['exit_code']}, {values['errors']} errors, {values['warnings']} warnings"
    return (
        f"{values['vulns']} vulns in {values['vulnerable']}/{values['dependencies']} dependencies "
        f"({values['critical']} critical, {values['high']} high)"
    )
