"""The audit trail (docs/audit.md): the methods of :class:`clientele.Database` that list,
verify and prune it. Every change made through any layer is recorded with who, when and
from which layer, in the same transaction as the change; entries are hash-chained."""

from __future__ import annotations

import datetime as _dt
import uuid
from typing import Any, Mapping

from ._arguments import _filter, _ref
from ._records import Records

Ref = str | uuid.UUID | Mapping[str, Any]
Instant = str | _dt.datetime | _dt.date

__all__ = ["AuditMethods"]


class AuditMethods:
    """Mixed into :class:`clientele.Database`."""

    __slots__ = ()
    _core: Any

    def audit(
        self,
        *,
        customer: Ref | None = None,
        user: str | None = None,
        action: str | None = None,
        since: Instant | None = None,
        until: Instant | None = None,
        before_id: int | None = None,
        limit: int = 100,
    ) -> Records:
        """Audit entries, newest first (admins only). ``customer``: UUID or external id (an
        erased customer by its UUID); ``action``: exact, or a prefix ending in "." such as
        ``"customer."``; ``since <= at < until``; ``before_id`` pages back from an entry.
        Each entry: id, at, user, layer, action, customer, target, detail (a dict, None once
        the person was erased), redacted, hash. One page of ``limit`` entries: ``has_more``
        says whether older ones follow, ``next_page()`` fetches them (``next_cursor`` is the
        ``before_id`` of the next page). ``.to_pandas()`` gives a DataFrame."""
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError(f"limit must be an int, not {type(limit).__name__}")
        f = _filter(
            customer=None if customer is None else _ref(customer),
            user=user,
            action=action,
            **{"from": since, "to": until},
            before_id=before_id,
            # One more, to know whether there are more (within the core's 1..10000).
            limit=limit + 1 if 1 <= limit < 10000 else limit,
        )
        entries = self._core.audit_list(f)
        more = len(entries) > limit or (limit == 10000 and len(entries) == limit)
        entries = entries[:limit]
        return Records(entries, "audit", next_cursor=str(entries[-1]["id"]) if more else None,
                       next_page=lambda cursor: self.audit(customer=customer, user=user, action=action, since=since,
                                                           until=until, before_id=int(cursor), limit=limit))

    def audit_verify(self, anchor_id: int = 0, anchor_hash: str = "") -> dict[str, Any]:
        """Verifies the hash chain of the whole trail: ``{"ok", "entries", "redacted",
        "first_id", "last_id", "pruned_through", "head_hash", "problems"}``. Keep
        ``(last_id, head_hash)`` outside the file and pass them back as the anchor to catch a
        trail rewritten from there on."""
        return self._core.audit_verify(anchor_id, anchor_hash)

    def audit_prune(self, as_of: Instant) -> int:
        """Removes entries older than ``as_of`` minus the setting ``audit.retention_days``
        (nothing when 0, the default); returns how many (admins only)."""
        return self._core.audit_prune({"as_of": as_of})
