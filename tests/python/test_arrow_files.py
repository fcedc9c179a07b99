"""Parquet and Arrow IPC files (docs/scale.md): analytics read a path or a pyarrow Dataset,
results are written by clientele.write_table, a store exports to and imports from Parquet,
and `python -m clientele rfm FILE.parquet` writes what `clientele rfm FILE.csv` writes."""
from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
ds = pytest.importorskip("pyarrow.dataset")

import clientele  # noqa: E402

AS_OF = "2024-04-10"
# Text cells, read by the core's cell rules whether they come from CSV or Parquet.
SALES = pd.DataFrame({
    "customer_id": ["c1", "c1", "c2", "c2", "c3", "c3", "c4", "c5", "c,6"],
    "timestamp": ["2024-04-09T23:00:00Z", "2024-03-11", "2024-04-10T23:59:59Z", "2024-04-10T00:00:10Z",
                  "2024-03-11", "2024-04-11", "2024-03-31", "2024-03-21T08:00:00+08:00", "2024-01-02"],
    "amount": ["100.00", "50", "10.00", "-5.00", "20.00", "1000.00", "-7.00", "0.00", "12.5"],
})


def _ipc(table, path, stream: bool) -> None:
    with pa.OSFile(str(path), "wb") as sink:
        writer = pa.ipc.new_stream(sink, table.schema) if stream else pa.ipc.new_file(sink, table.schema)
        with writer:
            writer.write_table(table)


@pytest.fixture
def files(tmp_path):
    table = pa.Table.from_pandas(SALES, preserve_index=False)
    # A column no analytics reads, of a type they could not read: only the used columns are.
    table = table.append_column("tags", pa.array([[1, 2]] * len(SALES), pa.list_(pa.int64())))
    paths = {"parquet": tmp_path / "sales.parquet", "arrow": tmp_path / "sales.arrow",
             "stream": tmp_path / "sales.feather"}
    pq.write_table(table, paths["parquet"])
    _ipc(table, paths["arrow"], stream=False)
    _ipc(table, paths["stream"], stream=True)
    return paths


def test_analytics_read_parquet_and_arrow_paths(files):
    expected_rfm = clientele.rfm(SALES, AS_OF)
    for path in files.values():
        for p in (path, str(path)):
            pd.testing.assert_frame_equal(clientele.rfm(p, AS_OF), expected_rfm, check_exact=True)
        pd.testing.assert_frame_equal(clientele.lifecycle(path, AS_OF, customers=["c9"]),
                                      clientele.lifecycle(SALES, AS_OF, customers=["c9"]))
        pd.testing.assert_frame_equal(clientele.cohorts(path, AS_OF), clientele.cohorts(SALES, AS_OF))
    assert expected_rfm["customer_id"].tolist() == ["c,6", "c1", "c2", "c3", "c5"]


def test_a_dataset_gives_a_pyarrow_table(files):
    got = clientele.rfm(ds.dataset(str(files["parquet"])), AS_OF)
    assert isinstance(got, pa.Table)
    pd.testing.assert_frame_equal(got.to_pandas(), clientele.rfm(SALES, AS_OF, output="pyarrow").to_pandas())


def test_missing_file_and_unknown_suffix(tmp_path):
    with pytest.raises(clientele.MissingFileError):
        clientele.rfm(tmp_path / "none.parquet", AS_OF)
    with pytest.raises(TypeError):
        clientele.rfm(str(tmp_path / "sales.txt"), AS_OF)  # not a table file: not read as one
    with pytest.raises(clientele.InvalidInputError, match="format"):
        clientele.write_table(SALES, tmp_path / "out.txt")


@pytest.mark.parametrize("suffix", [".parquet", ".arrow"])
def test_write_table_keeps_types(tmp_path, suffix):
    rfm = clientele.rfm(SALES, AS_OF)
    path = tmp_path / f"rfm{suffix}"
    assert clientele.write_table(rfm, path) == len(rfm)
    back = (pq.read_table(path) if suffix == ".parquet" else pa.ipc.open_file(str(path)).read_all()).to_pandas()
    pd.testing.assert_frame_equal(back, rfm)
    assert back["segment"].cat.ordered and not (tmp_path / f"rfm{suffix}.partial").exists()
    stages = clientele.lifecycle(SALES, AS_OF)
    clientele.write_table(stages, path)
    assert str(pq.read_schema(path).field("stage_since").type if suffix == ".parquet"
               else pa.ipc.open_file(str(path)).schema.field("stage_since").type) == "timestamp[ns, tz=UTC]"
    matrix = clientele.stage_transitions(SALES, "2024-03-01", AS_OF)
    clientele.write_table(matrix, tmp_path / "m.parquet")
    back = pq.read_table(tmp_path / "m.parquet").to_pandas().set_index("from")
    assert back.index.tolist() == matrix.index.tolist() and back.columns.tolist() == matrix.columns.tolist()
    assert (back.to_numpy() == matrix.to_numpy()).all() and back.loc["prospect", "repeat"] == 1  # c1


def test_store_exports_to_and_imports_from_parquet(db, tmp_path):
    db.create_customer(given_name="伟", family_name="张", emails=[{"address": "zhang.wei@example.com"}],
                       phones=[{"number": "+86 138 0013 8000"}])
    db.create_customer(given_name="=cmd", family_name="O'Brien, Jr.", emails=[{"address": "ob@example.com"}])
    for fmt, name in (("parquet", "customers.parquet"), ("arrow", "customers.arrow")):
        path = tmp_path / name
        assert db.export(path, format=fmt) == 2
        table = pq.read_table(path) if fmt == "parquet" else pa.ipc.open_file(str(path)).read_all()
        assert table.num_rows == 2 and str(table.schema.field("given_name").type) in ("string", "large_string")
        assert "=cmd" in table.column("given_name").to_pylist()  # no formula guard: no spreadsheet reads it
        with clientele.Database(tmp_path / f"copy-{fmt}.db", create=True) as copy:
            report = copy.import_table(path)
            assert report["created"] == 2
            assert copy.export(None, formula_guard=False) == db.export(None, formula_guard=False)
    assert db.export(tmp_path / "auto.parquet") == 2  # the suffix chooses the format
    assert pq.read_table(tmp_path / "auto.parquet").num_rows == 2
    with pytest.raises(TypeError):
        db.export(None, format="parquet")


def _python_m(*args: object) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    return subprocess.run([sys.executable, "-m", "clientele", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=60)


def test_python_m_clientele_rfm_parquet_writes_what_the_cli_writes(files, tmp_path):
    csv = tmp_path / "sales.csv"
    SALES.to_csv(csv, index=False)
    from_parquet = _python_m("rfm", files["parquet"], "--as-of", AS_OF)
    assert from_parquet.returncode == 0, from_parquet.stderr
    lines = from_parquet.stdout.splitlines()
    assert lines[0] == "customer_id,recency_days,frequency,monetary,r,f,m,rfm,segment,value_tier"
    assert lines[1].startswith('"c,6",99,1,12.50,') and lines[2].startswith("c1,1,2,150.00,")
    assert _python_m("rfm", csv, "--as-of", AS_OF).stdout == from_parquet.stdout
    cli = os.environ.get("CLIENTELE_CLI")
    if cli:
        for command in ("rfm", "lifecycle"):
            native = subprocess.run([cli, command, str(csv), "--as-of", AS_OF], capture_output=True, text=True)
            assert native.returncode == 0, native.stderr
            assert _python_m(command, files["arrow"], "--as-of", AS_OF).stdout == native.stdout
    out = tmp_path / "rfm.parquet"
    assert _python_m("rfm", files["parquet"], "--as-of", AS_OF, "--out", out).returncode == 0
    pd.testing.assert_frame_equal(pq.read_table(out).to_pandas(), clientele.rfm(SALES, AS_OF))
    bad = _python_m("rfm", files["parquet"], "--as-of", "2024-02-30")
    assert bad.returncode == 3 and "as_of" in bad.stderr
