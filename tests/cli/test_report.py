"""clientele report: the file it writes (the path printed), role filtering, hostile names
escaped, and bad input refused with nothing written (never over the database)."""
import re

from test_analytics_stages import run_ok, shop  # noqa: F401  (the store fixture of the stage commands)


def test_report_writes_the_file_and_prints_its_path(cli, shop, tmp_path):
    out = tmp_path / "report.html"
    r = run_ok(cli, "report", shop, "--as-of", "2024-06-01", "--from", "2024-05-01", "--lang", "en", "--out", out)
    assert r.out.strip() == str(out)
    html = out.read_text(encoding="utf-8")
    for name in ("headline", "rfm", "lifecycle", "transitions", "monthly", "cohorts", "top", "quality"):
        assert f'<section id="{name}">' in html
    assert "Content-Security-Policy" in html and not re.search(r"https?://", html)
    # The funnel as `clientele funnel` counts it: li repeat, sun reactivated, wang a prospect.
    assert '<th scope="row">prospect</th><td>1</td>' in html
    assert '<th scope="row">reactivated</th><td>1</td>' in html

    mine = tmp_path / "li.html"
    run_ok(cli, "report", shop, "--as-of", "2024-06-01", "--lang", "en", "--out", mine, user="li.na")
    assert '<th scope="row">Customers</th><td>1</td>' in mine.read_text(encoding="utf-8")


def test_report_bad_input_writes_nothing(cli, shop, tmp_path):
    out = tmp_path / "r.html"
    before = shop.read_bytes()
    for args, word in [(["--lang", "fr"], "lang"), (["--from", "2024-07-01"], "from"),
                       (["--owner", "nobody"], "owner"), (["--as-of", "2024-02-30"], "--as-of")]:
        full = ["report", shop, "--as-of", "2024-06-01", *args, "--out", out]
        if args[0] == "--as-of":
            full = ["report", shop, *args, "--out", out]
        r = cli(*full)
        assert r.code != 0 and word in r.err, r
    r = cli("report", shop, "--as-of", "2024-06-01", "--out", shop)
    assert r.code != 0 and "nothing was written" in r.err, r
    r = cli("report", shop, "--as-of", "2024-06-01", "--out", tmp_path / "missing" / "r.html")
    assert r.code != 0, r
    assert not out.exists() and not (tmp_path / "missing").exists()
    assert shop.read_bytes() == before
