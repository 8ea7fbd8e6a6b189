"""Issue 10 (hardening): credentials in the base URL, live markup in Markdown, and odd inputs.

Each test reproduces what a hostile probe found and checks that it no longer holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import diskcache
import pytest
from click.testing import CliRunner

from summarise.briefing.citations import all_citations
from summarise.cli.main import cli
from summarise.safe_text import printable, strip_userinfo, url_host
from summarise.schema import Briefing
from tests.fakes.fake_endpoint import FakeEndpoint, Reply
from tests.fakes.scripted import sensible_model

from .conftest import SEEDS

USER, PASSWORD = "alice-user", "s3cret-pw"


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def _with_userinfo(url: str) -> str:
    return url.replace("http://", f"http://{USER}:{PASSWORD}@", 1)


def _files_mentioning(root: Path, *needles: str) -> list[str]:
    """Every file under ``root`` whose bytes contain one of ``needles`` (caches are binary)."""
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path}: {n}" for n in needles if n.encode() in data]
    return hits


# --- item 3: credentials in the base URL --------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://alice:pw@host:8080/v1", "http://host:8080/v1"),
        ("https://alice@host/v1", "https://host/v1"),
        ("http://a:p%40ss@host/v1?x=1", "http://host/v1?x=1"),
        ("alice:pw@host/v1", "host/v1"),  # no scheme: rejected later, but never echoed with the password
        ("http://host/v1/a@b", "http://host/v1/a@b"),  # an @ in the path is not userinfo
        ("http://host:8080/v1", "http://host:8080/v1"),
    ],
)
def test_strip_userinfo(url: str, shown: str) -> None:
    assert strip_userinfo(url) == shown


def test_url_host_has_no_credentials() -> None:
    assert url_host("http://alice:pw@127.0.0.1:8080/v1") == "127.0.0.1:8080"


@pytest.fixture
def flaky_model() -> Iterator[FakeEndpoint]:
    """A sensible model that fails one seed with HTTP 500, so error messages are written too."""

    def handler(request: dict[str, Any]) -> Reply:
        if "Putin Would Rather" in json.dumps(request):
            return Reply(status=500, content="boom")
        return sensible_model(request)

    with FakeEndpoint(handler, model="fake") as endpoint:
        yield endpoint


def test_userinfo_in_base_url_leaves_no_trace(
    flaky_model: FakeEndpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10.3: ``user:pass`` was in endpoint_host (JSON, Markdown, HTML) and in error messages."""
    monkeypatch.setenv("SUMMARISE_HTTP_RETRIES", "0")
    monkeypatch.setenv("SUMMARISE_RECORD_DIR", str(tmp_path / "fixtures"))
    secret_url = _with_userinfo(flaky_model.base_url)
    outputs = []
    for fmt in ("md", "json", "html"):
        result = _run(
            str(SEEDS), "--base-url", secret_url, "--model", "fake", "--mode", "json", "--format", fmt,
            "-o", str(tmp_path / f"briefing.{fmt}"),
        )  # fmt: skip
        assert result.exit_code == 6, result.output  # one source failed, the briefing is partial
        outputs.append(result.output)
    briefing = json.loads((tmp_path / "briefing.json").read_text(encoding="utf-8"))
    assert briefing["metadata"]["endpoint_host"] == f"127.0.0.1:{flaky_model.port}"
    assert f"HTTP 500 from {flaky_model.base_url}" in briefing["metadata"]["failures"][0]["error"]
    # Errors that end the run: the endpoint fails, nothing answers, the model name is missing,
    # the URL has no scheme.
    with FakeEndpoint(Reply(status=401, content="no")) as refusing:
        outputs.append(
            _run(str(SEEDS), "--base-url", _with_userinfo(refusing.base_url), "--model", "m").output
        )
    dead = f"http://{USER}:{PASSWORD}@127.0.0.1:9/v1"
    outputs.append(_run(str(SEEDS), "--base-url", dead, "--model", "m").output)
    outputs.append(_run(str(SEEDS), "--base-url", dead).output)
    outputs.append(_run(str(SEEDS), "--base-url", f"{USER}:{PASSWORD}@host/v1", "--model", "m").output)
    assert all("error:" in out for out in outputs[3:]), outputs
    assert not [out for out in outputs if USER in out or PASSWORD in out], outputs
    assert (tmp_path / "cache").is_dir()
    assert _files_mentioning(tmp_path, USER, PASSWORD) == []
    # Issue 10.12: the endpoint is part of every cache key, as its host and path only.
    with diskcache.Cache(str(tmp_path / "cache")) as cache:
        endpoints = {cache[key]["parts"]["endpoint"] for key in cache.iterkeys()}
    assert endpoints == {f"127.0.0.1:{flaky_model.port}/v1"}


def test_eval_results_and_report_carry_no_credentials(
    flaky_model: FakeEndpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The eval's results.json and report.md held the base URL's ``user:pass``."""
    from summarise.eval import runner
    from summarise.eval.report import write_report
    from summarise.prompts import data_dir
    from summarise.settings import Settings

    # Record into a temporary fixture folder, never the repository's.
    monkeypatch.setattr(
        runner, "data_dir", lambda name: tmp_path / "evals" if name == "evals" else data_dir(name)
    )
    config = runner.EvalConfig(
        name="creds",
        model="fake",
        base_url=_with_userinfo(flaky_model.base_url),
        judge_model="fake",
        judge_base_url=_with_userinfo(flaky_model.base_url),
        judge=False,
    )
    base = Settings.resolve({"cache_dir": tmp_path / "cache", "http_retries": 0}, {})
    results = runner.run_config(config, runner.load_cases(["all-seeds"]), base, record=True, judge=False)
    run = results[0].briefing
    assert run is not None and run.metadata.failures  # an error message went into the results
    write_report({"creds": results}, tmp_path / "report", [])
    assert (tmp_path / "report" / "results.json").is_file()
    assert _files_mentioning(tmp_path, USER, PASSWORD) == []
    fixtures = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "evals").rglob("*.json")]
    assert fixtures and {f["parts"]["endpoint"] for f in fixtures} == {f"127.0.0.1:{flaky_model.port}/v1"}


# --- item 4: Markdown output escapes article and model text -------------------------------------

PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![pixel](http://evil.example/p.png)",
    "<javascript:alert(1)>",
    "<script>alert(1)</script>",
)


def _hostile_model(request: dict[str, Any]) -> Reply:
    """A model whose every free-text field carries markup, some after a blank line."""
    reply = sensible_model(request)
    answer = json.loads(reply.content or "{}")
    evil = " ".join(PAYLOADS)
    for key in ("title", "bottom_line", "summary", "outlet_or_author"):
        if key in answer:
            answer[key] = f"{answer[key]} {evil}"
    for point in answer.get("key_points", []):
        point["text"] = f"Point\n\n<div onclick=alert(1)>x</div>\n[r]: javascript:alert(1)\n\n[r] {evil}"
    for actor in answer.get("actors", []):
        actor["name"], actor["role"] = f"**{PAYLOADS[0]}", f"1. {PAYLOADS[1]}"
    for event in answer.get("events", []):
        event["event"] = f"# {PAYLOADS[2]}"
    if "open_questions" in answer:
        answer["open_questions"] = [f"> {PAYLOADS[3]}", f"- {PAYLOADS[4]}"]
    reply.content = json.dumps(answer)
    return reply


class _Tags:
    """Every start tag and attribute in an HTML fragment."""

    def __init__(self, page: str) -> None:
        from html.parser import HTMLParser

        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        outer = self

        class Parser(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                outer.tags.append(tag)
                outer.attrs += attrs

            def handle_data(self, data: str) -> None:
                outer.text.append(data)

        parser = Parser(convert_charrefs=True)
        parser.feed(page)
        parser.close()


def test_markdown_output_has_no_live_markup_from_articles_or_model(tmp_path: Path) -> None:
    """Issue 10.4: raw HTML, javascript: links and images passed through to the Markdown."""
    from markdown_it import MarkdownIt

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text(
        "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt; Troops</title></head><body>"
        '<p>Officials said <a href="javascript:alert(1)">5,000 troops</a> arrived on Monday.</p>'
        "<p>Another 300 &lt;img src=x onerror=alert(1)&gt; soldiers followed later.</p></body></html>",
        encoding="utf-8",
    )
    (folder / "plain.txt").write_text(
        "Plain [click](javascript:alert(1)) headline here\n"
        "The ministry said <img src=x onerror=alert(1)> 12 ships ![p](http://evil.example/p.png) sailed.\n"
        "A second report put the number at 14 ships <javascript:alert(1)>.\n",
        encoding="utf-8",
    )
    with FakeEndpoint(_hostile_model) as endpoint:
        url = endpoint.base_url
        result = _run(str(folder), "--base-url", url, "--model", "fake", "--mode", "json")
    assert result.exit_code == 0, result.output
    markdown = result.output
    # A CommonMark renderer with raw HTML on, as a viewer would use it.
    rendered = _Tags(MarkdownIt("commonmark", {"html": True}).render(markdown))
    assert set(rendered.tags) <= {
        "h1",
        "h2",
        "p",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "code",
        "hr",
        "blockquote",
    }
    assert rendered.attrs == []  # no href, src or on* handler at all
    # Readable: the hostile text is shown as text, and every quote reads as the article does.
    text = " ".join("".join(rendered.text).split())
    for payload in PAYLOADS:
        assert payload in text
    assert "<script>alert(1)</script> Troops" in text  # the HTML title, decoded once, not twice
    briefing = json.loads(
        _run(
            str(folder),
            "--offline",
            "--model",
            "fake",
            "--mode",
            "json",
            "--format",
            "json",
            "--base-url",
            url,  # the same endpoint, now stopped: offline never calls it
        ).stdout  # stderr carries the closing line
    )
    # The support gate drops the hostile model's own statements (their words are not in the
    # article), so the quotes that remain are those of the figures read from the articles.
    quotes = [c.quote for c in all_citations(Briefing.model_validate(briefing))]
    assert quotes and all(" ".join(q.split()) in text for q in quotes)


# --- item 11: inputs ------------------------------------------------------------------------------

STORY = "Officials said 5,000 troops arrived on Monday.\nA second report put the number at 6,000.\n"


def test_one_file_named_three_ways_is_one_source(tmp_path: Path) -> None:
    """``a/../a/x.txt``, its absolute path and its folder counted as 3 sources."""
    from summarise.sources.files import load_sources

    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "x.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(folder / "x.txt")
    roundabout = Path(folder.name) / ".." / folder.name / "x.txt"
    notices: list[str] = []
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        sources, errors = load_sources(
            [roundabout, folder / "x.txt", folder, tmp_path / "link.txt"], notices=notices
        )
    finally:
        os.chdir(cwd)
    assert [s.path for s in sources] == [str(roundabout)] and errors == [] and notices == []


def test_identical_content_is_read_once_with_a_notice(tmp_path: Path) -> None:
    from summarise.sources.files import load_sources

    (tmp_path / "one.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "two.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "three.txt").write_text(STORY.replace("6,000", "7,000"), encoding="utf-8")
    notices: list[str] = []
    sources, _ = load_sources([tmp_path], notices=notices)
    assert [(s.id, Path(s.path).name) for s in sources] == [("S1", "one.txt"), ("S2", "three.txt")]
    assert len(notices) == 1 and "two.txt" in notices[0] and "one.txt" in notices[0]


def test_size_warning_and_hard_cap(tmp_path: Path) -> None:
    from summarise.errors import InputTooLarge
    from summarise.sources.files import ReadOptions, load_sources

    big = tmp_path / "big.txt"
    big.write_text(STORY * 20, encoding="utf-8")
    notices: list[str] = []
    sources, _ = load_sources([big], ReadOptions(warn_bytes=100), notices)
    assert len(sources) == 1 and "big.txt" in notices[0] and "MB" in notices[0]
    with pytest.raises(InputTooLarge, match=r"big\.txt.*cap") as info:
        load_sources([big], ReadOptions(warn_bytes=100, max_bytes=1000))
    assert "--force" in info.value.hint and info.value.exit_code == 2
    assert len(load_sources([big], ReadOptions(max_bytes=1000, force=True))[0]) == 1


def test_a_file_above_the_cap_stops_the_run_before_any_model_call(tmp_path: Path) -> None:
    """A 20 MB file was read and sent (1,020 model calls) with no warning or cap."""
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.write(STORY.encode())
        f.truncate(21_000_000)
    (tmp_path / "small.txt").write_text(STORY, encoding="utf-8")
    with FakeEndpoint(sensible_model) as endpoint:
        result = _run(str(tmp_path), "--base-url", endpoint.base_url, "--model", "fake", "--mode", "json")
        assert result.exit_code == 2 and "huge.txt" in result.output and "--force" in result.output
        assert endpoint.requests == []
        result = _run(
            str(tmp_path / "small.txt"), "--base-url", endpoint.base_url, "--model", "fake", "--mode", "json",
            "--max-source-mb", "0.00001",
        )  # fmt: skip
    assert result.exit_code == 0 and "warning: " in result.output and "small.txt is" in result.output


def test_a_nul_byte_anywhere_makes_a_file_binary(tmp_path: Path) -> None:
    """NUL bytes were rejected as binary only within the first 8 KB."""
    from summarise.errors import SourceError
    from summarise.sources.files import read_source

    late = tmp_path / "late.txt"
    late.write_bytes(STORY.encode() * 200 + b"\x00 tail")
    assert late.stat().st_size > 8192
    with pytest.raises(SourceError, match="binary"):
        read_source(late, "S1")


def test_terminal_escape_codes_reach_neither_stdout_nor_stderr(tmp_path: Path) -> None:
    """Escape codes from articles reached stdout; JSON keeps the exact text."""
    esc = "\x1b]0;pwned\x07\x1b[2J\x9b31m"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text(f"Headline {esc} here\n{STORY}", encoding="utf-8")
    (folder / f"empty{esc[:4]}.txt").write_text("", encoding="utf-8")  # named in a warning
    with FakeEndpoint(sensible_model) as endpoint:
        args = [str(folder), "--base-url", endpoint.base_url, "--model", "fake", "--mode", "json"]
        markdown = _run(*args)
        html_page = _run(*args, "--format", "html")
        as_json = _run(*args, "--format", "json")
    for result in (markdown, html_page):
        assert result.exit_code == 6 and "Headline" in result.output  # 6: the empty file was skipped
        assert printable(result.output) == result.output
    briefing = json.loads(as_json.stdout)
    assert esc in briefing["sources"][0]["title"]  # JSON: exact, escaped by JSON itself
    assert "\x1b" not in as_json.stdout and "\x1b" not in as_json.stderr


def test_summarise_never_reads_its_own_output(fake_model: FakeEndpoint, tmp_path: Path) -> None:
    """A briefing written into the input folder became a source on the next run."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    out = folder / "briefing.md"
    out.write_text("An old unmarked file at the output path, with one sentence.\n", encoding="utf-8")
    args = ["--base-url", fake_model.base_url, "--model", "fake", "--mode", "json"]
    first = _run(str(folder), *args, "-o", str(out))
    assert first.exit_code == 0, first.output
    assert "this run's output file" in first.output  # excluded by path
    page = folder / "briefing.html"
    assert _run(str(folder), *args, "--format", "html", "-o", str(page)).exit_code == 0
    assert page.read_text(encoding="utf-8").startswith("<!doctype html><!-- generated by summarise")
    again = _run(str(folder), *args, "--format", "json")
    assert again.exit_code == 0, again.output
    assert [Path(s["path"]).name for s in json.loads(again.stdout)["sources"]] == ["story.txt"]
    assert "briefing.md: is a briefing summarise wrote" in again.stderr
    assert "briefing.html: is a briefing summarise wrote" in again.stderr


@pytest.mark.parametrize("where", ["missing-folder/out.md", "a-folder"])
def test_unwritable_output_fails_before_any_model_call(
    fake_model: FakeEndpoint, tmp_path: Path, where: str
) -> None:
    """The -o path was checked only after all model calls."""
    (tmp_path / "a-folder").mkdir()
    out = tmp_path / where
    result = _run(str(SEEDS), "--base-url", fake_model.base_url, "--model", "fake", "-o", str(out))
    assert result.exit_code == 2 and "cannot write" in result.output and "hint:" in result.output
    assert fake_model.requests == [] and not (tmp_path / "missing-folder").exists()
