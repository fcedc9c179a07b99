"""db.report(): the HTML report through Python — its text or its file, the analytics' own
numbers, escaping, role filtering, bad input with nothing written; and, where Chromium is
installed, the sample's report rendered headless at desktop and phone widths and printed."""
import json
import pathlib
import re
import shutil
import struct
import subprocess
import zlib

import pytest

import clientele

HOSTILE = "<img src=x onerror=alert(1)> & \"Q\""
SAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "data"


@pytest.fixture
def shop(team):
    with team.open("admin") as admin:
        hostile = admin.create_customer(given_name=HOSTILE, owner="dave", external_id="H1")
        for ref, day, amount in [(team.alice_c["id"], "2024-04-10", 5000), (team.alice_c["id"], "2024-05-10", 7000),
                                 (team.dave_c["id"], "2024-05-20", 3000), (hostile["id"], "2024-05-21", 990000)]:
            admin.add_interaction(customer_id=ref, kind="purchase", occurred_at=f"{day}T10:00:00Z",
                                  amount_minor=amount, currency="CNY")
    return team


def section(html: str, name: str) -> str:
    start = html.index(f'<section id="{name}">')
    return html[start:html.index("</section>", start)]


def test_report_text_sections_and_numbers(shop):
    with shop.open("admin") as db:
        html = db.report("2024-05-31", from_="2024-05-01", lang="en")
        stages = db.lifecycle("2024-05-31")
    for name in ("headline", "rfm", "segments", "tiers", "lifecycle", "transitions", "monthly", "cohorts", "top",
                 "quality"):
        assert f'<section id="{name}">' in html
    assert "default-src 'none'" in html and not re.search(r"https?://", html) and "<script" not in html
    counts = stages["stage"].value_counts()
    funnel = section(html, "lifecycle")
    for stage, n in counts.items():
        assert f'<th scope="row">{stage}</th><td>{n}</td>' in funnel
    head = section(html, "headline")
    assert '<th scope="row">Customers</th><td>4</td>' in head
    assert '<th scope="row">Active buyers</th><td>3</td><td>1</td>' in head
    top = section(html, "top")
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Q&quot;" in top and "<img" not in html


def test_report_file_and_roles(shop, tmp_path):
    out = tmp_path / "r.html"
    with shop.open("alice") as alice:
        assert alice.report("2024-05-31", lang="en", path=out) is None
        text = out.read_text(encoding="utf-8")
        assert text == alice.report("2024-05-31", lang="en")
    assert '<th scope="row">Customers</th><td>1</td>' in section(text, "headline")
    assert "onerror" not in text and "9,900.00" not in text
    with shop.open("admin") as admin:
        mine = admin.report("2024-05-31", lang="zh-CN", owner="dave")
    assert '<html lang="zh-CN">' in mine and "9,900.00" in mine and "70.00" not in section(mine, "top")


def test_report_bad_input_writes_nothing(shop, tmp_path, state):
    before = state(shop.path)
    out = tmp_path / "r.html"
    with shop.open("admin") as db:
        for kwargs, field in [({"lang": "fr"}, "lang"), ({"from_": "2024-06-01"}, "from"),
                              ({"owner": "nobody"}, "owner"), ({"top": 0}, "top_customers")]:
            with pytest.raises(clientele.InvalidInputError) as e:
                db.report("2024-05-31", path=out, **kwargs)
            assert e.value.field == field
        with pytest.raises(clientele.InvalidInputError):
            db.report("2024-05-31", path=shop.path)
        with pytest.raises(clientele.StorageError):
            db.report("2024-05-31", path=tmp_path / "no" / "r.html")
    assert not out.exists() and not (tmp_path / "no").exists()
    assert state(shop.path) == before


# ---- in a real browser ---------------------------------------------------------------------

def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    pytest.skip("no chromium installed (scripts/setup.sh installs Debian's package)")


def _png_pixels(path: pathlib.Path) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of an 8-bit RGB/RGBA PNG, decoded with zlib alone."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour = header[0], header[1], header[2], header[3]
    assert depth == 8 and colour in (2, 6)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line[::bpp]))  # the red channel is enough to see ink
        prev = line
    return width, height, rows


def _ink_variance(rows: list[bytes]) -> float:
    values = [v for row in rows[::4] for v in row[::4]]
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / len(values)


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> pathlib.Path:
    where = tmp_path_factory.mktemp("sample")
    with clientele.Database(where / "sample.db", create=True) as db:
        for line in (SAMPLE / "users.jsonl").read_text(encoding="utf-8").splitlines():
            u = json.loads(line)
            db.add_user(username=u["username"], display_name=u.get("display_name", u["username"]), role=u["role"],
                        team=u.get("team", ""))
        db.import_jsonl(SAMPLE / "customers.jsonl", "customers")
        db.import_jsonl(SAMPLE / "interactions.jsonl", "interactions")
        db.report("2026-10-31", from_="2026-08-01", lang="zh-CN", currency="CNY", path=where / "report.html")
    return where / "report.html"


@pytest.mark.parametrize("width", [1280, 390])
def test_sample_report_renders_in_chromium(sample_report, tmp_path, width):
    browser = _chromium()
    shot = tmp_path / f"shot-{width}.png"
    r = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--screenshot={shot}", f"--window-size={width},2000", sample_report.as_uri()],
                       capture_output=True, text=True, timeout=120)
    assert shot.exists(), r.stderr
    w, h, rows = _png_pixels(shot)
    assert (w, h) == (width, 2000)
    assert _ink_variance(rows) > 100  # not a blank page: text, bars and cells drawn
    # The top band (the title and the headline cards) has ink too, not only the page below.
    assert _ink_variance(rows[:300]) > 50


def test_sample_report_prints_to_pdf(sample_report, tmp_path):
    browser = _chromium()
    pdf = tmp_path / "report.pdf"
    r = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", sample_report.as_uri()], capture_output=True, text=True, timeout=120)
    assert pdf.exists(), r.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert 2 <= pages <= 20
