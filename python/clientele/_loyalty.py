"""The loyalty program (docs/loyalty.md): the methods of :class:`clientele.Database` that set
the rule set, run expiry and level evaluation, and read lots, past balances and level
history. Recording or importing a purchase earns its points by itself once a rule set with
``earn`` is configured. The work is done by the C++ core with the GIL released."""

from __future__ import annotations

import json
from typing import Any, Mapping

from ._arguments import Instant, Record, Ref, _filter, _ref

__all__ = ["LoyaltyMethods"]


class LoyaltyMethods:
    """Mixed into :class:`clientele.Database`."""

    __slots__ = ()
    _core: Any

    def set_loyalty_rules(self, rules: Mapping[str, Any] | str) -> None:
        """Replaces the rule set (a dict, or its JSON text; ``{}`` clears it) after
        validating all of it: InvalidInputError naming the field (``campaigns[1].from``) for
        text that does not parse, negative multipliers, overlapping campaigns; nothing is
        written then."""
        self._core.set_loyalty_rules(rules if isinstance(rules, str) else json.dumps(dict(rules), ensure_ascii=False))

    def loyalty_rules(self) -> Record:
        """The stored rule set as a dict (``{}`` when none)."""
        return json.loads(self._core.loyalty_rules())

    def expire_points_due(self, as_of: Instant | None = None) -> Record:
        """Expires what is left of every lot due by ``as_of`` (default now), each dated when
        its lot expired; running it again writes nothing. Returns ``{"customers",
        "entries", "points"}``."""
        return self._core.expire_points_due(_filter(as_of=as_of))

    def evaluate_levels(self, as_of: Instant | None = None) -> list[Record]:
        """Puts every visible customer on the level its rolling spend or points give at
        ``as_of`` (upgrades at once, downgrades at the review date) and returns the changes
        made: ``[{"customer_id", "from", "to", "at", "basis_value"}]``."""
        return self._core.evaluate_levels(_filter(as_of=as_of))

    def level_history(self, customer: Ref) -> list[Record]:
        """The customer's level changes, oldest first."""
        return self._core.level_history(_ref(customer))

    def points_lots(self, customer: Ref, as_of: Instant | None = None) -> list[Record]:
        """The customer's lots as of ``as_of`` (default now), oldest first: ``{"entry_id",
        "at", "expires_at", "points", "remaining"}``; redemptions take from the oldest."""
        return self._core.points_lots(_ref(customer), _filter(as_of=as_of))

    def points_balance_at(self, customer: Ref, at: Instant) -> int:
        """The balance as it stood at ``at`` (entries dated at or before it)."""
        return self._core.points_balance_at(_ref(customer), {"as_of": at})

    def void_points(self, entry: int, reason: str = "") -> Record:
        """Cancels ledger entry ``entry`` (its id) with an opposite entry naming it, and
        returns that entry. NotFoundError for an unknown id; InvalidInputError (field
        "entry") for a void of a void or of an entry voided already."""
        return self._core.void_points(entry, reason)
