"""Charts an analyst draws first, from the frames clientele's analytics return.

Each function takes a result of :func:`clientele.rfm`, :func:`clientele.lifecycle`,
:func:`clientele.stage_transitions` or :func:`clientele.cohorts` (pandas, or polars, which is
converted with ``to_pandas()``), draws on ``ax`` (or a new figure of ``figsize``) and returns
the :class:`matplotlib.figure.Figure`. Every coloured cell or bar carries its number, so the
chart reads without the colour scale.

matplotlib is an optional extra (``pip install 'clientele[plots]'``); it is imported only
when a function here is called, never by ``import clientele``.

Chinese, Japanese and Korean labels need a CJK font: the first of :data:`CJK_FONTS` that
matplotlib finds is used for the figure's text (on Debian: ``apt-get install
fonts-wqy-microhei``), set on the figure's own text objects, so the caller's rcParams are
left as they were.

>>> from clientele import plots  # doctest: +SKIP
>>> plots.rfm_heatmap(clientele.rfm(sales, "2024-03-31")).savefig("rfm.png")  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator, Sequence

import numpy as np
import pandas as pd

from ._analytics import LIFECYCLE_STAGES, _invalid

__all__ = [
    "CJK_FONTS",
    "cjk_font",
    "rfm_heatmap",
    "segment_bars",
    "funnel",
    "transition_heatmap",
    "cohort_heatmap",
    "new_vs_returning",
]

#: The fonts tried, in order, for CJK text: WenQuanYi Micro Hei (Debian's fonts-wqy-microhei,
#: small, simplified and traditional), then the Noto/Source Han families and the system
#: fonts of macOS and Windows.
CJK_FONTS = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
)


def _matplotlib() -> Any:
    try:
        import matplotlib
        import matplotlib.figure  # noqa: F401
        import matplotlib.font_manager  # noqa: F401
        import matplotlib.text  # noqa: F401
    except ImportError as exc:  # the extra is optional: say which one brings it
        raise ImportError(
            "clientele.plots needs matplotlib, the optional extra 'plots': pip install 'clientele[plots]'"
        ) from exc
    return matplotlib


def cjk_font() -> str | None:
    """The name of the CJK font the charts use (the first of :data:`CJK_FONTS` installed), or
    None when there is none (CJK labels then draw as empty boxes, with matplotlib's warning)."""
    mpl = _matplotlib()
    installed = {f.name for f in mpl.font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _families() -> list[str]:
    mpl = _matplotlib()
    cjk = cjk_font()
    # Latin text keeps the caller's sans-serif font; the CJK font is the fallback for the
    # glyphs it lacks (matplotlib >= 3.6 falls back glyph by glyph along the list).
    base = [f for f in mpl.rcParams["font.sans-serif"] if f != cjk][:1] or ["DejaVu Sans"]
    return base + ([cjk] if cjk else [])


@contextlib.contextmanager
def _canvas(ax: Any, figsize: Sequence[float]) -> Iterator[tuple[Any, Any]]:
    """A figure and axes to draw on, with the CJK-capable font for everything drawn; rcParams
    are changed only inside (rc_context) and the font is then pinned on the figure's text,
    so a later redraw (a notebook's display) keeps it."""
    mpl = _matplotlib()
    families = _families()
    with mpl.rc_context({"font.family": families}):
        if ax is None:
            fig = mpl.figure.Figure(figsize=tuple(figsize), layout="constrained")
            ax = fig.add_subplot()
        else:
            fig = ax.figure
        yield fig, ax
        for text in fig.findobj(mpl.text.Text):
            text.set_fontfamily(families)


def _pandas(frame: Any, what: str, columns: Sequence[str]) -> pd.DataFrame:
    """The result as pandas (polars and pyarrow converted), checked to be the kind expected."""
    if hasattr(frame, "collect") and not hasattr(frame, "to_pandas"):  # a polars LazyFrame
        frame = frame.collect()
    if not isinstance(frame, pd.DataFrame):
        if not hasattr(frame, "to_pandas"):
            raise _invalid("data", f"expected the DataFrame {what} returns, got {type(frame).__name__}")
        frame = frame.to_pandas()
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise _invalid(
            "data",
            f"not a result of {what}: missing column(s) {', '.join(missing)} (has {', '.join(map(str, frame.columns))})",
        )
    return frame


def _choice(value: str, field: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise _invalid(field, f"'{value}' is not one of {', '.join(allowed)}")
    return value


def _number(v: float, kind: str) -> str:
    if kind == "share":
        return f"{v:.0%}"
    if kind == "money":
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}"
    return f"{int(v):,}"


def _annotated_heatmap(fig: Any, ax: Any, grid: pd.DataFrame, kind: str, cmap: str, colorbar_label: str) -> None:
    """Cells coloured by value with the value written inside (white on dark cells); NaN
    cells (no data) stay blank."""
    values = grid.to_numpy(dtype=float)
    masked = np.ma.masked_invalid(values)
    image = ax.imshow(masked, cmap=cmap, aspect="auto")
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size else 0.0
    cells = values.size
    size = 9 if cells <= 64 else 7 if cells <= 200 else 5
    for (i, j), v in np.ndenumerate(values):
        if np.isfinite(v):
            dark = top > 0 and v > 0.6 * top
            ax.text(j, i, _number(v, kind), ha="center", va="center", fontsize=size,
                    color="white" if dark else "black")
    ax.set_xticks(range(grid.shape[1]), [str(c) for c in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [str(r) for r in grid.index])
    fig.colorbar(image, ax=ax, label=colorbar_label)


def _bar_labels(ax: Any, bars: Any, labels: Sequence[str]) -> None:
    ax.bar_label(bars, labels=list(labels), padding=3, fontsize=9)


def rfm_heatmap(rfm: Any, value: str = "customers", *, ax: Any = None, title: str | None = None,
                figsize: Sequence[float] = (6.4, 4.8), cmap: str = "Blues") -> Any:
    """R x F grid of an :func:`clientele.rfm` result: customers (count) or revenue (sum of
    ``monetary``) in each cell, R = 5 (most recent) on top, F growing to the right.

    Parameters
    ----------
    rfm : DataFrame (pandas or polars)
        The result of :func:`clientele.rfm` or ``Database.rfm`` (columns r, f, monetary).
    value : "customers" or "revenue"
    ax : matplotlib Axes, optional
        Draw there instead of on a new figure of ``figsize`` inches.

    Returns
    -------
    matplotlib.figure.Figure
    """
    _choice(value, "value", ("customers", "revenue"))
    frame = _pandas(rfm, "clientele.rfm", ("r", "f", "monetary"))
    bins = int(max(frame["r"].max(), frame["f"].max(), 1)) if len(frame) else 5
    scores = list(range(1, bins + 1))
    grouped = frame.groupby([frame["r"].astype(int), frame["f"].astype(int)])
    cell = grouped.size() if value == "customers" else grouped["monetary"].sum()
    grid = cell.unstack(fill_value=0).reindex(index=scores[::-1], columns=scores, fill_value=0)
    with _canvas(ax, figsize) as (fig, ax):
        _annotated_heatmap(fig, ax, grid, "count" if value == "customers" else "money", cmap,
                           "customers" if value == "customers" else "revenue")
        ax.set_xlabel("F: frequency score (5 = most purchases)")
        ax.set_ylabel("R: recency score (5 = most recent)")
        ax.set_title(title if title is not None else f"RFM: {value} by recency x frequency")
    return fig


def segment_bars(rfm: Any, value: str = "customers", *, by: str = "segment", ax: Any = None,
                 title: str | None = None, figsize: Sequence[float] = (6.4, 4.8)) -> Any:
    """Customers or revenue per segment (or per ``value_tier``) of an :func:`clientele.rfm`
    result, one horizontal bar each in the result's category order, every segment shown
    (an empty one as 0), the number beside the bar."""
    _choice(value, "value", ("customers", "revenue"))
    _choice(by, "by", ("segment", "value_tier"))
    frame = _pandas(rfm, "clientele.rfm", (by, "monetary"))
    groups = frame[by].astype("category") if not isinstance(frame[by].dtype, pd.CategoricalDtype) else frame[by]
    grouped = frame.groupby(groups, observed=False, sort=True)
    totals = grouped.size() if value == "customers" else grouped["monetary"].sum()
    if totals.empty:
        raise _invalid(by, "no categories to draw (rfm was run without segments?)")
    with _canvas(ax, figsize) as (fig, ax):
        names = [str(n) for n in totals.index][::-1]  # first category on top
        numbers = totals.to_numpy(dtype=float)[::-1]
        bars = ax.barh(names, numbers, color="#4C72B0")
        _bar_labels(ax, bars, [_number(v, "count" if value == "customers" else "money") for v in numbers])
        ax.set_xlabel(value)
        ax.set_ylabel(by)
        ax.margins(x=0.15)
        ax.set_title(title if title is not None else f"{value} by {by}")
    return fig


def funnel(lifecycle: Any, *, ax: Any = None, title: str | None = None,
           figsize: Sequence[float] = (6.4, 4.8)) -> Any:
    """Customers in each lifecycle stage of a :func:`clientele.lifecycle` result, in funnel
    order (prospect first, on top), each bar centred and labelled with its count and share."""
    frame = _pandas(lifecycle, "clientele.lifecycle", ("stage",))
    stages = frame["stage"].astype(str)
    unknown = sorted(set(stages.unique()) - set(LIFECYCLE_STAGES))
    if unknown:
        raise _invalid("stage", f"unknown stage(s) {', '.join(unknown)}; expected {', '.join(LIFECYCLE_STAGES)}")
    counts = stages.value_counts().reindex(list(LIFECYCLE_STAGES), fill_value=0)
    total = int(counts.sum())
    with _canvas(ax, figsize) as (fig, ax):
        widths = counts.to_numpy(dtype=float)[::-1]
        names = list(LIFECYCLE_STAGES)[::-1]
        bars = ax.barh(names, widths, left=-widths / 2, color="#55A868")
        labels = [f"{int(v):,} ({v / total:.0%})" if total else "0" for v in widths]
        for bar, label in zip(bars, labels):
            ax.text(bar.get_x() + bar.get_width() + max(total, 1) * 0.01, bar.get_y() + bar.get_height() / 2,
                    label, va="center", fontsize=9)
        top = float(widths.max()) if len(widths) else 1.0
        ax.set_xlim(-top * 0.6, top * 0.95 or 1.0)
        ax.set_xticks([])
        ax.set_xlabel(f"customers (of {total:,})")
        ax.set_ylabel("lifecycle stage")
        ax.set_title(title if title is not None else "Lifecycle funnel")
    return fig


def transition_heatmap(transitions: Any, *, share: bool = False, ax: Any = None, title: str | None = None,
                       figsize: Sequence[float] = (7.0, 5.6), cmap: str = "Purples") -> Any:
    """The 7 x 7 matrix of :func:`clientele.stage_transitions`: customers moving from each
    stage (rows) to each stage (columns); ``share=True`` writes each row as shares of its
    customers instead of counts."""
    if not isinstance(transitions, pd.DataFrame) and hasattr(transitions, "to_pandas"):
        transitions = transitions.to_pandas()
    if not isinstance(transitions, pd.DataFrame):
        raise _invalid("data", f"expected the DataFrame clientele.stage_transitions returns, got {type(transitions).__name__}")
    stages = list(LIFECYCLE_STAGES)
    if [str(i) for i in transitions.index] != stages or [str(c) for c in transitions.columns] != stages:
        raise _invalid("data", f"not a result of clientele.stage_transitions: index and columns must be {', '.join(stages)}")
    grid = transitions.astype(float)
    if share:
        grid = grid.div(grid.sum(axis=1).replace(0, np.nan), axis=0)
    with _canvas(ax, figsize) as (fig, ax):
        _annotated_heatmap(fig, ax, grid, "share" if share else "count", cmap,
                           "share of the row" if share else "customers")
        ax.set_xlabel("stage at the end")
        ax.set_ylabel("stage at the start")
        ax.tick_params(axis="x", labelrotation=30)
        ax.set_title(title if title is not None else "Stage transitions")
    return fig


def _month_label(values: Any) -> list[str]:
    return [pd.Timestamp(v).strftime("%Y-%m") for v in values]


def cohort_heatmap(cohorts: Any, value: str = "retention", *, ax: Any = None, title: str | None = None,
                   figsize: Sequence[float] = (9.0, 6.0), cmap: str = "YlGnBu") -> Any:
    """The cohort triangle of a :func:`clientele.cohorts` result: one row per acquisition
    month, one column per month since it, each cell the ``retention`` (as %), ``customers``
    or ``revenue`` of that cohort in that month."""
    _choice(value, "value", ("retention", "customers", "revenue"))
    frame = _pandas(cohorts, "clientele.cohorts", ("cohort", "period", value))
    grid = frame.pivot(index="cohort", columns="period", values=value).sort_index()
    grid.index = _month_label(grid.index)
    kind = {"retention": "share", "customers": "count", "revenue": "money"}[value]
    with _canvas(ax, figsize) as (fig, ax):
        _annotated_heatmap(fig, ax, grid, kind, cmap, value)
        ax.set_xlabel("months since first purchase")
        ax.set_ylabel("cohort (month of first purchase)")
        ax.set_title(title if title is not None else f"Cohorts: {value}")
    return fig


def new_vs_returning(cohorts: Any, *, ax: Any = None, title: str | None = None,
                     figsize: Sequence[float] = (9.0, 4.8)) -> Any:
    """Customers buying in each month, new (first purchase that month) and returning, as
    stacked bars with both numbers, from a :func:`clientele.cohorts` result: a month's new
    customers are its cohort's, its returning ones the earlier cohorts' customers active in
    it. (A cohorts result taken with ``start=`` leaves out customers first seen before it,
    so their returns are not counted.)"""
    frame = _pandas(cohorts, "clientele.cohorts", ("cohort", "period", "customers"))
    cohort = pd.DatetimeIndex(frame["cohort"])
    month = (cohort.year * 12 + cohort.month - 1).to_numpy() + frame["period"].to_numpy(dtype=np.int64)
    active = pd.Series(frame["customers"].to_numpy(dtype=np.int64), index=month)
    is_new = frame["period"].to_numpy() == 0
    total = active.groupby(level=0).sum()
    new = active[is_new].groupby(level=0).sum().reindex(total.index, fill_value=0)
    returning = total - new
    labels = [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in total.index]
    with _canvas(ax, figsize) as (fig, ax):
        x = np.arange(len(labels))
        new_bars = ax.bar(x, new.to_numpy(), color="#4C72B0", label="new")
        ret_bars = ax.bar(x, returning.to_numpy(), bottom=new.to_numpy(), color="#DD8452", label="returning")
        size = 8 if len(labels) <= 18 else 6
        for bars, counts, colour in ((new_bars, new, "white"), (ret_bars, returning, "black")):
            ax.bar_label(bars, labels=[f"{v:,}" if v else "" for v in counts.tolist()], label_type="center",
                         fontsize=size, color=colour)
        step = max(1, len(labels) // 18)
        ax.set_xticks(x[::step], labels[::step], rotation=45, ha="right")
        ax.set_xlabel("month")
        ax.set_ylabel("customers with a purchase")
        ax.legend()
        ax.set_title(title if title is not None else "New vs returning customers per month")
    return fig
