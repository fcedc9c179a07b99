"""End-to-end tests of the `clientele` command-line tool, driven through subprocess."""
import json
import re

import pytest

from conftest import display_width

# Exit codes documented in docs/cli.md.
OK, INTERNAL, USAGE, INVALID, NOT_FOUND, CONFLICT, DENIED, STORAGE, CORRUPT = 0, 1, 2, 3, 4, 5, 6, 7, 8

COMMANDS = [
    [], ["init"], ["customer"], ["customer", "add"], ["customer", "show"], ["customer", "update"],
    ["customer", "list"], ["customer", "search"], ["customer", "find"], ["customer", "tag"],
    ["customer", "archive"], ["customer", "delete"], ["interaction"], ["interaction", "add"],
    ["interaction", "list"], ["user"], ["user", "add"], ["user", "list"], ["stats"],
]


def assert_error(r, code, *needles):
    """Exit `code`, nothing on stdout, and exactly one 'clientele: error:' line on stderr."""
    assert r.code == code, r
    assert r.out == "", r
    lines = r.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("clientele: error: "), r
    for n in needles:
        assert n in lines[0], r


def count_customers(ok, db, *filters):
    return len(ok("customer", "list", db, "--all", "--status", "all", *filters))


# ---- help and usage ---------------------------------------------------------------------

@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "clientele")
def test_help_on_every_command(cli, path):
    r = cli(*path, "--help")
    assert r.code == OK, r
    assert "Usage" in r.out or "USAGE" in r.out.upper(), r
    assert "--user" in r.out and "--json" in r.out, r   # global options everywhere
    # Every subcommand listed has a description next to its name.
    if "Subcommands:" in r.out:
        listed = r.out.split("Subcommands:")[1].strip().split("\n\n")[0].splitlines()
        assert listed
        for line in listed:
            assert len(line.split()) >= 2, f"subcommand without description: {line!r}"


def test_version(cli):
    r = cli("--version")
    assert r.code == OK and re.match(r"\d+\.\d+\.\d+", r.out.strip()), r


@pytest.mark.parametrize("args", [
    [],                                         # no command
    ["customer"],                               # group without a command
    ["customer", "show"],                       # missing DB and REF
    ["customer", "list", "x.db", "--bogus"],    # unknown option
    ["customer", "find", "x.db"],               # neither --email nor --phone
    ["customer", "find", "x.db", "--email", "a@b.cn", "--phone", "1"],  # both
    ["customer", "tag", "x.db", "REF"],         # no tag action
    ["customer", "add", "x.db", "--name", "A", "--from-json", "f.jsonl"],  # flags and a file
    ["user", "add", "x.db", "bob"],             # --role missing
])
def test_usage_errors_exit_2(cli, args):
    assert_error(cli(*args), USAGE)


def test_update_without_changes_is_usage_error(cli, db, ok):
    c = ok("customer", "add", db, "--name", "A")
    assert_error(cli("customer", "update", db, c["id"]), USAGE)


# ---- init ---------------------------------------------------------------------------------

def test_init_sets_admin_region_currency(cli, ok, tmp_path):
    path = tmp_path / "us.db"
    info = ok("init", path, "--admin", "boss", "--region", "US", "--currency", "USD")
    assert info["admin"] == "boss"
    assert info["default_region"] == "US" and info["default_currency"] == "USD"
    # The admin is the first user; other users do not exist yet.
    assert [u["username"] for u in ok("user", "list", path, user="boss")] == ["boss"]
    assert_error(cli("stats", path), NOT_FOUND)  # "admin" is no user here
    # Numbers without a country code are read in the database's region.
    c = ok("customer", "add", path, "--name", "Ann", "--phone", "(415) 555-2671", user="boss")
    assert c["phones"][0]["e164"] == "+14155552671"
    # Amounts default to the database's currency.
    i = ok("interaction", "add", path, "--customer", c["id"], "--kind", "purchase",
           "--at", "2024-05-01T10:00:00Z", "--amount", "19.99", user="boss")
    assert i["currency"] == "USD" and i["amount_minor"] == 1999


def test_init_refuses_existing_file(cli, db):
    assert_error(cli("init", db), CONFLICT, str(db))


def test_init_with_bad_region_leaves_no_file(cli, tmp_path):
    path = tmp_path / "bad.db"
    assert_error(cli("init", path, "--region", "XX"), INVALID, "--region")
    assert not path.exists()


def test_admin_defaults_to_user_from_environment(cli, tmp_path):
    path = tmp_path / "env.db"
    env = {"CLIENTELE_USER": "mei"}
    assert cli("init", path, env=env).code == OK
    r = cli("user", "list", path, "--json", env=env)
    assert r.code == OK and [u["username"] for u in r.json()] == ["mei"], r
    assert cli("user", "list", path).code == NOT_FOUND  # as "admin"


# ---- customers: add, show ---------------------------------------------------------------

def test_add_with_flags_and_show(cli, db, ok):
    c = ok("customer", "add", db, "--family-name", "张", "--given-name", "伟",
           "--email", "Zhang.Wei@Example.com", "--email", "zw@home.cn",
           "--phone", "138-1234-5678", "--city", "上海", "--birthday", "1988-04-12",
           "--gender", "male", "--tag", "vip", "--tag", "wholesale", "--source", "wechat",
           "--external-id", "SHOP-1", "--custom", "shoe_size=42", "--custom", "color=blue")
    assert c["display_name"] == "张伟"
    assert [e["address"] for e in c["emails"]] == ["Zhang.Wei@Example.com", "zw@home.cn"]
    assert c["emails"][0]["primary"] and c["emails"][0]["normalized"] == "zhang.wei@example.com"
    assert c["phones"][0]["e164"] == "+8613812345678"
    assert c["addresses"][0]["city"] == "上海"
    assert c["birthday"] == "1988-04-12" and c["gender"] == "male"
    assert sorted(c["tags"]) == ["vip", "wholesale"]
    assert c["custom"] == {"shoe_size": 42, "color": "blue"}
    assert c["version"] == 1 and c["status"] == "active"

    assert ok("customer", "show", db, c["id"]) == c
    assert ok("customer", "show", db, "SHOP-1") == c       # by external id
    human = cli("customer", "show", db, "SHOP-1")
    assert human.code == OK and "张伟" in human.out and "+8613812345678" in human.out, human
    assert re.search(r"^interactions:\s+0$", human.out, re.M), human


def test_add_company(ok, db):
    c = ok("customer", "add", db, "--kind", "company", "--company", "上海贸易有限公司")
    assert c["kind"] == "company" and c["display_name"] == "上海贸易有限公司"


def test_add_jsonl_with_chinese_names(cli, ok, db, tmp_path):
    f = tmp_path / "people.jsonl"
    rows = [{"family_name": "张", "given_name": "伟", "phones": [{"number": "13812345678"}]},
            {"family_name": "王", "given_name": "秀英", "tags": ["vip"]},
            {"display_name": "Oliver Smith", "emails": [{"address": "oliver@smith.co.uk"}]}]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    created = ok("customer", "add", db, "--from-json", f)
    assert [c["display_name"] for c in created] == ["张伟", "王秀英", "Oliver Smith"]
    assert count_customers(ok, db) == 3
    human = cli("customer", "add", db, "--from-json", f, )
    assert human.code == OK and "added 3 customers" in human.out, human


def test_add_single_object_from_stdin(ok, db):
    text = json.dumps({"display_name": "李娜", "owner": "admin",
                       "consent": {"sms": {"status": "denied"}}}, ensure_ascii=False, indent=2)
    c = ok("customer", "add", db, "--from-json", "-", stdin=text)
    assert c["display_name"] == "李娜" and c["consent"]["sms"]["status"] == "denied"


def test_customer_table_aligns_cjk_by_display_width(cli, ok, db):
    ok("customer", "add", db, "--family-name", "欧阳", "--given-name", "娜娜", "--phone", "13800000001",
       "--email", "ouyang@example.cn")
    ok("customer", "add", db, "--name", "Bo", "--phone", "13800000002", "--email", "bo@example.cn")
    ok("customer", "add", db, "--name", "张三 Zhang", "--phone", "13800000003", "--email", "z@example.cn")
    r = cli("customer", "list", db)
    assert r.code == OK, r
    lines = r.out.rstrip("\n").splitlines()
    header = lines[0]
    # Column PHONE starts at the same terminal column on every line.
    col = display_width(header[:header.index("PHONE")])
    for line in lines[1:]:
        m = re.search(r"1380000000\d", line)
        assert m, line
        assert display_width(line[:m.start()]) == col, r.out


def test_invalid_email_names_field_and_writes_nothing(cli, ok, db):
    r = cli("customer", "add", db, "--name", "X", "--email", "not-an-email")
    assert_error(r, INVALID, "email")
    assert count_customers(ok, db) == 0


@pytest.mark.parametrize("flag,value", [("--birthday", "1990-02-30"), ("--kind", "alien"),
                                        ("--gender", "robot"), ("--phone", "12")])
def test_bad_field_values_exit_3(cli, ok, db, flag, value):
    r = cli("customer", "add", db, "--name", "X", flag, value)
    assert_error(r, INVALID)
    assert count_customers(ok, db) == 0


def test_jsonl_bad_line_3_writes_nothing(cli, ok, db, tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_text('{"display_name": "一"}\n{"display_name": "二"}\n{"display_name": "三", "emails": [{"address": "nope"}]}\n'
                 '{"display_name": "四"}\n', encoding="utf-8")
    assert_error(cli("customer", "add", db, "--from-json", f), INVALID, f"{f}:3", "email")
    assert count_customers(ok, db) == 0

    f.write_text('{"display_name": "一"}\n\n{"display_name": \n', encoding="utf-8")  # line 3 not JSON
    assert_error(cli("customer", "add", db, "--from-json", f), INVALID, f"{f}:3")
    f.write_text('{"display_name": "一"}\n{"display_name": "二"}\n{"dispaly_name": "typo"}\n', encoding="utf-8")
    assert_error(cli("customer", "add", db, "--from-json", f), INVALID, f"{f}:3", "dispaly_name")
    assert count_customers(ok, db) == 0


def test_jsonl_duplicate_external_id_rolls_back(cli, ok, db, tmp_path):
    ok("customer", "add", db, "--name", "Old", "--external-id", "E1")
    f = tmp_path / "dup.jsonl"
    f.write_text('{"display_name": "New", "external_id": "E2"}\n{"display_name": "Dup", "external_id": "E1"}\n')
    r = cli("customer", "add", db, "--from-json", f)
    assert r.code == CONFLICT and f"{f}:2" in r.err, r
    assert count_customers(ok, db) == 1


def test_missing_input_file(cli, db, tmp_path):
    assert_error(cli("customer", "add", db, "--from-json", tmp_path / "none.jsonl"), INVALID, "none.jsonl")


# ---- customers: update ----------------------------------------------------------------

def test_update_with_set_and_versions(cli, ok, db):
    c = ok("customer", "add", db, "--name", "Old Name", "--custom", "a=1")
    u = ok("customer", "update", db, c["id"], "--set", "display_name=新名字", "--set", "notes=call after 6pm",
           "--set", "custom.b=two", "--expected-version", "1")
    assert u["display_name"] == "新名字" and u["notes"] == "call after 6pm"
    assert u["custom"] == {"a": 1, "b": "two"} and u["version"] == 2
    # Without --expected-version the current version is used.
    u = ok("customer", "update", db, c["id"], "--set", "tags=[\"x\",\"y\"]", "--set", "notes=")
    assert sorted(u["tags"]) == ["x", "y"] and "notes" not in u and u["version"] == 3
    u = ok("customer", "update", db, c["id"], "--set", "name=Short", "--set", "company=Acme",
           "--set", "job-title=Boss")
    assert (u["display_name"], u["company_name"], u["job_title"]) == ("Short", "Acme", "Boss")


def test_update_stale_version_is_conflict_and_unchanged(cli, ok, db):
    c = ok("customer", "add", db, "--name", "Stable")
    ok("customer", "update", db, c["id"], "--set", "notes=first")
    before = ok("customer", "show", db, c["id"])
    r = cli("customer", "update", db, c["id"], "--set", "notes=second", "--expected-version", "1")
    assert_error(r, CONFLICT)
    assert ok("customer", "show", db, c["id"]) == before


def test_update_with_patch(ok, db):
    c = ok("customer", "add", db, "--name", "P", "--custom", "keep=1", "--custom", "drop=2")
    u = ok("customer", "update", db, c["id"], "--patch", '{"job_title": "CEO", "custom": {"drop": null}}')
    assert u["job_title"] == "CEO" and u["custom"] == {"keep": 1}


def test_update_bad_values_unchanged(cli, ok, db):
    c = ok("customer", "add", db, "--name", "B", "--email", "b@example.com")
    before = ok("customer", "show", db, c["id"])
    assert_error(cli("customer", "update", db, c["id"], "--set", 'emails=[{"address": "bad"}]'), INVALID, "email")
    assert_error(cli("customer", "update", db, c["id"], "--set", "version=9"), INVALID)
    assert_error(cli("customer", "update", db, c["id"], "--set", "emails=notjson"), INVALID, "emails")
    assert_error(cli("customer", "update", db, c["id"], "--patch", "[1,2]"), INVALID)
    assert ok("customer", "show", db, c["id"]) == before


# ---- customers: list, search, find, tags, archive, delete -------------------------------

def test_list_filters_and_pagination(cli, ok, db):
    ids = []
    for n in range(7):
        args = ["customer", "add", db, "--name", f"Person {n}"]
        if n % 2 == 0:
            args += ["--tag", "even"]
        if n < 2:
            args += ["--kind", "company", "--company", f"Firm {n}"]
        ids.append(ok(*args)["id"])
    assert len(ok("customer", "list", db, "--all", "--tag", "even")) == 4
    assert len(ok("customer", "list", db, "--all", "--kind", "company")) == 2
    assert len(ok("customer", "list", db, "--all", "--created-from", "2000-01-01", "--created-to", "2999-01-01")) == 7
    assert ok("customer", "list", db, "--all", "--created-to", "2000-01-01") == []

    seen, after = [], None
    while True:
        args = ["customer", "list", db, "--limit", "3"] + (["--after", after] if after else [])
        page = ok(*args)
        assert len(page["items"]) <= 3
        seen += [c["id"] for c in page["items"]]
        after = page.get("next_cursor")
        if not after:
            break
    assert sorted(seen) == sorted(ids) and len(seen) == 7
    assert sorted(c["id"] for c in ok("customer", "list", db, "--all", "--limit", "2")) == sorted(ids)
    human = cli("customer", "list", db, "--limit", "3")
    assert human.code == OK and "--after" in human.out, human
    assert_error(cli("customer", "list", db, "--status", "sleeping"), INVALID, "--status")
    assert_error(cli("customer", "list", db, "--created-from", "yesterday"), INVALID, "--created-from")


def test_search_chinese_and_latin(cli, ok, db):
    zw = ok("customer", "add", db, "--family-name", "张", "--given-name", "伟")
    ok("customer", "add", db, "--family-name", "王", "--given-name", "伟明")
    om = ok("customer", "add", db, "--name", "Oliver Smith", "--company", "Acme Trading")
    assert [c["id"] for c in ok("customer", "search", db, "张伟")] == [zw["id"]]
    assert [c["id"] for c in ok("customer", "search", db, "smith")] == [om["id"]]
    assert [c["id"] for c in ok("customer", "search", db, "Acme")] == [om["id"]]
    assert ok("customer", "search", db, "nobody-here") == []
    human = cli("customer", "search", db, "张伟")
    assert human.code == OK and "张伟" in human.out


def test_find_by_phone_and_email_in_any_format(cli, ok, db):
    c = ok("customer", "add", db, "--name", "Phone Person", "--phone", "+86 138 1234 5678",
           "--email", "Mixed.Case@Example.COM")
    for variant in ["13812345678", "+86 138 1234 5678", "138-1234-5678", "0086 13812345678"]:
        assert [x["id"] for x in ok("customer", "find", db, "--phone", variant)] == [c["id"]], variant
    assert [x["id"] for x in ok("customer", "find", db, "--email", "mixed.case@example.com")] == [c["id"]]
    assert ok("customer", "find", db, "--phone", "13900000000") == []
    r = cli("customer", "find", db, "--phone", "13812345678")
    assert r.code == OK and "Phone Person" in r.out


def test_tags(cli, ok, db):
    c = ok("customer", "add", db, "--name", "T", "--tag", "a")
    assert sorted(ok("customer", "tag", db, c["id"], "--add", "vip", "gold")) == ["a", "gold", "vip"]
    assert sorted(ok("customer", "tag", db, c["id"], "--add", "vip")) == ["a", "gold", "vip"]
    assert sorted(ok("customer", "tag", db, c["id"], "--remove", "a")) == ["gold", "vip"]
    assert sorted(ok("customer", "tag", db, c["id"], "--list")) == ["gold", "vip"]
    r = cli("customer", "tag", db, c["id"], "--list")
    assert r.code == OK and sorted(r.out.split()) == ["gold", "vip"]
    assert len(ok("customer", "list", db, "--all", "--tag", "gold")) == 1


def test_archive_hides_from_default_list(cli, ok, db):
    c = ok("customer", "add", db, "--name", "Gone Soon")
    a = ok("customer", "archive", db, c["id"])
    assert a["status"] == "archived"
    assert ok("customer", "list", db, "--all") == []
    assert [x["id"] for x in ok("customer", "list", db, "--all", "--status", "archived")] == [c["id"]]
    assert ok("customer", "show", db, c["id"])["status"] == "archived"


def test_delete(cli, ok, db):
    c = ok("customer", "add", db, "--name", "Delete Me")
    ok("interaction", "add", db, "--customer", c["id"], "--kind", "call", "--at", "2024-01-01")
    r = cli("customer", "delete", db, c["id"])
    assert r.code == OK and "Delete Me" in r.out, r
    assert_error(cli("customer", "show", db, c["id"]), NOT_FOUND)
    assert ok("interaction", "list", db, "--all") == []


@pytest.mark.parametrize("cmd", [["customer", "show"], ["customer", "archive"], ["customer", "delete"],
                                 ["customer", "update", "--set", "notes=x"],
                                 ["customer", "tag", "--list"]])
def test_unknown_customer_is_not_found(cli, db, cmd):
    args = cmd[:2] + [db, "00000000-0000-4000-8000-000000000000"] + cmd[2:]
    assert_error(cli(*args), NOT_FOUND)
    args = cmd[:2] + [db, "NO-SUCH-EXTERNAL-ID"] + cmd[2:]
    assert_error(cli(*args), NOT_FOUND)


# ---- interactions -------------------------------------------------------------------------

def test_interactions_add_and_list(cli, ok, db):
    c = ok("customer", "add", db, "--name", "买家", "--external-id", "B-1")
    other = ok("customer", "add", db, "--name", "Other")
    p = ok("interaction", "add", db, "--customer", "B-1", "--kind", "purchase", "--at", "2024-03-01T10:00:00Z",
           "--amount", "1,299.00", "--currency", "CNY", "--channel", "store", "--subject", "手机")
    assert p["amount_minor"] == 129900 and p["currency"] == "CNY" and p["customer_id"] == c["id"]
    assert p["owner"] == "admin"
    call = ok("interaction", "add", db, "--customer", c["id"], "--kind", "call", "--at", "2024-03-05T09:00:00+08:00",
              "--direction", "outbound", "--csat", "4", "--nps", "9", "--body", "follow-up")
    assert call["occurred_at"] == "2024-03-05T01:00:00Z" and call["csat"] == 4 and call["nps"] == 9
    ok("interaction", "add", db, "--customer", other["id"], "--kind", "visit", "--at", "2024-04-01")
    yen = ok("interaction", "add", db, "--customer", other["id"], "--kind", "purchase", "--at", "2024-04-02",
             "--amount", "1,500", "--currency", "JPY")
    assert yen["amount_minor"] == 1500

    mine = ok("interaction", "list", db, "--customer", "B-1", "--all")
    assert [i["id"] for i in mine] == [p["id"], call["id"]]   # oldest first
    assert len(ok("interaction", "list", db, "--all", "--kind", "purchase")) == 2
    assert len(ok("interaction", "list", db, "--all", "--from", "2024-03-02", "--to", "2024-04-02")) == 2
    page = ok("interaction", "list", db, "--limit", "3")
    assert len(page["items"]) == 3 and page["next_cursor"]
    rest = ok("interaction", "list", db, "--limit", "3", "--after", page["next_cursor"])
    assert len(rest["items"]) == 1 and "next_cursor" not in rest

    human = cli("interaction", "list", db, "--customer", "B-1")
    assert human.code == OK and "1,299.00 CNY" in human.out and "买家" in human.out, human
    show = cli("customer", "show", db, "B-1")
    assert re.search(r"^interactions:\s+2$", show.out, re.M), show


@pytest.mark.parametrize("amount", ["12.345", "1,29.00", "abc", "1.2.3", "12,", "1e3", ""])
def test_bad_amounts_exit_3(cli, ok, db, amount):
    c = ok("customer", "add", db, "--name", "A")
    r = cli("interaction", "add", db, "--customer", c["id"], "--kind", "purchase", "--at", "2024-01-01",
            "--amount", amount, "--currency", "CNY")
    if amount == "":
        assert r.code in (OK, INVALID)  # empty means no amount
        return
    assert_error(r, INVALID, "--amount")
    assert ok("interaction", "list", db, "--all") == []


@pytest.mark.parametrize("amount,currency,minor", [("0.5", "CNY", 50), ("12.340", "CNY", 1234),
                                                    ("1,234,567.89", "USD", 123456789),
                                                    ("1.234", "KWD", 1234), ("+7", "CNY", 700)])
def test_amounts_are_exact(ok, db, amount, currency, minor):
    c = ok("customer", "add", db, "--name", "A")
    i = ok("interaction", "add", db, "--customer", c["id"], "--kind", "purchase", "--at", "2024-01-01",
           "--amount", amount, "--currency", currency)
    assert i["amount_minor"] == minor


def test_refund_is_stored_negative(ok, cli, db):
    c = ok("customer", "add", db, "--name", "R")
    ok("interaction", "add", db, "--customer", c["id"], "--kind", "purchase", "--at", "2024-01-01", "--amount", "20")
    r = ok("interaction", "add", db, "--customer", c["id"], "--kind", "refund", "--at", "2024-01-02", "--amount", "5.50")
    assert r["amount_minor"] == -550
    assert ok("stats", db)["revenue_minor_by_currency"] == {"CNY": 1450}
    assert_error(cli("interaction", "add", db, "--customer", c["id"], "--kind", "purchase", "--at", "2024-01-03",
                     "--amount", "-1"), INVALID, "amount")


def test_interaction_bad_input(cli, ok, db):
    c = ok("customer", "add", db, "--name", "A")
    base = ["interaction", "add", db, "--customer", c["id"], "--at", "2024-01-01"]
    assert_error(cli(*base, "--kind", "teleport"), INVALID, "--kind")
    assert_error(cli(*base, "--kind", "survey", "--csat", "9"), INVALID, "csat")
    assert_error(cli("interaction", "add", db, "--customer", c["id"], "--kind", "call", "--at", "soon"),
                 INVALID, "--at")
    assert_error(cli("interaction", "add", db, "--customer", "nobody", "--kind", "call", "--at", "2024-01-01"),
                 NOT_FOUND)
    assert_error(cli("interaction", "add", db, "--kind", "call"), USAGE)
    assert ok("interaction", "list", db, "--all") == []


def test_interactions_jsonl_all_or_nothing(cli, ok, db, tmp_path):
    ok("customer", "add", db, "--name", "J", "--external-id", "J-1")
    good = [{"customer": "J-1", "kind": "purchase", "occurred_at": "2024-01-0%dT00:00:00Z" % d,
             "amount_minor": 100 * d, "currency": "CNY"} for d in range(1, 5)]
    f = tmp_path / "orders.jsonl"
    bad = list(good)
    bad[2] = dict(bad[2], customer="J-404")
    f.write_text("\n".join(json.dumps(r) for r in bad) + "\n")
    assert_error(cli("interaction", "add", db, "--from-json", f), NOT_FOUND, f"{f}:3")
    assert ok("interaction", "list", db, "--all") == []
    bad[2] = dict(good[2], nps=11)
    f.write_text("\n".join(json.dumps(r) for r in bad) + "\n")
    assert_error(cli("interaction", "add", db, "--from-json", f), INVALID, f"{f}:3", "nps")
    assert ok("interaction", "list", db, "--all") == []
    f.write_text("\n".join(json.dumps(r) for r in good) + "\n")
    added = ok("interaction", "add", db, "--from-json", f)
    assert [i["amount_minor"] for i in added] == [100, 200, 300, 400]
    assert ok("stats", db)["revenue_minor_by_currency"] == {"CNY": 1000}


# ---- users and stats ------------------------------------------------------------------------

def test_users(cli, ok, db):
    u = ok("user", "add", db, "li.na", "--role", "sales", "--team", "east", "--display-name", "李娜")
    assert u == {**u, "username": "li.na", "role": "sales", "team": "east", "display_name": "李娜", "active": True}
    users = ok("user", "list", db)
    assert sorted(x["username"] for x in users) == ["admin", "li.na"]
    human = cli("user", "list", db)
    assert human.code == OK and "李娜" in human.out and "sales" in human.out
    assert_error(cli("user", "add", db, "li.na", "--role", "sales"), CONFLICT)
    assert_error(cli("user", "add", db, "x", "--role", "emperor"), INVALID, "--role")
    assert_error(cli("user", "add", db, "bob", "--role", "admin", user="li.na"), DENIED)
    assert_error(cli("stats", db, user="nobody"), NOT_FOUND)


def test_stats(cli, ok, db):
    c = ok("customer", "add", db, "--name", "S", "--owner", "admin")
    ok("customer", "add", db, "--kind", "company", "--company", "公司")
    ok("interaction", "add", db, "--customer", c["id"], "--kind", "purchase", "--at", "2024-02-01",
       "--amount", "10.50")
    s = ok("stats", db)
    assert s["customers"] == 2 and s["interactions"] == 1 and s["users"] == 1
    assert s["revenue_minor_by_currency"] == {"CNY": 1050}
    human = cli("stats", db)
    assert human.code == OK, human
    assert re.search(r"^customers:\s+2$", human.out, re.M) and "10.50 CNY" in human.out, human


# ---- storage errors ---------------------------------------------------------------------------

def test_not_a_database(cli, tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("this is not a database, just some text\n" * 100)
    assert_error(cli("stats", f), CORRUPT)
    assert_error(cli("customer", "list", f), CORRUPT)


def test_missing_database(cli, tmp_path):
    assert_error(cli("stats", tmp_path / "nothing.db"), NOT_FOUND, "nothing.db")
    assert not (tmp_path / "nothing.db").exists()


# ---- roles ----------------------------------------------------------------------------------

def test_sales_cannot_reach_other_users_customers(cli, ok, team_db, tmp_path):
    db, cs = team_db
    wang = cs["wang"]
    before = ok("customer", "show", db, wang["id"])
    as_li = {"user": "li.na"}

    for ref in (wang["id"], "C-WANG"):
        assert_error(cli("customer", "show", db, ref, **as_li), NOT_FOUND)
        r = cli("customer", "update", db, ref, "--set", "notes=mine now", **as_li)
        assert r.code in (NOT_FOUND, DENIED), r
        r = cli("customer", "update", db, ref, "--set", "owner=li.na", "--expected-version", "1", **as_li)
        assert r.code in (NOT_FOUND, DENIED), r
        assert cli("customer", "archive", db, ref, **as_li).code in (NOT_FOUND, DENIED)
        assert cli("customer", "delete", db, ref, **as_li).code in (NOT_FOUND, DENIED)
        assert cli("customer", "tag", db, ref, "--add", "stolen", **as_li).code in (NOT_FOUND, DENIED)
        assert cli("customer", "tag", db, ref, "--list", **as_li).code == NOT_FOUND
        r = cli("interaction", "add", db, "--customer", ref, "--kind", "call", "--at", "2024-01-01", **as_li)
        assert r.code in (NOT_FOUND, DENIED), r
    f = tmp_path / "sneak.jsonl"
    f.write_text(json.dumps({"customer": "C-WANG", "kind": "note", "occurred_at": "2024-01-01"}) + "\n")
    assert cli("interaction", "add", db, "--from-json", f, **as_li).code in (NOT_FOUND, DENIED)

    # Reads only show li.na's own customers.
    visible = [c["id"] for c in ok("customer", "list", db, "--all", "--status", "all", **as_li)]
    assert visible == [cs["li"]["id"]]
    assert ok("customer", "search", db, "芳芳", **as_li) == []
    assert ok("customer", "find", db, "--phone", "13900000002", **as_li) == []
    assert ok("customer", "find", db, "--email", "wang.ff@example.com", **as_li) == []
    assert len(ok("customer", "list", db, "--all", "--tag", "vip", **as_li)) == 1
    assert ok("interaction", "list", db, "--all", "--customer", "C-LI", **as_li) == []
    r = cli("interaction", "list", db, "--all", "--customer", "C-WANG", "--json", **as_li)
    assert r.code == NOT_FOUND or (r.code == OK and r.json() == []), r
    assert ok("customer", "list", db, "--all", "--owner", "wang.fang", **as_li) == []
    assert len(ok("customer", "list", db, "--all", "--owner", "wang.fang")) == 1   # admin sees it
    assert ok("stats", db, **as_li)["customers"] == 1

    # Nothing about wang.fang's customer changed, and no interaction was recorded.
    assert ok("customer", "show", db, wang["id"]) == before
    assert ok("interaction", "list", db, "--all") == []


def test_sales_works_on_own_customers(ok, team_db):
    db, cs = team_db
    as_li = {"user": "li.na"}
    u = ok("customer", "update", db, "C-LI", "--set", "notes=好客户", **as_li)
    assert u["notes"] == "好客户"
    c = ok("customer", "add", db, "--name", "New Lead", **as_li)
    assert c["owner"] == "li.na"
    i = ok("interaction", "add", db, "--customer", "C-LI", "--kind", "call", "--at", "2024-01-01", **as_li)
    assert i["owner"] == "li.na"
    assert [x["id"] for x in ok("customer", "search", db, "李雷", **as_li)] == [cs["li"]["id"]]


def test_viewer_reads_all_changes_nothing(cli, ok, team_db, tmp_path):
    db, cs = team_db
    as_viewer = {"user": "kan.kan"}
    assert count_customers(ok, db) == 3
    assert len(ok("customer", "list", db, "--all", **as_viewer)) == 3
    assert ok("customer", "show", db, "C-WANG", **as_viewer)["id"] == cs["wang"]["id"]
    assert_error(cli("customer", "add", db, "--name", "No", **as_viewer), DENIED)
    f = tmp_path / "v.jsonl"
    f.write_text('{"display_name": "No1"}\n{"display_name": "No2"}\n')
    assert cli("customer", "add", db, "--from-json", f, **as_viewer).code == DENIED
    before = ok("customer", "show", db, "C-WANG")
    assert_error(cli("customer", "update", db, "C-WANG", "--set", "notes=x", **as_viewer), DENIED)
    assert_error(cli("customer", "archive", db, "C-WANG", **as_viewer), DENIED)
    assert_error(cli("customer", "tag", db, "C-WANG", "--add", "x", **as_viewer), DENIED)
    assert_error(cli("interaction", "add", db, "--customer", "C-WANG", "--kind", "note", "--at", "2024-01-01",
                     **as_viewer), DENIED)
    assert ok("customer", "show", db, "C-WANG") == before
    assert count_customers(ok, db) == 3


def test_manager_sees_own_team(ok, cli, team_db):
    db, cs = team_db
    as_mgr = {"user": "zhao.lei"}
    visible = sorted(c["id"] for c in ok("customer", "list", db, "--all", **as_mgr))
    assert visible == sorted([cs["li"]["id"], cs["wang"]["id"]])
    assert_error(cli("customer", "show", db, "C-SUN", **as_mgr), NOT_FOUND)


# ---- output forms -------------------------------------------------------------------------------

def test_every_command_has_json_output(cli, ok, db):
    c = ok("customer", "add", db, "--name", "J")
    assert isinstance(ok("customer", "show", db, c["id"]), dict)
    assert isinstance(ok("customer", "list", db), dict)
    assert isinstance(ok("customer", "list", db, "--all"), list)
    assert isinstance(ok("customer", "search", db, "J"), list)
    assert isinstance(ok("customer", "tag", db, c["id"], "--list"), list)
    assert isinstance(ok("interaction", "add", db, "--customer", c["id"], "--kind", "note", "--at", "2024-01-01"),
                      dict)
    assert isinstance(ok("interaction", "list", db), dict)
    assert isinstance(ok("user", "list", db), list)
    assert isinstance(ok("stats", db), dict)
    # --json is accepted before the command too.
    r = cli("--json", "stats", db)
    assert r.code == OK and r.json()["customers"] == 1, r
