"""Import and export for :class:`clientele.Database` (docs/import-export.md).

The work happens in the C++ core (streaming, one transaction, GIL released); this module
turns keywords into its options, DataFrames into CSV text, and a failed import into an
:class:`ImportError_` carrying the full report.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Mapping

from ._errors import InvalidInputError

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
) -> dict[str, Any]:
    return dict(type=type, format=format, encoding=encoding, delimiter=delimiter, column_map=dict(map or {}),
                unknown_columns=unknown_columns, skip_invalid=skip_invalid,
                errors=os.fspath(errors) if errors is not None else None, time_zone=time_zone,
                time_unit=time_unit or "", date_order=date_order or "", progress=progress)


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
    ) -> dict[str, Any]:
        """Imports customers or interactions from a CSV file (UTF-8 or GB18030, detected).

        All or nothing unless ``skip_invalid`` (then the rejected rows go to ``errors``, a
        CSV to fix and import again). ``map`` reads other column names as fields
        ({"Kundennummer": "external_id"}). Cells follow the rules of docs/import-export.md
        ("Cells"): a time that is a bare number needs ``time_unit`` ("s", "ms", "us",
        "ns"), a date written year last (05/01/2024) needs ``date_order`` ("day-first" or
        "month-first"). ``progress(bytes_read, bytes_total, rows)`` is
        called now and then; return False to cancel (:class:`CancelledError`). Returns the
        report: ``created``, ``updated``, ``unchanged``, ``rejected``, ``errors``. Raises
        :class:`ImportFailedError` (with ``.report``) when rows were invalid and nothing
        was written. ``encoding="gb18030"`` is refused for a file that is valid UTF-8 with
        non-ASCII text (it would import as mojibake) unless ``force_encoding``."""
        return _checked(self._core.import_file(os.fspath(path), **_options(
            type, "csv", encoding, delimiter, map, unknown_columns, skip_invalid, errors, time_zone, time_unit,
            date_order, progress), force_encoding=force_encoding))

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
        return _checked(self._core.import_file(os.fspath(path), **_options(
            type, "jsonl", "auto", ",", None, "custom", skip_invalid, errors, "UTC", None, None, progress)))

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
    ) -> dict[str, Any]:
        """Imports a pandas (or polars) DataFrame whose columns are named like a CSV header,
        without a file. Missing values become empty cells; errors name the DataFrame row
        as line (index position + 2, as if the header were line 1). Cells are read as by
        :meth:`import_csv` (``time_unit``, ``date_order``)."""
        if hasattr(df, "to_csv"):  # pandas
            text = df.to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%S")
        elif hasattr(df, "write_csv"):  # polars
            text = df.write_csv()
        else:
            raise TypeError(f"expected a pandas or polars DataFrame, not {df.__class__.__name__}")
        return _checked(self._core.import_text(text.encode("utf-8"), "<dataframe>", **_options(
            type, "csv", "utf-8", ",", map, unknown_columns, skip_invalid, errors, time_zone, time_unit, date_order,
            progress)))

    def export(self, path: PathLike | None = None, type: str = "customers", format: str = "csv", *,
               formula_guard: bool = True, skip_damaged: bool = False,
               damaged: list[dict[str, Any]] | None = None, consented: str | None = None) -> int | str:
        """Writes every visible customer (or interaction) to ``path`` as "csv" or "jsonl"
        and returns how many; without a path, returns the text. Either format imports into
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
        if path is None:
            if skip_damaged:
                raise TypeError("skip_damaged needs a path")
            return self._core.export_text(type, format, formula_guard, filter)
        count, skipped = self._core.export_file(os.fspath(path), type, format, formula_guard, skip_damaged, filter)
        if damaged is not None:
            damaged.extend(skipped)
        return count
