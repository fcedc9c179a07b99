"""Python arguments into what the core takes: record references, records merged with keyword
fields, filters. Shared by :class:`clientele.Database` and its mixins (_merge, _points,
_duplicates), which import it rather than each other, so the package has no import cycle."""

from __future__ import annotations

import datetime as _dt
import uuid
from typing import Any, Iterable, Mapping

Record = dict[str, Any]
Ref = str | uuid.UUID | Mapping[str, Any]
Instant = str | _dt.datetime | _dt.date


def _ref(ref: Ref) -> str:
    """A customer, interaction or user reference: its UUID or external id as text, or a record
    read earlier (its "id")."""
    if isinstance(ref, str):
        return ref
    if isinstance(ref, uuid.UUID):
        return str(ref)
    if isinstance(ref, Mapping):
        for key in ("id", "external_id"):
            value = ref.get(key)
            if value:
                return str(value)
        raise ValueError("the record has neither an id nor an external_id to refer to it by")
    raise TypeError(f"expected an id (str), a UUID or a record, not {type(ref).__name__}")


def _merge(record: Mapping[str, Any] | None, fields: Mapping[str, Any], what: str) -> Record:
    if record is None:
        return dict(fields)
    if not isinstance(record, Mapping):
        raise TypeError(f"{what} must be a dict, not {type(record).__name__}")
    out = dict(record)
    out.update(fields)
    return out


def _customer(record: Mapping[str, Any]) -> Record:
    # A birthday is a date. pandas hands dates over as Timestamps (datetimes); take the date
    # of those so records built from a DataFrame work. Anything else goes to the core as is.
    birthday = record.get("birthday")
    if isinstance(birthday, _dt.datetime):
        record = dict(record)
        record["birthday"] = birthday.date()
    elif not isinstance(record, dict):
        record = dict(record)
    return record  # type: ignore[return-value]


def _dicts(records: Any, what: str) -> list[Record]:
    """Records from a list/iterable of dicts or a pandas DataFrame (one record per row)."""
    module = type(records).__module__ or ""
    if module.startswith("pandas") and hasattr(records, "to_dict"):
        records = records.to_dict("records")
    if isinstance(records, (str, bytes, Mapping)):
        raise TypeError(f"expected an iterable of {what}s, not a single {type(records).__name__}")
    return [dict(r) if not isinstance(r, dict) and isinstance(r, Mapping) else r for r in records]


def _tags(tags: str | Iterable[str]) -> list[str]:
    if isinstance(tags, str):
        return [tags]
    return list(tags)


def _filter(**values: Any) -> dict[str, Any]:
    """A filter dict from keyword arguments, dropping the unset ones. Instants may be ISO
    strings, datetimes (naive ones are taken as UTC) or dates (midnight UTC)."""
    return {key: value for key, value in values.items() if value is not None}
