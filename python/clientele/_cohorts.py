"""The tables a retention analysis starts with: monthly acquisition cohorts, repeat purchases
and the time between them, revenue by RFM segment, value tier or lifecycle stage over time.

The rules are in docs/analytics.md ("Cohorts"); the C++ core computes them (GIL released).
The inputs are read exactly as :func:`clientele.rfm` reads them — the same columns, time,
amount, id and currency rules, through the same code (``_analytics._Transactions``) — and
the results come back in the caller's library (pandas, polars or pyarrow; ``output=``).
Months are UTC calendar months, given as the first instant of the month
(``datetime64[ns, UTC]``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._analytics import (
    _day_number,
    _deliver,
    _invalid,
    _lifecycle_options,
    _ordered,
    _segments,
    _store_scale,
    _Transactions,
    _utc_days,
)

__all__ = ["cohorts", "repeat_purchases", "revenue_by", "RepeatPurchases", "GAP_BUCKETS", "CohortMethods"]

_UPPER_DAYS: tuple[int, ...] = tuple(_core.gap_bucket_upper_days)
#: Labels of the buckets of days between purchases: "0-7", "8-14", ..., "366+".
GAP_BUCKETS: tuple[str, ...] = tuple(
    f"{lo}-{hi}" for lo, hi in zip((0,) + tuple(u + 1 for u in _UPPER_DAYS[:-1]), _UPPER_DAYS)
) + (f"{_UPPER_DAYS[-1] + 1}+",)
_GROUPINGS = {"segment": "segment", "tier": "value_tier", "value_tier": "value_tier",
              "stage": "stage", "lifecycle_stage": "stage"}
_MONTHLY = ("M", "MS", "ME", "month", "monthly")


def _month_starts(months: np.ndarray) -> pd.DatetimeIndex:
    """Months since January 1970 as the first instant of each month, UTC."""
    days = np.asarray(months, dtype=np.int64).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return _utc_days(days)


def _optional_day(value: Any, field: str) -> int | None:
    return None if value is None else _day_number(value, field)


def _cohort_frame(cols: dict[str, Any], scale: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cohort": _month_starts(cols["cohort"]),
            "period": cols["period"].astype(np.int64),
            "cohort_customers": cols["cohort_customers"],
            "customers": cols["customers"],
            "revenue": cols["revenue"] / float(scale),
            "retention": cols["retention"],
        }
    )


@dataclasses.dataclass(frozen=True)
class RepeatPurchases:
    """Repeat purchases of the cohorts' customers and the days between purchases.

    ``by_cohort``: cohort, customers, repeat_customers (two or more purchases), repeat_rate.
    ``gap_buckets``: bucket ("0-7", ..., "366+", ordered), gaps. The gap statistics are
    NaN when no customer bought twice.
    """

    by_cohort: Any
    customers: int
    repeat_customers: int
    repeat_rate: float
    gaps: int
    gap_mean_days: float
    gap_median_days: float
    gap_p90_days: float
    gap_buckets: Any


def _repeat_result(cols: dict[str, Any], data: Any, output: str | None) -> RepeatPurchases:
    by_cohort = pd.DataFrame(
        {
            "cohort": _month_starts(cols["cohort"]),
            "customers": cols["customers"],
            "repeat_customers": cols["repeat_customers"],
            "repeat_rate": cols["repeat_rate"],
        }
    )
    buckets = pd.DataFrame(
        {
            "bucket": _ordered(np.arange(len(GAP_BUCKETS), dtype=np.int8), GAP_BUCKETS),
            "gaps": np.asarray(cols["gap_buckets"], dtype=np.int64),
        }
    )
    gaps = int(cols["gaps"])

    def stat(key: str) -> float:
        return float(cols[key]) if gaps else float("nan")

    return RepeatPurchases(
        by_cohort=_deliver(by_cohort, data, output),
        customers=int(cols["total_customers"]),
        repeat_customers=int(cols["total_repeat_customers"]),
        repeat_rate=float(cols["total_repeat_rate"]),
        gaps=gaps,
        gap_mean_days=stat("gap_mean_days"),
        gap_median_days=stat("gap_median_days"),
        gap_p90_days=stat("gap_p90_days"),
        gap_buckets=_deliver(buckets, data, output),
    )


def _grouping(by: str) -> str:
    if by not in _GROUPINGS:
        raise _invalid("by", f"'{by}' is not one of segment, tier, stage")
    return by


def _check_freq(freq: str) -> None:
    if freq not in _MONTHLY:
        raise _invalid("freq", f"'{freq}' is not supported: the tables are monthly (freq='M')")


def _rfm_rules(bins: int, high_tier: float, medium_tier: float, segments: Any) -> dict[str, Any]:
    return {"bins": bins, "high_tier": high_tier, "medium_tier": medium_tier, "segments": _segments(segments)}


def _revenue_frame(cols: dict[str, Any], by: str, scale: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": _month_starts(cols["month"]),
            _GROUPINGS[by]: _ordered(cols["group"].astype(np.int16), list(cols["group_names"])),
            "customers": cols["customers"],
            "active_customers": cols["active_customers"],
            "revenue": cols["revenue"] / float(scale),
        }
    )


def cohorts(
    data: Any,
    as_of: Any,
    *,
    start: Any = None,
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
) -> Any:
    """Monthly acquisition cohorts × months since first purchase, in long form.

    One row per (cohort, period): ``cohort`` (the UTC month of the customers' first
    purchase, as its first instant, ``datetime64[ns, UTC]``), ``period`` (months since it,
    0 = that month, up to ``as_of``'s month), ``cohort_customers``, ``customers`` (of them,
    with a purchase in the month), ``revenue`` (their purchases plus refunds in the month,
    in currency units), ``retention`` (customers / cohort_customers). A purchase is a row
    with amount >= 0 dated on or before ``as_of``; refunds (amount < 0) count in revenue
    only, in the month they happen, and never make a customer. ``start``: the first cohort
    (its month); customers who bought before it are left out.

    Inputs (columns, ``time_unit``, ``date_order``, ``date_format``, ids, amounts,
    ``currency``/``currency_column``) and ``output`` exactly as for :func:`clientele.rfm`.
    Pivot for a triangle: ``t.pivot(index="cohort", columns="period", values="retention")``.

    >>> t = clientele.cohorts(df, as_of="2024-03-31")  # doctest: +SKIP
    """
    tx = _Transactions(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                       date_format)
    cols = _core._cohorts(*tx.args(), _day_number(as_of, "as_of"), _optional_day(start, "start"), threads)
    return _deliver(_cohort_frame(cols, tx.scale), data, output)


def repeat_purchases(
    data: Any,
    as_of: Any,
    *,
    start: Any = None,
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
) -> RepeatPurchases:
    """Share of customers with two or more purchases, per cohort and in all, and the time
    between purchases: mean, median and 90th percentile (linear interpolation, as
    ``Series.quantile``) of the whole UTC days between each customer's consecutive
    purchases up to ``as_of`` (two on one day: 0), and how many fall in each bucket
    (:data:`GAP_BUCKETS`). Customers and ``start`` as for :func:`cohorts`; inputs and
    ``output`` (for the two frames) as for :func:`clientele.rfm`.
    """
    tx = _Transactions(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                       date_format)
    cols = _core._repeat_purchases(*tx.args(), _day_number(as_of, "as_of"), _optional_day(start, "start"), threads)
    return _repeat_result(cols, data, output)


def revenue_by(
    data: Any,
    as_of: Any,
    *,
    by: str = "segment",
    freq: str = "M",
    start: Any = None,
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
    **options: int,
) -> Any:
    """Revenue and customers per month by the group each customer was in at the end of that
    month (at ``as_of`` for the last): ``by`` = "segment" (RFM segment; "none" before a
    customer's first purchase), "tier" (value tier low < medium < high, "none") or "stage"
    (lifecycle stage, funnel order). Columns: month, the group (``segment``, ``value_tier``
    or ``stage``, an ordered categorical), customers (in the group at the month's end,
    counted from the month of their first row), active_customers (of them, with a purchase
    in the month), revenue (purchases plus refunds in the month). Every month from
    ``start`` (default: the earliest row's) to as_of's and every group has a row.

    ``freq`` must be monthly ("M"). RFM rules: ``bins``, ``high_tier``, ``medium_tier``,
    ``segments`` as for :func:`clientele.rfm`; lifecycle rules as keyword options as for
    :func:`clientele.lifecycle`. Inputs and ``output`` as for :func:`clientele.rfm`.
    """
    _grouping(by)
    _check_freq(freq)
    lifecycle_options = _lifecycle_options(options)
    tx = _Transactions(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                       date_format)
    cols = _core._revenue_by(*tx.args(), by, _day_number(as_of, "as_of"), _optional_day(start, "start"),
                             _rfm_rules(bins, high_tier, medium_tier, segments), lifecycle_options, threads)
    return _deliver(_revenue_frame(cols, by, tx.scale), data, output)


class CohortMethods:
    """The tables above over a store: the purchases and refunds of the customers the
    current user can see, in one currency (as :meth:`Database.rfm`)."""

    _core: Any

    def cohorts(self, as_of: Any, *, start: Any = None, currency: str | None = None) -> pd.DataFrame:
        """Acquisition cohorts of the visible customers, as :func:`clientele.cohorts`."""
        cols = self._core.cohorts(_day_number(as_of, "as_of"), _optional_day(start, "start"), currency or "")
        return _cohort_frame(cols, _store_scale(self._core, currency))

    def repeat_purchases(self, as_of: Any, *, start: Any = None, currency: str | None = None) -> RepeatPurchases:
        """Repeat purchases of the visible customers, as :func:`clientele.repeat_purchases`."""
        cols = self._core.repeat_purchases(_day_number(as_of, "as_of"), _optional_day(start, "start"), currency or "")
        return _repeat_result(cols, None, "pandas")

    def revenue_by(
        self,
        as_of: Any,
        *,
        by: str = "segment",
        freq: str = "M",
        start: Any = None,
        currency: str | None = None,
        bins: int = 5,
        high_tier: float = 0.8,
        medium_tier: float = 0.5,
        segments: Any = None,
        **options: int,
    ) -> pd.DataFrame:
        """Revenue per month by segment, tier or stage of the visible customers, as
        :func:`clientele.revenue_by`."""
        _grouping(by)
        _check_freq(freq)
        cols = self._core.revenue_by(by, _day_number(as_of, "as_of"), _optional_day(start, "start"),
                                     _rfm_rules(bins, high_tier, medium_tier, segments), _lifecycle_options(options),
                                     currency or "")
        return _revenue_frame(cols, by, _store_scale(self._core, currency))

