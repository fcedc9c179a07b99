"""splink (PyPI, DuckDB backend) on the same customer CSV, with a standard configuration:
the usual comparison templates per column, term-frequency adjustment on names and city,
u from random sampling, the prior from a deterministic rule, m by EM in two sessions
(blocked on name and on birthday, plus phone when present), pairs clustered at the same
probability threshold as clientele's default. Light cleaning only (lower case, digits of
phones, trimmed values); a `name` column without given/family is split on its last space.
"""

from __future__ import annotations

import logging
import time

import pandas as pd


def _prepare(csv_path: str) -> pd.DataFrame:
    df = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    out = pd.DataFrame({"unique_id": df["id"]})

    def col(name):
        return df[name].str.strip().str.lower() if name in df.columns else pd.Series([""] * len(df))

    given, family = col("given_name"), col("family_name")
    name = col("name")
    no_split = (given == "") & (family == "") & (name != "")
    parts = name.str.rsplit(" ", n=1)
    given = given.where(~no_split, parts.str[0])
    family = family.where(~no_split, parts.str[-1].where(parts.str.len() > 1, ""))
    out["given_name"], out["family_name"] = given, family
    out["email"] = col("email")
    out["phone"] = col("phone").str.replace(r"\D", "", regex=True).str[-9:]
    for c in ("street", "street2", "city", "postcode"):
        out[c] = col(c)
    out["birthday"] = col("birthday").str.replace(r"\D", "", regex=True)
    return out.replace("", None)


def run_splink(csv_path: str, threshold: float = 0.9):
    """Returns ({id: cluster}, seconds)."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    t0 = time.perf_counter()
    df = _prepare(csv_path)
    has = {c: df[c].notna().any() for c in df.columns}
    comparisons = [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("family_name").configure(term_frequency_adjustments=True),
        cl.LevenshteinAtThresholds("birthday", [1, 2]),
        cl.JaroWinklerAtThresholds("street", [0.9, 0.8]),
        cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        cl.LevenshteinAtThresholds("postcode", [1]),
    ]
    if has["street2"]:
        comparisons.append(cl.JaroWinklerAtThresholds("street2", [0.9]))
    if has["email"]:
        comparisons.append(cl.EmailComparison("email"))
    if has["phone"]:
        comparisons.append(cl.LevenshteinAtThresholds("phone", [1]))
    blocking = [block_on("given_name", "family_name"), block_on("family_name", "birthday"),
                block_on("given_name", "birthday"), block_on("postcode", "family_name"),
                block_on("street", "postcode")]
    if has["email"]:
        blocking.append(block_on("email"))
    if has["phone"]:
        blocking.append(block_on("phone"))
    settings = SettingsCreator(link_type="dedupe_only", comparisons=comparisons,
                               blocking_rules_to_generate_predictions=blocking,
                               retain_matching_columns=False)
    db = DuckDBAPI()
    linker = Linker(db.register(df), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "birthday")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "family_name"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birthday"))
    if has["phone"]:
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("phone"))
    pred = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, threshold)
    cdf = clusters.as_pandas_dataframe()
    assign = dict(zip(cdf["unique_id"].astype(str), cdf["cluster_id"].astype(str)))
    return assign, time.perf_counter() - t0
