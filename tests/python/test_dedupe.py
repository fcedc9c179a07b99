"""clientele.dedupe over DataFrames and dicts, explain_pair, bad input."""
import numpy as np
import pandas as pd
import pytest

import clientele


def frame():
    rows = [
        ("a", "张伟", "138-1234-5678", "", "1985-03-07"),
        ("b", "Zhang Wei", "+86 13812345678", "zhang.wei@gmail.com", ""),
        ("c", "張偉", "13812345678", "zhangwei@gmail.com", "1985-03-07"),
        ("d", "李娜", "13900001111", "", "1990-01-01"),
        ("e", "Li Na", "139 0000 1111", "", ""),
        ("f", "王芳", "13700002222", "", "1970-12-12"),
    ]
    # Background people so the model has something to learn from.
    for i in range(150):
        rows.append((f"bg{i}", f"Person{i} Family{i % 37}", f"1351234{i:04d}", f"p{i}@example.com",
                     f"19{50 + i % 40}-0{1 + i % 9}-1{i % 10}"))
    return pd.DataFrame(rows, columns=["id", "name", "phone", "email", "birthday"]).set_index("id", drop=False)


def test_dedupe_dataframe_returns_series_on_the_index():
    df = frame()
    s = clientele.dedupe(df)
    assert isinstance(s, pd.Series) and s.name == "cluster_id"
    assert list(s.index) == list(df.index)
    assert s["a"] == s["b"] == s["c"]
    assert s["d"] == s["e"]
    assert s["a"] != s["d"] and s["f"] != s["a"]


def test_dedupe_dict_and_pairs():
    df = frame()
    data = {c: df[c].tolist() for c in df.columns}
    clusters, pairs = clientele.dedupe(data, return_pairs=True)
    assert isinstance(clusters, np.ndarray) and clusters.dtype == np.uint32 and len(clusters) == len(df)
    assert set(pairs.columns) == {"a", "b", "probability"}
    assert ((pairs["probability"] >= 0.5) & (pairs["a"] < pairs["b"])).all()


def test_explain_pair_lists_fields():
    e = clientele.explain_pair(frame(), 0, 1)
    fields = {f["field"]: f for f in e["fields"]}
    assert fields["phone"]["level"] == "exact" and fields["phone"]["weight"] > 0
    assert e["weight"] == pytest.approx(e["prior_weight"] + sum(f["weight"] for f in e["fields"]))
    with pytest.raises(clientele.InvalidInputError):
        clientele.explain_pair(frame(), 0, 10_000)


def test_dedupe_bad_input():
    with pytest.raises(clientele.InvalidInputError):
        clientele.dedupe(pd.DataFrame({"city": ["Berlin"]}))
    with pytest.raises(clientele.InvalidInputError):
        clientele.dedupe({"name": ["a", "b"], "phone": ["1"]})
    with pytest.raises(clientele.InvalidInputError):
        clientele.dedupe(frame(), threshold=1.5)
    s = clientele.dedupe(pd.DataFrame({"name": [None, "😀", ""]}))
    assert len(s) == 3
    assert len(clientele.dedupe(pd.DataFrame({"name": []}, dtype=str))) == 0


def test_dedupe_reads_cantonese_romanizations_and_keeps_a_household_apart():
    df = frame()
    hk = pd.DataFrame(
        [("hk1", "陳大文", "+852 2721 4439", "", ""),
         ("hk2", "Chan Tai Man", "2721 4439", "", ""),
         ("hk3", "Yi-Ting Chen", "(852) 2721-4439", "", ""),   # a daughter on the home line
         ("hk4", "陳冠宇", "+852 2721 4439", "", "")],         # a son
        columns=df.columns).set_index("id", drop=False)
    s = clientele.dedupe(pd.concat([df, hk]))
    assert s["hk1"] == s["hk2"]
    assert len({s["hk1"], s["hk3"], s["hk4"]}) == 3
    e = clientele.explain_pair(pd.concat([df, hk]), len(df), len(df) + 1)
    fields = {f["field"]: f for f in e["fields"]}
    assert fields["given_name"]["level"] == "same sound (pinyin/alias)"


def test_a_replaced_family_name_is_weighed_and_the_household_still_kept_apart():
    # The core's rule (tests/cpp/dedupe/test_dedupe.cpp) seen from Python: the same clusters and
    # the household's share of the weight in explain_pair.
    df = frame()
    home = {"street": "7 Wattle Street", "city": "Canberra", "postcode": "2600"}
    rows = pd.DataFrame(
        [("org", "Tayla Green", "", "", "1990-04-12"),
         ("white", "Tayla White", "", "", "1990-04-12"),     # family name replaced
         ("born", "Tayla Green", "", "", "1987-10-30"),      # birthday replaced
         ("mother", "Mia Green", "", "", "1962-01-05")],     # another person at home
        columns=df.columns).set_index("id", drop=False).assign(**home)
    both = pd.concat([df.assign(street="", city="", postcode=""), rows])
    s = clientele.dedupe(both)
    assert s["org"] == s["white"] == s["born"]
    assert s["mother"] != s["org"]
    n = len(df)
    e = clientele.explain_pair(both, n, n + 3)
    fields = {f["field"]: f for f in e["fields"]}
    assert fields["household"]["weight"] < 0
    assert e["probability"] < 0.5
    assert e["weight"] == pytest.approx(e["prior_weight"] + sum(f["weight"] for f in e["fields"]))
    assert clientele.explain_pair(both, n, n + 1)["probability"] >= 0.9
