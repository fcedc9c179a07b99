"""clientele clv: the CSV and JSON outputs agree with clientele.clv on the same file, the
parameters file, and bad input (too few repeat customers) is exit 3 naming the field."""
import csv
import io
import random

import pytest


def _transactions(customers=80, seed=4):
    """Customers as BG/NBD and Gamma-Gamma draw them (on identified parameters)."""
    rng = random.Random(seed)
    lines = ["customer_id,timestamp,amount"]
    for c in range(customers):
        day, rate, leave = float(rng.randrange(0, 200)), rng.expovariate(30), rng.betavariate(1, 3)
        spend = 5 + rng.expovariate(1 / 30)
        while day < 364:
            lines.append(f"K{c:02d},{_date(int(day))}T00:00:00Z,{0.01 + rng.expovariate(1 / spend):.2f}")
            if rng.random() < leave:
                break
            day += rng.expovariate(rate)
    return "\n".join(lines) + "\n"


def _date(day):
    import datetime

    return (datetime.date(2023, 1, 1) + datetime.timedelta(days=day)).isoformat()


@pytest.fixture
def tx(tmp_path):
    p = tmp_path / "tx.csv"
    p.write_text(_transactions(), encoding="utf-8")
    return p


def test_clv_csv_matches_the_python_module(cli, tx, tmp_path):
    params = tmp_path / "params.csv"
    r = cli("clv", tx, "--as-of", "2023-12-31", "--horizon", "90", "--parameters", params)
    assert r.code == 0, r
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert list(rows[0]) == ["customer_id", "frequency", "recency", "T", "monetary_value", "p_alive",
                             "expected_purchases", "expected_value", "clv"]
    assert len(rows) == 80 and rows[0]["customer_id"] == "K00"
    fitted = {(p["model"], p["parameter"]): float(p["value"]) for p in csv.DictReader(params.open(encoding="utf-8"))}
    assert set(fitted) == {("bgnbd", k) for k in ("r", "alpha", "a", "b")} | {("gamma_gamma", k) for k in "pqv"}
    j = cli("clv", tx, "--as-of", "2023-12-31", "--horizon", "90", "--json")
    assert j.code == 0, j
    doc = j.json()
    assert [c["customer_id"] for c in doc["customers"]] == [row["customer_id"] for row in rows]
    assert doc["customers"][3]["clv"] == pytest.approx(float(rows[3]["clv"]), rel=1e-15)
    clv = pytest.importorskip("clientele.clv")
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(tx)
    s = clv.summary(frame, as_of="2023-12-31")
    bg, gg = clv.fit_bgnbd(s), clv.fit_gamma_gamma(s)
    want = clv.predict(s, bg, gg, t=90, horizon_months=3)
    for col in ["frequency", "recency", "T", "p_alive", "expected_purchases", "clv"]:
        assert [float(row[col]) for row in rows] == pytest.approx(list(want[col]), rel=1e-12), col
    assert fitted[("bgnbd", "alpha")] == pytest.approx(bg.params["alpha"], rel=1e-12)
    assert fitted[("gamma_gamma", "v")] == pytest.approx(gg.params["v"], rel=1e-12)


def test_clv_bad_input_is_exit_3(cli, tmp_path):
    few = tmp_path / "few.csv"
    few.write_text("customer_id,timestamp,amount\na,2023-01-01,5\na,2023-02-01,5\nb,2023-01-05,3\n", encoding="utf-8")
    r = cli("clv", few, "--as-of", "2023-12-31")
    assert r.code == 3 and "frequency" in r.err and "repeat" in r.err, r
    r = cli("clv", few, "--as-of", "2023-12-31", "--period", "fortnight")
    assert r.code == 3 and "period" in r.err, r
