"""Customer analytics over columns: RFM scores, segments, value tiers, lifecycle stages.

The rules are in docs/analytics.md; the computing is done by the C++ core with the GIL
released. This module only turns the caller's columns (a pandas DataFrame, a mapping of
numpy arrays, or any Arrow-compatible table such as pyarrow or polars, read through the
Arrow PyCapsule stream interface) into three int64 arrays — customer key, time, amount in
cents — without copying numeric columns that are already int64, and turns the result
columns back into a pandas DataFrame.
"""

from __future__ import annotations

import datetime as _dt
import decimal
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._errors import InvalidInputError

__all__ = [
    "rfm",
    "lifecycle",
    "stage_history",
    "stage_transitions",
    "new_vs_returning",
    "LIFECYCLE_STAGES",
]

LIFECYCLE_STAGES: tuple[str, ...] = tuple(_core.lifecycle_stages)
_VALUE_TIERS = list(_core.value_tiers)
_EPOCH = _dt.date(1970, 1, 1)
_UNITS_PER_SECOND: dict[str, int] = dict(_core.time_units)


def _invalid(field: str, reason: str, row: int = 0) -> InvalidInputError:
    where = f"row {row}: " if row else ""
    return InvalidInputError(f"{where}{field}: {reason}", field=field, row=row, reason=reason)


def _day_number(value: Any, field: str) -> int:
    """Days since 1970-01-01 of a date given as text (the core's date rule), date, datetime
    or numpy/pandas time."""
    if isinstance(value, str):
        return int(_core.parse_dates([value], field)[0])
    if isinstance(value, (np.datetime64, pd.Timestamp)):
        value = pd.Timestamp(value)
        if value.tzinfo is not None:
            value = value.tz_convert("UTC")
        value = value.date()
    elif isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc)
        value = value.date()
    if not isinstance(value, _dt.date):
        raise _invalid(field, f"expected a date, got {type(value).__name__}")
    return (value - _EPOCH).days


# ---- reading the caller's columns -------------------------------------------------------


def _arrow_table(data: Any) -> Any:
    import pyarrow as pa

    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    # pyarrow consumes the PyCapsule (__arrow_c_stream__) without copying the buffers.
    return pa.table(data)


def _columns_of(data: Any, names: Sequence[str]) -> list[Any]:
    """The named columns as numpy arrays, pandas Series or pyarrow Arrays."""
    if isinstance(data, pd.DataFrame):
        source: Any = data
    elif isinstance(data, np.ndarray) and data.dtype.names:
        source = {n: data[n] for n in data.dtype.names}
    elif isinstance(data, Mapping):
        source = data
    elif hasattr(data, "__arrow_c_stream__") or type(data).__module__.startswith("pyarrow"):
        table = _arrow_table(data)
        out = []
        for name in names:
            if name not in table.column_names:
                raise _invalid(name, f"no column '{name}' (columns: {', '.join(table.column_names)})")
            col = table.column(name)
            out.append(col.chunk(0) if col.num_chunks == 1 else col.combine_chunks())
        return out
    else:
        raise TypeError(
            "data must be a pandas DataFrame, a mapping of column arrays, a numpy structured "
            f"array, or an Arrow-compatible table; got {type(data).__name__}"
        )
    out = []
    for name in names:
        if name not in source:
            raise _invalid(name, f"no column '{name}'")
        out.append(source[name])
    return out


def _is_arrow(col: Any) -> bool:
    return type(col).__module__.startswith("pyarrow")


def _check_no_nulls(col: Any, field: str) -> None:
    if _is_arrow(col):
        if col.null_count:
            import pyarrow.compute as pc

            first = pc.index(pc.is_null(col), True).as_py()
            raise _invalid(field, "is empty", first + 1)
        return
    mask = pd.isna(col)
    if np.any(mask):
        raise _invalid(field, "is empty", int(np.flatnonzero(np.asarray(mask))[0]) + 1)


def _numpy(col: Any) -> np.ndarray:
    if _is_arrow(col):
        return col.to_numpy(zero_copy_only=False)
    if isinstance(col, pd.Series):
        return col.to_numpy()
    return np.asarray(col)


def _customer_keys(col: Any, field: str) -> tuple[np.ndarray, Any]:
    """int64 keys and, for non-integer ids, the sorted ids the keys index."""
    _check_no_nulls(col, field)
    values = _numpy(col)
    if values.dtype.kind in "iu":
        if values.dtype.kind == "u" and values.size and values.max() > np.iinfo(np.int64).max:
            raise _invalid(field, "ids above 2**63-1")
        return np.ascontiguousarray(values, dtype=np.int64), None
    codes, uniques = pd.factorize(values, sort=True)
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


def _text_cells(values: np.ndarray) -> list[str] | None:
    """The values as a list of str when every one is text (cells to read by the core's rules)."""
    if values.dtype.kind in "US":
        return values.astype(str).tolist()
    if values.dtype == object and all(isinstance(v, str) for v in values):
        return values.tolist()
    return None


def _timestamps(col: Any, field: str, time_unit: str | None, date_order: str | None) -> tuple[np.ndarray, int]:
    """int64 times and their units per second. Text is read by the core's cell rule
    (docs/import-export.md, "Cells"); numeric columns count ``time_unit`` (seconds when not
    given: a typed column is not a cell)."""
    _check_no_nulls(col, field)
    if _is_arrow(col):
        import pyarrow as pa

        if pa.types.is_date(col.type):
            col = col.cast(pa.timestamp("s"))
        if pa.types.is_timestamp(col.type):
            col = col.cast(pa.timestamp(col.type.unit))  # drop the zone: values are UTC already
            return col.to_numpy(zero_copy_only=False).view(np.int64), _UNITS_PER_SECOND[col.type.unit]
    if isinstance(col, pd.Series) and isinstance(col.dtype, pd.DatetimeTZDtype):
        col = col.dt.tz_convert("UTC").dt.tz_localize(None)
    values = _numpy(col)
    if values.dtype.kind == "M":
        unit = np.datetime_data(values.dtype)[0]
        if unit not in _UNITS_PER_SECOND:
            values, unit = values.astype("datetime64[s]"), "s"
        return np.ascontiguousarray(values).view(np.int64), _UNITS_PER_SECOND[unit]
    unit = time_unit or "s"
    if unit not in _UNITS_PER_SECOND:
        raise _invalid(field, f"'{time_unit}' is not a time unit (s, ms, us or ns)")
    per_second = _UNITS_PER_SECOND[unit]
    if values.dtype.kind in "iu":
        return np.ascontiguousarray(values, dtype=np.int64), per_second
    if values.dtype.kind == "f":
        return np.floor(values).astype(np.int64), per_second
    texts = _text_cells(values)
    if texts is not None:
        return _core.parse_timestamps(texts, field, "UTC", time_unit or "", date_order or ""), 1
    # datetime.date/datetime objects (typed, not text): pandas converts them (UTC when naive).
    try:
        parsed = pd.to_datetime(pd.Series(values), utc=True, format="mixed")
    except (ValueError, TypeError) as e:
        raise _invalid(field, f"not a time: {e}") from None
    return parsed.dt.tz_localize(None).to_numpy().astype("datetime64[ns]").view(np.int64), 1_000_000_000


def _cents_of_floats(values: np.ndarray, field: str) -> np.ndarray:
    # One pass in C++: nearest cent, refused with more than 2 decimals.
    return _core._cents_from_float(np.ascontiguousarray(values, dtype=np.float64), field)


def _cents(col: Any, field: str) -> np.ndarray:
    """Exact amounts in cents (int64): integers are whole units, floats and decimals may
    have up to 2 decimals."""
    _check_no_nulls(col, field)
    if _is_arrow(col):
        import pyarrow as pa

        if pa.types.is_decimal(col.type):
            if col.type.scale > 2:
                try:
                    col = col.cast(pa.decimal128(38, 2))  # safe cast: fails if cents are not exact
                except (pa.ArrowInvalid, ValueError):
                    raise _invalid(field, "has more than 2 decimals") from None
            col = col.cast(pa.decimal128(38, 2))
            # The unscaled value at scale 2 is the count of cents: the low half of each
            # little-endian 128-bit integer, when the high half is only its sign.
            words = np.frombuffer(col.buffers()[1], dtype=np.int64)[2 * col.offset : 2 * (col.offset + len(col))]
            low, high = words[0::2], words[1::2]
            if np.any(high != (low >> 63)):
                raise _invalid(field, "amount too large")
            return np.ascontiguousarray(low)
    values = _numpy(col)
    if values.dtype.kind in "iu":
        wide = values.astype(np.int64)
        if np.any(np.abs(wide) > (2**63 - 1) // 100):
            raise _invalid(field, "amount too large")
        return wide * 100
    if values.dtype.kind == "f":
        return _cents_of_floats(values, field)
    texts = _text_cells(values)
    if texts is not None:
        return _core.parse_amounts(texts, field)
    if values.dtype == object:
        out = np.empty(len(values), dtype=np.int64)
        for i, v in enumerate(values):
            if isinstance(v, decimal.Decimal):
                c = v.scaleb(2)
                if c != c.to_integral_value():
                    raise _invalid(field, f"{v} has more than 2 decimals", i + 1)
                out[i] = int(c)
            elif isinstance(v, (int, np.integer)):
                out[i] = int(v) * 100
            elif isinstance(v, (float, np.floating)):
                out[i] = _cents_of_floats(np.array([v]), field)[0]
            elif isinstance(v, str):
                try:
                    out[i] = _core.parse_amounts([v], field)[0]
                except InvalidInputError as e:
                    raise _invalid(field, e.reason, i + 1) from None
            else:
                raise _invalid(field, f"{v!r} is not an amount", i + 1)
        return out
    raise _invalid(field, f"unsupported amount type {values.dtype}")


class _Transactions:
    """The three int64 columns handed to the core, and how to name customers back."""

    def __init__(self, data: Any, customer: str, timestamp: str, amount: str,
                 time_unit: str | None = None, date_order: str | None = None) -> None:
        c, t, a = _columns_of(data, [customer, timestamp, amount])
        self.customer_name = customer
        self.keys, self.ids = _customer_keys(c, customer)
        self.times, self.units = _timestamps(t, timestamp, time_unit, date_order)
        self.cents = _cents(a, amount)
        if not (len(self.keys) == len(self.times) == len(self.cents)):
            raise _invalid(amount, "columns have different lengths")

    def known_keys(self, customers: Any) -> np.ndarray:
        """Keys of customers known without transactions (a column or a list of ids)."""
        if customers is None:
            return np.empty(0, dtype=np.int64)
        if isinstance(customers, pd.DataFrame):
            customers = customers[self.customer_name]
        values = _numpy(customers)
        if self.ids is None:
            if len(values) and values.dtype.kind not in "iu":
                raise _invalid(self.customer_name, "customers must be integer ids like the transactions'")
            return np.asarray(values, dtype=np.int64)
        # Text ids: extend the sorted id list with the ones only known from `customers`.
        extra = pd.Index(values).difference(self.ids)
        if len(extra):
            merged = self.ids.append(extra).sort_values()
            remap = merged.get_indexer(self.ids)
            self.keys = remap[self.keys].astype(np.int64)
            self.ids = merged
        return self.ids.get_indexer(values).astype(np.int64)

    def customer_column(self, keys: np.ndarray) -> Any:
        return keys if self.ids is None else np.asarray(self.ids)[keys]

    def args(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        return self.keys, self.times, self.cents, self.units


def _rfm_frame(cols: dict[str, Any], bins: int, customer_ids: Any) -> pd.DataFrame:
    r, f, m = cols["r"], cols["f"], cols["m"]
    n = len(r)
    # Categoricals: a 1M-row result gets its text columns without building 1M strings.
    rfm_categories = [f"{a}{b}{c}" for a in range(1, bins + 1) for b in range(1, bins + 1) for c in range(1, bins + 1)]
    rfm_codes = ((r.astype(np.int32) - 1) * bins + (f.astype(np.int32) - 1)) * bins + (m.astype(np.int32) - 1)
    segment_codes = cols["segment"].view(np.int8).astype(np.int16)  # 0xff (none) -> -1
    segment_codes[segment_codes < 0] = -1
    names = list(cols["segment_names"])
    return pd.DataFrame(
        {
            "customer_id": customer_ids,
            "recency_days": cols["recency_days"],
            "frequency": cols["frequency"],
            "monetary": cols["monetary"] / 100.0,
            "r": r,
            "f": f,
            "m": m,
            "rfm": pd.Categorical.from_codes(rfm_codes, rfm_categories) if n else pd.Categorical([]),
            "segment": pd.Categorical.from_codes(segment_codes, names) if names else pd.Categorical([None] * n),
            "value_tier": pd.Categorical.from_codes(cols["value_tier"].astype(np.int8), _VALUE_TIERS),
        },
        copy=False,
    )


def _since_column(days: np.ndarray) -> np.ndarray:
    out = days.astype("datetime64[D]")
    out[days == np.iinfo(np.int64).min] = np.datetime64("NaT")
    return out


def _lifecycle_frame(cols: dict[str, Any], customer_ids: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": customer_ids,
            "stage": pd.Categorical.from_codes(cols["stage"].astype(np.int8), LIFECYCLE_STAGES),
            "stage_since": _since_column(cols["stage_since"]),
        },
        copy=False,
    )


def _segments(segments: Any) -> list[tuple[str, int, int, int, int]] | None:
    if segments is None:
        return None
    out = []
    for rule in segments:
        if isinstance(rule, Mapping):
            out.append((rule["name"], rule["r"][0], rule["r"][1], rule["f"][0], rule["f"][1]))
        else:
            out.append(tuple(rule))
    return out


def rfm(
    data: Any,
    as_of: Any,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    amount: str = "amount",
    time_unit: str | None = None,
    date_order: str | None = None,
    bins: int = 5,
    high_tier: float = 0.8,
    medium_tier: float = 0.5,
    segments: Any = None,
    threads: int = 0,
) -> pd.DataFrame:
    """RFM scores of every customer with a purchase on or before ``as_of``.

    Columns: customer_id, recency_days, frequency, monetary (purchases plus refunds, in
    currency units), r, f, m, rfm ("545"), segment (when bins == 5), value_tier — one row
    per scored customer, in ascending customer id order. ``segments`` replaces the default
    grid: rules ``(name, r_min, r_max, f_min, f_max)``, the first match wins.

    Text times and amounts are read by the core's cell rules (docs/import-export.md,
    "Cells"), as the CLI reads a CSV: a bare number needs ``time_unit`` ("s", "ms", "us",
    "ns"), a year-last date needs ``date_order`` ("day-first", "month-first"). Numeric time
    columns count ``time_unit``, seconds when it is not given.
    """
    tx = _Transactions(data, customer, timestamp, amount, time_unit, date_order)
    cols = _core._rfm(
        *tx.args(),
        _day_number(as_of, "as_of"),
        bins,
        high_tier,
        medium_tier,
        _segments(segments),
        threads,
    )
    return _rfm_frame(cols, bins, tx.customer_column(cols["customer"]))


def _lifecycle_options(options: Mapping[str, int]) -> dict[str, int]:
    known = {"churned_days", "at_risk_days", "reactivated_gap_days", "loyal_purchases", "loyal_window_days"}
    unknown = set(options) - known
    if unknown:
        raise TypeError(f"unknown lifecycle option(s): {', '.join(sorted(unknown))}")
    return dict(options)


def lifecycle(
    data: Any,
    as_of: Any,
    *,
    customers: Any = None,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    amount: str = "amount",
    time_unit: str | None = None,
    date_order: str | None = None,
    threads: int = 0,
    **options: int,
) -> pd.DataFrame:
    """Each customer's lifecycle stage at ``as_of`` and the date it entered it.

    ``customers``: ids (or a DataFrame with the customer column) known without purchases;
    they, and customers with only refunds or only rows after as_of, are prospects.
    Options: churned_days, at_risk_days, reactivated_gap_days, loyal_purchases,
    loyal_window_days (defaults 365, 180, 365, 4, 365).
    """
    tx = _Transactions(data, customer, timestamp, amount, time_unit, date_order)
    known = tx.known_keys(customers)
    cols = _core._lifecycle(*tx.args(), known, _day_number(as_of, "as_of"), _lifecycle_options(options), threads)
    return _lifecycle_frame(cols, tx.customer_column(cols["customer"]))


def stage_history(
    data: Any,
    as_of: Any,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    amount: str = "amount",
    time_unit: str | None = None,
    date_order: str | None = None,
    threads: int = 0,
    **options: int,
) -> pd.DataFrame:
    """Every stage change up to ``as_of``: customer_id, date, stage (from purchase history)."""
    tx = _Transactions(data, customer, timestamp, amount, time_unit, date_order)
    cols = _core._stage_history(*tx.args(), _day_number(as_of, "as_of"), _lifecycle_options(options), threads)
    return _history_frame(cols, tx.customer_column(cols["customer"]))


def _history_frame(cols: dict[str, Any], customer_ids: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": customer_ids,
            "date": cols["day"].astype("datetime64[D]"),
            "stage": pd.Categorical.from_codes(cols["stage"].astype(np.int8), LIFECYCLE_STAGES),
        }
    )


def stage_transitions(
    data: Any,
    start: Any,
    end: Any,
    *,
    customers: Any = None,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    amount: str = "amount",
    time_unit: str | None = None,
    date_order: str | None = None,
    threads: int = 0,
    **options: int,
) -> pd.DataFrame:
    """Counts of customers by stage on ``start`` (rows) and on ``end`` (columns)."""
    tx = _Transactions(data, customer, timestamp, amount, time_unit, date_order)
    known = tx.known_keys(customers)
    matrix = _core._stage_transitions(
        *tx.args(), known, _day_number(start, "start"), _day_number(end, "end"), _lifecycle_options(options), threads
    )
    return _transitions_frame(matrix)


def _transitions_frame(matrix: list[list[int]]) -> pd.DataFrame:
    frame = pd.DataFrame(matrix, index=list(LIFECYCLE_STAGES), columns=list(LIFECYCLE_STAGES), dtype=np.int64)
    frame.index.name, frame.columns.name = "from", "to"
    return frame


def new_vs_returning(
    data: Any,
    start: Any,
    end: Any,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    amount: str = "amount",
    time_unit: str | None = None,
    date_order: str | None = None,
    threads: int = 0,
) -> pd.DataFrame:
    """Customers who purchased between ``start`` and ``end`` (inclusive dates): "new" when
    their first purchase ever is in the period, else "returning"."""
    tx = _Transactions(data, customer, timestamp, amount, time_unit, date_order)
    cols = _core._new_vs_returning(*tx.args(), _day_number(start, "start"), _day_number(end, "end"), threads)
    return _recurrence_frame(cols, tx.customer_column(cols["customer"]))


def _recurrence_frame(cols: dict[str, Any], customer_ids: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": customer_ids,
            "kind": pd.Categorical.from_codes(cols["returning"].astype(np.int8), ["new", "returning"]),
        }
    )
