"""The conformance table (cells.tsv) through every entry point but the C++ ones (those are
tests/cpp/cells/test_conformance.cpp): Python import_csv, import_dataframe and rfm on text
columns, the CLI's import, rfm and dedupe, Python dedupe, and the C ABI's import (ctypes).
Each must give the table's answer: the value, or a refusal."""

from __future__ import annotations

import csv
import ctypes
import datetime as dt
import io
import json
import os
import pathlib
import subprocess
from dataclasses import dataclass

import pandas as pd
import pytest

import clientele

HERE = pathlib.Path(__file__).parent
CLI = os.environ.get("CLIENTELE_CLI")
LIB = os.environ.get("CLIENTELE_LIB")
AS_OF = "2100-01-01"
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Case:
    kind: str
    cell: str
    rules: str
    answer: str

    @property
    def refused(self) -> bool:
        return self.answer == "refused"

    @property
    def time_unit(self) -> str | None:
        return self.rules[5:] if self.rules.startswith("unit=") else None

    @property
    def date_order(self) -> str | None:
        return self.rules[6:] if self.rules.startswith("order=") else None

    def __str__(self) -> str:
        return f"{self.kind} {self.cell!r} ({self.rules})"


def _cases() -> list[Case]:
    rows = []
    for line in (HERE / "cells.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(Case(*line.split("\t")))
    return rows


CASES = _cases()
CELLS = [c for c in CASES if c.kind != "header"]
HEADERS = [c for c in CASES if c.kind == "header"]
SAMPLE = {"display_name": "张伟", "given_name": "伟", "family_name": "张", "birthday": "1990-01-02",
          "postcode": "100000"}


def _sample(field: str) -> str:
    if field.startswith("phone"):
        return "13812345678"
    if field.startswith("email"):
        return "zhang.wei@example.com"
    return SAMPLE.get(field, "x")


# ---- the file each import reads, and the answer read back from the store ---------------


def _table(case: Case) -> tuple[str, list[str], list[str]]:
    """(record type, header, row) of the one-row file that carries the cell."""
    if case.kind == "header":
        header = case.cell.split(",")
        return "customers", header, [_sample(f) for f in case.answer.split(",")]
    if case.kind == "date":
        return "customers", ["external_id", "display_name", "birthday"], ["c1", "张伟", case.cell]
    time = case.cell if case.kind == "timestamp" else "2024-01-05"
    amount = case.cell if case.kind == "amount" else "1"
    return "interactions", ["customer_id", "occurred_at", "amount", "currency"], ["c1", time, amount, "CNY"]


def _csv(header: list[str], row: list[str]) -> str:
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(header)
    w.writerow(row)
    return out.getvalue()


def _store(path: pathlib.Path) -> pathlib.Path:
    with clientele.Database(path, create=True) as db:
        db.create_customer(external_id="c1", display_name="张伟")
    return path


def _stored(path: pathlib.Path, case: Case) -> str:
    with clientele.Database(path) as db:
        if case.kind == "header":
            return case.answer if db.count_customers() == 2 else f"{db.count_customers() - 1} customers"
        if case.kind == "date":
            return str(db.get_customer("c1")["birthday"])
        (i,) = list(db.list_interactions())
        if case.kind == "amount":
            return str(i["amount_minor"])
        at = dt.datetime.fromisoformat(str(i["occurred_at"]).replace("Z", "+00:00"))
        return str(int(at.timestamp()))


def _write(tmp_path: pathlib.Path, case: Case) -> tuple[str, pathlib.Path]:
    type_, header, row = _table(case)
    file = tmp_path / "cells.csv"
    file.write_text(_csv(header, row), encoding="utf-8")
    return type_, file


# ---- the import entry points -------------------------------------------------------------


def _python_import_csv(tmp_path: pathlib.Path, case: Case) -> str:
    db_path = _store(tmp_path / "py.db")
    type_, file = _write(tmp_path, case)
    with clientele.Database(db_path) as db:
        try:
            db.import_csv(file, type_, unknown_columns="error", time_unit=case.time_unit, date_order=case.date_order)
        except clientele.InvalidInputError:
            return "refused"
    return _stored(db_path, case)


def _python_import_dataframe(tmp_path: pathlib.Path, case: Case) -> str:
    db_path = _store(tmp_path / "df.db")
    type_, header, row = _table(case)
    frame = pd.DataFrame([row], columns=header, dtype=object)
    with clientele.Database(db_path) as db:
        try:
            db.import_dataframe(frame, type_, unknown_columns="error", time_unit=case.time_unit,
                                date_order=case.date_order)
        except clientele.InvalidInputError:
            return "refused"
    return _stored(db_path, case)


def _rules_args(case: Case) -> list[str]:
    args = []
    if case.time_unit:
        args += ["--time-unit", case.time_unit]
    if case.date_order:
        args += ["--date-order", case.date_order]
    return args


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *args], capture_output=True, text=True, encoding="utf-8", timeout=60)


def _cli_import(tmp_path: pathlib.Path, case: Case) -> str:
    db_path = _store(tmp_path / "cli.db")
    type_, file = _write(tmp_path, case)
    r = _cli("import", str(db_path), str(file), "--type", type_, "--unknown-columns", "error", *_rules_args(case))
    if r.returncode != 0:
        assert "cells.csv" in r.stderr + r.stdout, r  # the refusal names the file
        return "refused"
    return _stored(db_path, case)


class _ImportOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("options_json", ctypes.c_char_p), ("rejected_path", ctypes.c_char_p),
                ("progress", ctypes.c_void_p), ("progress_data", ctypes.c_void_p)]


class _OpenOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("user", ctypes.c_char_p), ("create", ctypes.c_int),
                ("read_only", ctypes.c_int)]


def _c_abi_import(tmp_path: pathlib.Path, case: Case) -> str:
    lib = ctypes.CDLL(LIB)
    lib.clt_db_open.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p, ctypes.POINTER(_OpenOptions)]
    lib.clt_db_close.argtypes = [ctypes.c_void_p]
    lib.clt_import_report_free.argtypes = [ctypes.c_void_p]
    db_path = _store(tmp_path / "c.db")
    type_, file = _write(tmp_path, case)
    options = {k: v for k, v in (("time_unit", case.time_unit), ("date_order", case.date_order)) if v}
    options["unknown_columns"] = "error"
    handle = ctypes.c_void_p()
    assert lib.clt_db_open(ctypes.byref(handle), str(db_path).encode(), ctypes.byref(_OpenOptions(1, None, 0, 0))) == 0
    try:
        run = lib.clt_customer_import if type_ == "customers" else lib.clt_interaction_import
        run.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_char_p,
                        ctypes.POINTER(_ImportOptions)]
        report = ctypes.c_void_p()
        status = run(ctypes.byref(report), handle, str(file).encode(),
                     ctypes.byref(_ImportOptions(1, json.dumps(options).encode())))
        lib.clt_import_report_free(report)
    finally:
        lib.clt_db_close(handle)
    return "refused" if status != 0 else _stored(db_path, case)


# ---- rfm: the answer seen through recency and monetary ------------------------------------


def _day(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - EPOCH).days


def _rfm_expected(case: Case) -> str:
    """What rfm shows of the table's answer: recency in days before AS_OF for a time,
    monetary in cents for an amount, recency from 1990-01-01 for a date used as as_of."""
    if case.refused:
        return "refused"
    if case.kind == "timestamp":
        return str(_day(AS_OF) - int(case.answer) // 86400)
    if case.kind == "date":
        return str(_day(case.answer) - _day("1990-01-01"))
    return case.answer


def _rfm_input(case: Case) -> tuple[dict[str, list[str]], str]:
    if case.kind == "date":
        return {"customer_id": ["c1"], "timestamp": ["1990-01-01"], "amount": ["1"]}, case.cell
    return ({"customer_id": ["c1"], "timestamp": [case.cell if case.kind == "timestamp" else "2024-01-05"],
             "amount": [case.cell if case.kind == "amount" else "1"]}, AS_OF)


def _rfm_answer(case: Case, recency: int, monetary: float) -> str:
    return str(round(monetary * 100)) if case.kind == "amount" else str(recency)


def _python_rfm(case: Case) -> str:
    columns, as_of = _rfm_input(case)
    try:
        r = clientele.rfm(pd.DataFrame(columns, dtype=object), as_of, time_unit=case.time_unit,
                          date_order=case.date_order)
    except clientele.InvalidInputError:
        return "refused"
    return _rfm_answer(case, int(r["recency_days"][0]), float(r["monetary"][0]))


def _cli_rfm(tmp_path: pathlib.Path, case: Case) -> str:
    columns, as_of = _rfm_input(case)
    file, out = tmp_path / "tx.csv", tmp_path / "rfm.csv"
    file.write_text(_csv(list(columns), [v[0] for v in columns.values()]), encoding="utf-8")
    r = _cli("rfm", str(file), "--as-of", as_of, "--out", str(out), *_rules_args(case))
    if r.returncode != 0:
        if case.kind != "date":  # a cell's refusal names the file, line and column
            assert "tx.csv" in r.stderr and ("timestamp" in r.stderr or "amount" in r.stderr), r
        return "refused"
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    return _rfm_answer(case, int(row["recency_days"]), float(row["monetary"]))


# ---- the tests -----------------------------------------------------------------------------

needs_cli = pytest.mark.skipif(not CLI, reason="CLIENTELE_CLI is not set (run through ctest)")
needs_lib = pytest.mark.skipif(not LIB, reason="CLIENTELE_LIB is not set (run through ctest)")


@pytest.mark.parametrize("case", CASES, ids=str)
def test_python_import_csv(tmp_path, case):
    assert _python_import_csv(tmp_path, case) == case.answer


@pytest.mark.parametrize("case", CASES, ids=str)
def test_python_import_dataframe(tmp_path, case):
    assert _python_import_dataframe(tmp_path, case) == case.answer


@needs_cli
@pytest.mark.parametrize("case", CASES, ids=str)
def test_cli_import(tmp_path, case):
    assert _cli_import(tmp_path, case) == case.answer


@needs_lib
@pytest.mark.parametrize("case", CASES, ids=str)
def test_c_abi_import(tmp_path, case):
    assert _c_abi_import(tmp_path, case) == case.answer


RFM_CASES = [c for c in CELLS if c.kind != "date" or c.rules == "-"]


@pytest.mark.parametrize("case", RFM_CASES, ids=str)
def test_python_rfm_on_text_columns(case):
    assert _python_rfm(case) == _rfm_expected(case)


@needs_cli
@pytest.mark.parametrize("case", RFM_CASES, ids=str)
def test_cli_rfm(tmp_path, case):
    assert _cli_rfm(tmp_path, case) == _rfm_expected(case)


@pytest.mark.parametrize("case", HEADERS, ids=str)
def test_python_dedupe_reads_the_headers(case):
    header = case.cell.split(",")
    row = [_sample(f) for f in case.answer.split(",")]
    clusters = clientele.dedupe(pd.DataFrame([row, row], columns=header))
    assert clusters[0] == clusters[1]  # read as the same person: the columns were recognised


@needs_cli
@pytest.mark.parametrize("case", HEADERS, ids=str)
def test_cli_dedupe_reads_the_headers(tmp_path, case):
    header = case.cell.split(",")
    row = [_sample(f) for f in case.answer.split(",")]
    file = tmp_path / "people.csv"
    file.write_text(_csv(header, row) + _csv(header, row).split("\n", 1)[1], encoding="utf-8")
    r = _cli("dedupe", str(file))
    assert r.returncode == 0, r.stderr
    ids = [line.split(",")[-1] for line in r.stdout.strip().splitlines()[1:]]
    assert len(ids) == 2 and ids[0] == ids[1], r.stdout


def test_every_header_answer_is_the_core_s():
    for case in HEADERS:
        got = ",".join(clientele._core.canonical_column(h, "customers") for h in case.cell.split(","))
        assert got == case.answer, case
