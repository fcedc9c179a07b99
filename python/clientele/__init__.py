"""clientele — a business's customer base in one SQLite file.

>>> import clientele
>>> with clientele.Database("shop.db", create=True) as db:
...     c = db.create_customer(given_name="伟", family_name="张",
...                            emails=[{"address": "zhang.wei@example.com"}])
...     db.get_customer(c["id"])["display_name"]
'张伟'

See docs/python.md.
"""

from ._arrow_io import write_table
from ._analytics import LIFECYCLE_STAGES, lifecycle, new_vs_returning, rfm, stage_history, stage_transitions
from . import clv
from ._cohorts import GAP_BUCKETS, RepeatPurchases, cohorts, repeat_purchases, revenue_by
from ._backup import rekey, restore, verify_backup
from ._core import __version__, normalize_email, normalize_phone, read_auth_policy, schema_version
from ._database import Database, Transaction
from ._dedupe import dedupe, explain_pair
from ._errors import (
    CancelledError,
    ConflictError,
    CorruptDataError,
    Error,
    ErrorCode,
    InternalError,
    InvalidInputError,
    MissingFileError,
    NotFoundError,
    PermissionDeniedError,
    StorageError,
    UnsupportedError,
)
from ._import_export import ImportFailedError
from ._merge import MERGE_RULE_FIELDS, MERGE_RULES
from ._points import POINTS_KINDS
from ._cases import CASE_STATUSES
from ._records import IncompleteListingWarning, Page, RecordIterator, Records

__all__ = [
    "__version__",
    "schema_version",
    "Database",
    "Transaction",
    "rekey",
    "restore",
    "verify_backup",
    "Records",
    "RecordIterator",
    "Page",
    "IncompleteListingWarning",
    "MERGE_RULES",
    "MERGE_RULE_FIELDS",
    "POINTS_KINDS",
    "CASE_STATUSES",
    "dedupe",
    "explain_pair",
    "normalize_email",
    "normalize_phone",
    "read_auth_policy",
    "rfm",
    "clv",
    "lifecycle",
    "stage_history",
    "stage_transitions",
    "new_vs_returning",
    "LIFECYCLE_STAGES",
    "cohorts",
    "repeat_purchases",
    "revenue_by",
    "write_table",
    "RepeatPurchases",
    "GAP_BUCKETS",
    "Error",
    "ErrorCode",
    "InvalidInputError",
    "NotFoundError",
    "MissingFileError",
    "ConflictError",
    "PermissionDeniedError",
    "StorageError",
    "CorruptDataError",
    "CancelledError",
    "UnsupportedError",
    "InternalError",
    "ImportFailedError",
]
