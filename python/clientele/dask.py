"""Customer analytics over a Dask DataFrame, with the single-machine results (docs/scale.md).

``pip install 'clientele[dask]'``. The transactions are shuffled on the customer id, so
every customer's rows are in one partition; each partition is read by the same code as
:func:`clientele.rfm` reads a DataFrame and handed to the same C++ core functions. What
only depends on one customer's rows (recency, frequency, monetary, stages, histories,
cohort cells) is therefore exact per partition. What depends on every customer — the
R/F/M ranks, scores and value tiers — is a second phase over the per-customer totals,
with the core's rule: rank = 1 + the number of customers with a smaller value (ties take
the lowest rank), score = 1 + bins * (rank - 1) // n, tier from (rank_M - 1) / n.

Results are per customer (or per cohort cell) and come back as pandas, as from the
single-machine functions; a row number in an error is the row within its partition.
Tasks run on the current Dask scheduler (a ``distributed.Client`` when one is active).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable

import numpy as np
import pandas as pd

from . import _core
from ._analytics import (
    _day_number,
    _history_frame,
    _invalid,
    _lifecycle_frame,
    _lifecycle_options,
    _recurrence_frame,
    _rfm_frame,
    _segments,
    _Transactions,
    _transitions_frame,
)
from ._cohorts import _cohort_frame, _optional_day

__all__ = ["rfm", "lifecycle", "stage_history", "stage_transitions", "new_vs_returning", "cohorts"]

_NO_SEGMENT = 0xFF


class _Input:
    """The caller's columns and reading rules, shared by every function here."""

    def __init__(self, data: Any, customer: str, timestamp: str, amount: str, time_unit: str | None,
                 date_order: str | None, currency: str | None, currency_column: str | None,
                 date_format: str | None) -> None:
        import dask.dataframe as dd

        if isinstance(data, (str, list)) or hasattr(data, "__fspath__"):
            data = dd.read_parquet(data)  # a path, glob or list of Parquet files
        if not isinstance(data, dd.DataFrame):
            raise TypeError(f"data must be a dask DataFrame or Parquet path(s), not {type(data).__name__}")
        currency_name = currency_column or "currency"
        if currency_column is not None and currency_column not in data.columns:
            raise _invalid(currency_column, f"no column '{currency_column}' (the currency_column)")
        for name in (customer, timestamp, amount):
            if name not in data.columns:
                raise _invalid(name, f"no column '{name}' (columns: {', '.join(map(str, data.columns))})")
        names = [customer, timestamp, amount] + ([currency_name] if currency_name in data.columns else [])
        self.has_currency = len(names) == 4
        self.frame = data[names]
        self.customer = customer
        self.reading = (customer, timestamp, amount, time_unit, date_order, currency, currency_column, date_format)
        self.currency_name = currency_name

    def run(self, work: Callable[[_Transactions, pd.DataFrame], Any]) -> list[Any]:
        """``work`` over each partition after the shuffle on the customer id: one customer's
        rows never span two partitions. Partitions without rows are left out."""
        import dask

        currency = self._currency()
        shuffled = self.frame.shuffle(on=self.customer)
        tasks = [dask.delayed(_partition_work)(part, self.reading, currency, work) for part in shuffled.to_delayed()]
        return [r for r in dask.compute(*tasks) if r is not None]

    def _currency(self) -> str | None:
        """The one currency the amounts are counted in, over every partition: a partition
        alone would accept USD while another holds EUR (amounts of different currencies
        are never added up)."""
        chosen = self.reading[5]
        if chosen or not self.has_currency:
            return chosen
        codes = sorted(set(self.frame[self.currency_name].astype(str).str.upper().unique().compute().tolist()))
        if len(codes) > 1:
            raise _invalid(self.currency_name, f"the amounts are in several currencies ({', '.join(codes)}); choose "
                           f"the one to count with currency='{codes[0]}' (amounts in different currencies are not "
                           "added up)")
        return codes[0] if codes else None


def _partition_work(part: pd.DataFrame, reading: tuple[Any, ...], currency: str | None,
                    work: Callable[[_Transactions, pd.DataFrame], Any]) -> Any:
    """One partition read exactly as clientele.rfm reads a DataFrame, then ``work``. Only
    the reading rules travel to the worker, never the Dask collection."""
    if len(part) == 0:
        return None
    c, t, a, unit, order, _, column, fmt = reading
    return work(_Transactions(part, c, t, a, unit, order, currency, column, fmt), part)


def _sorted_by_customer(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in ascending customer id order, as the core gives them; a stable sort keeps each
    customer's rows (a stage history's days) in their order."""
    order = pd.Index(frame["customer_id"]).argsort(kind="stable")
    return frame.take(order).reset_index(drop=True)


def _concat(frames: Sequence[pd.DataFrame], empty: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    return _sorted_by_customer(pd.concat(frames, ignore_index=True)) if frames else empty()


def _ranks(values: np.ndarray) -> np.ndarray:
    """1 + how many values are smaller: the core's rank_ascending (ties share the lowest)."""
    return np.searchsorted(np.sort(values, kind="stable"), values, side="left").astype(np.int64) + 1


def _scores(totals: pd.DataFrame, bins: int, high_tier: float, medium_tier: float,
            segments: list[tuple[str, int, int, int, int]] | None) -> dict[str, Any]:
    """The columns the core's rfm gives, from every customer's last purchase day, frequency
    and monetary: the global second phase."""
    n = len(totals)
    if not 2 <= bins <= 10:
        raise _invalid("bins", f"must be 2..10, got {bins}")
    if not 0 <= medium_tier <= high_tier <= 1:
        raise _invalid("value_tier", "thresholds must satisfy 0 <= medium <= high <= 1")
    rank_r = _ranks(totals["last_day"].to_numpy())
    rank_f = _ranks(totals["frequency"].to_numpy())
    rank_m = _ranks(totals["monetary"].to_numpy())

    def score(rank: np.ndarray) -> np.ndarray:
        return (1 + bins * (rank - 1) // max(n, 1)).astype(np.uint8)

    r, f, m = score(rank_r), score(rank_f), score(rank_m)
    rules = segments if segments is not None else list(_core.default_segments)
    segment = np.full(n, _NO_SEGMENT, dtype=np.uint8)
    names: list[str] = []
    if bins == 5:  # the core's segment grid is defined on 5 bins
        names = [rule[0] for rule in rules]
        for k in range(len(rules) - 1, -1, -1):  # last first, so the first rule wins
            _, r_min, r_max, f_min, f_max = rules[k]
            segment[(r >= r_min) & (r <= r_max) & (f >= f_min) & (f <= f_max)] = k
    p = (rank_m - 1).astype(np.float64) / float(n)
    tier = np.where(p >= high_tier, 2, np.where(p >= medium_tier, 1, 0)).astype(np.uint8)
    return {"recency_days": totals["recency_days"].to_numpy(), "frequency": totals["frequency"].to_numpy(),
            "monetary": totals["monetary"].to_numpy(), "r": r, "f": f, "m": m, "segment": segment,
            "segment_names": names, "value_tier": tier}


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
    threads: int = 1,
) -> pd.DataFrame:
    """:func:`clientele.rfm` over a Dask DataFrame (or Parquet path(s), read with
    ``dd.read_parquet``): the same columns, rules and result, as a pandas DataFrame.
    ``threads``: core threads per partition task (1: Dask runs the tasks in parallel)."""
    source = _Input(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                    date_format)
    day = _day_number(as_of, "as_of")
    rules = _segments(segments)

    def totals(tx: _Transactions, part: pd.DataFrame) -> tuple[pd.DataFrame, int]:
        # bins and tiers do not change the per-customer totals this phase keeps.
        cols = _core._rfm(*tx.args(), day, bins, high_tier, medium_tier, rules, threads)
        frame = pd.DataFrame({"customer_id": tx.customer_column(cols["customer"]),
                              "recency_days": cols["recency_days"], "frequency": cols["frequency"],
                              "monetary": cols["monetary"]})
        return frame, tx.scale

    parts = source.run(totals)
    scale = parts[0][1] if parts else 10 ** _core.currency_decimals((currency or "").upper())
    frames = [frame for frame, _ in parts]
    merged = _concat(frames, lambda: pd.DataFrame({"customer_id": pd.Series([], dtype=np.int64),
                                                   "recency_days": np.empty(0, np.int64),
                                                   "frequency": np.empty(0, np.int64),
                                                   "monetary": np.empty(0, np.int64)}))
    merged["last_day"] = day - merged["recency_days"]
    cols = _scores(merged, bins, high_tier, medium_tier, rules)
    return _rfm_frame(cols, bins, merged["customer_id"].to_numpy() if merged["customer_id"].dtype.kind in "iu"
                      else pd.Index(merged["customer_id"]), scale)


def _known(customers: Any, customer: str) -> pd.Index | None:
    if customers is None:
        return None
    if isinstance(customers, pd.DataFrame):
        customers = customers[customer]
    elif hasattr(customers, "compute"):  # a dask Series or DataFrame
        customers = (customers[customer] if hasattr(customers, "columns") else customers).compute()
    return pd.Index(pd.unique(pd.Series(customers)))


def _with_prospects(frame: pd.DataFrame, known: pd.Index | None) -> pd.DataFrame:
    """Known customers without a row in the transactions, as prospects since never: the
    core's rule for ``customers`` (they are in no partition, so no core call saw them)."""
    if known is None:
        return frame
    extra = known.difference(pd.Index(frame["customer_id"]))
    if not len(extra):
        return frame
    ids = frame["customer_id"]
    if len(ids) and ids.dtype.kind in "iu" and extra.dtype.kind not in "iu":
        raise _invalid("customer_id", "customers must be integer ids like the transactions'")
    prospects = _lifecycle_frame({"stage": np.zeros(len(extra), np.int8),
                                  "stage_since": np.full(len(extra), np.iinfo(np.int64).min)},
                                 extra.astype(ids.dtype) if len(ids) else extra)
    return _sorted_by_customer(pd.concat([frame, prospects], ignore_index=True))


def _empty_lifecycle() -> pd.DataFrame:
    return _lifecycle_frame({"stage": np.empty(0, np.int8), "stage_since": np.empty(0, np.int64)},
                            np.empty(0, np.int64))


def lifecycle(data: Any, as_of: Any, *, customers: Any = None, customer: str = "customer_id",
              timestamp: str = "timestamp", amount: str = "amount", time_unit: str | None = None,
              date_order: str | None = None, currency: str | None = None, currency_column: str | None = None,
              date_format: str | None = None, threads: int = 1, **options: int) -> pd.DataFrame:
    """:func:`clientele.lifecycle` over a Dask DataFrame; ``customers`` a list, pandas or
    Dask column of ids known without purchases."""
    source = _Input(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                    date_format)
    day, rules = _day_number(as_of, "as_of"), _lifecycle_options(options)
    none = np.empty(0, np.int64)

    def stages(tx: _Transactions, part: pd.DataFrame) -> pd.DataFrame:
        cols = _core._lifecycle(*tx.args(), none, day, rules, threads)
        return _lifecycle_frame(cols, tx.customer_column(cols["customer"]))

    return _with_prospects(_concat(source.run(stages), _empty_lifecycle), _known(customers, customer))


def stage_history(data: Any, as_of: Any, *, customer: str = "customer_id", timestamp: str = "timestamp",
                  amount: str = "amount", time_unit: str | None = None, date_order: str | None = None,
                  currency: str | None = None, currency_column: str | None = None, date_format: str | None = None,
                  threads: int = 1, **options: int) -> pd.DataFrame:
    """:func:`clientele.stage_history` over a Dask DataFrame."""
    source = _Input(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                    date_format)
    day, rules = _day_number(as_of, "as_of"), _lifecycle_options(options)

    def history(tx: _Transactions, part: pd.DataFrame) -> pd.DataFrame:
        cols = _core._stage_history(*tx.args(), day, rules, threads)
        return _history_frame(cols, tx.customer_column(cols["customer"]))

    return _concat(source.run(history), lambda: _history_frame(
        {"day": np.empty(0, np.int64), "stage": np.empty(0, np.int8)}, np.empty(0, np.int64)))


def stage_transitions(data: Any, start: Any, end: Any, *, customers: Any = None, customer: str = "customer_id",
                      timestamp: str = "timestamp", amount: str = "amount", time_unit: str | None = None,
                      date_order: str | None = None, currency: str | None = None,
                      currency_column: str | None = None, date_format: str | None = None, threads: int = 1,
                      **options: int) -> pd.DataFrame:
    """:func:`clientele.stage_transitions` over a Dask DataFrame: each partition's matrix
    counts its own customers, so the matrices add up."""
    source = _Input(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                    date_format)
    first, last, rules = _day_number(start, "start"), _day_number(end, "end"), _lifecycle_options(options)
    none = np.empty(0, np.int64)

    def matrix(tx: _Transactions, part: pd.DataFrame) -> tuple[np.ndarray, Any]:
        counts = np.asarray(_core._stage_transitions(*tx.args(), none, first, last, rules, threads), np.int64)
        return counts, tx.customer_column(np.unique(tx.keys))

    parts = source.run(matrix)
    total = sum((counts for counts, _ in parts), np.zeros((7, 7), np.int64))
    known = _known(customers, customer)
    if known is not None:  # prospects on both days
        seen = pd.Index(np.concatenate([np.asarray(ids) for _, ids in parts])) if parts else pd.Index([])
        total[0, 0] += len(known.difference(seen))
    return _transitions_frame(total.tolist())


def new_vs_returning(data: Any, start: Any, end: Any, *, customer: str = "customer_id",
                     timestamp: str = "timestamp", amount: str = "amount", time_unit: str | None = None,
                     date_order: str | None = None, currency: str | None = None, currency_column: str | None = None,
                     date_format: str | None = None, threads: int = 1) -> pd.DataFrame:
    """:func:`clientele.new_vs_returning` over a Dask DataFrame."""
    source = _Input(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                    date_format)
    first, last = _day_number(start, "start"), _day_number(end, "end")

    def kinds(tx: _Transactions, part: pd.DataFrame) -> pd.DataFrame:
        cols = _core._new_vs_returning(*tx.args(), first, last, threads)
        return _recurrence_frame(cols, tx.customer_column(cols["customer"]))

    return _concat(source.run(kinds), lambda: _recurrence_frame(
        {"returning": np.empty(0, np.int8)}, np.empty(0, np.int64)))


def cohorts(data: Any, as_of: Any, *, start: Any = None, customer: str = "customer_id",
            timestamp: str = "timestamp", amount: str = "amount", time_unit: str | None = None,
            date_order: str | None = None, currency: str | None = None, currency_column: str | None = None,
            date_format: str | None = None, threads: int = 1) -> pd.DataFrame:
    """:func:`clientele.cohorts` over a Dask DataFrame: a customer belongs to one cohort
    and one partition, so each (cohort, period) cell is the sum of the partitions' cells;
    retention is recomputed from the sums (the core's customers / cohort_customers)."""
    source = _Input(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                    date_format)
    day, first = _day_number(as_of, "as_of"), _optional_day(start, "start")

    def cells(tx: _Transactions, part: pd.DataFrame) -> tuple[pd.DataFrame, int]:
        cols = _core._cohorts(*tx.args(), day, first, threads)
        return pd.DataFrame({k: cols[k] for k in ("cohort", "period", "cohort_customers", "customers",
                                                  "revenue")}), tx.scale

    parts = source.run(cells)
    scale = parts[0][1] if parts else 10 ** _core.currency_decimals((currency or "").upper())
    columns = ["cohort", "period", "cohort_customers", "customers", "revenue"]
    table = (pd.concat([frame for frame, _ in parts], ignore_index=True) if parts
             else pd.DataFrame({k: np.empty(0, np.int64) for k in columns}))
    sums = table.groupby(["cohort", "period"], sort=True)[columns[2:]].sum().reset_index()
    whole = sums["cohort_customers"].to_numpy(np.float64)
    retention = np.divide(sums["customers"].to_numpy(np.float64), whole, out=np.zeros(len(sums)), where=whole > 0)
    return _cohort_frame({**{k: sums[k].to_numpy() for k in columns}, "retention": retention}, scale)
