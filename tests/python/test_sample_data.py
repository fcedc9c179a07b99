"""The sample-data generator (scripts/generate_sample.py) and the sample it committed.

Standard library and pytest only: the files are checked against docs/data-model.md here,
without the clientele package, so these tests hold even before anything is built.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "generate_sample.py"
DATA = REPO / "examples" / "data"
FILES = ("users.jsonl", "customers.jsonl", "interactions.jsonl", "truth.csv")

# The command examples/data/README.md documents, minus --out.
COMMITTED_ARGS = ["--seed", "42", "--as-of", "2026-10-31", "--customers", "500",
                  "--interactions", "10000"]
COMMITTED_COMMAND = ("python3 scripts/generate_sample.py " + " ".join(COMMITTED_ARGS)
                     + " --out examples/data")
AS_OF = dt.datetime(2026, 10, 31, tzinfo=dt.timezone.utc)
START = dt.datetime(2023, 10, 31, tzinfo=dt.timezone.utc)

# docs/data-model.md, less the fields the store sets (id, updated_at, version, status,
# normalized, e164, interaction created_at): a file to import must not carry them.
CUSTOMER_KEYS = {"external_id", "kind", "display_name", "given_name", "family_name",
                 "company_name", "job_title", "emails", "phones", "addresses", "birthday",
                 "gender", "source", "owner", "tags", "membership_level", "preferred_language", "custom",
                 "consent",
                 "notes", "created_at", "last_verified_at"}
EMAIL_KEYS = {"address", "label", "primary"}
PHONE_KEYS = {"number", "label", "primary"}
ADDRESS_KEYS = {"label", "street", "city", "region", "postcode", "country", "primary"}
CONSENT_CHANNELS = {"email", "sms", "phone", "wechat"}
CONSENT_KEYS = {"status", "at", "method"}
INTERACTION_KEYS = {"external_id", "customer_external_id", "kind", "occurred_at", "channel",
                    "direction", "owner", "amount_minor", "currency", "subject", "body", "csat",
                    "nps", "custom", "complaint_status", "due_at"}
USER_KEYS = {"username", "display_name", "role", "team", "active", "created_at"}
INTERACTION_KINDS = {"purchase", "refund", "call", "email", "sms", "chat", "visit", "meeting",
                     "complaint", "suggestion", "survey", "note"}
CURRENCIES = {"CNY", "HKD", "TWD", "USD", "EUR", "GBP"}
COUNTRY_CURRENCY = {"CN": "CNY", "HK": "HKD", "TW": "TWD", "US": "USD", "GB": "GBP",
                    "DE": "EUR", "FR": "EUR", "ES": "EUR"}
INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
CN_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def run_generator(out: Path, *args: str, hash_seed: str = "0") -> None:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    subprocess.run([sys.executable, str(SCRIPT), *args, "--out", str(out)], check=True,
                   env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def read_bytes(folder: Path) -> dict:
    return {name: (folder / name).read_bytes() for name in FILES}


def instant(text: str) -> dt.datetime:
    assert INSTANT.match(text), text
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def jsonl(name: str) -> list:
    raw = (DATA / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name} has a BOM"
    assert b"\r" not in raw, f"{name} has CR line ends"
    assert raw.endswith(b"\n")
    rows = []
    for n, line in enumerate(raw.decode("utf-8").split("\n")[:-1], 1):
        obj = json.loads(line)
        assert isinstance(obj, dict), f"{name}:{n} is not an object"
        rows.append(obj)
    return rows


@pytest.fixture(scope="module")
def users():
    return jsonl("users.jsonl")


@pytest.fixture(scope="module")
def customers():
    return jsonl("customers.jsonl")


@pytest.fixture(scope="module")
def interactions():
    return jsonl("interactions.jsonl")


@pytest.fixture(scope="module")
def truth():
    text = (DATA / "truth.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["external_id", "entity_id"]
    return rows[1:]


# ---- reproducibility -------------------------------------------------------------------


def test_readme_documents_the_command():
    assert COMMITTED_COMMAND in (DATA / "README.md").read_text(encoding="utf-8")


def test_committed_sample_regenerates_byte_for_byte(tmp_path):
    run_generator(tmp_path, *COMMITTED_ARGS, hash_seed="12345")
    fresh, committed = read_bytes(tmp_path), read_bytes(DATA)
    for name in FILES:
        assert fresh[name] == committed[name], f"{name} differs from a fresh run"


def test_same_seed_same_bytes_different_seed_different_bytes(tmp_path):
    small = ["--customers", "150", "--interactions", "2000"]
    run_generator(tmp_path / "a", "--seed", "7", *small, hash_seed="1")
    run_generator(tmp_path / "b", "--seed", "7", *small, hash_seed="2")
    run_generator(tmp_path / "c", "--seed", "8", *small, hash_seed="1")
    a, b, c = (read_bytes(tmp_path / x) for x in "abc")
    assert a == b
    assert a["customers.jsonl"] != c["customers.jsonl"]
    assert a["interactions.jsonl"] != c["interactions.jsonl"]


@pytest.mark.parametrize("n_customers,n_interactions", [(1, 0), (3, 5), (40, 7)])
def test_tiny_sizes_give_exact_counts(tmp_path, n_customers, n_interactions):
    run_generator(tmp_path, "--customers", str(n_customers), "--interactions",
                  str(n_interactions))
    lines = {n: (tmp_path / n).read_text(encoding="utf-8").splitlines() for n in FILES}
    assert len(lines["customers.jsonl"]) == n_customers
    assert len(lines["interactions.jsonl"]) == n_interactions
    assert len(lines["truth.csv"]) == n_customers + 1


def test_bad_arguments_are_refused(tmp_path):
    for args in (["--customers", "0"], ["--as-of", "2026-02-30"], ["--interactions", "-1"]):
        result = subprocess.run([sys.executable, str(SCRIPT), *args, "--out", str(tmp_path)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert result.returncode == 2, args
    assert not (tmp_path / "customers.jsonl").exists()


# ---- the committed files follow docs/data-model.md -------------------------------------


def test_sizes_match_the_command(customers, interactions, truth):
    assert len(customers) == 500
    assert len(interactions) == 10000
    assert len(truth) == 500
    total = sum((DATA / n).stat().st_size for n in FILES)
    assert total < 3_300_000, "keep the committed sample small"


def test_users(users):
    names = [u["username"] for u in users]
    assert len(set(names)) == len(names)
    roles = Counter(u["role"] for u in users)
    assert roles["manager"] >= 2 and roles["sales"] >= 3 and roles["viewer"] >= 1
    assert "admin" not in roles
    for u in users:
        assert set(u) <= USER_KEYS
        assert re.match(r"^[a-z]+\.[a-z]+$", u["username"])
        assert u["active"] is True
        instant(u["created_at"])
        if u["role"] in ("manager", "sales"):
            assert u["team"]


def test_customer_records(customers, users):
    sales = {u["username"] for u in users if u["role"] == "sales"}
    seen = set()
    for c in customers:
        where = c.get("external_id")
        assert set(c) <= CUSTOMER_KEYS, (where, set(c) - CUSTOMER_KEYS)
        assert re.match(r"^C\d{6}$", c["external_id"])
        assert c["external_id"] not in seen
        seen.add(c["external_id"])
        assert c["kind"] in ("person", "company")
        assert c["display_name"]
        if c["kind"] == "company":
            assert c["company_name"] and c["job_title"] and c["display_name"] == c["company_name"]
        else:
            assert "company_name" not in c
        created = instant(c["created_at"])
        assert START <= created < AS_OF, where
        if "last_verified_at" in c:
            assert created <= instant(c["last_verified_at"]) < AS_OF
        if "birthday" in c:
            born = dt.date.fromisoformat(c["birthday"])
            assert 17 <= (AS_OF.date() - born).days // 365 <= 81, where
        assert c.get("gender", "unspecified") in ("unspecified", "female", "male", "other")
        assert c.get("source") in ("shop", "web", "wechat", "referral", "fair", "phone")
        if "owner" in c:
            assert c["owner"] in sales, where
        for tag in c.get("tags", []):
            assert isinstance(tag, str) and tag
        assert c.get("membership_level", "gold") in ("bronze", "silver", "gold", "platinum")
        assert isinstance(c.get("custom", {}), dict)
        for key in ("given_name", "family_name", "display_name", "notes"):
            if key in c:
                assert isinstance(c[key], str) and c[key], (where, key)


def test_contacts(customers):
    for c in customers:
        where = c["external_id"]
        emails = c.get("emails", [])
        if emails:
            assert sum(e["primary"] for e in emails) == 1, where
        for e in emails:
            assert set(e) <= EMAIL_KEYS and e["label"] in ("work", "home")
            assert re.match(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$", e["address"]), e
        phones = c.get("phones", [])
        if phones:
            assert sum(p["primary"] for p in phones) == 1, where
        for p in phones:
            assert set(p) <= PHONE_KEYS and p["label"] in ("mobile", "home", "work")
            assert re.match(r"^[+(]?[0-9][0-9 ().\-/]*[0-9]$", p["number"]), p
        addresses = c.get("addresses", [])
        if addresses:
            assert sum(a["primary"] for a in addresses) == 1, where
        for a in addresses:
            assert set(a) <= ADDRESS_KEYS and a["country"] in COUNTRY_CURRENCY
            assert a["street"] and a["city"]
            postcode = a.get("postcode")
            if postcode and a["country"] == "CN":
                assert re.match(r"^\d{6}$", postcode), a
            if postcode and a["country"] in ("US", "DE", "FR", "ES"):
                assert re.match(r"^\d{5}$", postcode), a
            if postcode and a["country"] == "GB":
                assert re.match(r"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$", postcode), a
        for channel, consent in c.get("consent", {}).items():
            assert channel in CONSENT_CHANNELS and set(consent) <= CONSENT_KEYS
            assert consent["status"] in ("granted", "denied")
            if "at" in consent:
                assert instant(c["created_at"]) <= instant(consent["at"]) < AS_OF


def national_chinese_number(number: str):
    """The digits after +86 / 0086, or the plain digits of an 11-digit number starting 1."""
    digits = re.sub(r"[ ()\-./]", "", number)
    if digits.startswith("+86"):
        return digits[3:]
    if digits.startswith("0086"):
        return digits[4:]
    if not digits.startswith("+") and len(digits) == 11 and digits.startswith("1"):
        return digits
    return None


def test_chinese_mobiles_are_valid(customers):
    mobiles = 0
    for c in customers:
        mainland = any(a["country"] == "CN" for a in c.get("addresses", []))
        for p in c.get("phones", []):
            national = national_chinese_number(p["number"])
            # Mobiles start 13-19; "10" is Beijing's area code (a landline).
            if national is not None and national.startswith("1") and not national.startswith("10"):
                assert CN_MOBILE.match(national), p["number"]
                mobiles += 1
            elif mainland and p["label"] == "mobile":
                raise AssertionError(f"{c['external_id']}: {p['number']} is no Chinese mobile")
    assert mobiles >= 100


def test_mix_of_people(customers):
    kinds = Counter(c["kind"] for c in customers)
    assert 0.05 <= kinds["company"] / len(customers) <= 0.16
    countries = Counter(a["country"] for c in customers for a in c.get("addresses", [])[:1])
    assert {"CN", "HK", "TW", "US", "GB", "DE", "FR", "ES"} <= set(countries)
    names = " ".join(c["display_name"] for c in customers)
    assert re.search(r"[\u4e00-\u9fff]", names)                 # Chinese
    assert any(ch in names for ch in "陳黃張劉")                   # traditional
    assert any(ch in names for ch in "éèüöäñáí")                 # diacritics
    birthdays = sum("birthday" in c for c in customers if c["kind"] == "person")
    assert 0.5 <= birthdays / kinds["person"] <= 0.85


def test_duplicates(customers, truth):
    ids = {c["external_id"] for c in customers}
    assert {x for x, _ in truth} == ids
    assert [x for x, _ in truth] == sorted(x for x, _ in truth)
    groups = defaultdict(list)
    for x, entity in truth:
        groups[entity].append(x)
    extra = len(truth) - len(groups)
    assert 0.05 <= extra / len(truth) <= 0.11


def test_interaction_records(interactions, customers, users):
    by_customer = {c["external_id"]: c for c in customers}
    doers = {u["username"] for u in users if u["role"] != "viewer"}
    seen = {}
    previous = None
    for n, i in enumerate(interactions, 1):
        assert set(i) <= INTERACTION_KEYS, (i["external_id"], set(i) - INTERACTION_KEYS)
        assert i["external_id"] == f"I{n:07d}"
        assert i["kind"] in INTERACTION_KINDS
        customer = by_customer[i["customer_external_id"]]
        when = instant(i["occurred_at"])
        assert instant(customer["created_at"]) <= when < AS_OF, i["external_id"]
        assert previous is None or previous <= when      # written in time order
        previous = when
        assert i["channel"] and i["direction"] in ("none", "inbound", "outbound")
        assert i["owner"] in doers
        custom = i.get("custom", {})
        assert isinstance(custom, dict)
        if i["kind"] in ("purchase", "refund"):
            assert isinstance(i["amount_minor"], int) and i["currency"] in CURRENCIES
            if i["kind"] == "purchase":
                assert i["amount_minor"] > 0
            else:
                assert i["amount_minor"] < 0
                bought = seen[custom["refund_of"]]
                assert bought["kind"] == "purchase"
                assert bought["customer_external_id"] == i["customer_external_id"]
                assert bought["currency"] == i["currency"]
                assert -i["amount_minor"] <= bought["amount_minor"]
                assert instant(bought["occurred_at"]) < when
        else:
            assert "amount_minor" not in i and "currency" not in i
        if i["kind"] == "complaint":
            assert i["complaint_status"] in ("open", "in_progress", "resolved", "closed")
            assert instant(i["due_at"]) > when
        else:
            assert "complaint_status" not in i and "due_at" not in i
        if i["kind"] == "survey":
            assert "csat" in i or "nps" in i
        if "csat" in i:
            assert isinstance(i["csat"], int) and 1 <= i["csat"] <= 5
        if "nps" in i:
            assert isinstance(i["nps"], int) and 0 <= i["nps"] <= 10
        seen[i["external_id"]] = i


def test_currency_follows_the_market(interactions, customers):
    country = {c["external_id"]: c["addresses"][0]["country"] for c in customers
               if c.get("addresses")}
    for i in interactions:
        where = country.get(i["customer_external_id"])
        if "currency" in i and where:
            assert i["currency"] == COUNTRY_CURRENCY[where], i["external_id"]


def test_behaviour_varies(interactions, customers):
    kinds = Counter(i["kind"] for i in interactions)
    assert kinds["purchase"] == max(kinds.values())
    assert 0.01 <= kinds["refund"] / kinds["purchase"] <= 0.10
    assert INTERACTION_KINDS - {"note"} <= set(kinds)
    purchases = Counter(i["customer_external_id"] for i in interactions
                        if i["kind"] == "purchase")
    counts = Counter(purchases.get(c["external_id"], 0) for c in customers)
    assert counts[0] >= 25             # prospects
    assert counts[1] >= 50             # one-time buyers
    assert sum(v for k, v in counts.items() if k >= 20) >= 10   # loyal, frequent buyers
    last = {}
    for i in interactions:
        last[i["customer_external_id"]] = i["occurred_at"]
    year_ago = (AS_OF - dt.timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ")
    churned = sum(1 for t in last.values() if t < year_ago)
    assert churned >= 25               # no activity for more than a year
    amounts = sorted(i["amount_minor"] for i in interactions
                     if i["kind"] == "purchase" and i["currency"] == "CNY")
    median, top = amounts[len(amounts) // 2], amounts[int(len(amounts) * 0.99)]
    assert top > 10 * median           # heavy tail
    chats = Counter(i["channel"] for i in interactions if i["kind"] == "chat")
    assert chats["wechat"] > 0
