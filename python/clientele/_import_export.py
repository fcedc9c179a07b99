"""Import and export for :class:`clientele.Database` (docs/import-export.md).

The work happens in the C++ core (streaming, one transaction, GIL released); this module
turns keywords into its options, DataFrames into CSV text, and a failed import into an
:class:`ImportError_` carrying the full report.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Callable, Mapping

from . import _arrow_io
from ._errors import Error, InvalidInputError, reading_file

ProgressFn = Callable[[int, int, int], bool]
PathLike = str | os.PathLike[str]


class ImportFailedError(InvalidInputError):
    """An import with invalid rows wrote nothing. ``report`` is the import report (a dict
    with ``rows``, ``rejected`` and ``errors``: one dict per bad row with ``file``,
    ``line``, ``column``, ``value`` and ``reason``)."""

    def __init__(self, report: dict[str, Any]) -> None:
        errors = report.get("errors", [])
        first = "; ".join(e["message"] for e in errors[:3])
        more = f" (and {report['rejected'] - 3} more)" if report.get("rejected", 0) > 3 else ""
        super().__init__(f"{report.get('rejected', 0)} problem(s), nothing was imported: {first}{more}",
                         reason="invalid rows")
        self.report = report

    def __reduce__(self) -> Any:
        return (ImportFailedError, (self.report,))


def _options(
    type: str,
    format: str,
    encoding: str,
    delimiter: str,
    map: Mapping[str, str] | None,
    unknown_columns: str,
    skip_invalid: bool,
    errors: PathLike | None,
    time_zone: str,
    time_unit: str | None,
    date_order: str | None,
    progress: ProgressFn | None,
    date_format: str | None = None,
) -> dict[str, Any]:
    return dict(type=type, format=format, encoding=encoding, delimiter=delimiter, column_map=dict(map or {}),
                unknown_columns=unknown_columns, skip_invalid=skip_invalid,
                errors=os.fspath(errors) if errors is not None else None, time_zone=time_zone,
                time_unit=time_unit or "", date_order=date_order or "", date_format=date_format or "",
                progress=progress)


def _instant_text(v: Any) -> Any:
    """One datetime value as an ISO cell: aware ones converted to UTC ("...Z"), naive ones
    as written (read in the import's ``time_zone``, UTC by default), dates as dates."""
    import pandas as pd

    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, (_dt.datetime, pd.Timestamp)):
        v = pd.Timestamp(v)
        if v.tzinfo is not None:
            return v.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
        return v.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(v, _dt.date):
        return v.isoformat()
    return v


def _minor_text(minor: int, decimals: int) -> str:
    sign, n = ("-" if minor < 0 else ""), abs(int(minor))
    if decimals == 0:
        return f"{sign}{n}"
    return f"{sign}{n // 10**decimals}.{n % 10**decimals:0{decimals}d}"


def _exact_cells(df: Any, type: str, default_currency: str) -> Any:
    """The frame with every datetime and float amount column as exact text cells, so that
    CSV text carries them without loss: tz-aware datetimes converted to UTC with a "Z",
    naive ones as written, float amounts by the core's one rule for floats (the nearest
    minor unit of the row's currency within float error; real extra decimals refused)."""
    import numpy as np
    import pandas as pd

    from . import _core

    out = {}
    kind = "interactions" if type == "interactions" else "customers"
    currency_column = next((c for c in df.columns if _core.canonical_column(str(c), kind) == "currency"), None)
    for name in df.columns:
        col = df[name]
        dtype = col.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            out[name] = col.dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        elif dtype.kind == "M":
            out[name] = col.dt.strftime("%Y-%m-%dT%H:%M:%S")
        elif dtype == object and pd.api.types.infer_dtype(col, skipna=True) in ("datetime", "date", "mixed") and any(
                isinstance(v, (_dt.date, pd.Timestamp)) for v in col):
            out[name] = col.map(_instant_text).astype(object)
        elif dtype.kind == "f" and kind == "interactions" and _core.canonical_column(str(name), kind) == "amount":
            out[name] = _float_amount_cells(col, str(name), df[currency_column] if currency_column is not None else None,
                                            default_currency)
        else:
            out[name] = col
    return pd.DataFrame(out, index=df.index)


def _float_amount_cells(col: Any, header: str, currencies: Any, default_currency: str) -> Any:
    import numpy as np
    import pandas as pd

    from . import _core

    values = col.to_numpy(dtype=np.float64, na_value=np.nan)
    present = ~np.isnan(values)
    if currencies is None:
        codes = np.full(len(values), default_currency, dtype=object)
    else:
        codes = np.array(["" if pd.isna(c) or c == "" else str(c) for c in currencies], dtype=object)
        codes[codes == ""] = default_currency
    cells = np.full(len(values), None, dtype=object)
    for code in sorted(set(codes[present].tolist())):
        rows = np.flatnonzero(present & (codes == code))
        try:
            minor = _core.amounts_from_floats(values[rows], code, header)
        except InvalidInputError as e:
            line = int(rows[e.row - 1]) + 2  # as import names a DataFrame row: position + 2
            raise InvalidInputError(f"<dataframe>:{line}: field '{header}': {e.reason}", field=header,
                                    source="<dataframe>", row=line, reason=e.reason) from None
        decimals = _core.currency_decimals(code)
        cells[rows] = [_minor_text(m, decimals) for m in minor.tolist()]
    return pd.Series(cells, index=col.index, dtype=object)


def _checked(report: dict[str, Any]) -> dict[str, Any]:
    if not report["committed"]:
        raise ImportFailedError(report)
    return report


class ImportExportMixin:
    """The import/export methods of Database (mixed in; uses ``self._core``)."""

    __slots__ = ()
    _core: Any

    def import_csv(
        self,
        path: PathLike,
        type: str = "customers",
        *,
        encoding: str = "auto",
        delimiter: str = ",",
        map: Mapping[str, str] | None = None,
        unknown_columns: str = "custom",
        skip_invalid: bool = False,
        errors: PathLike | None = None,
        time_zone: str = "UTC",
        time_unit: str | None = None,
        date_order: str | None = None,
        progress: ProgressFn | None = None,
        force_encoding: bool = False,
        date_format: str | None = None,
    ) -> dict[str, Any]:
        """Imports customers or interactions from a CSV file (UTF-8 or GB18030, detected).

        All or nothing unless ``skip_invalid`` (then the rejected rows go to ``errors``, a
        CSV to fix and import again). ``map`` reads other column names as fields
        ({"Kundennummer": "external_id"}). Cells follow the rules of docs/import-export.md
        ("Cells"): a time that is a bare number needs ``time_unit`` ("s", "ms", "us",
        "ns"), a date written year last (05/01/2024) needs ``date_order`` ("day-first" or
        "month-first"), and ``date_format`` ("%d/%m/%Y", "%Y%m%d") reads every time cell by
        one format (a cell that does not match is refused). ``progress(bytes_read, bytes_total, rows)`` is
        called now and then; return False to cancel (:class:`CancelledError`). Returns the
        report: ``created``, ``updated``, ``unchanged``, ``rejected``, ``errors``. Raises
        :class:`ImportFailedError` (with ``.report``) when rows were invalid and nothing
        was written. ``encoding="gb18030"`` is refused for a file that is valid UTF-8 with
        non-ASCII text (it would import as mojibake) unless ``force_encoding``."""
        return _checked(reading_file(path, lambda: self._core.import_file(os.fspath(path), **_options(
            type, "csv", encoding, delimiter, map, unknown_columns, skip_invalid, errors, time_zone, time_unit,
            date_order, progress, date_format), force_encoding=force_encoding)))

    def import_jsonl(
        self,
        path: PathLike,
        type: str = "customers",
        *,
        skip_invalid: bool = False,
        errors: PathLike | None = None,
        progress: ProgressFn | None = None,
    ) -> dict[str, Any]:
        """Imports records in the JSON form (one object per line), as export writes them."""
        return _checked(reading_file(path, lambda: self._core.import_file(os.fspath(path), **_options(
            type, "jsonl", "auto", ",", None, "custom", skip_invalid, errors, "UTC", None, None, progress))))

    def import_dataframe(
        self,
        df: Any,
        type: str = "customers",
        *,
        map: Mapping[str, str] | None = None,
        unknown_columns: str = "custom",
        skip_invalid: bool = False,
        errors: PathLike | None = None,
        time_zone: str = "UTC",
        time_unit: str | None = None,
        date_order: str | None = None,
        progress: ProgressFn | None = None,
        date_format: str | None = None,
    ) -> dict[str, Any]:
        """Imports a pandas (or polars) DataFrame whose columns are named like a CSV header,
        without a file. Missing values become empty cells; errors name the DataFrame row
        as line (index position + 2, as if the header were line 1). Cells are read as by
        :meth:`import_csv` (``time_unit``, ``date_order``)."""
        if df.__class__.__name__ == "LazyFrame" and hasattr(df, "collect"):  # polars
            df = df.collect()
        if hasattr(df, "write_csv") and not hasattr(df, "to_csv"):  # polars
            df = df.to_pandas()
        if not hasattr(df, "to_csv"):
            raise TypeError(f"expected a pandas or polars DataFrame, not {df.__class__.__name__}")
        frame = _exact_cells(df, type, self._core.setting("default_currency"))
        text = frame.to_csv(index=False)
        return _checked(self._core.import_text(text.encode("utf-8"), "<dataframe>", **_options(
            type, "csv", "utf-8", ",", map, unknown_columns, skip_invalid, errors, time_zone, time_unit, date_order,
            progress, date_format)))

    def export(self, path: PathLike | None = None, type: str = "customers", format: str = "csv", *,
               formula_guard: bool = True, skip_damaged: bool = False,
               damaged: list[dict[str, Any]] | None = None, consented: str | None = None) -> int | str:
        """Writes every visible customer (or interaction) to ``path`` as "csv", "jsonl",
        "parquet" or "arrow" (Arrow IPC; both need pyarrow, and are chosen by a .parquet,
        .arrow or .feather path too) and returns how many; without a path, returns the text.
        Parquet and Arrow hold the CSV's columns as text columns (empty cells as nulls), so
        :meth:`import_table` reads them back as the same data. Either format imports into
        a fresh database as the same data (docs/import-export.md, "Round trip").
        ``formula_guard`` (CSV): a cell a spreadsheet would run as a formula (= + - @ first)
        gets a single quote in front, which import takes off; False writes cells as stored.
        ``consented`` ("email", "sms", "phone", "wechat") exports only the customers who
        granted that channel: the export for a marketing purpose (docs/privacy.md).

        The file appears whole or not at all; a path that is the database (or its -wal,
        -shm, -journal) raises :class:`InvalidInputError` before anything is written. One
        damaged record raises :class:`CorruptDataError` unless ``skip_damaged``: then it is
        left out, and each one left out ({"record", "reason"}) is appended to ``damaged``
        when a list is given."""
        filter = {"consented": consented} if consented is not None else None
        if format in ("parquet", "arrow") or (format == "csv" and _arrow_io.file_format(path)):
            if path is None:
                raise TypeError(f"format='{format}' needs a path")
            return self._export_table(path, type, format if format != "csv" else None, skip_damaged, damaged, filter)
        if path is None:
            if skip_damaged:
                raise TypeError("skip_damaged needs a path")
            return self._core.export_text(type, format, formula_guard, filter)
        count, skipped = self._core.export_file(os.fspath(path), type, format, formula_guard, skip_damaged, filter)
        if damaged is not None:
            damaged.extend(skipped)
        return count

    def _export_table(self, path: PathLike, type: str, format: str | None, skip_damaged: bool,
                      damaged: list[dict[str, Any]] | None, filter: Any) -> int:
        """The CSV export (its columns and cell rules, no formula guard: no spreadsheet opens
        a Parquet file) as a table of text columns, written whole or not at all."""
        import tempfile

        import pandas as pd

        _arrow_io._pyarrow()  # before any work: the extra may be missing
        with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(os.fspath(path)))) as folder:
            csv_path = os.path.join(folder, "export.csv")
            count, skipped = self._core.export_file(csv_path, type, "csv", False, skip_damaged, filter)
            frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8")
        frame = frame.mask(frame == "")
        _arrow_io.write_table(frame, path, format=format)
        if damaged is not None:
            damaged.extend(skipped)
        return int(count)

    def import_table(self, source: Any, type: str = "customers", **options: Any) -> dict[str, Any]:
        """Imports customers or interactions from a Parquet or Arrow IPC file (by its suffix),
        a pyarrow Table or Dataset: the columns named like a CSV header, as
        :meth:`import_dataframe` takes them (the same keywords: ``map``, ``skip_invalid``,
        ``time_zone``, ...). A file written by ``export(..., format="parquet")`` imports as
        the same data."""
        if _arrow_io.is_table_source(source):
            source = _arrow_io.read_table(source)
        elif not _module_of(source).startswith("pyarrow"):
            raise TypeError(f"expected a .parquet/.arrow path or a pyarrow Table, not {source.__class__.__name__}")
        return self.import_dataframe(source.to_pandas(), type, **options)


def _module_of(value: Any) -> str:
    return str(value.__class__.__module__)
