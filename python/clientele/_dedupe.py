"""clientele.dedupe: the rows of one real customer in a table (see docs/dedupe.md)."""

from __future__ import annotations

from typing import Any

import os

from . import _core
from ._errors import missing_file


def _columns(data: Any) -> tuple[list[str], list[list[str]], Any]:
    """Column names, columns as lists of str ('' for missing), and the pandas index if any.
    Accepts a pandas or polars DataFrame, a pyarrow Table, or a dict of sequences."""
    index = None
    if isinstance(data, (str, bytes, os.PathLike)):
        # A CSV file of customer rows (UTF-8, a header row, every cell read as text).
        missing = missing_file(data)
        if missing is not None:
            raise missing
        import pandas as pd

        data = pd.read_csv(data, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if data.__class__.__name__ == "LazyFrame" and hasattr(data, "collect"):  # polars
        data = data.collect()
    if hasattr(data, "to_pandas") and not hasattr(data, "iloc"):  # polars, pyarrow
        data = data.to_pandas()
    if hasattr(data, "iloc"):  # pandas
        index = data.index
        names = [str(c) for c in data.columns]
        cols = [data[c].astype(object).where(data[c].notna(), "").astype(str).tolist() for c in data.columns]
        return names, cols, index
    names = [str(k) for k in data]
    cols = [["" if v is None or v != v else str(v) for v in data[k]] for k in data]
    return names, cols, index


def dedupe(data: Any, *, region: str = "CN", threshold: float = 0.9, review_threshold: float = 0.5,
           threads: int = 0, return_pairs: bool = False):
    """Cluster ids for the rows of `data` (rows of one real customer share an id).

    `data` is a DataFrame (pandas, polars, pyarrow), a dict of columns, or the path of a
    UTF-8 CSV file (a missing one is :class:`MissingFileError`, a FileNotFoundError). It has
    the customer column names (id, name, given_name, family_name, email, phone,
    street, city, postcode, country, birthday, company, ...). Returns a pandas Series
    named ``cluster_id`` on the frame's index for a pandas/polars/pyarrow input, else a
    numpy array. With ``return_pairs=True`` also a DataFrame of the scored pairs
    (a, b, probability: row positions) at or above ``review_threshold``.
    """
    names, cols, index = _columns(data)
    clusters, a, b, p = _core.dedupe_columns(names, cols, region, threshold, review_threshold, threads)
    result: Any = clusters
    if index is not None:
        import pandas as pd

        result = pd.Series(clusters, index=index, name="cluster_id")
    if not return_pairs:
        return result
    import pandas as pd

    return result, pd.DataFrame({"a": a, "b": b, "probability": p})


def explain_pair(data: Any, a: int, b: int, *, region: str = "CN") -> dict:
    """Why rows a and b (0-based positions) do or do not match: the prior, each field's
    agreement level and weight in bits, the total weight and the probability."""
    names, cols, _ = _columns(data)
    return _core.explain_columns(names, cols, a, b, region)
