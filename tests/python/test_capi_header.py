"""The shape rules of the C ABI, read off include/clientele.h itself (docs/c-api.md, "The
rules"): one naming rule, one destroy rule, out parameters first, a length with every
caller buffer, an options_init(opts, version) returning clt_status for every options struct,
and a thread-safety tag on every function. Needs no build."""

import re
from pathlib import Path

import pytest

HEADER = Path(__file__).resolve().parents[2] / "include" / "clientele.h"

# Calls about the library itself, which have no module.
LIBRARY_WIDE = {
    "clt_init", "clt_shutdown", "clt_version", "clt_version_number", "clt_schema_version",
    "clt_last_error", "clt_last_error_field", "clt_status_name", "clt_string_free",
}
MODULES = {
    "db", "transaction", "auth", "customer", "tag", "interaction", "user", "setting", "points", "merge",
    "duplicates", "dedupe", "import", "export", "rfm", "lifecycle", "stage_history", "stage_transitions",
    "new_vs_returning", "clv", "cohorts", "repeat_purchases", "revenue_by", "analytics", "backup", "privacy", "audit",
    "reminder",
    "case", "service_report",
    "loyalty", "report",
}
TAGS = ("[thread-safe]", "[per handle]", "[not thread-safe]")


def declarations():
    text = HEADER.read_text(encoding="utf-8")
    decls = re.findall(r"^CLT_API [^;]*;[^\n]*", text, flags=re.M)
    out = []
    for d in decls:
        m = re.match(r"CLT_API\s+(.*?)\b(clt_\w+)\((.*)\);\s*(.*)$", " ".join(d.split()))
        assert m, d
        ret, name, params, trailer = m.groups()
        params = [] if params.strip() in ("", "void") else [p.strip() for p in params.split(",")]
        out.append((ret.strip(), name, params, trailer))
    return out


DECLS = declarations()
NAMES = {name for _, name, _, _ in DECLS}


def test_the_header_declares_the_abi():
    assert len(DECLS) > 100


@pytest.mark.parametrize("ret,name,params,trailer", DECLS, ids=[d[1] for d in DECLS])
def test_name_and_tag(ret, name, params, trailer):
    if name not in LIBRARY_WIDE:
        module = next((m for m in sorted(MODULES, key=len, reverse=True) if name.startswith(f"clt_{m}_")), None)
        assert module, f"{name} is not clt_<module>_<verb>"
    assert sum(tag in trailer for tag in TAGS) == 1, f"{name} states no thread safety"


def is_out(param):
    # char **out_x, T **out, int64_t *out_x, const char **file (accessor outs) ...
    return bool(re.search(r"\*\*\s*\w+$", param) or re.search(r"\*\s*out\w*$", param))


@pytest.mark.parametrize("ret,name,params,trailer", DECLS, ids=[d[1] for d in DECLS])
def test_out_parameters_come_first(ret, name, params, trailer):
    seen_input = False
    for p in params:
        if is_out(p) and not p.startswith("const char *const"):
            assert not seen_input, f"{name}: out parameter '{p}' after an input"
        else:
            seen_input = True


@pytest.mark.parametrize("ret,name,params,trailer", DECLS, ids=[d[1] for d in DECLS])
def test_caller_buffers_carry_their_length(ret, name, params, trailer):
    for i, p in enumerate(params):
        # A non-const pointer to numbers the function fills: the next parameter is its length.
        if re.match(r"(u?int\d+_t|double|size_t) \*\s*out_\w+$", p) and "_len" not in " ".join(params[i + 1:i + 2]):
            single = re.search(r"out_(count|balance|rows|created|updated|unchanged|rejected|line)$", p)
            assert single, f"{name}: buffer '{p}' has no length after it"


def test_every_type_has_one_destroy():
    text = HEADER.read_text(encoding="utf-8")
    types = set(re.findall(r"typedef struct (clt_\w+) \1;", text))
    assert "clt_db" in types
    for t in types - {"clt_db"}:
        assert f"{t}_free" in NAMES, f"{t} has no {t}_free"
    assert "clt_db_close" in NAMES and "clt_db_free" not in NAMES
    destroys = {n for n in NAMES if n.endswith("_free") or n.endswith("_close")}
    assert destroys == {f"{t}_free" for t in types - {"clt_db"}} | {"clt_db_close", "clt_string_free"}


def test_every_options_struct_has_an_init_with_a_version():
    text = HEADER.read_text(encoding="utf-8")
    structs = set(re.findall(r"typedef struct (clt_\w+_options) \{", text))
    assert len(structs) >= 7
    for s in structs:
        init = [d for d in DECLS if d[1] == f"{s}_init"]
        assert init, f"{s} has no {s}_init"
        ret, _, params, _ = init[0]
        assert ret == "clt_status" and params == [f"{s} *opts", "unsigned int version"]
        upper = s.upper()
        assert f"#define {upper}_VERSION " in text and f"#define {upper}_INIT " in text
