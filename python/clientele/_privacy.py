"""Privacy requests (PIPL / GDPR, docs/privacy.md): the methods of :class:`clientele.Database`
that anonymize a customer, export everything held about a person, and apply retention rules.
Admins only. The work is done by the C++ core with the GIL released."""

from __future__ import annotations

import datetime as _dt
import os
import uuid
from typing import Any, Mapping

from ._arguments import _ref
from ._records import Records

Record = dict[str, Any]
Ref = str | uuid.UUID | Mapping[str, Any]
Instant = str | _dt.datetime | _dt.date
PathLike = str | os.PathLike[str]

__all__ = ["PrivacyMethods"]


class PrivacyMethods:
    """Mixed into :class:`clientele.Database`."""

    __slots__ = ()
    _core: Any

    def anonymize(self, customer: Ref) -> Record:
        """Wipes the customer's personal fields irreversibly (names, contacts, addresses,
        birthday, notes, consent, external id, personal custom fields, its interactions' free
        text, its merges' before-images) and keeps it as a pseudonymous record with status
        "anonymized", so analytics stay right. Returns the customer as stored."""
        return self._core.anonymize(_ref(customer))

    def subject_export(self, customer: Ref, dir: PathLike) -> Record:
        """Writes everything held about the person into ``dir``: subject.json, profile.csv,
        interactions.csv, points.csv, reminders.csv, cases.csv (existing files are never overwritten). Returns
        ``{"files": [...], "interactions": n, "points_entries": n, "merges": n,
        "reminders": n, "cases": n, "level_changes": n}``."""
        return self._core.subject_export(_ref(customer), os.fspath(dir))

    def apply_retention(self, as_of: Instant, *, prospect_days: int, dry_run: bool = True) -> Records:
        """Prospects (no purchase ever) untouched for ``prospect_days`` days before ``as_of``:
        listed in a dry run (the default), deleted otherwise. Returns those customers."""
        if isinstance(prospect_days, bool) or not isinstance(prospect_days, int):
            raise TypeError(f"prospect_days must be an int, not {type(prospect_days).__name__}")
        out = self._core.apply_retention({"as_of": as_of, "prospect_days": prospect_days, "dry_run": bool(dry_run)})
        return Records(out["customers"], "customer")
