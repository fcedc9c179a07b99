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
        # As scripts/demo.sh does: purchases earn points as they are imported, lots lapse.
        db.set_loyalty_rules({"earn": {"currency": "CNY", "points_per_unit": 1}, "expiry": {"months": 24}})
        db.import_jsonl(SAMPLE / "customers.jsonl", "customers")
        db.import_jsonl(SAMPLE / "interactions.jsonl", "interactions")
        db.expire_points_due("2026-10-31T00:00:00Z")
        db.report("2026-10-31", from_="2026-08-01", lang="zh-CN", currency="CNY", path=where / "report.html")
    return where / "report.html"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from cdp import Browser

    b = Browser(_chromium(), tmp_path_factory.mktemp("profile"))
    yield b
    b.close()


# The sections of the sample's report, in page order: the sample has surveys and membership
# levels, so the service and loyalty sections are among them.
SECTIONS = ["headline", "rfm", "segments", "tiers", "lifecycle", "transitions", "monthly", "cohorts", "top",
            "service", "loyalty", "quality"]


def _png(data: bytes, tmp_path: pathlib.Path, name: str) -> tuple[int, int, list[bytes]]:
    path = tmp_path / name
    path.write_bytes(data)
    return _png_pixels(path)


def test_the_check_sees_a_policy_violation(browser, tmp_path):
    """The load check itself: a page whose policy refuses a remote image reports it."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">"
                    "<img src=\"http://192.0.2.1/x.png\"><p>x</p>", encoding="utf-8")
    browser.open(page.as_uri(), 800, 600)
    assert any("192.0.2.1" in p for p in browser.problems(page.as_uri()))


@pytest.mark.parametrize("width", [1280, 390])
def test_sample_report_in_chromium(browser, sample_report, tmp_path, width):
    """Loads with no console error and no request; every section there and drawn (its
    region's pixels vary); nothing wider than the screen; at desktop width no table needs
    scrolling."""
    url = sample_report.as_uri()
    browser.open(url, width, 2000, mobile=width < 500)
    assert browser.problems(url) == []
    boxes = browser.evaluate(
        "[...document.querySelectorAll('section')].map(s => { const r = s.getBoundingClientRect(); "
        "return {id: s.id, x: r.left, y: r.top + scrollY, w: r.width, h: r.height, "
        "charts: [...s.querySelectorAll('svg')].filter(g => g.getBoundingClientRect().height > 40).length}; })")
    assert [b["id"] for b in boxes] == SECTIONS
    for b in boxes:
        assert b["charts"] >= (0 if b["id"] == "headline" else 1), b["id"]  # the headline has cards
        w, h, rows = _png(browser.screenshot({"x": b["x"], "y": b["y"], "width": b["w"], "height": b["h"]}, 0.25),
                          tmp_path, f"{b['id']}.png")
        assert _ink_variance(rows) > 200, b["id"]  # text, bars and cells, not an empty box
    assert browser.evaluate("document.documentElement.scrollWidth") <= width
    if width >= 1000:
        cut = browser.evaluate("[...document.querySelectorAll('.table')].filter(t => t.scrollWidth > t.clientWidth + 1)"
                               ".map(t => t.closest('section').id)")
        assert cut == []


def _charset(font_file: str) -> set[int]:
    """The code points a font file has glyphs for, as fontconfig reads them."""
    text = subprocess.run(["fc-query", "--format=%{charset}\\n", font_file], capture_output=True, text=True,
                          check=True).stdout
    points: set[int] = set()
    for part in text.split():
        lo, _, hi = part.partition("-")
        points.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return points


def test_sample_report_cjk_has_glyphs(browser, sample_report):
    """No tofu: the fonts Chromium drew the Chinese text with have a glyph for every CJK
    character of the page (fontconfig's coverage of the very font files used)."""
    if not shutil.which("fc-query"):
        pytest.skip("no fontconfig tools")
    browser.open(sample_report.as_uri(), 1280, 2000)
    used = browser.fonts_of("h1, h2, th, td, svg text")
    files: dict[str, str] = {}
    for line in subprocess.run(["fc-list", "--format=%{family}\\t%{file}\\n"], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        families, _, path = line.partition("\t")
        for family in families.split(","):
            files.setdefault(family, path)
    covered: set[int] = set()
    for family in used:
        assert family in files, f"{family} is not an installed font"
        covered |= _charset(files[family])
    text = sample_report.read_text(encoding="utf-8")
    cjk = {ord(c) for c in re.sub(r"<[^>]*>", "", text) if ord(c) >= 0x2E80}
    assert len(cjk) > 100  # the page is Chinese
    assert sorted(chr(c) for c in cjk - covered) == []


def test_sample_report_prints_to_pdf(browser, sample_report):
    """A4 pages, each section kept whole where it fits: as many pages as the printed
    height needs, and no more than one blank-ended page per section on top."""
    browser.open(sample_report.as_uri(), 1280, 2000)
    data = browser.pdf()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    # Print layout: A4 less 14 mm margins is 182 x 269 mm, 688 x 1017 CSS px.
    browser.page("Emulation.setDeviceMetricsOverride", {"width": 688, "height": 1017, "deviceScaleFactor": 1,
                                                        "mobile": False})
    browser.page("Emulation.setEmulatedMedia", {"media": "print"})
    height = browser.evaluate("document.documentElement.scrollHeight")
    browser.page("Emulation.setEmulatedMedia", {"media": ""})
    least = -(-height // 1017)
    assert least <= pages <= least + len(SECTIONS) // 2, (pages, height)
