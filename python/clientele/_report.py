"""The HTML report of a store (docs/report.md): one self-contained file, charts drawn by the
library as SVG, nothing fetched, in Chinese or English, of the customers the current user
can see."""

from __future__ import annotations

import os
from typing import Any

from ._analytics import _day_number

__all__ = ["ReportMethods"]


class ReportMethods:
    """:meth:`report` on a :class:`Database`."""

    _core: Any

    def report(
        self,
        as_of: Any,
        *,
        from_: Any = None,
        lang: str = "zh-CN",
        owner: str | None = None,
        currency: str | None = None,
        top: int = 20,
        show_names: bool = True,
        stale_days: int = 365,
        path: str | os.PathLike[str] | None = None,
    ) -> str | None:
        """The report up to ``as_of`` (the period from ``from_``, default the 30 days up to
        it; compared with the period as long just before). ``lang``: "zh-CN" or "en";
        ``owner``: only that user's customers (of those visible). Returns the HTML text, or
        with ``path`` writes it there (whole or not at all, never over the database) and
        returns None."""
        args = (
            _day_number(as_of, "as_of"),
            None if from_ is None else _day_number(from_, "from"),
            lang,
            owner or "",
            currency or "",
            top,
            show_names,
            stale_days,
        )
        if path is None:
            return str(self._core.report_html(*args))
        self._core.report_write(os.fspath(path), *args)
        return None
