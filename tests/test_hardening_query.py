"""Hostile links: random and malicious query strings opened on every page of the registry.

A shared link is typed, cut off, pasted into chat apps and "improved" by students. Whatever it
holds, a page must run without an exception, report every bad value in a warning that names it,
use the default in its place, and rewrite the address bar to the values actually used.

The expected outcome of each value comes from a small independent reading of the rules
(choice in its options; else a finite number, whole for counts, within the bounds), not from
the app's parser. Hypothesis draws the queries (with a fixed seed, so the cost of the file is
stable); explicit examples pin the nastiest cases on every page.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from shallownet.ui.pages_registry import PAGES
from shallownet.ui.settings import DEFAULTS, FIELD_BY_KEY, FIELDS, from_query, to_query
from tests.conftest import APP

BY_PAGE = pytest.mark.parametrize("script", [p.script for p in PAGES], ids=[p.name for p in PAGES])
EXAMPLES_PER_PAGE = 3  # whole page runs, a few per page; the parser itself is fuzzed directly below

HOSTILE = (
    "", " ", "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e308", "1e309", "-1e309", "-1", "-0", "0x10",
    "1_000", "1,5", "1.5.5", "½", "١٢", "１２", "None", "null", "true", "[]", "{}", "\x00", "\u202e4",
    "🧠", "é", "<script>alert(1)</script>", "**bold** [link](https://example.com)", "$x^2$",
    ":red[red] :material/home:", "'; DROP TABLE users; --", "../../etc/passwd", "%00", "%s%s%s",
    "${jndi:ldap://x}", "\\", "`rm -rf`", "9" * 400, "1" + "0" * 330, "0." + "0" * 400 + "1",
)


def edge_values(key: str) -> st.SearchStrategy[str]:
    """Valid text for the setting behind ``key``: its bounds, its default, its options."""
    f = FIELD_BY_KEY[key]
    if f.kind == "choice":
        return st.sampled_from(f.options)
    fmt = (lambda v: str(int(v))) if f.kind == "int" else (lambda v: f"{v:g}")
    return st.sampled_from([fmt(f.lo), fmt(f.hi), fmt(f.default)])


def raw_value(key: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE),
        edge_values(key),
        st.text(max_size=12),
        st.text(alphabet="0123456789.-+eE", min_size=1, max_size=8),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.integers(-(10**40), 10**40).map(str),
        st.text(min_size=1, max_size=3).map(lambda s: s * 2000),  # a very long value
    )


@st.composite
def hostile_queries(draw) -> dict:
    """key → str or list of str (a repeated key); some known keys, maybe some unknown ones."""
    keys = draw(st.lists(st.sampled_from(sorted(FIELD_BY_KEY)), unique=True, max_size=len(FIELDS)))
    query = {}
    for key in keys:
        values = draw(st.lists(raw_value(key), min_size=1, max_size=3))
        query[key] = values[0] if len(values) == 1 else values
    unknown = draw(st.lists(st.one_of(st.sampled_from(["H", "lr ", "utm_source", "", "h[]", "__proto__"]),
                                      st.text(max_size=20)), max_size=2, unique=True))
    for key in unknown:
        if key not in FIELD_BY_KEY:
            query[key] = draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=10)))
    return query


# -- the rules, read independently of the app's parser --------------------------------------
BAD = object()


def expected_value(key: str, raw):
    """The value the app must use for ``raw`` (the last of a repeated key), or BAD."""
    f = FIELD_BY_KEY[key]
    text = (raw[-1] if isinstance(raw, list) else raw).strip()
    if f.kind == "choice":
        return text if text in f.options else BAD
    if not text.isascii() or "_" in text:  # float() reads ٣, １２０ and 1_0; a link must not
        return BAD
    try:
        number = float(text)
    except ValueError:
        return BAD
    if not math.isfinite(number) or (f.kind == "int" and number != int(number)):
        return BAD
    number = int(number) if f.kind == "int" else number + 0.0
    return number if f.lo <= number <= f.hi else BAD


def link_warnings(at) -> list[str]:
    """The warnings about the link (pages may add warnings of their own, e.g. about α)."""
    return [w.value for w in at.warning
            if "using the default" in w.value or w.value.startswith("Unknown link parameter")]


MARKUP = re.compile(r"\]\(|https?:|www\.|\$|<|:material|@|\*\*|~~|\x00")


def assert_inert(message: str) -> None:
    """Text from the link may turn into nothing but text: outside code spans (which Markdown shows
    as typed) no link, formula, HTML, icon or emphasis, and no invisible characters."""
    outside_code = re.sub(r"`[^`]*`", "", message)
    assert not MARKUP.search(outside_code), f"link text can act as markup in {message!r}"
    assert all(c.isprintable() for c in message), f"invisible characters in {message!r}"


def open_with_query(script: str, query: dict):
    """A fresh session (as a new browser tab) opening ``script`` with ``query``, after its first run."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(script)
    at.run()
    return at


def check_page(script: str, query: dict) -> None:
    at = open_with_query(script, query)
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error if "Something went wrong" in e.value], "the page guard caught an error"

    expected, bad_keys, unknown = {}, [], []
    for key, raw in query.items():
        if key not in FIELD_BY_KEY:
            unknown.append(key)
            continue
        value = expected_value(key, raw)
        if value is BAD:
            bad_keys.append(key)
        else:
            expected[FIELD_BY_KEY[key].name] = value

    # every bad value and unknown key is reported once, naming it
    messages = link_warnings(at)
    assert len(messages) == len(bad_keys) + len(unknown), (query, messages)
    for key in bad_keys:
        f = FIELD_BY_KEY[key]
        assert any(m.startswith(f.label) and f"{key}=" in m and "using the default" in m for m in messages), \
            (key, messages)
    assert sum(m.startswith("Unknown link parameter") for m in messages) == len(unknown), messages
    for m in messages:
        assert len(m) < 300, f"a warning should be a sentence, not the whole value: {m!r}"
        assert_inert(m)

    # bad values are replaced by the defaults, good ones used, and the URL says so
    used = replace(DEFAULTS, **expected)
    for f in FIELDS:
        value = at.session_state[f"cfg.{f.name}"]
        want = getattr(used, f.name)
        assert value == pytest.approx(want, rel=1e-12) if f.kind == "float" else value == want, (f.name, value, want)
    assert dict(at.query_params) == to_query(used)


@BY_PAGE
@settings(max_examples=EXAMPLES_PER_PAGE, deadline=None, derandomize=True,
          phases=(Phase.explicit, Phase.generate),  # no shrinking: a failure prints its query at once
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(query=hostile_queries())
@example(query={f.query_key: "nan" for f in FIELDS})
@example(query={"h": "[Log in here](https://example.com)", "lr": "$x^2$ **bold**", "g": ":red[red] :material/home:",
                "m": "www.example.com", "noise": "<b>x</b>", "seed": "\u202eevil", "\U000f4f45" * 50: "1"})
@example(query={"h": ["3", "-1", ""], "dseed": ["x", "3"], "lr": "1e309", "m": "9" * 400,
                "g": "<script>alert(1)</script>", "data": "../../etc/passwd", "noise": "inf", "": "x", "Ä\x00": "🧠"})
def test_hostile_links_never_break_a_page(script, query):
    check_page(script, query)


@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(query=hostile_queries())
def test_the_parser_uses_every_good_value_and_reports_every_bad_one(query):
    """``from_query`` on its own, many links: each known key's value as the rules say, each bad
    one replaced by the default with one inert warning naming it, each unknown key reported."""
    used, problems = from_query(query)
    for key, raw in query.items():
        if key not in FIELD_BY_KEY:
            continue
        f = FIELD_BY_KEY[key]
        want = expected_value(key, raw)
        got = getattr(used, f.name)
        if want is BAD:
            assert got == f.default, (key, raw, got)
            assert sum(f"({key}=" in p for p in problems) == 1, (key, problems)
        else:
            assert got == pytest.approx(want, rel=1e-12) if f.kind == "float" else got == want, (key, raw, got)
    unknown = [k for k in query if k not in FIELD_BY_KEY]
    assert sum(p.startswith("Unknown link parameter") for p in problems) == len(unknown)
    for p in problems:
        assert len(p) < 300
        assert_inert(p)


def test_the_oracle_agrees_with_the_documented_rules():
    """A few hand-checked readings, so the test's own rules are not simply trusted."""
    assert expected_value("h", "7") == 7 and expected_value("h", "7.0") == 7
    assert expected_value("h", "٣") is BAD and expected_value("m", "１２０") is BAD
    assert expected_value("h", "1_0") is BAD
    assert expected_value("h", "7.5") is BAD and expected_value("h", "0") is BAD and expected_value("h", "51") is BAD
    assert expected_value("lr", "1e-4") == 0.0001 and expected_value("lr", "0") is BAD
    assert expected_value("noise", "-0") == 0.0 and expected_value("noise", "nan") is BAD
    assert expected_value("data", " circles ") == "circles" and expected_value("data", "Circles") is BAD
    assert expected_value("h", ["abc", "5"]) == 5 and expected_value("h", ["5", "abc"]) is BAD


def test_assert_inert_catches_markup():
    for bad in ("h='[a](https://x)'", "h='$x$'", "see www.example.com", "'<b>'", "a\u202eb"):
        with pytest.raises(AssertionError):
            assert_inert(bad)
    assert_inert("Hidden units n_h (h=`'[a](https://x) $x$'`): not a number; using the default 4.")
