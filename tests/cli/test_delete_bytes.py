"""`customer delete` leaves none of the customer's data in the file or its WAL
(docs/deletion.md): before issue 13 its phone survived in four copies."""
from pathlib import Path


def traces(n):
    """Every form the store writes customer n's data in: as typed, case-folded (full-text
    terms), E.164, national digits and their last eight (a term stored after a prefix it
    shares with the one before it)."""
    k = str(n)
    return ["Quaxley" + k, "quaxley" + k, "Vorpent" + k, "vorpent" + k, f"xq.unique{k}@example.org",
            "xq.unique" + k, "139 1234 567" + k, "+8613912345670" + k, "13912345670" + k, "12345670" + k]


def found(db, n):
    data = b"".join(p.read_bytes() for p in (Path(db), Path(str(db) + "-wal")) if p.exists())
    return [t for t in traces(n) if t.encode() in data]


def test_a_deleted_customer_leaves_no_bytes_behind(ok, cli, tmp_path):
    db = tmp_path / "shop.db"
    ok("init", db)
    ids = []
    for n in (1, 2, 3):
        c = ok("customer", "add", db, "--given-name", f"Quaxley{n}", "--family-name", f"Vorpent{n}",
               "--email", f"xq.unique{n}@example.org", "--phone", f"139 1234 567{n}")
        ids.append(c["id"])
    ok("interaction", "add", db, "--customer", ids[1], "--kind", "call", "--at", "2024-03-01T10:00:00Z")
    # Merged and unmerged: the merge record holds images of both.
    merged = ok("merge", db, ids[0], ids[1])
    ok("unmerge", db, merged["merge_id"])
    assert found(db, 2)
    assert cli("customer", "delete", db, ids[1]).code == 0
    assert found(db, 2) == []
    assert found(db, 1) and found(db, 3)
    assert len(ok("customer", "search", db, "Quaxley3")) == 1
    assert ok("merges", db) == []
