"""splink (pinned in requirements-bench.txt, DuckDB backend) on the same customer CSV, each
set configured the way splink's own authors would, so that it is a fair anchor.

FEBRL sets (columns given_name, family_name, street, street2, city, postcode, birthday):
splink's febrl3 demo without soc_sec_id - blocking on given name, family name, birthday and
postcode; NameComparison with term-frequency adjustment on the given and the family name,
DateOfBirthComparison, exact street number, Jaro-Winkler on the street and the city,
Levenshtein on the postcode; the prior from the demo's deterministic rules (full name and
birthday, or the names swapped and birthday, recall 0.9), u from 1e6 random pairs, m by EM
in three sessions blocked on birthday, postcode and full name.

Multilingual sets (names in two columns or one, email, phone, address, birthday): names
normalised (NFKC, case, diacritics, punctuation; a lone `name` split on its last space),
email without +tags and gmail dots, phone as its last 8 digits, a combined city/postcode
comparison, ten blocking rules, term-frequency adjustment on the full name; the same
training as above (EM on birthday, email, phone and full name).

Thresholds were fixed before looking at any label: pairs are predicted at 0.2 (the demo's)
and clustered at 0.9, clientele's default.

Run with the interpreter of the benchmark venv (scripts/setup.sh --bench makes .venv-bench):
    .venv-bench/bin/python benchmarks/dedupe_splink.py CSV OUT   # writes id,cluster_id
"""

from __future__ import annotations

import logging
import re
import sys
import time
import unicodedata

import pandas as pd

PREDICT_THRESHOLD = 0.2
CLUSTER_THRESHOLD = 0.9


def _text(s: pd.Series) -> pd.Series:
    """NFKC, case-folded, diacritics and punctuation dropped, spaces collapsed."""
    def one(v: str) -> str:
        v = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", v).casefold())
        v = "".join(c for c in v if not unicodedata.combining(c))
        v = re.sub(r"[^\w\s]", " ", v)
        return " ".join(v.split())
    return s.fillna("").map(one)


def _email(s: pd.Series) -> pd.Series:
    def one(v: str) -> str:
        v = v.strip().lower()
        if "@" not in v:
            return ""
        local, host = v.rsplit("@", 1)
        local = local.split("+", 1)[0]
        if host in ("gmail.com", "googlemail.com"):
            local, host = local.replace(".", ""), "gmail.com"
        return f"{local}@{host}"
    return s.fillna("").map(one)


def _read(csv_path: str) -> pd.DataFrame:
    df = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    return df.reindex(columns=sorted(set(df.columns) | {
        "id", "name", "given_name", "family_name", "email", "phone", "street", "street2", "city", "postcode",
        "birthday"}), fill_value="")


def _names(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    given, family, name = _text(df["given_name"]), _text(df["family_name"]), _text(df["name"])
    lone = (given == "") & (family == "") & (name != "")
    parts = name.str.rsplit(" ", n=1)
    given = given.where(~lone, parts.str[0])
    family = family.where(~lone, parts.str[-1].where(parts.str.len() > 1, ""))
    return given, family


def _train(linker, em_rules, deterministic) -> None:
    from splink import block_on  # noqa: F401  (rules come in built)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.9)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)


def _febrl(df: pd.DataFrame):
    import splink.comparison_library as cl
    from splink import block_on

    given, family = _names(df)
    street = _text(df["street"])
    number = street.str.extract(r"^(\d+)\b", expand=False).fillna("")
    data = pd.DataFrame({
        "unique_id": df["id"], "given_name": given, "surname": family, "full_name": given + " " + family,
        "street_number": number, "address_1": street.str.replace(r"^\d+\s*", "", regex=True),
        "suburb": _text(df["city"]), "postcode": df["postcode"].str.strip(),
        "date_of_birth": df["birthday"].str.replace(r"\D", "", regex=True),
    }).replace("", None)
    comparisons = [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d",
                                 invalid_dates_as_null=True),
        cl.ExactMatch("street_number"),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]),
        cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]),
        cl.LevenshteinAtThresholds("postcode", [1, 2]),
    ]
    blocking = [block_on("given_name"), block_on("surname"), block_on("date_of_birth"), block_on("postcode")]
    deterministic = [block_on("given_name", "surname", "date_of_birth"),
                     "l.given_name = r.surname and l.surname = r.given_name and l.date_of_birth = r.date_of_birth"]
    em = [block_on("date_of_birth"), block_on("postcode"), block_on("full_name")]
    return data, comparisons, blocking, deterministic, em


def _multilingual(df: pd.DataFrame):
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import block_on

    given, family = _names(df)
    phone = df["phone"].str.split(";").str[0].fillna("").str.replace(r"\D", "", regex=True).str[-8:]
    data = pd.DataFrame({
        "unique_id": df["id"], "given_name": given, "family_name": family,
        # Order-free, so "wei zhang" and "zhang wei" are one value for the term frequencies.
        "full_name": [" ".join(sorted(x for x in (g, f) if x)) for g, f in zip(given, family)],
        "email": _email(df["email"].str.split(";").str[0]), "phone8": phone,
        "street": _text(df["street"]), "city": _text(df["city"]), "postcode": _text(df["postcode"]),
        "birthday": df["birthday"].str.replace(r"\D", "", regex=True),
    }).replace("", None)
    data["email_user"] = data["email"].str.split("@").str[0]
    city_postcode = cl.CustomComparison(
        output_column_name="city_postcode",
        comparison_levels=[
            cll.CustomLevel('("city_l" IS NULL AND "postcode_l" IS NULL) OR ("city_r" IS NULL AND "postcode_r" IS NULL)',
                            label_for_charts="no city or postcode").configure(is_null_level=True),
            cll.And(cll.ExactMatchLevel("postcode"), cll.ExactMatchLevel("city")),
            cll.ExactMatchLevel("postcode"),
            cll.ExactMatchLevel("city"),
            cll.ElseLevel(),
        ])
    comparisons = [
        # One comparison for the name, so that it is counted once: the order-free full name,
        # exact (term-frequency adjusted: 王芳 says less than 欧阳娜娜) or Jaro-Winkler levels.
        cl.NameComparison("full_name").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("birthday", input_is_string=True, datetime_format="%Y%m%d",
                                 invalid_dates_as_null=True),
        # Exact address, then the same user name at another provider: mailbox names are made
        # from people's names, so a fuzzy user name is a namesake's as often as a typo.
        cl.CustomComparison(output_column_name="email", comparison_levels=[
            cll.NullLevel("email"), cll.ExactMatchLevel("email"), cll.ExactMatchLevel("email_user"),
            cll.ElseLevel()]),
        cl.LevenshteinAtThresholds("phone8", [1]),
        # Exact or nearly: Jaro-Winkler on a Han address rewards the district and road that
        # every neighbour shares.
        cl.JaroWinklerAtThresholds("street", [0.97]),
        city_postcode,
    ]
    blocking = [
        block_on("full_name"),
        block_on("given_name", "birthday"),
        block_on("family_name", "birthday"),
        block_on("email"),
        block_on("email_user"),
        block_on("phone8"),
        block_on("family_name", "postcode"),
        block_on("given_name", "city"),
        block_on("street", "city"),
        block_on("birthday", "city"),
    ]
    deterministic = [block_on("full_name", "birthday"), block_on("email"), block_on("full_name", "phone8")]
    em = [block_on("birthday"), block_on("email"), block_on("phone8"), block_on("full_name")]
    return data, comparisons, blocking, deterministic, em


def run_splink(csv_path: str) -> tuple[dict, float]:
    """Returns ({id: cluster}, seconds): preparation, training, prediction and clustering."""
    from splink import DuckDBAPI, Linker, SettingsCreator

    logging.getLogger("splink").setLevel(logging.ERROR)
    t0 = time.perf_counter()
    df = _read(csv_path)
    febrl = not (df["email"] != "").any() and not (df["phone"] != "").any()
    data, comparisons, blocking, deterministic, em = (_febrl if febrl else _multilingual)(df)
    settings = SettingsCreator(link_type="dedupe_only", comparisons=comparisons,
                               blocking_rules_to_generate_predictions=blocking, retain_matching_columns=False)
    linker = Linker(DuckDBAPI().register(data), settings)
    _train(linker, em, deterministic)
    pred = linker.inference.predict(threshold_match_probability=PREDICT_THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, CLUSTER_THRESHOLD)
    cdf = clusters.as_pandas_dataframe()
    assign = dict(zip(cdf["unique_id"].astype(str), cdf["cluster_id"].astype(str)))
    return assign, time.perf_counter() - t0


def main() -> int:
    csv_path, out = sys.argv[1], sys.argv[2]
    assign, secs = run_splink(csv_path)
    with open(out, "w", encoding="utf-8") as f:
        f.write("id,cluster_id\n")
        for k, v in assign.items():
            f.write(f"{k},{v}\n")
    print(f"{secs:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
