"""Shared helpers of the deduplication benchmarks: FEBRL to the customer CSV columns,
pairwise precision/recall/F1, running the clientele CLI.

Pairwise quality: every pair of rows in one true cluster is a true pair, every pair of rows
in one predicted cluster a predicted pair.
"""

from __future__ import annotations

import csv
import os
import subprocess
import time
from collections import Counter, defaultdict

FEBRL_DIR = os.environ.get("FEBRL_DIR", "/work/shared/data/febrl")
FEBRL_SETS = {
    "febrl1": ["dataset1.csv"],
    "febrl2": ["dataset2.csv"],
    "febrl3": ["dataset3.csv"],
    "febrl4": ["dataset4a.csv", "dataset4b.csv"],
}


def febrl_to_customers(names: list[str], out_csv: str, truth_csv: str) -> int:
    """One customer CSV (CRM fields only, no soc_sec_id) and its truth (id,entity_id)."""
    rows = []
    for name in names:
        with open(os.path.join(FEBRL_DIR, name), newline="", encoding="utf-8") as f:
            r = csv.reader(f, skipinitialspace=True)
            header = [h.strip() for h in next(r)]
            for rec in r:
                rows.append(dict(zip(header, (v.strip() for v in rec))))
    with open(out_csv, "w", newline="", encoding="utf-8") as f, \
            open(truth_csv, "w", newline="", encoding="utf-8") as t:
        w = csv.writer(f)
        tw = csv.writer(t)
        w.writerow(["id", "given_name", "family_name", "street", "street2", "city", "postcode", "birthday"])
        tw.writerow(["id", "entity_id"])
        for rec in rows:
            street = " ".join(x for x in (rec["street_number"], rec["address_1"]) if x)
            w.writerow([rec["rec_id"], rec["given_name"], rec["surname"], street, rec["address_2"],
                        rec["suburb"], rec["postcode"], rec["date_of_birth"]])
            tw.writerow([rec["rec_id"], rec["rec_id"].split("-")[1]])
    return len(rows)


def read_clusters(path: str, id_col: str = "id", cluster_col: str = "cluster_id") -> dict:
    with open(path, newline="", encoding="utf-8") as f:
        return {row[id_col]: row[cluster_col] for row in csv.DictReader(f)}


def pairs_of(assign: dict) -> set:
    groups = defaultdict(list)
    for k, c in assign.items():
        groups[c].append(k)
    out = set()
    for members in groups.values():
        members.sort()
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                out.add((members[i], members[j]))
    return out


def pair_count(assign: dict) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(assign.values()).values())


def quality(predicted: dict, truth: dict) -> dict:
    tp_pairs = pairs_of(predicted) & pairs_of(truth)
    tp = len(tp_pairs)
    pp, tpos = pair_count(predicted), pair_count(truth)
    p = tp / pp if pp else 1.0
    r = tp / tpos if tpos else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "true_pairs": tpos, "predicted_pairs": pp}


def run_clientele(cli: str, csv_path: str, out_path: str, *extra: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([cli, "dedupe", csv_path, "--out", out_path, *extra], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def contact_join_baseline(csv_path: str) -> dict:
    """Clusters of rows sharing a normalized email or phone (union-find): the baseline the
    issue quotes (~0.94 F1 on multilingual data)."""
    import clientele

    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    parent = list(range(len(rows)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    seen = {}
    for i, row in enumerate(rows):
        keys = []
        if row.get("email"):
            try:
                keys.append("e:" + clientele.normalize_email(row["email"]))
            except clientele.Error:
                pass
        if row.get("phone"):
            region = row.get("country") or "CN"
            try:
                keys.append("p:" + clientele.normalize_phone(row["phone"], region if len(region) == 2 else "CN"))
            except clientele.Error:
                pass
        for k in keys:
            if k in seen:
                parent[find(i)] = find(seen[k])
            else:
                seen[k] = i
    return {row["id"]: str(find(i)) for i, row in enumerate(rows)}


def write_section(path: str, name: str, block: str, heading: str = "") -> None:
    """Replaces the <!-- bench:NAME:begin/end --> section of a markdown file with `block`
    (appending `heading` and the section when the file has none)."""
    begin, end = f"<!-- bench:{name}:begin -->", f"<!-- bench:{name}:end -->"
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    section = f"{begin}\n{block}{end}"
    if begin in text:
        text = text[:text.index(begin)] + section + text[text.index(end) + len(end):]
    else:
        text += heading + section + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
