"""docs/notebook.md runs top to bottom: its ```python blocks are executed in order, in one
namespace (as a notebook's cells), in a fresh temporary folder, on the committed sample."""
from __future__ import annotations

import pathlib
import re

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("polars")
pytest.importorskip("pyarrow")

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "notebook.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def test_the_notebook_runs_top_to_bottom(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib

    matplotlib.use("Agg")
    blocks = BLOCK.findall(NOTEBOOK.read_text(encoding="utf-8"))
    assert len(blocks) >= 8, "the notebook's code blocks were not found"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLIENTELE_SAMPLE", str(ROOT / "examples" / "data"))
    namespace: dict[str, object] = {"__name__": "__notebook__"}
    for i, code in enumerate(blocks, 1):
        try:
            exec(compile(code, f"{NOTEBOOK.name}, block {i}", "exec"), namespace)
        except Exception as e:  # say which block: the traceback's line numbers are the block's
            raise AssertionError(f"docs/notebook.md block {i} failed: {e!r}\n{code}") from e

    # What the walkthrough promises it made.
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert pngs == ["cohorts.png", "cohorts_polars.png", "funnel.png", "new_vs_returning.png", "rfm.png",
                    "segments_polars.png"]
    assert all((tmp_path / p).stat().st_size > 10_000 for p in pngs)
    rfm = namespace["rfm"]
    assert len(rfm) > 100 and set(rfm["segment"].astype(str)) >= {"champions", "hibernating"}
    assert type(namespace["rfm_pl"]).__module__.startswith("polars")


def test_polars_text_ids_with_a_currency_chosen() -> None:
    # Found by the notebook: polars gives text as string_view, and choosing the currency's
    # rows filtered it with a pyarrow kernel that does not exist for that type.
    import pandas as pd
    import polars as pl

    import clientele

    sales = pl.DataFrame({"customer_id": ["C1", "C1", "C2", "C3"],
                          "timestamp": ["2024-01-05", "2024-02-01", "2024-02-03", "2024-02-04"],
                          "amount": [10.0, 20.0, 5.0, 7.0], "currency": ["CNY", "CNY", "USD", "CNY"]})
    got = clientele.rfm(sales.lazy(), "2024-03-01", currency="CNY")
    want = clientele.rfm(sales.to_pandas(), "2024-03-01", currency="CNY")
    assert got["customer_id"].to_list() == ["C1", "C3"]
    assert got["monetary"].to_list() == want["monetary"].tolist() == [30.0, 7.0]
    assert isinstance(want, pd.DataFrame)
