"""The per-insert duplicate check (docs/dedupe.md): the methods of :class:`clientele.Database`
that ask the store which existing customers a new one probably is. The work (index look-ups,
the dedupe engine's scoring) is done by the C++ core with the GIL released."""

from __future__ import annotations

import uuid
from typing import Any, Mapping

from ._arguments import _customer, _ref
from ._records import Records

Record = dict[str, Any]

__all__ = ["DuplicateMethods"]


class DuplicateMethods:
    """Mixed into :class:`clientele.Database`."""

    __slots__ = ()
    _core: Any

    def find_duplicates(self, customer: Mapping[str, Any], threshold: float = 0.5) -> Records:
        """Existing customers that are likely the same person as ``customer`` (a customer
        dict as for ``create_customer``; nothing is stored): active customers you can see
        with the same email, phone or name, scored by the dedupe engine. Returns those whose
        probability is at least ``threshold``, best first, as ``{"id", "display_name",
        "score", "weight", "fields": [{"field", "level", "weight"}]}`` in :class:`Records`
        (``.to_pandas()``)."""
        if not isinstance(customer, Mapping):
            raise TypeError(f"customer must be a mapping, not {type(customer).__name__}")
        return Records(self._core.find_duplicates(_customer(customer), float(threshold)), "duplicate")

    def explain(self, a: str | uuid.UUID | Mapping[str, Any], b: str | uuid.UUID | Mapping[str, Any]) -> Record:
        """Why two stored customers (ids, external ids or records) do or do not match:
        ``{"a", "b", "prior_weight", "weight", "probability", "fields": [{"field", "level",
        "weight"}]}``; the weights are log2 odds and add up to ``weight``."""
        return self._core.explain(_ref(a), _ref(b))
