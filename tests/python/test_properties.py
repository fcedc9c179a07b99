"""Rules stated generally, checked with hypothesis."""
from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import clientele  # noqa: E402

SETTINGS = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

local_part = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._+-", min_size=1, max_size=20).filter(
    lambda s: not s.startswith(".") and not s.endswith(".") and ".." not in s)
domain = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10),
                  min_size=2, max_size=3).map(".".join)
emails = st.builds(lambda l, d: f"{l}@{d}", local_part, domain)


def vary_case(text: str, flips: list[bool]) -> str:
    return "".join(c.upper() if f else c for c, f in zip(text, flips + [False] * len(text)))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with clientele.Database(tmp_path_factory.mktemp("prop") / "p.db", create=True) as db:
        yield db


@SETTINGS
@given(email=emails, flips=st.lists(st.booleans(), max_size=60),
       before=st.sampled_from(["", " ", "  ", "\t"]), after=st.sampled_from(["", " ", "\n"]))
def test_email_lookup_ignores_case_and_surrounding_space(store, email, flips, before, after):
    stored_as = vary_case(email, flips[::-1])
    c = store.create_customer(given_name="E", emails=[{"address": stored_as}])
    assert c["emails"][0]["normalized"] == email.lower()
    query = before + vary_case(email, flips) + after
    assert c["id"] in [x["id"] for x in store.find_by_email(query)]
    assert clientele.normalize_email(query) == email.lower()


@SETTINGS
@given(digits=st.text(alphabet="0123456789", min_size=8, max_size=8),
       prefix=st.sampled_from(["", "+86 ", "0086 ", "+86-", "(+86) "]),
       sep=st.sampled_from(["", " ", "-", "."]))
def test_phone_lookup_ignores_formatting(store, digits, prefix, sep):
    number = "139" + digits  # a Chinese mobile number
    c = store.create_customer(given_name="P", phones=[{"number": number}])
    assert c["phones"][0]["e164"] == "+86" + number
    query = prefix + number[:3] + sep + number[3:7] + sep + number[7:]
    assert c["id"] in [x["id"] for x in store.find_by_phone(query)]


json_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False) | json_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(json_text, children, max_size=4),
    max_leaves=20)


@SETTINGS
@given(custom=st.dictionaries(json_text, json_values, max_size=5))
def test_custom_fields_round_trip(store, custom):
    c = store.create_customer(given_name="C", custom=custom)
    back = store.get_customer(c["id"])["custom"]
    assert back == custom
    # ints stay ints, floats stay floats
    def types(v):
        if isinstance(v, dict):
            return {k: types(x) for k, x in v.items()}
        if isinstance(v, list):
            return [types(x) for x in v]
        return type(v).__name__
    assert types(back) == types(custom)


def _plain_ends(s: str) -> bool:
    import unicodedata

    return bool(s) and s == s.strip() and all(
        unicodedata.category(ch)[0] in "LNPS" for ch in (s[0], s[-1]))


@SETTINGS
@given(name=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
       .filter(_plain_ends),
       pad=st.sampled_from(["", " ", "\t", "  ", "\u3000"]))
def test_names_round_trip_and_are_trimmed(store, name, pad):
    c = store.create_customer(given_name=pad + name + pad)
    assert c["given_name"] == name
    assert store.get_customer(c["id"])["given_name"] == name
