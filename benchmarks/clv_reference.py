"""Writes the CLV test fixtures from lifetimes 0.11.3 (run in /work/venv-clv, see
requirements-clv-reference.txt): the CDNOW summary lifetimes ships (MIT licence, public
CDNOW data) and lifetimes' own fit and predictions on it, so CI checks clientele.clv
against lifetimes without installing it.

    /work/venv-clv/bin/python benchmarks/clv_reference.py tests/data/clv
"""

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.datasets import load_cdnow_summary_data_with_monetary_value

out = Path(sys.argv[1])
data = load_cdnow_summary_data_with_monetary_value().reset_index()
data.to_csv(out / "cdnow_summary.csv", index=False)

bg = BetaGeoFitter().fit(data["frequency"], data["recency"], data["T"])
repeat = data[data["frequency"] > 0]
gg = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])

t = 39.0  # weeks: the holdout length of Fader, Hardie & Lee's CDNOW example
pred = pd.DataFrame({
    "customer_id": data["customer_id"],
    "p_alive": bg.conditional_probability_alive(data["frequency"], data["recency"], data["T"]),
    "expected_purchases_39": bg.conditional_expected_number_of_purchases_up_to_time(
        t, data["frequency"], data["recency"], data["T"]),
    "expected_purchases_1": bg.conditional_expected_number_of_purchases_up_to_time(
        1.0, data["frequency"], data["recency"], data["T"]),
    "expected_average_value": gg.conditional_expected_average_profit(data["frequency"], data["monetary_value"]),
    "clv_12": gg.customer_lifetime_value(bg, data["frequency"], data["recency"], data["T"],
                                         data["monetary_value"], time=12, discount_rate=0.01, freq="W"),
})
pred.to_csv(out / "cdnow_lifetimes_predictions.csv", index=False, float_format="%.12g")
ref = {
    "lifetimes": "0.11.3",
    "bgnbd": {k: float(v) for k, v in bg.params_.items()},
    "bgnbd_se": {k: float(v) for k, v in bg.standard_errors_.items()},
    "gamma_gamma": {k: float(v) for k, v in gg.params_.items()},
    "gamma_gamma_se": {k: float(v) for k, v in gg.standard_errors_.items()},
    "correlation_frequency_monetary": float(np.corrcoef(repeat["frequency"], repeat["monetary_value"])[0, 1]),
}
(out / "cdnow_lifetimes_fit.json").write_text(json.dumps(ref, indent=2) + "\n")
print(json.dumps(ref, indent=2))
