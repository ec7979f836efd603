"""The settings model: parsing, validation, and the URL form of a configuration."""

from __future__ import annotations

import math
from dataclasses import fields

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shallownet.activations import ACTIVATIONS
from shallownet.datasets import DATASET_NAMES
from shallownet.ui.settings import (
    DEFAULTS,
    FIELD_BY_KEY,
    FIELD_BY_NAME,
    FIELDS,
    Settings,
    format_value,
    from_query,
    parse_value,
    to_query,
    validated,
)


# -- the model itself ------------------------------------------------------------------
def test_fields_match_the_settings_dataclass_and_defaults():
    assert [f.name for f in FIELDS] == [f.name for f in fields(Settings)]
    for f in FIELDS:
        assert getattr(DEFAULTS, f.name) == f.default
        assert f.query_key and f.label


def test_query_keys_are_unique_and_short():
    keys = [f.query_key for f in FIELDS]
    assert len(set(keys)) == len(keys)
    # short, but whole words where a teacher writes them by hand (present=1, showtest=0, discrete=1)
    assert all(k.isascii() and k.isalnum() and len(k) <= 8 for k in keys)


def test_defaults_are_valid_values_of_their_fields():
    for f in FIELDS:
        assert parse_value(f, format_value(f, f.default)) == f.default


def test_choice_fields_offer_what_the_engine_knows():
    assert FIELD_BY_NAME["dataset"].options == DATASET_NAMES
    assert set(FIELD_BY_NAME["activation"].options) == set(ACTIVATIONS)


def test_learning_rate_is_not_part_of_the_model_key():
    a = DEFAULTS
    b = Settings(**{**a.as_dict(), "learning_rate": 0.05})
    assert a.model_key == b.model_key and a.data_key == b.data_key
    c = Settings(**{**a.as_dict(), "n_h": 9})
    assert c.model_key != a.model_key and c.data_key == a.data_key
    d = Settings(**{**a.as_dict(), "data_seed": 3})
    assert d.data_key != a.data_key and d.model_key != a.model_key


# -- parse_value --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("n_h", "7", 7),
        ("n_h", " 7 ", 7),
        ("n_h", "7.0", 7),
        ("n_h", 7, 7),
        ("noise", "0.35", 0.35),
        ("noise", "0", 0.0),
        ("learning_rate", "1e-3", 0.001),
        ("learning_rate", "10", 10.0),
        ("dataset", "circles", "circles"),
        ("activation", "relu", "relu"),
    ],
)
def test_parse_value_accepts_valid_text(name, raw, expected):
    value = parse_value(FIELD_BY_NAME[name], raw)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("name", "raw", "reason"),
    [
        ("n_h", "abc", "is not a number"),
        ("n_h", "", "is not a number"),
        ("n_h", "3.5", "is not a whole number"),
        ("n_h", "0", "is outside 1 … 50"),
        ("n_h", "51", "is outside 1 … 50"),
        ("n_h", "inf", "is not a finite number"),
        ("noise", "nan", "is not a finite number"),
        ("noise", "-0.1", "is outside 0 … 1"),
        ("learning_rate", "100.00001", "100.00001 is outside"),
        ("notes", "2", "is not one of 1, 0"),
        ("dataset", "Moons", "is not one of moons"),
        ("dataset", "iris", "is not one of"),
        ("activation", "softmax", "is not one of"),
    ],
)
def test_parse_value_rejects_bad_text_with_a_reason(name, raw, reason):
    with pytest.raises(ValueError, match=reason):
        parse_value(FIELD_BY_NAME[name], raw)


def test_negative_zero_is_plain_zero():
    value = parse_value(FIELD_BY_NAME["noise"], "-0")
    assert value == 0.0 and math.copysign(1.0, value) == 1.0
    assert format_value(FIELD_BY_NAME["noise"], value) == "0"


# -- validated / from_query ---------------------------------------------------------------
def test_validated_keeps_good_values_and_reports_each_bad_one():
    settings, problems = validated({"n_h": "9", "noise": "lots", "dataset": "iris"})
    assert settings.n_h == 9
    assert settings.noise == DEFAULTS.noise and settings.dataset == DEFAULTS.dataset
    assert len(problems) == 2
    noise_msg = next(p for p in problems if "noise=" in p)
    assert "Noise" in noise_msg and "'lots'" in noise_msg and "using the default 0.2" in noise_msg
    data_msg = next(p for p in problems if "data=" in p)
    assert "'iris'" in data_msg and "using the default moons" in data_msg


def test_from_query_reads_every_key():
    query = {"data": "circles", "m": "200", "noise": "0.1", "test": "0.3", "dseed": "5", "h": "8",
             "g": "relu", "init": "0.5", "seed": "2", "lr": "0.05"}
    settings, problems = from_query(query)
    assert problems == []
    assert settings == Settings("circles", 200, 0.1, 0.3, 5, 8, "relu", 0.5, 2, 0.05)


def test_from_query_empty_gives_defaults_silently():
    assert from_query({}) == (DEFAULTS, [])


def test_from_query_reports_unknown_keys():
    settings, problems = from_query({"hidden": "7", "h": "7"})
    assert settings.n_h == 7
    assert problems == ["Unknown link parameter 'hidden' was ignored."]


def test_from_query_repeated_key_uses_the_last_value_and_empty_list_is_invalid():
    settings, problems = from_query({"h": ["3", "6"]})
    assert settings.n_h == 6 and problems == []
    settings, problems = from_query({"h": []})
    assert settings.n_h == DEFAULTS.n_h and len(problems) == 1


def test_messages_are_short_even_for_long_values():
    settings, problems = from_query({"h": "9" * 5000, "x" * 5000: "1"})
    assert settings.n_h == DEFAULTS.n_h
    assert all(len(p) < 200 for p in problems)


# -- to_query and the round trip ---------------------------------------------------------
def test_to_query_holds_every_field_as_text():
    query = to_query(DEFAULTS)
    assert list(query) == [f.query_key for f in FIELDS]
    assert all(isinstance(v, str) for v in query.values())
    assert query["lr"] == "1.2" and query["init"] == "0.01" and query["h"] == "4"


def test_to_query_drops_slider_float_noise():
    noisy = Settings(**{**DEFAULTS.as_dict(), "noise": 0.05 * 3})  # 0.15000000000000002
    assert to_query(noisy)["noise"] == "0.15"


def _field_values(f, exact: bool):
    """Valid values of one field; ``exact``: as a person types them (≤ 12 significant digits)."""
    if f.kind == "choice":
        return st.sampled_from(f.options)
    if f.kind == "int":
        return st.integers(int(f.lo), int(f.hi))
    floats = st.floats(float(f.lo), float(f.hi), allow_nan=False, allow_infinity=False)
    if exact:
        floats = floats.map(lambda x: float(f"{x:.12g}") + 0.0)
    return floats


def _settings(exact: bool):
    return st.builds(Settings, **{f.name: _field_values(f, exact) for f in FIELDS})


@given(_settings(exact=True))
def test_round_trip_is_exact_for_typed_values(settings):
    back, problems = from_query(to_query(settings))
    assert problems == []
    assert back == settings


@given(_settings(exact=False))
def test_round_trip_of_any_valid_value_is_close_and_stable(settings):
    query = to_query(settings)
    back, problems = from_query(query)
    assert problems == []
    for f in FIELDS:
        a, b = getattr(settings, f.name), getattr(back, f.name)
        if f.kind == "float":
            assert math.isclose(a, b, rel_tol=1e-11, abs_tol=1e-300)
        else:
            assert a == b
    assert to_query(back) == query  # one trip reaches a fixed point


@given(st.dictionaries(st.sampled_from(sorted(FIELD_BY_KEY)), st.text(max_size=60), max_size=12))
def test_hostile_query_strings_never_raise(query):
    settings, problems = from_query(query)
    assert isinstance(settings, Settings)
    assert len(problems) <= len(query)
    back, again = from_query(to_query(settings))  # whatever came in, what goes out is valid
    assert back == settings and again == []


@given(st.dictionaries(st.text(max_size=20), st.one_of(st.text(), st.lists(st.text(), max_size=3)), max_size=8))
def test_arbitrary_keys_and_lists_never_raise(query):
    settings, problems = from_query(query)
    assert isinstance(settings, Settings)
    assert all(isinstance(p, str) for p in problems)


@pytest.mark.parametrize("raw", ["1e309", "-1e309", "NaN", "0x10", "1,5", "½", "٣", "\x00", "1" * 400, "🙂", "None"])
@pytest.mark.parametrize("key", sorted(FIELD_BY_KEY))
def test_hostile_examples_fall_back_or_parse(key, raw):
    settings, problems = from_query({key: raw})
    f = FIELD_BY_KEY[key]
    value = getattr(settings, f.name)
    if problems:
        assert value == f.default
        assert f"{key}=" in problems[0] and "using the default" in problems[0]
    else:  # Python's float() accepts some of these (e.g. other scripts' digits): still in range
        parse_value(f, format_value(f, value))


@pytest.mark.parametrize("key, raw", [("h", "٣"), ("m", "１２０"), ("h", "1_0"), ("lr", "0.\u0661"), ("seed", "１")])
def test_look_alike_digits_are_refused_with_a_warning_naming_the_value_used(key, raw):
    """float() reads Arabic-Indic and fullwidth digits and underscores; a link with them falls
    back to the default like any other rewritten value, and the warning says so."""
    from shallownet.ui.settings import FIELD_BY_KEY, format_value, from_query

    used, problems = from_query({key: raw})
    field = FIELD_BY_KEY[key]
    assert getattr(used, field.name) == field.default
    assert len(problems) == 1 and "not written with the digits 0–9" in problems[0]
    assert f"using the default {format_value(field, field.default)}" in problems[0]
    assert from_query({key: format_value(field, field.default)})[1] == []  # the ASCII form is fine
