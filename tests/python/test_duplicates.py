"""db.find_duplicates / db.explain (docs/dedupe.md): the per-insert duplicate check."""
from __future__ import annotations

import pytest

import clientele


@pytest.fixture
def people(db):
    db.add_user({"username": "li.na", "role": "sales", "team": "east"})
    db.add_user({"username": "tom", "role": "sales", "team": "west"})
    zhang = db.create_customer(family_name="张", given_name="伟", external_id="SHOP-1", owner="li.na",
                               birthday="1985-03-12", phones=[{"number": "+86 138 1234 5678"}])
    namesake = db.create_customer(family_name="张", given_name="伟", external_id="SHOP-2", owner="li.na",
                                  birthday="1972-11-02", phones=[{"number": "13900001111"}])
    return zhang, namesake


def test_finds_the_romanized_spelling_and_not_the_namesake(db, people):
    zhang, namesake = people
    found = db.find_duplicates({"family_name": "Zhang", "given_name": "Wei", "birthday": "1985-03-12",
                                "phones": [{"number": "138-1234-5678"}]})
    assert [m["id"] for m in found] == [zhang["id"]]
    assert found[0]["score"] > 0.9 and found[0]["display_name"] == "张伟"
    fields = {f["field"]: f for f in found[0]["fields"]}
    assert fields["phone"]["weight"] > 10

    other = {"family_name": "张", "given_name": "伟", "birthday": "1990-01-01", "phones": [{"number": "13655556666"}]}
    assert db.find_duplicates(other) == []
    everything = db.find_duplicates(other, threshold=0)
    assert {m["id"] for m in everything} == {zhang["id"], namesake["id"]}
    assert all(m["score"] < 0.5 for m in everything)
    assert db.count_customers() == 2  # nothing stored


def test_only_visible_customers(db_path, db, people):
    probe = {"family_name": "张", "given_name": "伟", "birthday": "1985-03-12", "phones": [{"number": "13812345678"}]}
    with clientele.Database(db_path, user="tom") as tom:
        assert tom.find_duplicates(probe, threshold=0) == []
        with pytest.raises(clientele.NotFoundError):
            tom.explain("SHOP-1", "SHOP-2")
    with clientele.Database(db_path, user="li.na") as li:
        assert [m["id"] for m in li.find_duplicates(probe)] == [people[0]["id"]]


def test_explain_stored_pair(db, people):
    e = db.explain("SHOP-1", people[1])
    assert e["a"] == "SHOP-1" and e["b"] == people[1]["id"]
    assert e["probability"] < 0.5
    assert e["prior_weight"] + sum(f["weight"] for f in e["fields"]) == pytest.approx(e["weight"])
    assert {f["field"] for f in e["fields"]} >= {"given_name", "family_name", "birthday", "phone"}


def test_bad_input(db, people):
    with pytest.raises(clientele.InvalidInputError, match="threshold"):
        db.find_duplicates({"family_name": "张"}, threshold=1.5)
    with pytest.raises(clientele.InvalidInputError, match="email"):
        db.find_duplicates({"family_name": "张", "emails": [{"address": "nope"}]})
    with pytest.raises(TypeError):
        db.find_duplicates("张伟")  # type: ignore[arg-type]
    with pytest.raises(clientele.NotFoundError):
        db.explain("SHOP-1", "NOPE")
