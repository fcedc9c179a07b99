"""clientele.plots: every chart is a real PNG of the size asked for, not blank, with CJK text
drawn in a font that has its glyphs; polars input works; a wrong frame is refused clearly;
and `import clientele` never loads matplotlib."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import clientele

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.image  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from clientele import plots  # noqa: E402

AS_OF = "2024-06-30"
FIGSIZE = (5.0, 4.0)
DPI = 50


@pytest.fixture(scope="module")
def sales() -> pd.DataFrame:
    """40 customers buying over six months: every stage but prospect/reactivated, several
    cohorts, repeat buyers and one-off buyers."""
    rng = np.random.default_rng(7)
    rows = []
    for c in range(40):
        first = pd.Timestamp("2024-01-01", tz="UTC") + pd.Timedelta(days=int(rng.integers(0, 150)))
        for k in range(int(rng.integers(1, 6))):
            day = first + pd.Timedelta(days=int(k * rng.integers(5, 40)))
            if day <= pd.Timestamp(AS_OF, tz="UTC"):
                rows.append((f"顾客{c:02d}", day, float(rng.integers(10, 500))))
    return pd.DataFrame(rows, columns=["customer_id", "timestamp", "amount"])


@pytest.fixture(scope="module")
def results(sales: pd.DataFrame) -> dict[str, object]:
    return {
        "rfm": clientele.rfm(sales, AS_OF),
        "lifecycle": clientele.lifecycle(sales, AS_OF),
        "transitions": clientele.stage_transitions(sales, "2024-03-31", AS_OF),
        "cohorts": clientele.cohorts(sales, AS_OF),
    }


def _charts(r: dict[str, object]) -> dict[str, object]:
    kw = {"figsize": FIGSIZE}
    return {
        "rfm_customers": lambda: plots.rfm_heatmap(r["rfm"], "customers", **kw),
        "rfm_revenue": lambda: plots.rfm_heatmap(r["rfm"], "revenue", **kw),
        "segment_bars": lambda: plots.segment_bars(r["rfm"], **kw),
        "tier_revenue": lambda: plots.segment_bars(r["rfm"], "revenue", by="value_tier", **kw),
        "funnel": lambda: plots.funnel(r["lifecycle"], **kw),
        "transitions": lambda: plots.transition_heatmap(r["transitions"], **kw),
        "transition_shares": lambda: plots.transition_heatmap(r["transitions"], share=True, **kw),
        "cohort_retention": lambda: plots.cohort_heatmap(r["cohorts"], **kw),
        "cohort_revenue": lambda: plots.cohort_heatmap(r["cohorts"], "revenue", **kw),
        "new_vs_returning": lambda: plots.new_vs_returning(r["cohorts"], **kw),
    }


CHARTS = list(_charts({}).keys())


def _png(fig: Figure) -> np.ndarray:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # A glyph missing from the font is a warning at draw time: make it fail the test.
        warnings.filterwarnings("error", message=r".*[Gg]lyph .* missing from")
        fig.savefig(buffer, format="png", dpi=DPI)
    data = buffer.getvalue()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    buffer.seek(0)
    return matplotlib.image.imread(buffer, format="png")


def _check_image(pixels: np.ndarray, figsize: tuple[float, float] = FIGSIZE) -> None:
    assert pixels.shape[:2] == (round(figsize[1] * DPI), round(figsize[0] * DPI))
    grey = pixels[..., :3].mean(axis=2)
    assert grey.std() > 0.05, "the image is (nearly) one colour"
    assert (grey < 0.5).mean() > 0.005, "almost nothing dark is drawn (no text, no bars)"


@pytest.mark.parametrize("name", CHARTS)
def test_each_chart_is_a_png_of_the_asked_size_and_not_blank(results: dict[str, object], name: str) -> None:
    fig = _charts(results)[name]()
    assert isinstance(fig, Figure)
    _check_image(_png(fig))
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


@pytest.mark.parametrize("name", CHARTS)
def test_polars_results_draw_the_same_chart(sales: pd.DataFrame, results: dict[str, object], name: str) -> None:
    pl = pytest.importorskip("polars")
    pytest.importorskip("pyarrow")
    as_polars = {k: (pl.from_pandas(v) if k != "transitions" else v) for k, v in results.items()}
    as_polars["rfm"] = clientele.rfm(pl.from_pandas(sales), AS_OF)
    as_polars["cohorts"] = clientele.cohorts(pl.from_pandas(sales), AS_OF)
    assert isinstance(as_polars["rfm"], pl.DataFrame)
    a = _png(_charts(results)[name]())
    b = _png(_charts(as_polars)[name]())
    _check_image(b)
    assert np.array_equal(a, b)


def test_numbers_are_written_on_the_cells(results: dict[str, object]) -> None:
    rfm = results["rfm"]
    fig = plots.rfm_heatmap(rfm)
    ax = fig.axes[0]
    written = sum(int(t.get_text()) for t in ax.texts)
    assert written == len(rfm)
    assert ax.get_xlabel().startswith("F") and ax.get_ylabel().startswith("R")

    fig = plots.funnel(results["lifecycle"])
    counts = results["lifecycle"]["stage"].value_counts()
    labels = {t.get_text().split(" ")[0] for t in fig.axes[0].texts}
    assert {f"{int(counts[s]):,}" for s in counts.index} <= labels


def test_new_vs_returning_matches_the_per_month_function(sales: pd.DataFrame, results: dict[str, object]) -> None:
    fig = plots.new_vs_returning(results["cohorts"])
    ax = fig.axes[0]
    months = [t.get_text() for t in ax.get_xticklabels()]
    new_bars, returning_bars = ax.containers
    for i, month in enumerate(months):
        start = pd.Timestamp(month + "-01")
        end = start + pd.offsets.MonthEnd(0)
        kinds = clientele.new_vs_returning(sales, start.date(), end.date())["kind"].astype(str).value_counts()
        assert new_bars[i].get_height() == kinds.get("new", 0), month
        assert returning_bars[i].get_height() == kinds.get("returning", 0), month


def test_cjk_labels_render_with_the_documented_font(results: dict[str, object]) -> None:
    font = plots.cjk_font()
    if font is None:
        pytest.skip("no CJK font installed (scripts/setup.sh installs fonts-wqy-microhei)")
    assert font in plots.CJK_FONTS
    rfm = results["rfm"].copy()
    rfm["segment"] = rfm["segment"].cat.rename_categories(lambda s: f"客群·{s}")
    fig = plots.segment_bars(rfm, title="客户分群 顧客區隔 고객", figsize=(7, 3))
    pixels = _png(fig)  # raises on a missing glyph
    _check_image(pixels, (7, 3))
    assert font in fig.axes[0].title.get_fontfamily()


def test_a_missing_glyph_would_fail_the_check() -> None:
    # The check above must be able to fail: the same text in a Latin-only font does.
    fig = Figure(figsize=FIGSIZE)
    ax = fig.add_subplot()
    ax.set_title("客户分群", fontfamily="DejaVu Sans")
    with pytest.raises(UserWarning, match="missing from"):
        _png(fig)


def test_the_callers_rcparams_are_left_alone(results: dict[str, object]) -> None:
    before = dict(matplotlib.rcParams)
    plots.cohort_heatmap(results["cohorts"])
    assert dict(matplotlib.rcParams) == before


def test_drawing_on_a_given_axes_returns_its_figure(results: dict[str, object]) -> None:
    fig = Figure(figsize=(8, 3))
    left, right = fig.subplots(1, 2)
    assert plots.funnel(results["lifecycle"], ax=left) is fig
    assert plots.rfm_heatmap(results["rfm"], ax=right) is fig
    assert right.texts and left.patches


def test_a_wrong_frame_is_refused_clearly(results: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="clientele.rfm: missing column"):
        plots.rfm_heatmap(results["lifecycle"])
    with pytest.raises(ValueError, match="clientele.cohorts: missing column.*period"):
        plots.cohort_heatmap(results["rfm"])
    with pytest.raises(ValueError, match="clientele.lifecycle: missing column.*stage"):
        plots.funnel(results["cohorts"])
    with pytest.raises(ValueError, match="stage_transitions"):
        plots.transition_heatmap(results["rfm"])
    with pytest.raises(ValueError, match="value: 'margin' is not one of"):
        plots.rfm_heatmap(results["rfm"], "margin")
    with pytest.raises(ValueError, match="expected the DataFrame"):
        plots.segment_bars([1, 2, 3])


def _env() -> dict[str, str]:
    # The package may be importable only through conftest's sys.path entry: pass it on.
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}


def test_import_clientele_does_not_import_matplotlib() -> None:
    code = "import sys, clientele; import clientele.plots; print(any(m == 'matplotlib' or m.startswith('matplotlib.') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(),
                         check=True)
    assert out.stdout.strip() == "False"


def test_without_matplotlib_the_error_names_the_extra(results: dict[str, object]) -> None:
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"  # makes `import matplotlib` fail
        "import clientele, clientele.plots, pandas as pd\n"
        "try:\n"
        "    clientele.plots.funnel(pd.DataFrame({'stage': ['new']}))\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(),
                         check=True)
    assert "clientele[plots]" in out.stdout
