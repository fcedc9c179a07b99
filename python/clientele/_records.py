"""Lists of records (plain dicts in the JSON form of docs/data-model.md): every listing
returns :class:`Records` — a list that knows whether more rows follow (``next_cursor``,
``next_page()``) and converts to pandas, polars or Arrow. polars and pyarrow are optional
extras, imported only when asked for."""

from __future__ import annotations

import json
import warnings
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence, SupportsIndex, overload

from . import _core

if TYPE_CHECKING:  # pandas, polars and pyarrow are imported only when asked for
    import pandas
    import polars
    import pyarrow


class _Schema:
    """The columns of one kind of record and how each becomes a pandas column."""

    def __init__(
        self,
        columns: Sequence[str],
        *,
        instants: Sequence[str] = (),
        dates: Sequence[str] = (),
        integers: Sequence[str] = (),
        booleans: Sequence[str] = (),
        lists: Sequence[str] = (),
        objects: Sequence[str] = (),
    ) -> None:
        self.columns = list(columns)
        self.instants = frozenset(instants)
        self.dates = frozenset(dates)
        self.integers = frozenset(integers)
        self.booleans = frozenset(booleans)
        self.lists = frozenset(lists)
        self.objects = frozenset(objects)


_SCHEMAS: dict[str, _Schema] = {
    # The keys come from the core (model/customer_fields.cpp): a new text field needs no
    # change here; only non-text columns are typed below.
    "customer": _Schema(
        _core.customer_json_keys,
        instants=("created_at", "updated_at", "last_verified_at"),
        dates=("birthday",),
        integers=("version",),
        lists=("emails", "phones", "addresses", "tags"),
        objects=("custom", "consent"),
    ),
    # The other kinds' keys come from the core too (json/record_keys.hpp).
    "interaction": _Schema(
        _core.record_json_keys["interaction"],
        instants=("occurred_at", "due_at", "created_at"),
        integers=("amount_minor", "csat", "nps"),
        objects=("custom",),
    ),
    "points": _Schema(
        _core.record_json_keys["points"],
        instants=("at",),
        integers=("id", "points"),
    ),
    "case": _Schema(
        _core.record_json_keys["case"],
        instants=("opened_at", "first_response_due", "resolution_due", "first_responded_at", "resolved_at",
                  "closed_at", "escalated_at"),
        integers=("id",),
        booleans=("breached",),
        lists=("history",),
    ),
    "user": _Schema(
        _core.record_json_keys["user"],
        instants=("created_at",),
        booleans=("active",),
    ),
    "audit": _Schema(
        _core.record_json_keys["audit"],
        instants=("at",),
        integers=("id",),
        booleans=("redacted",),
        objects=("detail",),
    ),
    "reminder": _Schema(
        _core.record_json_keys["reminder"],
        instants=("created_at",),
        dates=("due_on", "snoozed_until"),
        integers=("id",),
    ),
}


def _string_dtype() -> Any:
    import pandas as pd

    # pandas 3 has a real string dtype by default ("str", missing = NaN); before that text
    # columns are object columns.
    return "str" if int(pd.__version__.split(".")[0]) >= 3 else object


def _column(name: str, values: list[Any], schema: _Schema | None) -> Any:
    import datetime

    import pandas as pd

    if schema is None:
        return pd.Series(values, dtype=object) if not values else pd.Series(values)
    if name in schema.instants:
        series = pd.to_datetime(pd.Series(values, dtype=object), utc=True, format="ISO8601")
        return series.astype("datetime64[ns, UTC]")
    if name in schema.dates:
        return pd.Series(
            [None if v is None else datetime.date.fromisoformat(v) for v in values], dtype=object
        )
    if name in schema.integers:
        if any(v is None for v in values):
            return pd.Series(values, dtype="Int64")
        return pd.Series(values, dtype="int64")
    if name in schema.booleans:
        if any(v is None for v in values):
            return pd.Series(values, dtype="boolean")
        return pd.Series(values, dtype=bool)
    if name in schema.lists:
        return pd.Series([[] if v is None else v for v in values], dtype=object)
    if name in schema.objects:
        return pd.Series([{} if v is None else v for v in values], dtype=object)
    if name in schema.columns:
        return pd.Series(values, dtype=_string_dtype())
    # A key the schema does not know (a newer core): leave it to pandas.
    return pd.Series(values, dtype=object) if all(v is None for v in values) else pd.Series(values)


def _schema_and_columns(records: Sequence[dict[str, Any]], kind: str | None) -> tuple[_Schema | None, list[str]]:
    """The kind's schema and the columns: the data model's, in its order, then any other
    key a record has."""
    schema = _SCHEMAS.get(kind) if kind else None
    columns: list[str] = list(schema.columns) if schema else []
    seen = set(columns)
    for record in records:
        for key in record:
            if key not in seen:
                seen.add(key)
                columns.append(key)
    return schema, columns


def records_to_pandas(records: Sequence[dict[str, Any]], kind: str | None) -> "pandas.DataFrame":
    """A DataFrame with one row per record.

    For a known kind ("customer", "interaction", "user") every column of the data model is
    present, in the data model's order, even when no record has a value for it; instants are
    ``datetime64[ns, UTC]``, birthdays ``datetime.date`` objects, counts ``int64`` (``Int64``
    where some are missing), nested lists and dicts stay Python objects (an empty list/dict
    where a record has none) and missing text is NaN.
    """
    import pandas as pd

    schema, columns = _schema_and_columns(records, kind)
    data = {name: _column(name, [r.get(name) for r in records], schema) for name in columns}
    return pd.DataFrame(data, columns=columns, index=pd.RangeIndex(len(records)))


def _optional(module: str, extra: str) -> Any:
    """Imports an optional dependency, or says which extra installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ImportError(
            f"{module} is needed for this conversion: pip install 'clientele[{extra}]' (or pip install {module})"
        ) from e


def _plain_columns(records: Sequence[dict[str, Any]], kind: str | None) -> tuple[list[str], dict[str, list[Any]], _Schema | None]:
    """Every column as a list of Python values of one type: instants as UTC datetimes,
    dates as dates, nested objects (custom, consent, detail) as JSON text."""
    import datetime

    schema, columns = _schema_and_columns(records, kind)
    data: dict[str, list[Any]] = {}
    for name in columns:
        values = [r.get(name) for r in records]
        if schema is not None and name in schema.instants:
            values = [None if v is None else
                      datetime.datetime.fromisoformat(v.replace("Z", "+00:00")).astimezone(datetime.timezone.utc)
                      for v in values]
        elif schema is not None and name in schema.dates:
            values = [None if v is None else datetime.date.fromisoformat(v) for v in values]
        elif schema is not None and name in schema.lists:
            values = [[] if v is None else v for v in values]
        elif schema is not None and name in schema.objects:
            values = [None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True) for v in values]
        data[name] = values
    return columns, data, schema


def _is_text_list(values: list[Any]) -> bool:
    return all(isinstance(x, str) for v in values for x in v)


def _column_kind(name: str, values: list[Any], schema: _Schema | None) -> str | None:
    """How a column of :func:`_plain_columns` is typed in polars and Arrow (None: inferred)."""
    if schema is None:
        return None
    if name in schema.instants:
        return "instant"
    if name in schema.dates:
        return "date"
    if name in schema.integers:
        return "integer"
    if name in schema.booleans:
        return "boolean"
    if name in schema.lists:
        return "text list" if _is_text_list(values) else None
    if name in schema.objects or name in schema.columns:
        return "text"
    return None


def records_to_polars(records: Sequence[dict[str, Any]], kind: str | None) -> "polars.DataFrame":
    """A polars DataFrame with the columns of :func:`records_to_pandas`: instants
    ``Datetime("ns", "UTC")``, dates ``Date``, counts ``Int64``, lists as list columns and
    nested objects as JSON text (``pl.col("custom").str.json_decode()``)."""
    pl = _optional("polars", "polars")
    types = {"instant": pl.Datetime("ns", "UTC"), "date": pl.Date, "integer": pl.Int64, "boolean": pl.Boolean,
             "text list": pl.List(pl.String), "text": pl.String}
    columns, data, schema = _plain_columns(records, kind)
    series = [pl.Series(name, data[name], dtype=types.get(_column_kind(name, data[name], schema) or ""))
              for name in columns]
    return pl.DataFrame(series)


def records_to_arrow(records: Sequence[dict[str, Any]], kind: str | None) -> "pyarrow.Table":
    """A pyarrow Table with the columns of :func:`records_to_pandas`: instants
    ``timestamp[ns, tz=UTC]``, dates ``date32``, counts ``int64``, lists as list columns and
    nested objects as JSON text."""
    pa = _optional("pyarrow", "arrow")
    types = {"instant": pa.timestamp("ns", tz="UTC"), "date": pa.date32(), "integer": pa.int64(),
             "boolean": pa.bool_(), "text list": pa.list_(pa.string()), "text": pa.string()}
    columns, data, schema = _plain_columns(records, kind)
    arrays = []
    for name in columns:
        values = data[name]
        dtype = types.get(_column_kind(name, values, schema) or "")
        if dtype is None and all(v is None for v in values):
            dtype = pa.string()  # nothing to infer a type from
        arrays.append(pa.array(values, type=dtype))
    return pa.Table.from_arrays(arrays, names=columns)


class IncompleteListingWarning(UserWarning):
    """A DataFrame was made from one page of a listing that has more rows."""


class Records(list):  # type: ignore[type-arg]
    """A list of records (dicts) of one kind — what every listing returns.

    Iterating gives the dicts; :meth:`to_pandas`, :meth:`to_polars` and :meth:`to_arrow`
    give a frame with every column of the data model. A listing returns one page:
    ``has_more`` says whether more rows follow, ``next_cursor`` is the ``after=`` of the
    next page (None on the last one) and :meth:`next_page` fetches it. Converting a page
    that has more warns (:class:`IncompleteListingWarning`), so a frame of the first 100
    rows is never taken for all of them; ``db.iter_customers().to_pandas()`` reads all.
    """

    kind: str | None
    next_cursor: str | None
    _next_page: Callable[[str], "Records"] | None = None

    def __init__(
        self,
        records: Iterable[dict[str, Any]] = (),
        kind: str | None = None,
        *,
        next_cursor: str | None = None,
        next_page: Callable[[str], "Records"] | None = None,
    ) -> None:
        super().__init__(records)
        self.kind = kind
        self.next_cursor = next_cursor
        self._next_page = next_page

    def __reduce__(self) -> Any:
        # The way to the next page (a bound method of an open Database) stays behind.
        return (Records, (list(self), self.kind), {"next_cursor": self.next_cursor})

    @property
    def has_more(self) -> bool:
        """Whether the listing has rows after this page."""
        return self.next_cursor is not None

    @property
    def items(self) -> "Records":
        """The records themselves (kept from when a page held its items separately)."""
        return self

    def next_page(self) -> "Records":
        """The next page of the same listing (same filter and limit); an empty Records on
        the last page."""
        if self.next_cursor is None:
            return Records((), self.kind)
        if self._next_page is None:
            raise RuntimeError("this page is not tied to its listing (it was copied or unpickled): "
                               "call the listing again with after=next_cursor")
        return self._next_page(self.next_cursor)

    @overload
    def __getitem__(self, index: SupportsIndex) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> "Records": ...
    def __getitem__(self, index: Any) -> Any:
        item = super().__getitem__(index)
        return Records(item, self.kind) if isinstance(index, slice) else item

    def _warn_if_partial(self) -> None:
        if self.has_more:
            warnings.warn(
                f"these are the first {len(self)} {self.kind or 'record'}s of a listing that has more: "
                "use .next_page() / after=next_cursor, or the iter_* method (e.g. "
                "db.iter_customers().to_pandas()) for all of them",
                IncompleteListingWarning,
                stacklevel=3,
            )

    def to_pandas(self) -> "pandas.DataFrame":
        """The records as a pandas DataFrame (see :func:`records_to_pandas`)."""
        self._warn_if_partial()
        return records_to_pandas(self, self.kind)

    def to_polars(self) -> "polars.DataFrame":
        """The records as a polars DataFrame (needs polars: the ``polars`` extra)."""
        self._warn_if_partial()
        return records_to_polars(self, self.kind)

    def to_arrow(self) -> "pyarrow.Table":
        """The records as a pyarrow Table (needs pyarrow: the ``arrow`` extra)."""
        self._warn_if_partial()
        return records_to_arrow(self, self.kind)

    def __repr__(self) -> str:
        more = f", next_cursor={self.next_cursor!r} (more: .next_page())" if self.has_more else ""
        return f"Records({list.__repr__(self)}, kind={self.kind!r}{more})"


#: The former name of a page of a listing: pages are Records now.
Page = Records


class RecordIterator(Iterator[dict[str, Any]]):
    """Every record of a listing, fetched a page at a time as it is iterated (what the
    ``iter_*`` methods return). :meth:`to_records`, :meth:`to_pandas`, :meth:`to_polars` and
    :meth:`to_arrow` read the rest of it at once."""

    def __init__(self, first_page: Callable[[], Records], kind: str | None) -> None:
        self._first_page = first_page
        self._page: Records | None = None
        self._position = 0
        self.kind = kind

    def __iter__(self) -> "RecordIterator":
        return self

    def __next__(self) -> dict[str, Any]:
        if self._page is None:
            self._page = self._first_page()
        while self._position >= len(self._page):
            if not self._page.has_more:
                raise StopIteration
            self._page = self._page.next_page()
            self._position = 0
        record = self._page[self._position]
        self._position += 1
        return record

    def to_records(self) -> Records:
        """The records not yet iterated, as one :class:`Records`."""
        return Records(list(self), self.kind)

    def to_pandas(self) -> "pandas.DataFrame":
        return self.to_records().to_pandas()

    def to_polars(self) -> "polars.DataFrame":
        return self.to_records().to_polars()

    def to_arrow(self) -> "pyarrow.Table":
        return self.to_records().to_arrow()


def offset_pages(fetch: Callable[[int], list[dict[str, Any]]], kind: str, limit: int, after: str | None) -> Records:
    """One page of a listing the core bounds by a count only (search, points, merges):
    ``fetch(n)`` gives its first n rows; the cursor is the offset of the next page. One row
    more than the page is asked for, to know whether there are more."""
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise TypeError(f"limit must be an int, not {type(limit).__name__}")
    try:
        offset = int(after) if after else 0
    except ValueError:
        offset = -1
    if offset < 0:
        from ._errors import InvalidInputError

        raise InvalidInputError(f"field 'after': {after!r} is not a cursor of this listing", field="after",
                                reason=f"{after!r} is not a cursor of this listing")
    if limit < 1:
        from ._errors import InvalidInputError

        raise InvalidInputError("field 'limit': must be at least 1", field="limit", reason="must be at least 1")
    rows = fetch(offset + limit + 1)
    more = len(rows) > offset + limit
    return Records(rows[offset:offset + limit], kind, next_cursor=str(offset + limit) if more else None,
                   next_page=lambda cursor: offset_pages(fetch, kind, limit, cursor))
