"""The HTML briefing in a real headless browser: a click highlights exactly text[start:end]; no article runs.

Needs Chromium and its driver from the distribution (Debian: `apt-get install chromium
chromium-driver`) and the selenium dev dependency; without them the browser tests are
skipped with that reason. Selenium is pointed at both binaries, so it never tries to
download a browser or a driver.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarise.briefing.citations import all_citations
from summarise.briefing.html_view import source_texts, to_html_view
from summarise.briefing.pipeline import summarise
from summarise.schema import Briefing
from summarise.settings import Settings
from tests.fakes.fake_endpoint import FakeEndpoint
from tests.fakes.scripted import sensible_model

from .conftest import SEEDS

ROOT = Path(__file__).resolve().parents[1]
PAGES = Path(__file__).parent / "data" / "pages"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

# An article that tries to run code in every way a page can: a script element, an event
# handler, a javascript: link, and a string that would close the page's own data block.
EVIL = (
    "Mayor <script>window.__pwned = 'script'</script> resigns after 12 years in office.\n"
    "The council said <img src=x onerror=\"window.__pwned='img'\"> 3 candidates will stand.\n"
    "A <a href=\"javascript:window.__pwned='link'\">link</a> and </script><script>window.__pwned='close'"
    "</script> end the story of the 40 votes.\n"
    "An emoji 🗳️ sits before this sentence, which reports 7 wards, so code points must line up.\n"
)


def _briefing(tmp_path: Path) -> Briefing:
    evil = tmp_path / "evil.txt"
    evil.write_text(EVIL, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_bytes((PAGES / "article_tag.html").read_bytes())
    with FakeEndpoint(sensible_model) as endpoint:
        settings = Settings.resolve(
            {
                "base_url": endpoint.base_url,
                "model": "fake",
                "mode": "json",
                "cache_dir": tmp_path / "cache",
                "http_retries": 0,
                "timeout": 5.0,
            },
            {},
        )
        return summarise([evil, page, SEEDS / "000_167bc6b1462d80ea.txt"], settings)


def test_page_is_self_contained_and_escaped(tmp_path: Path) -> None:
    briefing = _briefing(tmp_path)
    page = to_html_view(briefing)
    assert "window.__pwned" in page  # the article is embedded, so it can be highlighted...
    assert "<script>window.__pwned" not in page and "<img src=x" not in page  # ...but never as markup
    assert page.count("<script") == 2  # the JSON data block and our one script
    assert "http://" not in page.split("<body>")[0] and "src=" not in page.split("<body>")[0]
    texts = source_texts(briefing.sources)
    assert all(texts[s.id] is not None for s in briefing.sources)
    assert all(f'data-cite="{n}"' in page for n in range(1, len(all_citations(briefing)) + 1) if n <= 3)


def test_a_changed_source_is_not_highlighted(tmp_path: Path) -> None:
    briefing = _briefing(tmp_path)
    Path(briefing.sources[0].path).write_text("Something else entirely now.\n", encoding="utf-8")
    assert source_texts(briefing.sources)[briefing.sources[0].id] is None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not (CHROMIUM and DRIVER):
        pytest.skip("no Chromium/chromedriver installed (Debian: apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (dev dependency) not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(arg)
    service = webdriver.ChromeService(executable_path=DRIVER)
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()


def test_clicking_a_citation_highlights_exactly_its_span(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(browser, WebDriver)
    briefing = _briefing(tmp_path)
    out = tmp_path / "briefing.html"
    out.write_text(to_html_view(briefing), encoding="utf-8")
    browser.get(out.as_uri())
    texts = {s.id: Path(s.path).read_bytes().decode("utf-8") for s in briefing.sources}

    markers = browser.find_elements(By.CSS_SELECTOR, "a.cite")
    seen: set[str] = set()
    checked = 0
    for marker in markers:
        n = marker.get_attribute("data-cite")
        if n in seen:
            continue
        seen.add(n or "")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", marker)
        marker.click()
        hit = browser.find_element(By.ID, "hit")
        cite = browser.execute_script(
            "return JSON.parse(document.getElementById('briefing-data').textContent).cites[arguments[0]]", n
        )
        expected = texts[cite["source_id"]][cite["start"] : cite["end"]]
        assert browser.execute_script("return document.getElementById('hit').textContent") == expected
        assert expected == cite["quote"]
        assert browser.find_element(By.ID, "quote").get_attribute("textContent") == expected
        # Scrolled into view inside the source pane.
        visible = browser.execute_script(
            "const r = arguments[0].getBoundingClientRect(), p = document.getElementById('reader')"
            ".getBoundingClientRect(); return r.top >= p.top && r.bottom <= p.bottom + 1;",
            hit,
        )
        assert visible, f"citation {n} is highlighted off screen"
        checked += 1
    assert checked == len(seen) >= 5
    # Every source id that was cited got at least one highlight checked, the hostile one included.
    cited = {c.source_id for c in all_citations(briefing)}
    assert cited == {s.id for s in briefing.sources}
    # Nothing the article carried ran, and the page's own script did.
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.find_element(By.ID, "hit").tag_name == "mark"
    # The hover text of a marker is its quote.
    first = markers[0]
    assert first.get_attribute("title")

    # Open a seed article's citation and keep a picture for the README.
    seed_id = next(s.id for s in briefing.sources if s.path.endswith("000_167bc6b1462d80ea.txt"))
    for marker in markers:
        n = marker.get_attribute("data-cite")
        c = browser.execute_script(
            "return JSON.parse(document.getElementById('briefing-data').textContent).cites[arguments[0]]", n
        )
        if c["source_id"] == seed_id:
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", marker)
            marker.click()
            break
    browser.save_screenshot(str(tmp_path / "html-view.png"))
    if os.environ.get("SUMMARISE_WRITE_SCREENSHOT"):  # refresh docs/html-view.png for the README
        shutil.copyfile(tmp_path / "html-view.png", ROOT / "docs" / "html-view.png")
