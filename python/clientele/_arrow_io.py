"""Parquet and Arrow IPC files in and out, through pyarrow (the optional extra "arrow").

Why the Python layer and not the Arrow C++ libraries: docs/scale.md. Analytics read a file
(or a ``pyarrow.dataset.Dataset``) by the columns they use only; results are written by
:func:`write_table`, whose format follows the file's suffix.
"""

from __future__ import annotations

import os
from typing import Any, Sequence

from ._errors import InvalidInputError

__all__ = ["write_table", "read_table"]

# Suffix -> format. ".feather" is Arrow IPC (Feather v2 is the IPC file format).
_FORMATS = {".parquet": "parquet", ".pq": "parquet", ".arrow": "arrow", ".feather": "arrow", ".ipc": "arrow"}


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise ImportError("Parquet and Arrow files need pyarrow: pip install 'clientele[arrow]'") from None
    return pyarrow


def file_format(path: Any) -> str | None:
    """"parquet" or "arrow" for a path with one of their suffixes, else None."""
    if not isinstance(path, (str, os.PathLike)):
        return None
    return _FORMATS.get(os.path.splitext(os.fspath(path))[1].lower())


def _format_of(path: Any, format: str | None) -> str:
    chosen = format or file_format(path)
    if chosen not in ("parquet", "arrow"):
        raise InvalidInputError(
            f"{os.fspath(path)}: say format='parquet' or 'arrow', or name the file .parquet, .arrow or .feather",
            field="format", reason="unknown file format")
    return chosen


def is_table_source(data: Any) -> bool:
    """A Parquet/Arrow file path or a pyarrow Dataset: read by :func:`read_table`."""
    return file_format(data) is not None or type(data).__module__.startswith("pyarrow._dataset")


def read_table(source: Any, columns: Sequence[str] | None = None, format: str | None = None) -> Any:
    """A pyarrow Table of a Parquet or Arrow IPC file (file or stream format), or of a
    pyarrow Dataset, with only ``columns`` (those that exist) when given."""
    pa = _pyarrow()
    if type(source).__module__.startswith("pyarrow._dataset"):
        names = source.schema.names
        return source.to_table(columns=None if columns is None else [c for c in columns if c in names])
    path = os.fspath(source)
    if not os.path.exists(path):
        from ._errors import MissingFileError

        raise MissingFileError(f"{path}: no such file")
    kind = _format_of(path, format)
    if kind == "parquet":
        import pyarrow.parquet as pq

        names = pq.read_schema(path).names
        return pq.read_table(path, columns=None if columns is None else [c for c in columns if c in names])
    with pa.memory_map(path) as source_file:
        try:
            table = pa.ipc.open_file(source_file).read_all()
        except pa.ArrowInvalid:  # the stream format has no footer
            source_file.seek(0)
            table = pa.ipc.open_stream(source_file).read_all()
    if columns is not None:
        table = table.select([c for c in columns if c in table.column_names])
    return table


def _as_arrow(result: Any) -> Any:
    """A result (pandas, polars or pyarrow) as a pyarrow Table. A pandas frame with a named
    index (the stage transition matrix's "from") keeps it as a column."""
    pa = _pyarrow()
    if isinstance(result, pa.Table):
        return result
    if hasattr(result, "to_arrow"):  # polars
        return result.to_arrow()
    import pandas as pd

    if isinstance(result, pd.DataFrame):
        if any(name is not None for name in result.index.names):
            result = result.reset_index()
        result.columns = [str(c) for c in result.columns]
        return pa.Table.from_pandas(result, preserve_index=False)
    raise TypeError(f"expected a DataFrame or pyarrow Table, not {type(result).__name__}")


def write_table(result: Any, path: str | os.PathLike[str], *, format: str | None = None) -> int:
    """Writes an analytics result (or any pandas/polars DataFrame or pyarrow Table) to a
    Parquet or Arrow IPC file, by ``format`` or the suffix (.parquet, .arrow, .feather).
    Categoricals become Arrow dictionaries, UTC datetimes stay UTC. Returns the row count.
    The file appears whole or not at all (written next to it, then renamed)."""
    kind = _format_of(path, format)
    table = _as_arrow(result)
    pa = _pyarrow()
    target = os.fspath(path)
    partial = f"{target}.partial"
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(table, partial)
        else:
            with pa.OSFile(partial, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return table.num_rows
