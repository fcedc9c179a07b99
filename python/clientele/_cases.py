"""Service cases (docs/service.md): the methods of :class:`clientele.Database` that open and
change complaint and suggestion cases, list them, escalate the ones past their SLA
deadlines, read and set the SLA policy, and compute the survey/service report. The rules
(workflow, business-hours SLA, breach, escalation, NPS and CSAT) live in the C++ core,
which runs with the GIL released."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Mapping

from . import _core
from ._arguments import Instant, Record, _filter, _ref
from ._import_export import _instant_text
from ._records import Records, offset_pages

if TYPE_CHECKING:
    import pandas

__all__ = ["CaseMethods", "CASE_STATUSES"]

#: The statuses of each case type, in workflow order.
CASE_STATUSES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _core.case_statuses.items()}

CustomerRef = str | uuid.UUID | Mapping[str, Any]


def _instant(value: Instant, field: str) -> str:
    text = _instant_text(value)
    if not isinstance(text, str):
        raise TypeError(f"{field} must be an ISO 8601 string, a datetime or a date, not {type(value).__name__}")
    return text


class CaseMethods:
    """Mixed into :class:`clientele.Database`."""

    __slots__ = ()
    _core: Any

    def open_case(
        self,
        customer: CustomerRef | None = None,
        *,
        interaction: CustomerRef | None = None,
        type: str = "complaint",
        priority: str = "normal",
        assignee: str | None = None,
        channel: str | None = None,
        subject: str | None = None,
        body: str | None = None,
        at: Instant | None = None,
        resolution_due: Instant | None = None,
        note: str | None = None,
    ) -> Record:
        """Opens a case for ``customer`` (a new complaint or suggestion interaction is
        recorded, at ``at``) or for an existing complaint/suggestion ``interaction``, and
        returns it. Deadlines come from the SLA policy in business hours unless
        ``resolution_due`` (in the future) is given. Raises ConflictError when the
        interaction already has a case."""
        opening = _filter(
            customer=None if customer is None else _ref(customer),
            interaction=None if interaction is None else _ref(interaction),
            priority=priority, assignee=assignee, channel=channel, subject=subject, body=body, at=at,
            resolution_due=resolution_due, note=note,
        )
        if interaction is None:
            opening["type"] = type
        return self._core.open_case(opening)

    def update_case(
        self,
        case_id: int,
        *,
        status: str | None = None,
        priority: str | None = None,
        assignee: str | None = None,
        resolution_due: Instant | None = None,
        note: str | None = None,
        at: Instant | None = None,
    ) -> Record:
        """Applies one change to case ``case_id`` and returns the case. A status change must
        follow the workflow (InvalidInputError, field "status", otherwise); ``at`` (default
        now) may not be before the case's last change nor in the future."""
        change = _filter(status=status, priority=priority, assignee=assignee, resolution_due=resolution_due,
                         note=note, at=at)
        return self._core.update_case(case_id, change)

    def get_case(self, case_id: int) -> Record:
        """The case with its ``history`` (who changed what, when)."""
        return self._core.get_case(case_id)

    def cases(
        self,
        *,
        customer: CustomerRef | None = None,
        type: str | None = None,
        status: str | None = None,
        assignee: str | None = None,
        open: bool = False,
        breached_as_of: Instant | None = None,
        limit: int = 100,
        after: str | None = None,
    ) -> Records:
        """Visible cases, newest first, as records (``.to_pandas()`` gives a DataFrame).
        ``breached_as_of`` keeps the open cases past a deadline at that time. One page of
        ``limit`` cases (``has_more``, ``next_page()``, or ``after=next_cursor``)."""
        f = _filter(customer=None if customer is None else _ref(customer), type=type, status=status,
                    assignee=assignee, breached_as_of=breached_as_of)
        if open:
            f["open"] = True
        return offset_pages(lambda n: self._core.list_cases({**f, "limit": n}), "case", limit, after)

    def escalate_cases(self, as_of: Instant) -> Records:
        """Escalates every visible open case past a deadline at ``as_of`` to a manager of its
        customer owner's team; returns the cases escalated."""
        return Records(self._core.escalate_cases(_instant(as_of, "as_of")), "case")

    def sla_policy(self) -> Record:
        """The SLA policy in force: ``utc_offset``, ``days``, ``hours``, ``holidays`` and the
        ``priorities``' first-response and resolution targets."""
        return self._core.sla_policy()

    def set_sla_policy(self, policy: Mapping[str, Any]) -> None:
        """Replaces the SLA policy (admins); absent keys take the defaults. Raises
        InvalidInputError naming the field that does not parse."""
        self._core.set_sla_policy(dict(policy))

    def service_report(self, from_: Instant, to: Instant, *, currency: str | None = None) -> "pandas.DataFrame":
        """Surveys (NPS, CSAT, response rate) and cases (volumes, time to first response and
        to resolution, SLA breach rate) in ``[from_, to)`` by month, owner, channel, segment,
        value tier and lifecycle stage: one row per (dimension, group), "all" first."""
        import pandas as pd

        report = self._core.service_report(_instant(from_, "from_"), _instant(to, "to"), currency or "")
        columns = ["dimension", "group", "surveys", "answered", "response_rate", "nps_responses", "promoters",
                   "passives", "detractors", "nps", "csat_responses", "csat_1", "csat_2", "csat_3", "csat_4",
                   "csat_5", "csat_mean", "complaints", "suggestions", "responded", "resolved",
                   "first_response_median_hours", "first_response_p90_hours", "resolution_median_hours",
                   "resolution_p90_hours", "breached", "breach_rate"]
        frame = pd.DataFrame(report["rows"], columns=columns)
        for c in ("response_rate", "nps", "csat_mean", "first_response_median_hours", "first_response_p90_hours",
                  "resolution_median_hours", "resolution_p90_hours", "breach_rate"):
            frame[c] = frame[c].astype("float64")
        return frame
