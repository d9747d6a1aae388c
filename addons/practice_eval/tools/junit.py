# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""JUnit XML reports (``pytest --junitxml`` and the common variants) as plain dicts.

Parsed with :mod:`defusedxml`: a DTD, entity declarations and external references are
refused, so "billion laughs" and XXE documents are errors, never expanded. Sizes are bounded:
the document (``MAX_BYTES``, checked before parsing), the number of cases (``max_cases``,
counted while the tree is built: parsing stops at the first case over the limit) and every
text kept (``MAX_TEXT`` characters, cut with a marker).
"""

from datetime import UTC, datetime
from xml.etree.ElementTree import ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

MAX_BYTES = 5_000_000
MAX_CASES = 20_000
MAX_TEXT = 20_000
MAX_NAME = 256
MAX_PROPERTIES = 50
STATUSES = ("passed", "failed", "error", "skipped")
CUT = "\n… [cut]"


class JUnitError(ValueError):
    """A report that cannot be imported; the message says what and where."""


class TooManyCases(JUnitError):
    """The report holds more test cases than allowed (raised while parsing)."""

    def __init__(self, max_cases):
        super().__init__(f"the report holds more than {max_cases} test cases")
        self.max_cases = max_cases


class _CountingTreeBuilder(TreeBuilder):
    """The standard tree builder, refusing the document at its ``max_cases + 1``-th
    ``<testcase>`` element (anywhere in the tree): the rest is never parsed."""

    def __init__(self, max_cases):
        super().__init__()
        self.max_cases = max_cases
        self.cases = 0

    def start(self, tag, attrs):
        if tag == "testcase":
            self.cases += 1
            if self.cases > self.max_cases:
                raise TooManyCases(self.max_cases)
        return super().start(tag, attrs)


def _fromstring(xml_text, max_cases):
    """``defusedxml.ElementTree.fromstring`` (DTD, entities and external references refused)
    with a tree builder that counts the cases."""
    parser = DefusedXMLParser(
        target=_CountingTreeBuilder(max_cases), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    parser.feed(xml_text)
    return parser.close()


def _text(value, limit=MAX_TEXT):
    value = (value or "").strip()
    if len(value) > limit:
        value = value[: limit - len(CUT)] + CUT
    return value


def _float(value, where):
    if value in (None, ""):
        return 0.0
    try:
        number = float(value)
    except (TypeError, ValueError) as err:
        raise JUnitError(f"{where}: time {value!r} is not a number") from err
    if number != number or number < 0 or number > 1e9:  # NaN, negative, absurd
        raise JUnitError(f"{where}: time {value!r} is out of range")
    return number


def parse_timestamp(value):
    """A report timestamp as a naive UTC datetime (naive times are taken as UTC), or None."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _properties(element):
    found = {}
    block = element.find("properties")
    if block is None:
        return found
    for prop in block.findall("property")[:MAX_PROPERTIES]:
        name = _text(prop.get("name"), MAX_NAME)
        if not name:
            continue
        value = prop.get("value")
        if value is None:
            value = prop.text
        value = _text(value, MAX_NAME)
        # a name given twice (several markers) keeps every value
        found[name] = f"{found[name]},{value}" if name in found and value else value or found.get(name, "")
    return found


def _case(element, suite_props, index):
    name = _text(element.get("name"), MAX_NAME)
    classname = _text(element.get("classname"), MAX_NAME)
    where = f"testcase #{index} ({classname + '::' if classname else ''}{name or '?'})"
    if not name:
        raise JUnitError(f"{where}: the name attribute is missing")
    failure = element.find("failure")
    error = element.find("error")
    skipped = element.find("skipped")
    if failure is not None:
        status, detail = "failed", failure
    elif error is not None:
        status, detail = "error", error
    elif skipped is not None:
        status, detail = "skipped", skipped
    else:
        status, detail = "passed", None
    message = text = ""
    if detail is not None:
        message = _text(detail.get("message") or detail.get("type"), 2000)
        text = _text(detail.text)
        if failure is not None and error is not None:  # pytest: a failed test whose teardown errored too
            text = _text(f"{text}\n\n[teardown error] {error.get('message') or ''}\n{error.text or ''}")
    props = dict(suite_props)
    props.update(_properties(element))
    return {
        "name": name,
        "classname": classname,
        "file": _text(element.get("file"), MAX_NAME),
        "duration": _float(element.get("time"), where),
        "status": status,
        "message": message,
        "text": text,
        "properties": props,
        "system_out": _text(element.findtext("system-out")),
    }


def parse(xml_text, max_bytes=MAX_BYTES, max_cases=MAX_CASES):
    """``{"name", "timestamp", "duration", "suites", "cases": [...]}`` of a JUnit document
    (str or bytes). Raises :class:`JUnitError` for anything else."""
    if isinstance(xml_text, str):
        size = len(xml_text.encode("utf-8", errors="replace"))
    elif isinstance(xml_text, bytes):
        size = len(xml_text)
    else:
        raise JUnitError(f"the report must be XML text, got {type(xml_text).__name__}")
    if not size or not xml_text.strip():
        raise JUnitError("the report is empty")
    if size > max_bytes:
        raise JUnitError(f"the report is {size} bytes, more than the {max_bytes} allowed")
    try:
        root = _fromstring(xml_text, max_cases)
    except JUnitError:
        raise
    except DefusedXmlException as err:
        raise JUnitError(
            f"the report declares a DTD, entities or external references ({type(err).__name__}): refused"
        ) from err
    except ParseError as err:
        raise JUnitError(f"malformed XML: {err}") from err
    except ValueError as err:  # e.g. an encoding declaration in a str
        raise JUnitError(f"unreadable XML: {err}") from err
    if root.tag == "testsuites":
        suites = list(root.iter("testsuite"))
    elif root.tag == "testsuite":
        suites = list(root.iter("testsuite"))  # the root first, then nested suites
    else:
        raise JUnitError(
            f"not a JUnit report: the root element is <{root.tag[:60]}>, not <testsuites> or <testsuite>"
        )
    cases = []
    duration = 0.0
    timestamps = []
    for suite in suites:
        suite_props = _properties(suite)
        for element in suite.findall("testcase"):
            if len(cases) >= max_cases:  # the builder counted them already; kept as a guard
                raise TooManyCases(max_cases)
            cases.append(_case(element, suite_props, len(cases) + 1))
        duration += _float(suite.get("time"), f"testsuite {suite.get('name') or '?'}")
        moment = parse_timestamp(suite.get("timestamp"))
        if moment:
            timestamps.append(moment)
    if root.tag == "testsuites" and root.get("time"):
        duration = _float(root.get("time"), "testsuites")
    first = suites[0] if suites else root
    return {
        "name": _text(first.get("name") or root.get("name"), MAX_NAME) or "junit",
        "timestamp": min(timestamps) if timestamps else parse_timestamp(root.get("timestamp")),
        "duration": duration,
        "suites": len(suites),
        "cases": cases,
    }
