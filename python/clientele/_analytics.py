"""Customer analytics over columns: RFM scores, segments, value tiers, lifecycle stages.

The rules are in docs/analytics.md; the computing is done by the C++ core with the GIL
released. This module only turns the caller's columns (a pandas DataFrame, a mapping of
numpy arrays, or any Arrow-compatible table such as pyarrow or polars, read through the
Arrow PyCapsule stream interface) into three int64 arrays — customer key, time, amount in
minor units — without copying numeric columns that are already int64, and turns the result
columns back into a DataFrame (pandas, polars or pyarrow, as the input).
"""

from __future__ import annotations

import datetime as _dt
import decimal
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import _arrow_io, _core
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


def _first_other_type(values: np.ndarray) -> int:
    """0-based position of the first value whose type differs from the first value's."""
    first = type(values[0])
    for i, v in enumerate(values):
        if not isinstance(v, first) and not (isinstance(v, (int, np.integer)) and issubclass(first, (int, np.integer))):
            return i
    return 0


def _customer_keys(col: Any, field: str) -> tuple[np.ndarray, Any, Any]:
    """int64 keys, for non-integer ids the sorted ids (a pandas Index of the caller's dtype)
    the keys index, and the caller's dtype for integer ids (to give the ids back in it).

    Ids of mixed types ([1, "1", 2, "C3"]) are refused: 1 and "1" would be two customers."""
    _check_no_nulls(col, field)
    if _is_arrow(col):
        import pyarrow as pa

        if pa.types.is_dictionary(col.type):  # polars Categorical, Arrow dictionary
            dictionary = col.dictionary
            if pa.types.is_string_view(dictionary.type):  # polars: no take kernel for views
                dictionary = dictionary.cast(pa.large_string())
            col = pa.DictionaryArray.from_arrays(col.indices, dictionary).dictionary_decode()
        col = pd.Series(col.to_pandas(), copy=False)
    if isinstance(col, pd.Series) and isinstance(col.dtype, pd.CategoricalDtype):
        col = col.astype(col.dtype.categories.dtype)
    values = _numpy(col)
    if values.dtype.kind in "iu":
        if values.dtype.kind == "u" and values.size and values.max() > np.iinfo(np.int64).max:
            raise _invalid(field, "ids above 2**63-1")
        return np.ascontiguousarray(values, dtype=np.int64), None, values.dtype
    if values.dtype == object and len(values):
        kind = pd.api.types.infer_dtype(values, skipna=False)
        if kind.startswith("mixed") or kind == "unknown-array":
            at = _first_other_type(values)
            raise _invalid(field, f"ids of mixed types: {values[at]!r} ({type(values[at]).__name__}) where row 1 is "
                           f"{values[0]!r} ({type(values[0]).__name__}); make them all text or all integers", at + 1)
    codes, uniques = pd.factorize(col if isinstance(col, pd.Series) else values, sort=True)
    return codes.astype(np.int64, copy=False), pd.Index(uniques), None


def _text_cells(values: np.ndarray) -> list[str] | None:
    """The values as a list of str when every one is text (cells to read by the core's rules)."""
    if values.dtype.kind in "US":
        return values.astype(str).tolist()
    if values.dtype == object and all(isinstance(v, str) for v in values):
        return values.tolist()
    return None


def _timestamps(col: Any, field: str, time_unit: str | None, date_order: str | None,
                date_format: str | None = None) -> tuple[np.ndarray, int]:
    """int64 times and their units per second. Datetimes: tz-aware converted to UTC, naive
    taken as UTC. Text is read by the core's cell rule (docs/import-export.md, "Cells");
    numeric columns count ``time_unit`` and are refused without it (the core's
    check_time_numbers), or are read by ``date_format``."""
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
    if date_format and values.dtype.kind in "iu":  # 20240105 with "%Y%m%d": read as text by the format
        return _core.parse_timestamps(values.astype(str).tolist(), field, "UTC", "", "", date_format), 1
    if values.dtype.kind in "iuf":
        # A number is a time only with the unit it counts: the core's rule for a bare-number
        # cell (20240105 or epoch milliseconds taken as seconds land in 1970 or the far future).
        numbers = np.floor(values).astype(np.int64) if values.dtype.kind == "f" else np.ascontiguousarray(values, dtype=np.int64)
        _core.check_time_numbers(numbers, time_unit or "", field)
        return numbers, _UNITS_PER_SECOND[_core_unit(time_unit)]
    texts = _text_cells(values)
    if texts is not None:
        return _core.parse_timestamps(texts, field, "UTC", time_unit or "", date_order or "", date_format or ""), 1
    # datetime.date/datetime objects (typed, not text): pandas converts them (UTC when naive).
    # Text among them would be guessed per cell by pandas: refused instead.
    for i, v in enumerate(values):
        if not isinstance(v, (_dt.date, np.datetime64, pd.Timestamp)):
            raise _invalid(field, f"{v!r} ({type(v).__name__}) among datetimes: give one kind of time per column", i + 1)
    try:
        parsed = pd.to_datetime(pd.Series(values), utc=True, format="mixed")
    except (ValueError, TypeError) as e:
        raise _invalid(field, f"not a time: {e}") from None
    return parsed.dt.tz_localize(None).to_numpy().astype("datetime64[ns]").view(np.int64), 1_000_000_000


def _core_unit(time_unit: str | None) -> str:
    """The short name of a time unit the core took ("seconds" -> "s")."""
    names = {"seconds": "s", "milliseconds": "ms", "microseconds": "us", "nanoseconds": "ns"}
    return names.get(time_unit or "", time_unit or "")


def _minor_of_floats(values: np.ndarray, currency: str, field: str) -> np.ndarray:
    """The core's one rule for float amounts (clientele::amounts_from_floats): the nearest
    minor unit within float representation error, real extra decimals refused."""
    if values.dtype == np.float32:  # its own representation error: read its shortest text
        return _core.parse_amounts(values.astype(str).tolist(), field, currency)
    return _core.amounts_from_floats(np.ascontiguousarray(values, dtype=np.float64), currency, field)


def _cents(col: Any, field: str, currency: str = "") -> np.ndarray:
    """Exact amounts in minor units of ``currency`` (int64; 2 decimals when no currency):
    integers are whole units, floats, decimals and text may have up to the currency's
    decimals."""
    decimals = _core.currency_decimals(currency)
    scale = 10**decimals
    _check_no_nulls(col, field)
    if _is_arrow(col):
        import pyarrow as pa

        if pa.types.is_decimal(col.type):
            if col.type.scale > decimals:
                try:
                    col = col.cast(pa.decimal128(38, decimals))  # safe cast: fails if not exact
                except (pa.ArrowInvalid, ValueError):
                    raise _invalid(field, f"has more than {decimals} decimals") from None
            col = col.cast(pa.decimal128(38, decimals))
            # The unscaled value at the currency's scale is the count of minor units: the low half of each
            # little-endian 128-bit integer, when the high half is only its sign.
            words = np.frombuffer(col.buffers()[1], dtype=np.int64)[2 * col.offset : 2 * (col.offset + len(col))]
            low, high = words[0::2], words[1::2]
            if np.any(high != (low >> 63)):
                raise _invalid(field, "amount too large")
            return np.ascontiguousarray(low)
    values = _numpy(col)
    if values.dtype.kind in "iu":
        wide = values.astype(np.int64)
        if np.any(np.abs(wide) > (2**63 - 1) // scale):
            raise _invalid(field, "amount too large")
        return wide * scale
    if values.dtype.kind == "f":
        return _minor_of_floats(values, currency, field)
    texts = _text_cells(values)
    if texts is not None:
        return _core.parse_amounts(texts, field, currency)
    if values.dtype == object:
        out = np.empty(len(values), dtype=np.int64)
        for i, v in enumerate(values):
            if isinstance(v, decimal.Decimal):
                c = v.scaleb(decimals)
                if c != c.to_integral_value():
                    raise _invalid(field, f"{v} has more than {decimals} decimals", i + 1)
                out[i] = int(c)
            elif isinstance(v, (int, np.integer)):
                out[i] = int(v) * scale
            elif isinstance(v, (float, np.floating)):
                try:
                    out[i] = _minor_of_floats(np.array([v], dtype=np.float64), currency, field)[0]
                except InvalidInputError as e:
                    raise _invalid(field, e.reason, i + 1) from None
            elif isinstance(v, str):
                try:
                    out[i] = _core.parse_amounts([v], field, currency)[0]
                except InvalidInputError as e:
                    raise _invalid(field, e.reason, i + 1) from None
            else:
                raise _invalid(field, f"{v!r} is not an amount", i + 1)
        return out
    raise _invalid(field, f"unsupported amount type {values.dtype}")


def _has_column(data: Any, name: str) -> bool:
    if isinstance(data, pd.DataFrame) or isinstance(data, Mapping):
        return name in data
    if isinstance(data, np.ndarray) and data.dtype.names:
        return name in data.dtype.names
    if hasattr(data, "__arrow_c_stream__") or type(data).__module__.startswith("pyarrow"):
        return name in _arrow_table(data).column_names
    return False


def _take(col: Any, mask: np.ndarray) -> Any:
    if _is_arrow(col):
        import pyarrow as pa

        if pa.types.is_string_view(col.type) or pa.types.is_binary_view(col.type):
            # polars hands text over as string_view, which pyarrow's filter has no kernel for.
            col = col.cast(pa.large_binary() if pa.types.is_binary_view(col.type) else pa.large_string())
        return col.filter(pa.array(mask))
    if isinstance(col, pd.Series):
        return col[mask]
    return np.asarray(col)[mask]


def _currency_rows(data: Any, currency: str | None, currency_column: str | None) -> tuple[str, np.ndarray | None]:
    """The currency the amounts are counted in and, when the data has a currency column,
    which rows are in it. Amounts in different currencies are never added up: a column with
    several currencies and no ``currency`` chosen is refused naming the first row that
    differs from row 1."""
    column = currency_column or "currency"
    if not _has_column(data, column):
        if currency_column is not None:
            raise _invalid(column, f"no column '{column}' (the currency_column)")
        return (currency or "").upper(), None
    (col,) = _columns_of(data, [column])
    _check_no_nulls(col, column)
    codes = np.asarray(_numpy(col), dtype=object).astype(str)
    codes = np.char.upper(codes)
    if currency:
        chosen = currency.upper()
        return chosen, codes == chosen
    if len(codes) == 0:
        return "", None
    other = np.flatnonzero(codes != codes[0])
    if len(other):
        found = ", ".join(sorted(set(codes.tolist())))
        raise _invalid(column, f"'{codes[other[0]]}' where row 1 is '{codes[0]}': the amounts are in several "
                       f"currencies ({found}); choose the one to count with currency='{codes[0]}' "
                       "(amounts in different currencies are not added up)", int(other[0]) + 1)
    return str(codes[0]), None


class _Transactions:
    """The three int64 columns handed to the core, and how to name customers back."""

    def __init__(self, data: Any, customer: str, timestamp: str, amount: str,
                 time_unit: str | None = None, date_order: str | None = None,
                 currency: str | None = None, currency_column: str | None = None,
                 date_format: str | None = None) -> None:
        if type(data).__name__ == "LazyFrame" and hasattr(data, "collect"):  # polars
            data = data.collect()
        if _arrow_io.is_table_source(data):  # a Parquet/Arrow file or Dataset: read only these columns
            data = _arrow_io.read_table(data, [customer, timestamp, amount, currency_column or "currency"])
        c, t, a = _columns_of(data, [customer, timestamp, amount])
        self.currency, rows = _currency_rows(data, currency, currency_column)
        if rows is not None:
            c, t, a = _take(c, rows), _take(t, rows), _take(a, rows)
        self.customer_name = customer
        self.keys, self.ids, self.id_dtype = _customer_keys(c, customer)
        self.times, self.units = _timestamps(t, timestamp, time_unit, date_order, date_format)
        self.cents = _cents(a, amount, self.currency)
        self.scale = 10 ** _core.currency_decimals(self.currency)
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
        """The ids of `keys` in the caller's dtype (int32 stays int32, string[pyarrow] stays)."""
        if self.ids is None:
            return keys.astype(self.id_dtype, copy=False) if self.id_dtype is not None else keys
        return self.ids.take(keys)

    def args(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        return self.keys, self.times, self.cents, self.units


def _ordered(codes: np.ndarray, categories: Sequence[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=list(categories), ordered=True)


def _store_scale(core: Any, currency: str | None) -> int:
    """10 ** decimals of the currency a store's analytics counted in: its amounts are in that
    currency's minor units (JPY has none, KWD three), which only the currency tells."""
    return 10 ** _core.currency_decimals(core.analytics_currency(currency or ""))


def _rfm_frame(cols: dict[str, Any], bins: int, customer_ids: Any, scale: int = 100) -> pd.DataFrame:
    """The result columns (docs/python.md, "Result types"): scores as int8 (so r - f does
    not wrap), ``rfm`` an ordered categorical of the codes that occur ("111" < ... < "555"),
    ``segment`` ordered in the rules' order (best first), ``value_tier`` low < medium < high."""
    r, f, m = (cols[k].astype(np.int8) for k in ("r", "f", "m"))
    n = len(r)
    # The codes that occur, ordered by (r, f, m): "111" < ... < "555" (the text is r, f and
    # m written one after the other, as the CLI writes it).
    base = bins + 1
    key = (r.astype(np.int32) * base + f) * base + m
    present, rfm_codes = np.unique(key, return_inverse=True)
    labels = [f"{k // (base * base)}{k // base % base}{k % base}" for k in present.tolist()]
    rfm_column = _ordered(rfm_codes.reshape(-1).astype(np.int32), labels)
    segment_codes = cols["segment"].view(np.int8).astype(np.int16)  # 0xff (none) -> -1
    segment_codes[segment_codes < 0] = -1
    names = list(cols["segment_names"])
    return pd.DataFrame(
        {
            "customer_id": customer_ids,
            "recency_days": cols["recency_days"],
            "frequency": cols["frequency"],
            "monetary": cols["monetary"] / float(scale),
            "r": r,
            "f": f,
            "m": m,
            "rfm": rfm_column,
            "segment": _ordered(segment_codes, names) if names else pd.Categorical([None] * n, categories=[], ordered=True),
            "value_tier": _ordered(cols["value_tier"].astype(np.int8), _VALUE_TIERS),
        },
        copy=False,
    )


def _utc_days(days: np.ndarray) -> pd.DatetimeIndex:
    """Days since 1970-01-01 as midnight UTC, datetime64[ns, UTC] (the one datetime type of
    every result); the core's "none" (int64 min) becomes NaT."""
    out = np.asarray(days, dtype=np.int64).astype("datetime64[D]")  # int64 min is NaT
    return pd.DatetimeIndex(out).as_unit("ns").tz_localize("UTC")


def _since_column(days: np.ndarray) -> pd.DatetimeIndex:
    return _utc_days(days)


def _lifecycle_frame(cols: dict[str, Any], customer_ids: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": customer_ids,
            "stage": _ordered(cols["stage"].astype(np.int8), LIFECYCLE_STAGES),
            "stage_since": _since_column(cols["stage_since"]),
        },
        copy=False,
    )


_OUTPUTS = ("pandas", "polars", "pyarrow")


def _output_kind(data: Any, output: str | None) -> str:
    """What the result is: ``output`` when given, else the kind of the input (polars in,
    polars out; pyarrow in, pyarrow out; pandas for everything else)."""
    if output is not None:
        if output not in _OUTPUTS:
            raise _invalid("output", f"'{output}' is not one of {', '.join(_OUTPUTS)}")
        return output
    module = type(data).__module__
    if module.startswith("polars"):
        return "polars"
    if module.startswith("pyarrow"):
        return "pyarrow"
    return "pandas"


def _enum_series(pl: Any, name: str, col: pd.Series) -> Any:
    """A pandas categorical as a polars Enum of the same categories, by its codes: through
    Python objects, the 500,000 segment names of an RFM result cost more than the RFM."""
    categories = [str(c) for c in col.cat.categories]
    codes = col.cat.codes.to_numpy()
    missing = codes < 0
    if not categories or missing.all():
        return pl.repeat(None, len(col), dtype=pl.Enum(categories), eager=True).alias(name)
    out = pl.Series(name, categories, dtype=pl.Enum(categories)).gather(
        pl.Series(np.where(missing, 0, codes).astype(np.uint32)))
    if missing.any():
        out = out.set(pl.Series(missing), None)
    return out.alias(name)


def _deliver(frame: pd.DataFrame, data: Any, output: str | None) -> Any:
    """The result frame in the caller's library. Ordered categoricals become polars Enums
    (ordered by their categories) or Arrow dictionaries; datetimes stay UTC-aware."""
    kind = _output_kind(data, output)
    if kind == "pandas":
        return frame
    if kind == "pyarrow":
        import pyarrow as pa

        return pa.Table.from_pandas(frame, preserve_index=False)
    import polars as pl

    columns = []
    for name in frame.columns:
        col = frame[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            columns.append(_enum_series(pl, name, col))
        else:
            # pandas has no stubs here, so mypy takes from_pandas's DataFrame overload.
            columns.append(pl.from_pandas(col).alias(name))  # type: ignore[attr-defined]
    return pl.DataFrame(columns)


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
    currency: str | None = None,
    currency_column: str | None = None,
    date_format: str | None = None,
    bins: int = 5,
    high_tier: float = 0.8,
    medium_tier: float = 0.5,
    segments: Any = None,
    threads: int = 0,
    output: str | None = None,
) -> pd.DataFrame:
    """RFM scores of every customer with a purchase on or before ``as_of``.

    One row per scored customer, in ascending customer id order; customers without a
    purchase have no row (see :func:`lifecycle` for prospects).

    Parameters
    ----------
    data : pandas.DataFrame, polars.DataFrame or LazyFrame, pyarrow.Table or Dataset, dict of arrays,
        or the path of a Parquet or Arrow IPC file (.parquet, .arrow, .feather; only the
        columns used are read)
        One row per purchase (positive amount) or refund (negative), with the columns
        named by ``customer``, ``timestamp`` and ``amount``.
    as_of : date, datetime or ISO text ("2024-04-10")
        The UTC day the scores are taken on; rows dated after it are ignored. Recency
        counts whole days up to it.
    customer, timestamp, amount : str
        Column names (defaults ``customer_id``, ``timestamp``, ``amount``). Ids are all
        integers or all text; a column mixing them is refused.
    time_unit : {"s", "ms", "us", "ns"}, optional
        Required when times are numbers (a numeric column, or digits as text such as
        1704412800 or epoch milliseconds): what they count since 1970-01-01 UTC.
    date_order : {"day-first", "month-first"}, optional
        How a year-last text date ("05/01/2024") is written, for the whole column; without
        it such dates are refused, never guessed per cell.
    date_format : str, optional
        A strftime pattern every text cell must match ("%d/%m/%Y", "%Y%m%d").
    currency : str, optional
        ISO 4217 code. Without a currency column: the currency of the amounts (its decimals,
        e.g. JPY 0, KWD 3; 2 when None). With one: the currency whose rows are scored.
    currency_column : str, optional
        The currency column's name when it is not ``currency``; all its rows must be in one
        currency unless ``currency`` chooses one.
    bins : int
        Score bins, 2..10 (default 5); segments need 5.
    high_tier, medium_tier : float
        value_tier thresholds on the monetary rank p = (rank - 1) / n: high if p >=
        high_tier (0.8), medium if p >= medium_tier (0.5), else low.
    segments : sequence, optional
        Replaces the default segment grid: rules ``(name, r_min, r_max, f_min, f_max)`` or
        dicts ``{"name", "r": (min, max), "f": (min, max)}``; the first match wins.
    threads : int
        Worker threads (0 = all cores).
    output : {"pandas", "polars", "pyarrow"}, optional
        The result's library; by default the input's (pandas for numpy or dict input).

    Input units and formats
    -----------------------
    Times: datetime64 or Arrow timestamps (naive = UTC; tz-aware converted to UTC), dates,
    ISO 8601 text ("2024-01-05", "2024-01-05T10:00:00+08:00"); other text only with
    ``date_order`` or ``date_format``, numbers only with ``time_unit``. Amounts: in
    currency units (19.99 = 19.99 CNY), as integers, floats (the nearest minor unit within
    float error; real extra decimals such as 19.995 CNY refused), decimals or decimal text.
    Bad input raises :class:`InvalidInputError` naming the column (``.field``) and first
    bad row (``.row``, 1-based).

    Returns
    -------
    DataFrame or Table
        customer_id (the input's dtype), recency_days (int64, days), frequency (int64,
        purchases), monetary (float, currency units: purchases plus refunds), r, f, m (int8
        scores, higher is better), rfm (ordered categorical "545"), segment (ordered
        categorical, when bins == 5), value_tier (ordered low < medium < high).

    Examples
    --------
    >>> import pandas as pd, clientele
    >>> sales = pd.DataFrame({"customer_id": [1, 1, 2],
    ...                       "timestamp": ["2024-03-01", "2024-04-01", "2023-12-24"],
    ...                       "amount": [120.0, 80.5, 35.0]})
    >>> clientele.rfm(sales, as_of="2024-04-10")[["customer_id", "recency_days", "frequency", "monetary"]]
       customer_id  recency_days  frequency  monetary
    0            1             9          2     200.5
    1            2           108          1      35.0
    """
    tx = _Transactions(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                       date_format)
    cols = _core._rfm(
        *tx.args(),
        _day_number(as_of, "as_of"),
        bins,
        high_tier,
        medium_tier,
        _segments(segments),
        threads,
    )
    return _deliver(_rfm_frame(cols, bins, tx.customer_column(cols["customer"]), tx.scale), data, output)


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
    currency: str | None = None,
    currency_column: str | None = None,
    date_format: str | None = None,
    threads: int = 0,
    output: str | None = None,
    **options: int,
) -> pd.DataFrame:
    """Each customer's lifecycle stage at ``as_of`` and the date it entered it.

    Parameters
    ----------
    data : pandas.DataFrame, polars.DataFrame or LazyFrame, pyarrow.Table, or dict of arrays
        One row per purchase or refund, as for :func:`rfm` (the same column names, time,
        date, id and amount rules: ``customer``, ``timestamp``, ``amount``, ``time_unit``,
        ``date_order``, ``date_format``, ``currency``, ``currency_column``).
    as_of : date, datetime or ISO text
        The UTC day the stages are taken on; rows dated after it are ignored.
    customers : sequence of ids or a DataFrame with the customer column, optional
        Customers known without purchases: they (like customers with only refunds) are
        prospects.
    churned_days, at_risk_days : int, days
        churned when the last purchase is more than churned_days (365) before as_of,
        at_risk when more than at_risk_days (180).
    reactivated_gap_days : int, days
        reactivated when a purchase came after a gap longer than this (365).
    loyal_purchases, loyal_window_days : int (purchases, days)
        loyal with at least loyal_purchases (4) purchases in the last loyal_window_days (365).
    threads : int
        Worker threads (0 = all cores).
    output : {"pandas", "polars", "pyarrow"}, optional
        The result's library; by default the input's.

    Returns
    -------
    DataFrame or Table
        customer_id (the input's dtype), stage (ordered categorical in funnel order, see
        ``LIFECYCLE_STAGES``), stage_since (``datetime64[ns, UTC]``, midnight of the day the
        stage began; NaT for prospects).

    Examples
    --------
    >>> import pandas as pd, clientele
    >>> sales = pd.DataFrame({"customer_id": [1, 1, 2],
    ...                       "timestamp": ["2024-03-01", "2024-04-01", "2023-01-24"],
    ...                       "amount": [120.0, 80.5, 35.0]})
    >>> clientele.lifecycle(sales, as_of="2024-04-10", customers=[3])["stage"].astype(str).tolist()
    ['repeat', 'churned', 'prospect']
    """
    tx = _Transactions(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                       date_format)
    known = tx.known_keys(customers)
    cols = _core._lifecycle(*tx.args(), known, _day_number(as_of, "as_of"), _lifecycle_options(options), threads)
    return _deliver(_lifecycle_frame(cols, tx.customer_column(cols["customer"])), data, output)


def stage_history(
    data: Any,
    as_of: Any,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    amount: str = "amount",
    time_unit: str | None = None,
    date_order: str | None = None,
    currency: str | None = None,
    currency_column: str | None = None,
    date_format: str | None = None,
    threads: int = 0,
    output: str | None = None,
    **options: int,
) -> pd.DataFrame:
    """Every stage change of every customer up to ``as_of``.

    Parameters
    ----------
    data : DataFrame, LazyFrame, Table or dict of arrays
        Purchases and refunds, with the columns and input rules of :func:`rfm`.
    as_of : date, datetime or ISO text
        The last UTC day followed.
    threads, output, and the rule options
        As for :func:`lifecycle`.

    Returns
    -------
    DataFrame or Table
        customer_id, date (``datetime64[ns, UTC]``, midnight of the day of the change),
        stage (ordered categorical, the stage entered), by customer then date.

    Examples
    --------
    >>> import pandas as pd, clientele
    >>> sales = pd.DataFrame({"customer_id": [1, 1], "timestamp": ["2024-01-05", "2024-03-01"],
    ...                       "amount": [10.0, 12.0]})
    >>> clientele.stage_history(sales, "2024-04-01")["stage"].astype(str).tolist()
    ['new', 'repeat']
    """
    tx = _Transactions(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                       date_format)
    cols = _core._stage_history(*tx.args(), _day_number(as_of, "as_of"), _lifecycle_options(options), threads)
    return _deliver(_history_frame(cols, tx.customer_column(cols["customer"])), data, output)


def _history_frame(cols: dict[str, Any], customer_ids: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": customer_ids,
            "date": _utc_days(cols["day"]),
            "stage": _ordered(cols["stage"].astype(np.int8), LIFECYCLE_STAGES),
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
    currency: str | None = None,
    currency_column: str | None = None,
    date_format: str | None = None,
    threads: int = 0,
    output: str | None = None,
    **options: int,
) -> pd.DataFrame:
    """How many customers moved from each stage to each other between two days.

    Parameters
    ----------
    data : DataFrame, LazyFrame, Table or dict of arrays
        Purchases and refunds, with the columns and input rules of :func:`rfm`.
    start, end : date, datetime or ISO text
        The two UTC days compared.
    customers, threads, and the rule options
        As for :func:`lifecycle`.

    Returns
    -------
    pandas.DataFrame
        A 7 x 7 int64 matrix: the index ("from") the stage on ``start``, the columns ("to")
        the stage on ``end``, both in ``LIFECYCLE_STAGES`` order.

    Examples
    --------
    >>> import pandas as pd, clientele
    >>> sales = pd.DataFrame({"customer_id": [1, 1], "timestamp": ["2024-01-05", "2024-03-01"],
    ...                       "amount": [10.0, 12.0]})
    >>> int(clientele.stage_transitions(sales, "2024-02-01", "2024-04-01").loc["new", "repeat"])
    1
    """
    tx = _Transactions(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                       date_format)
    known = tx.known_keys(customers)
    matrix = _core._stage_transitions(
        *tx.args(), known, _day_number(start, "start"), _day_number(end, "end"), _lifecycle_options(options), threads
    )
    return _transitions_frame(matrix)  # a matrix with stage labels: always pandas


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
    currency: str | None = None,
    currency_column: str | None = None,
    date_format: str | None = None,
    threads: int = 0,
    output: str | None = None,
) -> pd.DataFrame:
    """Customers who purchased in a period, each "new" or "returning".

    Parameters
    ----------
    data : DataFrame, LazyFrame, Table or dict of arrays
        Purchases and refunds, with the columns and input rules of :func:`rfm`.
    start, end : date, datetime or ISO text
        The period's first and last UTC days (both included).
    threads, output
        As for :func:`rfm`.

    Returns
    -------
    DataFrame or Table
        customer_id, kind ("new" when the customer's first purchase ever is in the period,
        else "returning"; ordered new < returning).

    Examples
    --------
    >>> import pandas as pd, clientele
    >>> sales = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [10.0, 12.0, 5.0],
    ...                       "timestamp": ["2023-11-05", "2024-03-01", "2024-03-02"]})
    >>> clientele.new_vs_returning(sales, "2024-03-01", "2024-03-31")["kind"].astype(str).tolist()
    ['returning', 'new']
    """
    tx = _Transactions(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                       date_format)
    cols = _core._new_vs_returning(*tx.args(), _day_number(start, "start"), _day_number(end, "end"), threads)
    return _deliver(_recurrence_frame(cols, tx.customer_column(cols["customer"])), data, output)


def _recurrence_frame(cols: dict[str, Any], customer_ids: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": customer_ids,
            "kind": _ordered(cols["returning"].astype(np.int8), ["new", "returning"]),
        }
    )
