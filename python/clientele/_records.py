"""Lists of records (plain dicts in the JSON form of docs/data-model.md) and pages of them,
with a conversion to pandas DataFrames."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence, SupportsIndex, overload

from . import _core

if TYPE_CHECKING:  # pandas is imported only when a DataFrame is asked for
    import pandas


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


def records_to_pandas(records: Sequence[dict[str, Any]], kind: str | None) -> "pandas.DataFrame":
    """A DataFrame with one row per record.

    For a known kind ("customer", "interaction", "user") every column of the data model is
    present, in the data model's order, even when no record has a value for it; instants are
    ``datetime64[ns, UTC]``, birthdays ``datetime.date`` objects, counts ``int64`` (``Int64``
    where some are missing), nested lists and dicts stay Python objects (an empty list/dict
    where a record has none) and missing text is NaN.
    """
    import pandas as pd

    schema = _SCHEMAS.get(kind) if kind else None
    columns: list[str] = list(schema.columns) if schema else []
    seen = set(columns)
    for record in records:
        for key in record:
            if key not in seen:
                seen.add(key)
                columns.append(key)
    data = {name: _column(name, [r.get(name) for r in records], schema) for name in columns}
    return pd.DataFrame(data, columns=columns, index=pd.RangeIndex(len(records)))


class Records(list):  # type: ignore[type-arg]
    """A list of records (dicts) of one kind, with :meth:`to_pandas`."""

    kind: str | None

    def __init__(self, records: Iterable[dict[str, Any]] = (), kind: str | None = None) -> None:
        super().__init__(records)
        self.kind = kind

    @overload
    def __getitem__(self, index: SupportsIndex) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> "Records": ...
    def __getitem__(self, index: Any) -> Any:
        item = super().__getitem__(index)
        return Records(item, self.kind) if isinstance(index, slice) else item

    def to_pandas(self) -> "pandas.DataFrame":
        """The records as a pandas DataFrame (see :func:`records_to_pandas`)."""
        return records_to_pandas(self, self.kind)

    def __repr__(self) -> str:
        return f"Records({list.__repr__(self)}, kind={self.kind!r})"


class Page:
    """One page of a listing: ``items`` and the ``next_cursor`` to pass as ``after`` for the
    next page (None on the last page). Iterating a page iterates its items."""

    __slots__ = ("items", "next_cursor")

    def __init__(self, items: Records, next_cursor: str | None) -> None:
        self.items = items
        self.next_cursor = next_cursor

    @property
    def has_more(self) -> bool:
        return self.next_cursor is not None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> dict[str, Any]:
        return self.items[index]

    def to_pandas(self) -> "pandas.DataFrame":
        return self.items.to_pandas()

    def __repr__(self) -> str:
        return f"Page({len(self.items)} {self.items.kind or 'record'}s, next_cursor={self.next_cursor!r})"
