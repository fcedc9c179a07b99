"""Customer lifetime value: the BG/NBD and Gamma-Gamma models (docs/clv.md).

The same inputs and outputs as :func:`clientele.rfm`: transactions as a pandas DataFrame,
a mapping of arrays or any Arrow-compatible table (polars, pyarrow); results in the kind
that came in. The computing is the C++ core's (GIL released).

>>> import clientele.clv as clv
>>> s = clv.summary(sales, as_of="2024-06-30", period="W")            # doctest: +SKIP
>>> bg = clv.fit_bgnbd(s); gg = clv.fit_gamma_gamma(s)                 # doctest: +SKIP
>>> clv.predict(s, bg, gg, t=12, horizon_months=12)                    # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import _analytics as _a
from . import _core

__all__ = ["summary", "fit_bgnbd", "fit_gamma_gamma", "predict", "BgNbdModel", "GammaGammaModel",
           "PERIODS_PER_MONTH"]

#: Periods per month in lifetimes' customer_lifetime_value.
PERIODS_PER_MONTH: dict[str, float] = dict(_core.clv_periods_per_month)


def _period(period: str) -> str:
    if period not in PERIODS_PER_MONTH:
        raise _a._invalid("period", f"'{period}' is not one of D, W, M")
    return period


def _frame_of(cols: dict[str, Any], customer_ids: Any, scale: int) -> pd.DataFrame:
    frame = pd.DataFrame({
        "customer_id": customer_ids,
        "frequency": cols["frequency"],
        "recency": cols["recency"],
        "T": cols["T"],
        "monetary_value": cols["monetary_value"] / float(scale),
    }, copy=False)
    if cols["split"]:
        frame["frequency_holdout"] = cols["frequency_holdout"]
        frame["monetary_value_holdout"] = cols["monetary_value_holdout"] / float(scale)
        frame["duration_holdout"] = float(cols["duration_holdout"])
    frame.attrs["period"] = cols["period"]
    return frame


def summary(
    data: Any,
    as_of: Any,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    amount: str = "amount",
    period: str = "D",
    calibration_end: Any = None,
    time_unit: str | None = None,
    date_order: str | None = None,
    currency: str | None = None,
    currency_column: str | None = None,
    date_format: str | None = None,
    threads: int = 0,
    output: str | None = None,
) -> Any:
    """Frequency, recency, T and monetary_value of every customer with a purchase on or
    before ``as_of`` (lifetimes' summary_data_from_transaction_data; rules in docs/clv.md).

    ``period`` is "D", "W" (weeks from Monday) or "M" (calendar months). With
    ``calibration_end`` the columns describe the calibration period and
    frequency_holdout, monetary_value_holdout and duration_holdout the rest up to
    ``as_of`` (lifetimes' calibration_and_holdout_data). monetary_value is in currency
    units. Input columns and rules as for :func:`clientele.rfm`."""
    tx = _a._Transactions(data, customer, timestamp, amount, time_unit, date_order, currency, currency_column,
                          date_format)
    cal = None if calibration_end is None else _a._day_number(calibration_end, "calibration_end")
    cols = _core._clv_summary(*tx.args(), _a._day_number(as_of, "as_of"), _period(period), cal, threads)
    return _a._deliver(_frame_of(cols, tx.customer_column(cols["customer"]), tx.scale), data, output)


def _float_columns(data: Any, names: list[str]) -> list[np.ndarray]:
    if type(data).__name__ == "LazyFrame" and hasattr(data, "collect"):
        data = data.collect()
    out = []
    for name, col in zip(names, _a._columns_of(data, names)):
        _a._check_no_nulls(col, name)
        out.append(np.ascontiguousarray(_a._numpy(col), dtype=np.float64))
    return out


def _parameter_frame(fit: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame({"parameter": fit["names"], "value": fit["values"],
                         "standard_error": fit["standard_errors"]})


@dataclass(frozen=True)
class BgNbdModel:
    """A fitted BG/NBD model: ``params`` r, alpha, a, b (alpha in the summary's period)."""

    params: dict[str, float]
    standard_errors: dict[str, float]
    log_likelihood: float
    customers: int
    iterations: int
    period: str = "D"

    @classmethod
    def _of(cls, fit: dict[str, Any], period: str) -> BgNbdModel:
        return cls(dict(zip(fit["names"], fit["values"])), dict(zip(fit["names"], fit["standard_errors"])),
                   float(fit["log_likelihood"]), int(fit["customers"]), int(fit["iterations"]), period)

    def _vector(self) -> list[float]:
        return [self.params[k] for k in ("r", "alpha", "a", "b")]

    def parameters(self) -> pd.DataFrame:
        """parameter, value, standard_error."""
        return pd.DataFrame({"parameter": list(self.params), "value": list(self.params.values()),
                             "standard_error": [self.standard_errors[k] for k in self.params]})

    def p_alive(self, summary: Any, *, threads: int = 0) -> np.ndarray:
        """P(alive) of each row of a summary (1 without repeat purchases)."""
        f, r, t = _float_columns(summary, ["frequency", "recency", "T"])
        return _core._clv_p_alive(f, r, t, self._vector(), threads)

    def expected_purchases(self, summary: Any, t: float, *, threads: int = 0) -> np.ndarray:
        """Expected purchases in the next ``t`` periods, given each row's history."""
        f, r, T = _float_columns(summary, ["frequency", "recency", "T"])
        return _core._clv_expected_purchases(f, r, T, self._vector(), float(t), threads)


@dataclass(frozen=True)
class GammaGammaModel:
    """A fitted Gamma-Gamma spend model: ``params`` p, q, v (v in currency units).
    ``frequency_monetary_correlation`` checks the model's assumption that spend per
    purchase does not depend on how often a customer buys (near 0 is good)."""

    params: dict[str, float]
    standard_errors: dict[str, float]
    log_likelihood: float
    customers: int
    iterations: int
    frequency_monetary_correlation: float
    excluded: int = 0

    @classmethod
    def _of(cls, fit: dict[str, Any], scale: float = 1.0) -> GammaGammaModel:
        values = dict(zip(fit["names"], fit["values"]))
        errors = dict(zip(fit["names"], fit["standard_errors"]))
        values["v"] /= scale
        errors["v"] /= scale
        return cls(values, errors, float(fit["log_likelihood"]), int(fit["customers"]), int(fit["iterations"]),
                   float(fit["frequency_monetary_correlation"]), int(fit.get("excluded", 0)))

    def parameters(self) -> pd.DataFrame:
        return pd.DataFrame({"parameter": list(self.params), "value": list(self.params.values()),
                             "standard_error": [self.standard_errors[k] for k in self.params]})

    def expected_value(self, summary: Any) -> np.ndarray:
        """Expected spend per purchase of each row (the population mean without repeats)."""
        f, m = _float_columns(summary, ["frequency", "monetary_value"])
        return _core._clv_expected_value(f, m, [self.params[k] for k in ("p", "q", "v")])

    def clv(self, bgnbd: BgNbdModel, summary: Any, *, horizon_months: float = 12, discount_rate: float = 0.01,
            period: str | None = None, threads: int = 0) -> np.ndarray:
        """lifetimes' customer_lifetime_value: expected spend times expected purchases month
        by month over ``horizon_months``, discounted at ``discount_rate`` a month."""
        p = _period(period or _summary_period(summary, bgnbd.period))
        f, r, T = _float_columns(summary, ["frequency", "recency", "T"])
        value = self.expected_value(summary)
        return _core._clv_lifetime_value(f, r, T, value, bgnbd._vector(), horizon_months * PERIODS_PER_MONTH[p], p,
                                         discount_rate, threads)


def _summary_period(summary: Any, default: str = "D") -> str:
    attrs = getattr(summary, "attrs", None)
    return str(attrs.get("period", default)) if isinstance(attrs, dict) else default


def fit_bgnbd(summary: Any, *, min_repeat_customers: int = 10, threads: int = 0) -> BgNbdModel:
    """BG/NBD by maximum likelihood on a summary's frequency, recency and T.
    :class:`clientele.InvalidInputError` for too few repeat customers, every T 0, bad rows,
    or a fit that did not converge (field "fit")."""
    f, r, t = _float_columns(summary, ["frequency", "recency", "T"])
    return BgNbdModel._of(_core._clv_fit_bgnbd(f, r, t, min_repeat_customers, threads), _summary_period(summary))


def fit_gamma_gamma(summary: Any, *, min_repeat_customers: int = 10, threads: int = 0) -> GammaGammaModel:
    """Gamma-Gamma on the rows with frequency > 0. :class:`clientele.InvalidInputError`
    when one of them has monetary_value <= 0."""
    f, m = _float_columns(summary, ["frequency", "monetary_value"])
    return GammaGammaModel._of(_core._clv_fit_gamma_gamma(f, m, min_repeat_customers, threads))


def predict(summary: Any, bgnbd: BgNbdModel, gamma_gamma: GammaGammaModel | None = None, *, t: float | None = None,
            horizon_months: float = 12, discount_rate: float = 0.01, period: str | None = None,
            threads: int = 0, output: str | None = None) -> Any:
    """The summary with the predictions as columns: p_alive, expected_purchases (over
    ``t`` periods; default: ``horizon_months`` in the summary's period), and with a
    Gamma-Gamma model expected_value and clv."""
    p = _period(period or _summary_period(summary, bgnbd.period))
    horizon = horizon_months * PERIODS_PER_MONTH[p]
    frame = summary.copy() if isinstance(summary, pd.DataFrame) else _a._arrow_table(summary).to_pandas()
    frame["p_alive"] = bgnbd.p_alive(frame, threads=threads)
    frame["expected_purchases"] = bgnbd.expected_purchases(frame, horizon if t is None else t, threads=threads)
    if gamma_gamma is not None:
        frame["expected_value"] = gamma_gamma.expected_value(frame)
        frame["clv"] = gamma_gamma.clv(bgnbd, frame, horizon_months=horizon_months, discount_rate=discount_rate,
                                       period=p, threads=threads)
    return _a._deliver(frame, summary, output)


@dataclass(frozen=True)
class ClvResult:
    """What :meth:`clientele.Database.clv` returns: the per-customer frame and both fits."""

    customers: pd.DataFrame
    bgnbd: BgNbdModel
    gamma_gamma: GammaGammaModel
    parameters: pd.DataFrame = field(repr=False)


def _store_result(cols: dict[str, Any], scale: int) -> ClvResult:
    frame = _frame_of(cols, cols["customer"], scale)
    frame["p_alive"] = cols["p_alive"]
    frame["expected_purchases"] = cols["expected_purchases"]
    frame["expected_value"] = cols["expected_value"] / float(scale)
    frame["clv"] = cols["clv"] / float(scale)
    bg = BgNbdModel._of(cols["bgnbd"], cols["period"])
    gg = GammaGammaModel._of(cols["gamma_gamma"], float(scale))
    params = pd.concat([bg.parameters().assign(model="bgnbd"), gg.parameters().assign(model="gamma_gamma")],
                       ignore_index=True)
    return ClvResult(frame, bg, gg, params)
