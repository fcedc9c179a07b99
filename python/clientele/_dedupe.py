"""clientele.dedupe: the rows of one real customer in a table (see docs/dedupe.md)."""

from __future__ import annotations

import os
from typing import Any, Mapping

from . import _core
from ._errors import InvalidInputError, missing_file


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
    """Cluster ids for the rows of a table: rows of one real customer share an id.

    Parameters
    ----------
    data : pandas/polars DataFrame, pyarrow Table, dict of columns, or path of a CSV file
        Customer rows with the customer column names (id, name, given_name, family_name,
        email, phone, street, city, postcode, country, birthday, company, ...); every cell
        is read as text. A CSV path is read as UTF-8 with a header row; a missing one is
        :class:`MissingFileError` (a FileNotFoundError).
    region : str
        ISO 3166 region for phone numbers without a country code ("CN").
    threshold : float, probability 0..1
        Rows whose match probability reaches it are joined (0.9).
    review_threshold : float, probability 0..1
        Pairs from it up to ``threshold`` are returned for review with ``return_pairs`` (0.5).
    threads : int
        Worker threads (0 = all cores).
    return_pairs : bool
        Also return the scored pairs.

    Returns
    -------
    pandas.Series or numpy.ndarray
        ``cluster_id`` (int64) on the frame's index for a DataFrame or Table, else an array.
        With ``return_pairs=True`` a tuple with a DataFrame of pairs (a, b: row positions;
        probability) at or above ``review_threshold``.

    Examples
    --------
    >>> import pandas as pd, clientele
    >>> people = pd.DataFrame({"name": ["Zhang Wei", "Zhang Wei", "Li Na"],
    ...                        "email": ["zw@example.com", "ZW@example.com", "ln@example.com"]})
    >>> ids = clientele.dedupe(people)
    >>> bool(ids[0] == ids[1] != ids[2])
    True
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


_ID_COLUMNS = ("id", "customer_id", "external_id")


def _row_position(names: list[str], cols: list[list[str]], index: Any, key: Any, which: str) -> int:
    """The 0-based position of the row ``key`` names: a position (int), else an id in the
    id column (id, customer_id or external_id), else a label of the pandas index."""
    import operator

    if not isinstance(key, (str, bytes, bool)):
        try:
            return operator.index(key)
        except TypeError:
            pass
    text = key.decode() if isinstance(key, bytes) else str(key)
    for column in _ID_COLUMNS:
        if column in names:
            values = cols[names.index(column)]
            if text in values:
                return values.index(text)
    if index is not None and key in index:
        found = index.get_loc(key)
        if isinstance(found, int):
            return found
    where = next((f"in column '{c}'" for c in _ID_COLUMNS if c in names), "(no id, customer_id or external_id column)")
    reason = f"no row {text!r} {where}; give a row position, an id or a record (dict)"
    raise InvalidInputError(f"field '{which}': {reason}", field=which, reason=reason)


def explain_pair(data: Any, a: Any, b: Any, *, region: str = "CN") -> dict:
    """Why two rows do or do not match: the prior, each field's agreement level and weight
    in bits, the total weight and the probability.

    ``a`` and ``b`` are each a row position (0-based int), an id found in the ``id``,
    ``customer_id`` or ``external_id`` column (or the pandas index), or a record (a dict or
    a pandas row with the customer column names), which is compared as an extra row of
    ``data`` (``data`` may be None when both are records). In the result ``a`` and ``b``
    are row positions (a record's: after the rows of ``data``).

    >>> clientele.explain_pair(df, "C1", "C2")["probability"]  # doctest: +SKIP
    """
    if data is None:
        names: list[str] = []
        cols: list[list[str]] = []
        index = None
    else:
        names, cols, index = _columns(data)
    rows = len(cols[0]) if cols else 0
    extra: list[dict[str, str]] = []
    positions = []
    for which, key in (("a", a), ("b", b)):
        if isinstance(key, Mapping) or (hasattr(key, "to_dict") and hasattr(key, "index")):
            record = {str(k): "" if v is None or v != v else str(v) for k, v in dict(key).items()}
            extra.append(record)
            positions.append(rows + len(extra) - 1)
        elif data is None:
            raise TypeError(f"{which} must be a record (dict) when data is None, not {type(key).__name__}")
        else:
            positions.append(_row_position(names, cols, index, key, which))
    if extra:
        for record in extra:
            for name in record:
                if name not in names:
                    names.append(name)
                    cols.append([""] * rows)
        for record in extra:
            for name, col in zip(names, cols):
                col.append(record.get(name, ""))
    return _core.explain_columns(names, cols, positions[0], positions[1], region)
