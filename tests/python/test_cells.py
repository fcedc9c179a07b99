"""The Python side of the cell rule: that text columns reach the core and its refusals
come back as InvalidInputError naming the row. The rule itself is tested in C++
(tests/cpp/cells) and the agreement of every layer in tests/conformance."""

import numpy as np
import pandas as pd
import pytest

import clientele
from clientele import _core


def test_a_refused_text_time_names_its_row_and_column():
    df = pd.DataFrame({"customer_id": ["a", "b", "c"], "timestamp": ["2024-01-05", "2024-01-06", "20240105"],
                       "amount": ["1", "2", "3"]})
    with pytest.raises(clientele.InvalidInputError) as e:
        clientele.rfm(df, "2024-02-01")
    assert e.value.row == 3 and e.value.field == "timestamp"
    assert "bare number" in e.value.reason


def test_a_refused_text_amount_names_its_row():
    df = pd.DataFrame({"customer_id": [1, 2], "timestamp": ["2024-01-05", "2024-01-06"], "amount": ["1.00", "1.005"]})
    with pytest.raises(clientele.InvalidInputError) as e:
        clientele.rfm(df, "2024-02-01")
    assert e.value.row == 2 and e.value.field == "amount"


def test_text_columns_and_typed_columns_agree():
    text = pd.DataFrame({"customer_id": [1, 1], "timestamp": ["1700000000000", "1704412800000"],
                         "amount": ["12.50", "1,000"]})
    typed = pd.DataFrame({"customer_id": [1, 1], "timestamp": np.array([1700000000000, 1704412800000]),
                          "amount": [12.5, 1000.0]})
    a = clientele.rfm(text, "2024-02-01", time_unit="ms")
    b = clientele.rfm(typed, "2024-02-01", time_unit="ms")
    pd.testing.assert_frame_equal(a, b)
    assert a["monetary"][0] == 1012.5


def test_as_of_is_a_date_cell():
    df = pd.DataFrame({"customer_id": [1], "timestamp": ["2024-01-05"], "amount": ["1"]})
    with pytest.raises(clientele.InvalidInputError):
        clientele.rfm(df, "20240105")  # a number, not a date
    assert clientele.rfm(df, "2024-01-05")["recency_days"][0] == 0


def test_bindings_refuse_unknown_rule_names():
    with pytest.raises(clientele.InvalidInputError):
        _core.parse_timestamps(["1"], "t", time_unit="hours")
    with pytest.raises(clientele.InvalidInputError):
        _core.parse_dates(["05/01/2024"], "d", date_order="ymd")
    assert list(_core.parse_dates(["05/01/2024"], "d", date_order="day-first")) == [19727]
