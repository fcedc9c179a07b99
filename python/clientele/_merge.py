"""Merging duplicate customers into one survivor and undoing it (docs/merge.md).

The methods of :class:`clientele.Database` for merges live here; the work (survivorship,
moving contacts and interactions, the exact before-images an undo writes back) is done by
the C++ core with the GIL released.
"""

from __future__ import annotations

import uuid
from typing import Any, Iterable, Mapping

from . import _core
from ._arguments import _ref
from ._records import Records, offset_pages

Record = dict[str, Any]

__all__ = ["MergeMethods", "MERGE_RULES", "MERGE_RULE_FIELDS"]

#: How a field of the survivor is chosen (docs/merge.md), from the core's MergeRule.
MERGE_RULES: tuple[str, ...] = tuple(_core.merge_rules)
#: The fields a rule may be given for (clientele::merge_rule_fields()).
MERGE_RULE_FIELDS: tuple[str, ...] = tuple(_core.merge_rule_fields)


class MergeMethods:
    """Mixed into :class:`clientele.Database`."""

    __slots__ = ()
    _core: Any

    def merge(
        self,
        ids: Iterable[str | uuid.UUID | Mapping[str, Any]],
        survivor: str | uuid.UUID | Mapping[str, Any] | None = None,
        dry_run: bool = False,
        rules: Mapping[str, str] | None = None,
    ) -> Record:
        """Merges the customers ``ids`` (UUIDs, external ids or records) into one survivor.

        ``survivor`` names the customer that stays (it may also be among ``ids``); ``None``
        picks the most complete record. ``rules`` chooses per field how the survivor's value
        is picked, e.g. ``{"notes": "survivor", "name": "most_recent"}`` (see
        ``MERGE_RULES`` and ``MERGE_RULE_FIELDS``). With ``dry_run=True`` nothing is
        written. Returns ``{"merge_id", "dry_run", "survivor", "merged", "moved"}``: the
        merge's id (None on a dry run: nothing was written), the survivor as it is (would
        be) afterwards, the merged customers as they were, and every record that moves
        (``{"kind", "from", "value", "duplicate"}``).
        """
        if isinstance(ids, (str, bytes, Mapping)):
            raise TypeError("ids must be a list of customer ids, not a single one")
        refs = [_ref(i) for i in ids]
        return self._core.merge(refs, "" if survivor is None else _ref(survivor), dry_run,
                                None if rules is None else dict(rules))

    def unmerge(self, ref: str | uuid.UUID | Mapping[str, Any]) -> Record:
        """Undoes a merge, given its ``merge_id`` or a customer (the survivor or a merged
        one: its latest merge is undone). Every row gets back its exact previous state.
        Raises NotFoundError if the customer was never merged, ConflictError if the merge was
        undone already or the survivor changed since."""
        return self._core.unmerge(_ref(ref))

    def merges(
        self,
        customer: str | uuid.UUID | Mapping[str, Any] | None = None,
        status: str | None = None,
        limit: int = 100,
        after: str | None = None,
    ) -> Records:
        """Merges whose survivor you can see, newest first; optionally only those of one
        customer or with one status ("applied", "undone"). One page of ``limit`` records
        (``has_more``, ``next_page()``, or ``after=next_cursor``)."""
        f: dict[str, Any] = {}
        if customer is not None:
            f["customer"] = _ref(customer)
        if status is not None:
            f["status"] = status
        return offset_pages(lambda n: self._core.merges({**f, "limit": n}), "merge", limit, after)

    def merge_clusters(
        self,
        clusters: Iterable[Iterable[str] | Mapping[str, Any]],
        threshold: float,
        rules: Mapping[str, str] | None = None,
        dry_run: bool = False,
    ) -> Records:
        """Merges each cluster (a list of customer ids, or ``{"ids": [...], "score": 0.97,
        "survivor": ...}``) scoring at least ``threshold``, each in its own transaction, and
        leaves the others for review. Returns one outcome per cluster: ``{"action":
        "merged"|"review"|"single"|"failed", "merge_id", "survivor", "error", "message"}``
        (``merge_id`` None unless a merge was written), as :class:`Records`; a failed
        cluster is left as it was and does not stop the others. ``dry_run=True`` works out
        the same outcomes and writes nothing."""
        items: list[Any] = []
        for c in clusters:
            if isinstance(c, Mapping):
                items.append(dict(c))
            else:
                items.append([_ref(i) for i in c])
        return Records(self._core.merge_clusters(items, float(threshold), bool(dry_run),
                                                 None if rules is None else dict(rules)), "cluster outcome")

    def deduplicate(
        self,
        *,
        threshold: float = 0.9,
        review_threshold: float = 0.5,
        region: str = "CN",
        threads: int = 0,
        rules: Mapping[str, str] | None = None,
        dry_run: bool = False,
    ) -> Record:
        """The periodic cleanup: finds the duplicates among the active customers you can see
        (the dedupe engine) and merges every cluster at or above ``threshold``, then looks
        again until a pass merges nothing, so calling it twice merges nothing the second
        time. The same store always gives the same merges; all of it is one transaction
        (a crash leaves the store as it was). ``dry_run=True`` makes one pass and writes
        nothing. Returns ``{"records", "clusters", "candidate_pairs", "rejected_merges"
        (of the first pass), "passes", "merged_clusters", "failed_clusters", "outcomes"}``."""
        return self._core.deduplicate(region, float(threshold), float(review_threshold), int(threads),
                                      dry_run, None if rules is None else dict(rules))
