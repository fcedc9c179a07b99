"""`clientele.Database`: the customer store, with Python conveniences over the C++ API.

Every method forwards to the C++ core (clientele._core), which checks the current user's
role, validates, and runs the call with the GIL released. Records are plain dicts in the
JSON form of docs/data-model.md.
"""

from __future__ import annotations

import datetime as _dt
import os
import pathlib
import uuid
from types import TracebackType
from typing import Any, Callable, Iterable, Mapping

from . import _core
from ._arguments import Instant, Record, Ref, _customer, _dicts, _filter, _merge, _ref, _tags
from ._errors import NotFoundError, missing_file
from ._import_export import ImportExportMixin
from ._duplicates import DuplicateMethods
from ._merge import MergeMethods
from ._backup import BackupMethods
from ._points import PointsMethods
from ._reminders import ReminderMethods
from ._cases import CaseMethods
from ._loyalty import LoyaltyMethods
from ._privacy import PrivacyMethods
from ._audit import AuditMethods
from ._cohorts import CohortMethods
from ._report import ReportMethods
from ._records import Records, RecordIterator, offset_pages

__all__ = ["Database", "Transaction"]


def _customer_filter(
    tag: str | None,
    owner: str | None,
    kind: str | None,
    status: str | None,
    created_from: Instant | None,
    created_to: Instant | None,
    updated_from: Instant | None,
    updated_to: Instant | None,
    consented: str | None = None,
) -> dict[str, Any]:
    """The filter of :meth:`Database.list_customers` and :meth:`Database.count_customers`."""
    return _filter(tag=tag, owner=owner, kind=kind, status=status,
                   created_from=created_from, created_to=created_to,
                   updated_from=updated_from, updated_to=updated_to, consented=consented)


def _interaction_filter(
    customer: Ref | None,
    kind: str | None,
    from_: Instant | None,
    to: Instant | None,
    owner: str | None,
) -> dict[str, Any]:
    """The filter of :meth:`Database.list_interactions` and :meth:`Database.count_interactions`."""
    return _filter(customer=None if customer is None else _ref(customer), kind=kind,
                   owner=owner, **{"from": from_, "to": to})


def _every_page(list_page: Callable[..., Records], page_size: int, filter: dict[str, Any],
                kind: str) -> RecordIterator:
    """Every record a list method returns for the filter, fetched a page at a time."""
    return RecordIterator(lambda: list_page(limit=page_size, **filter), kind)


class Transaction:
    """An explicit transaction, used as a context manager (see :meth:`Database.transaction`).

    Leaving the ``with`` block normally commits; leaving it by an exception rolls back every
    change made inside it. :meth:`commit` and :meth:`rollback` end it early.
    """

    __slots__ = ("_db", "_open")

    def __init__(self, db: Database) -> None:
        self._db = db
        self._open = False

    def __enter__(self) -> Transaction:
        self._db._core.begin()
        self._open = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._open:
            return
        self._open = False
        if exc_type is None:
            self._db._core.commit()
        else:
            self._db._core.rollback()

    @property
    def active(self) -> bool:
        return self._open

    def commit(self) -> None:
        """Commits now; the rest of the ``with`` block runs outside any transaction."""
        if self._open:
            self._open = False
            self._db._core.commit()

    def rollback(self) -> None:
        """Rolls back now; the rest of the ``with`` block runs outside any transaction."""
        if self._open:
            self._open = False
            self._db._core.rollback()


class Database(
    ImportExportMixin, MergeMethods, DuplicateMethods, PointsMethods, BackupMethods, PrivacyMethods, AuditMethods,
    CohortMethods, ReminderMethods, CaseMethods, LoyaltyMethods, ReportMethods,
):
    """A clientele store (one SQLite file), opened as one user.

    ``Database(path, user="admin", create=False, read_only=False)``: with ``create`` the file
    and its schema are made when missing, with ``user`` as the first admin. Use it as a
    context manager to close it at the end of a block.

    Credentials (docs/security.md): ``password`` is checked whenever given and needed where
    the database requires credentials; ``new_password`` changes it at this login (required
    after an admin's reset); ``trusted_host=True`` (the application authenticated the user
    itself) and ``os_user=True`` (the user is this process's OS account) are accepted only
    where an admin allowed them. A refusal is ``PermissionDeniedError`` ("authentication
    failed"), the same for an unknown user as for a wrong password, and is logged.

    Encryption at rest (docs/security.md): ``passphrase`` (Argon2id) or ``key`` (32 bytes, or
    64 hex digits) opens an encrypted database, or with ``create`` makes a new one encrypted.
    A wrong one is ``PermissionDeniedError`` ("wrong key, ...") and writes nothing;
    :func:`clientele.rekey` changes it.

    One Database is one connection. Calls from several threads are safe (they take turns);
    for parallel reads open one Database per thread. Long calls release the GIL.
    """

    __slots__ = ("_core", "__weakref__")

    def __init__(
        self,
        path: str | os.PathLike[str],
        user: str = "admin",
        create: bool = False,
        read_only: bool = False,
        password: str = "",
        new_password: str = "",
        trusted_host: bool = False,
        os_user: bool = False,
        passphrase: str = "",
        key: str | bytes = "",
    ) -> None:
        try:
            self._core = _core.Database(
                path,
                user,
                create=create,
                read_only=read_only,
                password=password,
                new_password=new_password,
                trusted_host=trusted_host,
                os_user=os_user,
                passphrase=passphrase,
                key=key,
            )
        except NotFoundError as e:
            missing = None if create else missing_file(path, e)
            if missing is None:
                raise
            raise missing from None

    # ---- life cycle ------------------------------------------------------------------------
    def close(self) -> None:
        """Closes the connection, rolling back an open transaction. Closing twice is fine."""
        self._core.close()

    @property
    def closed(self) -> bool:
        return self._core.closed

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._core.closed:
            return "<clientele.Database (closed)>"
        return f"<clientele.Database {str(self.path)!r} user={self.user['username']!r}>"

    @property
    def user(self) -> Record:
        """The user this connection acts as (a user record)."""
        return self._core.user

    @property
    def path(self) -> pathlib.Path:
        return self._core.path

    def transaction(self) -> Transaction:
        """``with db.transaction(): ...`` — commit on success, roll back on an exception.

        Transactions do not nest. Bulk work inside one is much faster than call by call.
        """
        return Transaction(self)

    @property
    def in_transaction(self) -> bool:
        return self._core.in_transaction

    # ---- customers ---------------------------------------------------------------------------
    def create_customer(self, customer: Mapping[str, Any] | None = None, /, **fields: Any) -> Record:
        """Validates and stores a new customer, given as a dict and/or keyword fields; returns
        it as stored (with id, version 1, normalized contacts, ...)."""
        return self._core.create_customer(_customer(_merge(customer, fields, "a customer")))

    def create_customers(self, customers: Iterable[Mapping[str, Any]] | Any) -> Records:
        """Stores many customers (dicts, or the rows of a DataFrame) in one call: all or
        nothing, inside the open transaction or one of its own. An error names the 1-based
        row."""
        records = [_customer(r) for r in _dicts(customers, "customer")]
        return Records(self._core.create_customers(records), "customer")

    def get_customer(self, ref: Ref) -> Record:
        """The customer with this id or external_id; NotFoundError when absent or not
        visible to the current user."""
        return self._core.get_customer(_ref(ref))

    def find_customer(self, ref: Ref) -> Record | None:
        """Like :meth:`get_customer`, but None when there is no such (visible) customer."""
        return self._core.find_customer(_ref(ref))

    def update_customer(
        self,
        ref: Ref,
        patch: Mapping[str, Any],
        expected_version: int | None = None,
    ) -> Record:
        """Applies a JSON merge patch (None deletes a field) if the customer is still at
        ``expected_version``; ConflictError otherwise, and nothing changes.

        ``ref`` may be the customer record read earlier, whose ``version`` is then the
        expected one unless given.
        """
        if expected_version is None:
            if isinstance(ref, Mapping) and "version" in ref:
                expected_version = int(ref["version"])
            else:
                raise TypeError("update_customer() needs expected_version (or a record with a version)")
        patch = _customer(patch) if isinstance(patch, Mapping) else patch
        return self._core.update_customer(_ref(ref), patch, int(expected_version))

    def save_customer(self, customer: Mapping[str, Any]) -> Record:
        """Stores a modified copy of a customer read earlier; ConflictError if it changed in
        the meantime."""
        return self._core.save_customer(_customer(customer))

    def archive_customer(self, ref: Ref) -> Record:
        """Sets the status to archived (kept, hidden from default work lists)."""
        return self._core.archive_customer(_ref(ref))

    def delete_customer(self, ref: Ref) -> None:
        """Removes the customer and its interactions for good (managers and admins only)."""
        self._core.delete_customer(_ref(ref))

    def find_by_email(self, email: str) -> Records:
        """Customers with this email, compared in normalized form."""
        return Records(self._core.find_by_email(email), "customer")

    def find_by_phone(self, phone: str) -> Records:
        """Customers with this phone number, compared in E.164 form."""
        return Records(self._core.find_by_phone(phone), "customer")

    def search_customers(self, query: str, limit: int = 50, after: str | None = None) -> Records:
        """Full-text search over names, company, contacts, city, tags and external id, best
        match first: one page of ``limit`` customers (``has_more``, ``next_page()``; pass
        ``next_cursor`` as ``after`` for the next)."""
        return offset_pages(lambda n: self._core.search_customers(query, n), "customer", limit, after)

    def list_customers(
        self,
        *,
        tag: str | None = None,
        owner: str | None = None,
        kind: str | None = None,
        status: str | None = None,
        created_from: Instant | None = None,
        created_to: Instant | None = None,
        updated_from: Instant | None = None,
        updated_to: Instant | None = None,
        consented: str | None = None,
        limit: int = 100,
        after: str | None = None,
    ) -> Records:
        """One page of at most ``limit`` customers, in id order. ``has_more`` says whether
        more follow; ``next_page()`` fetches them (or pass ``next_cursor`` as ``after``);
        :meth:`iter_customers` reads them all. Ranges are half-open: ``created_from <= created_at < created_to``. ``consented``
        ("email", "sms", "phone", "wechat") keeps only customers who granted that channel:
        use it for every list made for marketing (docs/privacy.md)."""
        items, cursor = self._core.list_customers(
            _customer_filter(tag, owner, kind, status, created_from, created_to, updated_from, updated_to,
                             consented),
            limit, after or "")
        return Records(items, "customer", next_cursor=cursor,
                       next_page=lambda c: self.list_customers(
                           tag=tag, owner=owner, kind=kind, status=status, created_from=created_from,
                           created_to=created_to, updated_from=updated_from, updated_to=updated_to,
                           consented=consented, limit=limit, after=c))

    def iter_customers(self, *, page_size: int = 1000, **filter: Any) -> RecordIterator:
        """Every customer matching the filter (the keywords of :meth:`list_customers`),
        fetched a page at a time as it is iterated; ``.to_pandas()`` (``to_polars``,
        ``to_arrow``, ``to_records``) reads them all into one frame."""
        return _every_page(self.list_customers, page_size, filter, "customer")

    def count_customers(
        self,
        *,
        tag: str | None = None,
        owner: str | None = None,
        kind: str | None = None,
        status: str | None = None,
        created_from: Instant | None = None,
        created_to: Instant | None = None,
        updated_from: Instant | None = None,
        updated_to: Instant | None = None,
        consented: str | None = None,
    ) -> int:
        return self._core.count_customers(
            _customer_filter(tag, owner, kind, status, created_from, created_to, updated_from, updated_to,
                             consented))

    # ---- tags --------------------------------------------------------------------------------
    def add_tags(self, ref: Ref, tags: str | Iterable[str]) -> list[str]:
        """Adds tags (trimmed, duplicates ignored); returns the customer's tags after."""
        return self._core.add_tags(_ref(ref), _tags(tags))

    def remove_tags(self, ref: Ref, tags: str | Iterable[str]) -> list[str]:
        return self._core.remove_tags(_ref(ref), _tags(tags))

    def tags(self, ref: Ref) -> list[str]:
        return self._core.tags(_ref(ref))

    def all_tags(self) -> dict[str, int]:
        """Every tag on a visible customer -> how many customers carry it."""
        return dict(self._core.all_tags())

    # ---- interactions ------------------------------------------------------------------------
    def add_interaction(self, interaction: Mapping[str, Any] | None = None, /, **fields: Any) -> Record:
        """Records a purchase, call, complaint, ... (a dict and/or keyword fields). The
        customer is given as ``customer_id``, ``customer_external_id`` or ``customer``."""
        record = _merge(interaction, fields, "an interaction")
        customer = record.get("customer")
        if isinstance(customer, Mapping) or isinstance(customer, uuid.UUID):
            record["customer"] = _ref(customer)
        return self._core.add_interaction(record)

    def add_interactions(self, interactions: Iterable[Mapping[str, Any]] | Any) -> Records:
        """Stores many interactions in one call (all or nothing; errors name the row)."""
        return Records(self._core.add_interactions(_dicts(interactions, "interaction")), "interaction")

    def get_interaction(self, ref: Ref) -> Record:
        return self._core.get_interaction(_ref(ref))

    def list_interactions(
        self,
        *,
        customer: Ref | None = None,
        kind: str | None = None,
        from_: Instant | None = None,
        to: Instant | None = None,
        owner: str | None = None,
        limit: int = 100,
        after: str | None = None,
    ) -> Records:
        """One page of interactions ordered by occurred_at; ``from_ <= occurred_at < to``.
        Paging as for :meth:`list_customers`."""
        items, cursor = self._core.list_interactions(
            _interaction_filter(customer, kind, from_, to, owner), limit, after or "")
        return Records(items, "interaction", next_cursor=cursor,
                       next_page=lambda c: self.list_interactions(
                           customer=customer, kind=kind, from_=from_, to=to, owner=owner, limit=limit, after=c))

    def iter_interactions(self, *, page_size: int = 1000, **filter: Any) -> RecordIterator:
        """Every interaction matching the filter (keywords of :meth:`list_interactions`),
        fetched a page at a time; ``.to_pandas()`` reads them all."""
        return _every_page(self.list_interactions, page_size, filter, "interaction")

    def count_interactions(
        self,
        *,
        customer: Ref | None = None,
        kind: str | None = None,
        from_: Instant | None = None,
        to: Instant | None = None,
        owner: str | None = None,
    ) -> int:
        return self._core.count_interactions(_interaction_filter(customer, kind, from_, to, owner))

    # ---- users -------------------------------------------------------------------------------
    def add_user(self, user: Mapping[str, Any] | None = None, /, **fields: Any) -> Record:
        """Adds a user (admins only): username, role (admin, manager, sales, viewer), team,
        display_name."""
        return self._core.add_user(_merge(user, fields, "a user"))

    def update_user(self, username: str, patch: Mapping[str, Any] | None = None, /, **fields: Any) -> Record:
        """Changes role, team, display name or active flag (admins only)."""
        return self._core.update_user(username, _merge(patch, fields, "a patch"))

    def get_user(self, username: str) -> Record:
        return self._core.get_user(username)

    def list_users(self) -> Records:
        return Records(self._core.list_users(), "user")

    # ---- authentication (docs/security.md) ----------------------------------------------------
    def change_password(self, old_password: str, new_password: str) -> None:
        """Changes the current user's own password; ``old_password`` must be the current one
        ("" when the user has none yet)."""
        self._core.change_password(old_password, new_password)

    def reset_password(self, username: str, new_password: str) -> None:
        """Sets ``username``'s password (admins only); another user must change it at their
        next login (``new_password=``). Lifts the user's lockout."""
        self._core.reset_password(username, new_password)

    def require_auth(self, on: bool = True) -> None:
        """Makes the database require credentials (admins only; the admin needs a password)."""
        self._core.require_auth(on)

    def auth_log(self) -> Records:
        """The authentication log (admins only), oldest first: id, at, username, layer,
        method, outcome."""
        return Records(self._core.auth_log(), "auth event")

    # ---- settings and statistics -------------------------------------------------------------
    def setting(self, key: str) -> str:
        """A setting: "default_region" (for phone numbers without a country code) or
        "default_currency"."""
        return self._core.setting(key)

    def set_setting(self, key: str, value: str) -> None:
        """Changes a setting (admins only)."""
        self._core.set_setting(key, value)

    def check(self, *, quick: bool = False) -> dict[str, Any]:
        """Checks the store for damage (docs/check.md; admins only; reads only): SQLite's
        integrity and foreign keys, each card against its rows, every record read back, its
        full-text row and match keys, the points ledger. Returns the report: ``ok``,
        ``checks``, ``problems`` (each {"check", "subject", "detail"}), ``customers``,
        ``interactions``. ``quick``: SQLite's quick_check and no per-record checks."""
        return self._core.check(quick)

    def stats(self) -> dict[str, Any]:
        """Counts of what the current user can see: customers by status, kind and owner,
        interactions by kind, revenue by currency, users, schema version."""
        return self._core.stats()

    # ---- analytics ---------------------------------------------------------------------
    def analytics_currency(self, currency: str | None = None) -> str:
        """The currency the store analytics (:meth:`rfm`, :meth:`lifecycle`,
        :meth:`cohorts`, ...) count in when given ``currency``: that one, else the only
        currency of the visible purchases (the default currency when there are none). Their
        amounts come back in its units (JPY has no minor unit, KWD three).
        :class:`InvalidInputError` (field "currency") when the purchases are in several.

        >>> db.analytics_currency()  # doctest: +SKIP
        'CNY'
        """
        return str(self._core.analytics_currency(currency or ""))

    def rfm(
        self,
        as_of: Any,
        *,
        bins: int = 5,
        high_tier: float = 0.8,
        medium_tier: float = 0.5,
        currency: str | None = None,
        segments: Any = None,
    ) -> Any:
        """RFM scores of the visible customers' purchases and refunds in ``currency``.
        ``segments`` replaces the default segment grid as in :func:`clientele.rfm` (rules
        ``(name, r_min, r_max, f_min, f_max)`` or dicts ``{"name", "r": (min, max), "f":
        (min, max)}``, the first match wins; with ``bins=5``). When
        None: the only currency of those purchases (the default currency when there are
        none); :class:`InvalidInputError` (field "currency") when they are in several —
        amounts in different currencies are never added up. A pandas DataFrame with the columns of
        :func:`clientele.rfm`; customer_id is the external id, or the UUID without one."""
        from . import _analytics

        cols = self._core.rfm(_analytics._day_number(as_of, "as_of"), bins, high_tier, medium_tier, currency or "",
                              _analytics._segments(segments))
        return _analytics._rfm_frame(cols, bins, cols["customer"], _analytics._store_scale(self._core, currency))

    def clv(
        self,
        as_of: Any,
        horizon: float = 365,
        *,
        period: str = "D",
        discount_rate: float = 0.01,
        min_repeat_customers: int = 10,
        currency: str | None = None,
    ) -> Any:
        """Customer lifetime value of the visible customers' purchases (docs/clv.md): the
        summary at ``as_of``, BG/NBD and Gamma-Gamma fitted on it, and per customer p_alive,
        expected_purchases and clv over ``horizon`` periods (days for period "D") with a
        monthly ``discount_rate``. A :class:`clientele.clv.ClvResult`: ``customers`` (a
        pandas DataFrame; customer_id is the external id, or the UUID without one),
        ``bgnbd``, ``gamma_gamma`` and ``parameters`` with standard errors. Currency as for
        :meth:`rfm`."""
        from . import _analytics, clv

        cols = self._core.clv(_analytics._day_number(as_of, "as_of"), clv._period(period), float(horizon),
                              discount_rate, min_repeat_customers, currency or "")
        return clv._store_result(cols, _analytics._store_scale(self._core, currency))

    def lifecycle(self, as_of: Any, *, currency: str | None = None, **options: int) -> Any:
        """Lifecycle stage of every visible customer at ``as_of`` (customers without a
        purchase are prospects), as a DataFrame: customer_id, stage, stage_since. The rule
        options are those of :func:`clientele.lifecycle`: churned_days, at_risk_days,
        reactivated_gap_days, loyal_purchases, loyal_window_days (in days and purchases;
        defaults 365, 180, 365, 4, 365)."""
        from . import _analytics

        cols = self._core.lifecycle(_analytics._day_number(as_of, "as_of"), currency or "",
                                    _analytics._lifecycle_options(options))
        return _analytics._lifecycle_frame(cols, cols["customer"])

    def stage_history(self, as_of: Any, *, currency: str | None = None, **options: int) -> Any:
        """Every stage change of the visible customers up to ``as_of``, as a DataFrame:
        customer_id, date, stage (as :func:`clientele.stage_history`). Options as for
        :func:`clientele.lifecycle`."""
        from . import _analytics

        cols = self._core.stage_history(
            _analytics._day_number(as_of, "as_of"), _analytics._lifecycle_options(options), currency or ""
        )
        return _analytics._history_frame(cols, cols["customer"])

    def stage_transitions(self, start: Any, end: Any, *, currency: str | None = None, **options: int) -> Any:
        """Visible customers by stage on ``start`` (rows) and on ``end`` (columns); those
        without a purchase are prospects (as :func:`clientele.stage_transitions`)."""
        from . import _analytics

        matrix = self._core.stage_transitions(
            _analytics._day_number(start, "start"),
            _analytics._day_number(end, "end"),
            _analytics._lifecycle_options(options),
            currency or "",
        )
        return _analytics._transitions_frame(matrix)

    def new_vs_returning(self, start: Any, end: Any, *, currency: str | None = None) -> Any:
        """Visible customers who purchased between ``start`` and ``end`` (inclusive), as a
        DataFrame: customer_id, kind ("new" or "returning")."""
        from . import _analytics

        cols = self._core.new_vs_returning(
            _analytics._day_number(start, "start"), _analytics._day_number(end, "end"), currency or ""
        )
        return _analytics._recurrence_frame(cols, cols["customer"])
