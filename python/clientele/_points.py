"""A customer's loyalty points ledger (docs/points.md): the methods of
:class:`clientele.Database` that record points and read the balance and history. The ledger
is append-only; its entries carry their sign (earned points positive, redeemed and expired
ones negative) and no entry may take a balance below zero. The work is done by the C++ core
with the GIL released."""

from __future__ import annotations

import datetime as _dt
import uuid
from typing import Any, Mapping

from . import _core
from ._arguments import _filter, _merge, _ref

from ._errors import InvalidInputError
from ._records import Records, offset_pages

Record = dict[str, Any]
Ref = str | uuid.UUID | Mapping[str, Any]
Instant = str | _dt.datetime | _dt.date

__all__ = ["PointsMethods", "POINTS_KINDS"]

#: The kinds of ledger entry.
POINTS_KINDS: tuple[str, ...] = tuple(_core.points_kinds)


def _amount(points: int, what: str) -> int:
    """The positive amount add_points / redeem_points / expire_points take."""
    if isinstance(points, bool) or not isinstance(points, int):
        raise TypeError(f"points must be an int, not {type(points).__name__}")
    if points <= 0:
        reason = f"give the number of points to {what} as a positive number, not {points}"
        raise InvalidInputError(f"field 'points': {reason}", field="points", reason=reason)
    return points


class PointsMethods:
    """Mixed into :class:`clientele.Database`."""

    __slots__ = ()
    _core: Any

    def record_points(self, customer: Ref, entry: Mapping[str, Any] | None = None, /, **fields: Any) -> Record:
        """Appends one entry (a dict and/or keyword fields: ``kind``, ``points``, ``reason``,
        ``reference``, ``at``) to the customer's ledger and returns it as stored. ``points``
        is signed as stored: earn > 0, redeem and expire < 0, adjust any non-zero value;
        ``at`` defaults to now. Raises InvalidInputError (field "points") for a wrong sign,
        zero, or an entry that would take the balance below zero."""
        return self._core.record_points(_ref(customer), _merge(entry, fields, "an entry"))

    def add_points(self, customer: Ref, points: int, reason: str = "", *, reference: str = "",
                   at: Instant | None = None) -> Record:
        """Gives the customer ``points`` (positive) as an "earn" entry."""
        return self._record(customer, "earn", _amount(points, "add"), reason, reference, at)

    def redeem_points(self, customer: Ref, points: int, reason: str = "", *, reference: str = "",
                      at: Instant | None = None) -> Record:
        """Spends ``points`` (given positive, stored as a negative "redeem" entry); refused
        with InvalidInputError when the balance is smaller."""
        return self._record(customer, "redeem", -_amount(points, "redeem"), reason, reference, at)

    def expire_points(self, customer: Ref, points: int, reason: str = "", *, reference: str = "",
                      at: Instant | None = None) -> Record:
        """Lets ``points`` lapse (given positive, stored as a negative "expire" entry)."""
        return self._record(customer, "expire", -_amount(points, "expire"), reason, reference, at)

    def points_balance(self, customer: Ref) -> int:
        """The sum of the customer's entries (0 when there are none)."""
        return self._core.points_balance(_ref(customer))

    def points_history(
        self,
        customer: Ref,
        *,
        kind: str | None = None,
        from_: Instant | None = None,
        to: Instant | None = None,
        limit: int = 100,
        after: str | None = None,
    ) -> Records:
        """The customer's entries, newest first (``from_ <= at < to``), as records;
        ``.to_pandas()`` gives a DataFrame. One page of ``limit`` entries (``has_more``,
        ``next_page()``, or ``after=next_cursor``)."""
        f = _filter(kind=kind, **{"from": from_, "to": to})
        ref = _ref(customer)
        return offset_pages(lambda n: self._core.points_history(ref, {**f, "limit": n}), "points", limit, after)

    def _record(self, customer: Ref, kind: str, points: int, reason: str, reference: str,
                at: Instant | None) -> Record:
        entry: Record = {"kind": kind, "points": points, "reason": reason, "reference": reference}
        if at is not None:
            entry["at"] = at
        return self.record_points(customer, entry)
