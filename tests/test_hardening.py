"""Issue 10 (hardening): credentials in the base URL, live markup in Markdown, and odd inputs.

Each test reproduces what a hostile probe found and checks that it no longer holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarise.cli.main import cli
from summarise.safe_text import strip_userinfo, url_host
from tests.fakes.fake_endpoint import FakeEndpoint, Reply

from .conftest import SEEDS, sensible_model

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
    assert (tmp_path / "cache").is_dir() and list((tmp_path / "fixtures").iterdir())
    assert _files_mentioning(tmp_path, USER, PASSWORD) == []


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
