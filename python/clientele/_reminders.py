"""Care reminders (docs/reminders.md): the methods of :class:`clientele.Database` that list
the reminders due by a day — birthdays (29 February on 28 February or 1 March in common
years), first-purchase anniversaries, Gregorian and Chinese lunar holidays, customers not
contacted for too long, contact details due for re-verification, win-back of customers
entering at_risk or churned, follow-ups added by hand — and mark them done, snoozed or
dismissed. Generation is idempotent and role-filtered; the work is done by the C++ core
with the GIL released."""

from __future__ import annotations

import datetime as _dt
import re
import uuid
from typing import Any, Mapping

from ._arguments import _merge, _ref
from ._records import Records

Record = dict[str, Any]
Ref = str | uuid.UUID | Mapping[str, Any]
Day = str | _dt.date

__all__ = ["ReminderMethods"]


def _horizon(horizon: int | str | _dt.timedelta) -> int:
    """Days from 7, "7d", "2w" or a timedelta of whole days (the core checks the range)."""
    if isinstance(horizon, _dt.timedelta):
        return horizon.days
    if isinstance(horizon, str):
        m = re.fullmatch(r"\s*(-?\d+)\s*([dw]?)\s*", horizon)
        if not m:
            raise ValueError(f"horizon {horizon!r} is not a number of days (7, '7d', '2w')")
        return int(m.group(1)) * (7 if m.group(2) == "w" else 1)
    if isinstance(horizon, bool) or not isinstance(horizon, int):
        raise TypeError(f"horizon must be an int, a string such as '7d' or a timedelta, not {type(horizon).__name__}")
    return horizon


class ReminderMethods:
    """Mixed into :class:`clientele.Database`."""

    __slots__ = ()
    _core: Any

    def reminders(self, as_of: Day, horizon: int | str | _dt.timedelta = 7, *, owner: str | None = None) -> Records:
        """The open and snoozed reminders due by ``as_of + horizon`` days (overdue ones
        included), by due date, as records (``.to_pandas()`` gives a DataFrame): each with its
        ``reason``, ``owner`` and a suggested ``channel`` the customer has not denied. The
        day's reminders are generated first (idempotent) unless this connection is read-only
        or a viewer's. A salesperson sees their own customers', a manager their team's;
        ``owner`` narrows to one salesperson's customers."""
        return Records(self._core.reminders_due(as_of, _horizon(horizon), owner or ""), "reminder")

    def generate_reminders(self, as_of: Day, horizon: int | str | _dt.timedelta = 7) -> int:
        """Generates the reminders due in ``[as_of, as_of + horizon]`` and returns how many were
        new (0 the second time for the same day)."""
        return self._core.reminders_generate(as_of, _horizon(horizon))

    def reminder(self, id: int) -> Record:
        """One reminder by id; NotFoundError when absent or its customer is not visible."""
        return self._core.reminder_get(id)

    def customer_reminders(self, customer: Ref) -> Records:
        """Every reminder of one customer, whatever its status (done, dismissed ones too), by
        due date. Generates nothing."""
        return Records(self._core.reminders_of_customer(_ref(customer)), "reminder")

    def add_follow_up(self, customer: Ref, due_on: Day, reason: str = "", *, note: str = "") -> Record:
        """Adds a follow-up by hand, due on ``due_on`` (today or later)."""
        return self._core.reminder_add({"customer": _ref(customer), "due_on": due_on, "reason": reason, "note": note})

    def complete_reminder(self, id: int, *, interaction: Mapping[str, Any] | None = None, note: str = "",
                          **fields: Any) -> Record:
        """Marks a reminder done. ``interaction`` (a dict and/or keyword fields such as
        ``kind="call"``, ``channel="wechat"``): an interaction with the reminder's customer,
        recorded in the same transaction."""
        outcome: Record = {"note": note}
        if interaction is not None or fields:
            outcome["interaction"] = _merge(interaction, fields, "an interaction")
        return self._core.reminder_done(id, outcome)

    def snooze_reminder(self, id: int, until: Day) -> Record:
        """Hides a reminder until ``until`` (today or later)."""
        return self._core.reminder_snooze(id, until)

    def dismiss_reminder(self, id: int, note: str = "") -> Record:
        """Dismisses a reminder."""
        return self._core.reminder_dismiss(id, note)

    def reminder_rules(self) -> Record:
        """The reminder rules as stored (the defaults when none were set)."""
        return self._core.reminder_rules()

    def set_reminder_rules(self, rules: Mapping[str, Any] | None = None, /, **changes: Any) -> Record:
        """Changes the rules (admins and managers): ``rules`` as :meth:`reminder_rules`
        returns them (absent keys take their defaults), or the stored rules when not given,
        with ``changes`` on top (``set_reminder_rules(birthday=False)``). Returns the rules as
        stored. InvalidInputError naming the field for a negative number of days, an
        unknown key, holiday, tier or channel; nothing is written then."""
        base = self._core.reminder_rules() if rules is None else rules
        self._core.reminder_set_rules(_merge(base, changes, "rules"))
        return self._core.reminder_rules()
