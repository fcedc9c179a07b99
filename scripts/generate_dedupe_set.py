#!/usr/bin/env python3
"""A deterministic multilingual test set for deduplication.

Writes into --out:

  customers.csv  id,name,given_name,family_name,email,phone,street,city,postcode,country,
                 birthday,company - one row per customer record (the import's column names)
  truth.csv      id,entity_id - rows with one entity_id are the same real party

The parties come from scripts/generate_sample.py (mainland China in simplified characters,
Hong Kong and Taiwan in traditional characters or romanized, +852/+886 numbers, Western
Europe and the US), and so do the duplicates: a second sign-up of the same party with typos,
homophones, pinyin, simplified/traditional changes, swapped name order, nicknames,
diacritics dropped, phone and email format variants (gmail dots and +tags, case), missing
fields. On top, hard negatives that are different parties:

  household  a family member at the same address sharing the home phone (same family name
             for a child, often another for a spouse), with their own given name (never the
             head's: two members of one family with one name are indistinguishable, and
             rare), birthday and email;
  namesake   another party with exactly the same name (in a customer base of common
             Chinese names these are many) but their own contacts, address and birthday.

Households and namesakes are duplicated like everyone else. Every mailbox belongs to one
party: an address made from a name that another party already has gets digits, as a mail
provider makes people do (case, +tags and gmail dots do not make another mailbox). The output depends only on the
arguments (same --seed, same bytes).
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_sample as gs  # noqa: E402

COLUMNS = ["id", "name", "given_name", "family_name", "email", "phone", "street", "city", "postcode",
           "country", "birthday", "company"]
NAME_FIELDS = ("family", "given", "family_alt", "given_alt", "family_latin", "given_latin", "script",
               "english_name", "sex")


def household_member(gen: gs.Generator, rng: gs.Rng, head: dict, rename: gs.Rng) -> dict:
    """A different person living with `head`: same address and home phone, and a name of
    their own (a family does not give two members one name; `rename` draws again)."""
    m = {"region": head["region"], "lang": head["lang"], "place": head["place"], "offset": head["offset"],
         "kind": "person", "sex": "f" if rng.chance(0.5) else "m"}
    gen.new_name(rng, m)
    spouse = rng.chance(0.5)
    shares_name = not spouse or head["region"] not in ("CN", "HK", "TW") or rng.chance(0.3)
    while True:
        if shares_name:
            for k in ("family", "family_alt", "family_latin"):   # a child, or a spouse taking the name
                if k in head:
                    m[k] = head[k]
        if (m["given"], m.get("english_name")) != (head["given"], head.get("english_name")):
            break
        gen.new_name(rename, m)
    m["created_at"] = gen.moment(rng, m["region"], m["offset"], "created", gen.start, gen.end - 3600)
    m["segment"] = gen.new_segment(rng, m, (gen.end - m["created_at"]) // gs.DAY)
    gen.new_contacts(rng, m)
    gen.new_profile(rng, m)
    home = [p for p in head["phones"] if p["label"] == "home"]
    if home:
        shared = dict(home[0])
    else:
        shared = {**gs.new_phone(rng, head["region"], "landline", head["place"]), "label": "home"}
        shared["text"] = gs.format_phone(rng, shared)
        head["phones"].append(dict(shared))
    # Both records give the home phone first, as a household typing one contact number does.
    head["phones"] = [p for p in head["phones"] if p["label"] == "home"] + \
        [p for p in head["phones"] if p["label"] != "home"]
    m["phones"] = [shared] + ([p for p in m["phones"] if p["label"] == "mobile"][:1] if rng.chance(0.5) else [])
    m["addresses"] = [dict(head["addresses"][0])]
    for group in (head["phones"], m["phones"], m["addresses"]):
        for j, item in enumerate(group):
            item["primary"] = j == 0
    if rng.chance(0.3):
        m["emails"] = []
    return m


def namesake(gen: gs.Generator, rng: gs.Rng, other: dict) -> dict:
    """Another party of the same region with exactly `other`'s name."""
    for _ in range(200):
        m = gen.new_party(rng)
        if m["region"] == other["region"] and m["kind"] == "person":
            break
    else:   # a rare region: take the place from `other`, keep the rest of the new party
        for k in ("region", "lang", "place", "offset"):
            m[k] = other[k]
        m["kind"] = "person"
        m.pop("company", None)
    for k in NAME_FIELDS:
        if k in other:
            m[k] = other[k]
        else:
            m.pop(k, None)
    gen.new_contacts(rng, m)   # contacts derived from the (new) name
    # An address belongs to one person: a namesake whose address came out the same gets
    # digits, as mail providers make people do.
    taken = {e["address"].lower() for e in other["emails"]}
    for e in m["emails"]:
        while e["address"].lower() in taken:
            local, host = e["address"].split("@")
            e["address"] = f"{local}{rng.between(1, 99)}@{host}"
    return m


def mailbox(address: str) -> str:
    """The mailbox an address reaches: case, +tags and gmail dots do not make another one."""
    local, _, host = address.lower().partition("@")
    local = local.split("+")[0]
    if host in ("gmail.com", "googlemail.com"):
        host, local = "gmail.com", local.replace(".", "")
    return f"{local}@{host}"


class Mailboxes:
    """Who owns each mailbox. Addresses are made from names (john.walker@gmail.com), so two
    parties of the same name would get one mailbox; a provider gives the second one digits
    instead, and so does this. Draws from its own stream: the rest of the set is unchanged."""

    def __init__(self, seed: int):
        self.owner: dict[str, int] = {}
        self.rng = gs.Rng(seed, "mailboxes")

    def claim(self, rec: dict, entity: int) -> None:
        for e in rec["emails"]:
            while self.owner.setdefault(mailbox(e["address"]), entity) != entity:
                local, host = e["address"].split("@")
                e["address"] = f"{local}{self.rng.between(1, 99)}@{host}"


def flatten(gen: gs.Generator, rec: dict, name_only: bool) -> dict:
    j = gen.customer_json(rec)
    row = {c: "" for c in COLUMNS}
    row["id"] = j["external_id"]
    if j["kind"] == "person":
        row["name"] = j["display_name"]
    else:   # a company's row names its contact person; the company is in its own column
        fam, giv = j.get("family_name", ""), j.get("given_name", "")
        row["name"] = fam + giv if any(ord(c) > 0x2E80 for c in fam + giv) else f"{giv} {fam}".strip()
    if not name_only:
        row["given_name"] = j.get("given_name", "")
        row["family_name"] = j.get("family_name", "")
    emails = j.get("emails", [])
    phones = j.get("phones", [])
    row["email"] = next((e["address"] for e in emails if e["primary"]), emails[0]["address"] if emails else "")
    row["phone"] = next((p["number"] for p in phones if p["primary"]), phones[0]["number"] if phones else "")
    if j.get("addresses"):
        a = j["addresses"][0]
        row.update(street=a.get("street", ""), city=a.get("city", ""), postcode=a.get("postcode", ""),
                   country=a.get("country", ""))
    row["birthday"] = j.get("birthday", "")
    row["company"] = j.get("company_name", "")
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--records", type=int, default=10000, help="rows in customers.csv (default 10000)")
    ap.add_argument("--duplicate-rate", type=float, default=0.2, help="share of rows that are duplicates")
    ap.add_argument("--household-rate", type=float, default=0.06, help="household members per original")
    ap.add_argument("--namesake-rate", type=float, default=0.05, help="namesakes per original")
    ap.add_argument("--name-only", action="store_true", help="leave given_name/family_name empty")
    ap.add_argument("--out", default="dedupe-set")
    args = ap.parse_args(argv)

    gen = gs.Generator(args.seed, args.records, 0, dt.date(2026, 10, 31), args.duplicate_rate)
    rng = gs.Rng(args.seed, "dedupe-set")
    n_dups = int(args.records * args.duplicate_rate + 0.5)
    n_orig = args.records - n_dups
    n_house = int(n_orig * args.household_rate)
    n_name = int(n_orig * args.namesake_rate)
    originals = []
    for i in range(n_orig - n_house - n_name):
        rec = gen.new_party(rng)
        originals.append(rec)
    persons = [r for r in originals if r["kind"] == "person"]
    with_address = [r for r in persons if r["addresses"]]
    rename = gs.Rng(args.seed, "household-names")   # its own stream: the rest of the set is unchanged
    for _ in range(n_house):
        originals.append(household_member(gen, rng, with_address[rng.below(len(with_address))], rename))
    for _ in range(n_name):
        originals.append(namesake(gen, rng, persons[rng.below(len(persons))]))
    boxes = Mailboxes(args.seed)
    for i, rec in enumerate(originals):
        rec["entity"] = i
        boxes.claim(rec, i)
        rec.setdefault("tags", [])
        rec.setdefault("custom", {})
        rec.setdefault("consent", {})
    records = list(originals)
    for _ in range(n_dups):
        dup = gen.duplicate(rng, originals[rng.below(len(originals))])
        boxes.claim(dup, dup["entity"])   # a new address of the party's own may be taken too
        records.append(dup)
    # Shuffle deterministically so duplicates are not at the end.
    order = sorted(range(len(records)), key=lambda i: rng.random())
    records = [records[i] for i in order]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "customers.csv"), "w", newline="", encoding="utf-8") as f, \
            open(os.path.join(args.out, "truth.csv"), "w", newline="", encoding="utf-8") as t:
        w = csv.DictWriter(f, COLUMNS)
        w.writeheader()
        tw = csv.writer(t)
        tw.writerow(["id", "entity_id"])
        for i, rec in enumerate(records):
            rec["external_id"] = f"R{i + 1:06d}"
            w.writerow(flatten(gen, rec, args.name_only))
            tw.writerow([rec["external_id"], f"E{rec['entity']:06d}"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
