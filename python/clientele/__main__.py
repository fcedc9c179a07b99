"""``python -m clientele rfm|lifecycle FILE --as-of DAY``: the CLI's analytics commands over a
Parquet or Arrow IPC file (or CSV), for what the C++ ``clientele`` cannot read.

The C++ CLI links no Arrow (docs/scale.md), so ``clientele rfm FILE.parquet`` refuses and
names this entry point. The options and the CSV written are those of ``clientele rfm`` and
``clientele lifecycle`` (docs/cli.md); ``--out FILE.parquet`` or ``.arrow`` writes the
result as a table instead. Exit codes: 0 done, 2 usage, 3 invalid input.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Sequence

import pandas as pd

from . import _arrow_io, _core
from ._analytics import lifecycle, rfm
from ._errors import Error

_USAGE, _INVALID = 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m clientele",
                                     description="clientele analytics over Parquet, Arrow IPC or CSV files")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("rfm", "RFM scores, segments and value tiers per customer"),
                       ("lifecycle", "Lifecycle stage of each customer")):
        cmd = commands.add_parser(name, help=text, description=text)
        cmd.add_argument("file", help="transactions: .parquet, .arrow/.feather (Arrow IPC) or .csv")
        cmd.add_argument("--as-of", required=True, help="the day to compute at (YYYY-MM-DD)")
        cmd.add_argument("--out", help="write here instead of stdout; .parquet/.arrow/.feather write a table")
        cmd.add_argument("--json", action="store_true", help="an array of objects instead of CSV")
        cmd.add_argument("--map", action="append", default=[], metavar="NAME=COLUMN",
                         help="read COLUMN as customer_id, timestamp or amount")
        cmd.add_argument("--currency", help="ISO 4217 code of the amounts, or the one to count")
        cmd.add_argument("--time-unit", help="what a bare-number timestamp counts: s, ms, us, ns")
        cmd.add_argument("--date-order", help="day-first or month-first, for dates written year last")
        cmd.add_argument("--date-format", help="one strftime pattern for every timestamp")
        if name == "rfm":
            cmd.add_argument("--bins", type=int, default=5)
            cmd.add_argument("--segments", help="JSON file of segment rules instead of the default grid")
            cmd.add_argument("--high-tier", type=float, default=0.8)
            cmd.add_argument("--medium-tier", type=float, default=0.5)
        else:
            for rule, default in (("churned-days", 365), ("at-risk-days", 180), ("reactivated-gap-days", 365),
                                  ("loyal-purchases", 4), ("loyal-window-days", 365)):
                cmd.add_argument(f"--{rule}", type=int, default=default)
    return parser


def _columns(pairs: Sequence[str]) -> dict[str, str]:
    names = {"customer_id": "customer_id", "timestamp": "timestamp", "amount": "amount"}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or field not in names or not column:
            raise SystemExit(f"python -m clientele: --map {pair}: expected customer_id|timestamp|amount=COLUMN")
        names[field] = column
    return names


def _source(path: str) -> Any:
    if _arrow_io.file_format(path):
        return path
    # CSV cells stay text: the core's cell rules read them, as the C++ CLI's reader does.
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _text(frame: pd.DataFrame, decimals: int) -> pd.DataFrame:
    """Every cell as the C++ CLI writes it: amounts with the currency's decimals, days as
    YYYY-MM-DD, nothing for none."""
    out = {}
    for name in frame.columns:
        col = frame[name]
        if name == "monetary":
            out[name] = [f"{v:.{decimals}f}" for v in col.to_numpy()]
        elif isinstance(col.dtype, pd.DatetimeTZDtype):
            out[name] = col.dt.strftime("%Y-%m-%d").fillna("").tolist()
        else:
            out[name] = ["" if pd.isna(v) else str(v) for v in col.astype(object).to_numpy()]
    return pd.DataFrame(out)


def _write(result: pd.DataFrame, args: argparse.Namespace, decimals: int, scale: int) -> None:
    if args.out and _arrow_io.file_format(args.out):
        _arrow_io.write_table(result, args.out)
        return
    text = _text(result, decimals)
    if args.json:
        rows = text.to_dict("records")
        for row, source in zip(rows, result.itertuples(index=False)):
            for key in ("recency_days", "frequency", "r", "f", "m"):
                if key in row:
                    row[key] = int(row[key])
            if "monetary" in row:
                row["monetary_minor"] = int(round(source.monetary * scale))
            for key, value in row.items():
                if value == "":
                    row[key] = None
        body = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    else:
        lines = [_core._csv_row(list(text.columns))] + [_core._csv_row(list(r)) for r in text.itertuples(index=False)]
        body = "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as f:
            f.write(body)
    else:
        sys.stdout.write(body)


def _run(args: argparse.Namespace) -> None:
    names = _columns(args.map)
    reading = dict(customer=names["customer_id"], timestamp=names["timestamp"], amount=names["amount"],
                   currency=args.currency, time_unit=args.time_unit, date_order=args.date_order,
                   date_format=args.date_format, output="pandas")
    data = _source(args.file)
    # Amounts in a currency of other than 2 decimals are written with its decimals when
    # --currency names it (JPY 0, KWD 3).
    decimals = _core.currency_decimals((args.currency or "").upper())
    if args.command == "rfm":
        segments = None
        if args.segments:
            with open(args.segments, encoding="utf-8") as f:
                segments = json.load(f)
        result = rfm(data, args.as_of, bins=args.bins, high_tier=args.high_tier, medium_tier=args.medium_tier,
                     segments=segments, **reading)
    else:
        result = lifecycle(data, args.as_of, churned_days=args.churned_days, at_risk_days=args.at_risk_days,
                           reactivated_gap_days=args.reactivated_gap_days, loyal_purchases=args.loyal_purchases,
                           loyal_window_days=args.loyal_window_days, **reading)
    _write(result, args, decimals, 10**decimals)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _run(args)
    except (Error, ImportError, OSError, json.JSONDecodeError) as e:
        print(f"python -m clientele {args.command}: {e}", file=sys.stderr)
        return _INVALID
    return 0


if __name__ == "__main__":
    sys.exit(main())
