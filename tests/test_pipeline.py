"""The whole pipeline against a loopback OpenAI-compatible server: citations, faults, resumption."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarise.briefing.citations import all_citations, verify
from summarise.briefing.pipeline import summarise
from summarise.cli.main import cli
from summarise.settings import Settings
from tests.fakes.fake_endpoint import FakeEndpoint, Reply, json_reply
from tests.fakes.scripted import sensible_model

from .conftest import SEEDS


def _settings(endpoint: FakeEndpoint, tmp_path: Path, **kw: Any) -> Settings:
    flags = {
        "base_url": endpoint.base_url,
        "model": "fake",
        "mode": "json",
        "cache_dir": tmp_path / "cache",
        "http_retries": 0,
        "timeout": 5.0,
    } | kw
    return Settings.resolve(flags, {})


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def _run_against(endpoint: FakeEndpoint, path: Path, *args: str) -> Any:
    """The CLI on ``path`` against the fake endpoint, in json mode."""
    return _run(str(path), "--base-url", endpoint.base_url, "--model", "fake", "--mode", "json", *args)


def test_briefing_citations_resolve_and_disputes_attributed(fake_model: FakeEndpoint, tmp_path: Path) -> None:
    briefing = summarise([SEEDS], _settings(fake_model, tmp_path))
    assert verify(briefing) == []
    assert len(all_citations(briefing)) > 10
    assert briefing.key_points and all(p.citations for p in briefing.key_points)
    # Who gives each disputed figure is read from its own cited sentence, never invented.
    claims = [c for d in briefing.disputed_figures for c in d.claims]
    assert len({c.source_id for c in claims}) >= 2
    for c in claims:
        assert c.attributed_to == "the article" or c.attributed_to in c.citations[0].quote
    assert briefing.metadata.model_calls == 6 and briefing.metadata.cache_hits == 0
    assert briefing.metadata.endpoint_host.startswith("127.0.0.1")


def test_rerun_is_served_from_cache(fake_model: FakeEndpoint, tmp_path: Path) -> None:
    summarise([SEEDS], _settings(fake_model, tmp_path))
    before = len(fake_model.requests)
    again = summarise([SEEDS], _settings(fake_model, tmp_path))
    assert len(fake_model.requests) == before
    assert again.metadata.cache_hits == 6 and again.metadata.model_calls == 0


def test_failed_source_does_not_sink_the_rest_and_rerun_resumes(tmp_path: Path) -> None:
    broken = {"text": "Putin Would Rather"}

    def flaky(request: dict[str, Any]) -> Reply:
        if broken["text"] and broken["text"] in json.dumps(request):
            return Reply(status=500, content="boom")
        return sensible_model(request)

    # One server throughout: the cache key names the endpoint, so a rerun against another
    # server (another port) would rightly not be served these answers.
    with FakeEndpoint(flaky) as endpoint:
        first = summarise([SEEDS], _settings(endpoint, tmp_path))
        assert [f.subject for f in first.metadata.failures] == ["S1"]
        assert len(first.source_summaries) == 4 and verify(first) == []
        calls_first = len(endpoint.requests)
        broken["text"] = ""
        second = summarise([SEEDS], _settings(endpoint, tmp_path))
        # Only the failed source and the synthesis over five sources are new calls.
        assert len(endpoint.requests) - calls_first == 2 and calls_first == 6
        assert second.metadata.failures == [] and second.metadata.cache_hits == 4


def test_invalid_sentence_id_is_dropped_without_a_reask(tmp_path: Path) -> None:
    """A re-ask costs a whole answer (minutes on a small CPU model), so a bad id is dropped."""
    seen = {"n": 0}

    def off_by_many(request: dict[str, Any]) -> Reply:
        if "numbered sentences" in request["messages"][0]["content"] and seen["n"] == 0:
            seen["n"] += 1
            reply = json.loads(sensible_model(request).content or "{}")
            reply["claims"][0]["sentences"] = [999]
            return json_reply(reply)
        return sensible_model(request)

    with FakeEndpoint(off_by_many) as endpoint:
        briefing = summarise([SEEDS / "001_b9075798c62b1022.txt"], _settings(endpoint, tmp_path))
        assert len(endpoint.requests) == 2  # notes and synthesis, no re-ask
        assert verify(briefing) == []


@pytest.mark.parametrize(
    ("reply", "exit_code", "message"),
    [
        (Reply(status=500, content="kaput"), 3, "HTTP 500"),
        (Reply(status=429, content="slow down"), 3, "HTTP 429"),
        (Reply(raw_body="this is not json"), 3, ""),
        (Reply(content='{"summary": "cut off', finish_reason="length"), 3, "token cap"),
        (Reply(content="not json at all"), 3, "failed validation"),
        (Reply(content="{}", delay=3.0), 3, "did not answer in time"),
    ],
)
def test_endpoint_faults_end_in_one_clear_line(
    tmp_path: Path, reply: Reply, exit_code: int, message: str
) -> None:
    with FakeEndpoint([reply]) as endpoint:
        result = _run_against(
            endpoint, SEEDS / "001_b9075798c62b1022.txt", "--timeout", "1", "--max-retries", "1"
        )
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    assert "error:" in result.output and message in result.output
    assert "hint:" in result.output


def test_dead_endpoint(tmp_path: Path) -> None:
    result = _run(str(SEEDS), "--base-url", "http://127.0.0.1:9/v1", "--model", "m")
    assert result.exit_code == 3
    assert "no model endpoint answered at http://127.0.0.1:9/v1" in result.output
    assert "Traceback" not in result.output


def test_429_then_success_is_retried(tmp_path: Path) -> None:
    replies = iter([Reply(status=429, content="busy")])

    def handler(request: dict[str, Any]) -> Reply:
        return next(replies, None) or sensible_model(request)

    with FakeEndpoint(handler) as endpoint:
        briefing = summarise(
            [SEEDS / "001_b9075798c62b1022.txt"], _settings(endpoint, tmp_path, http_retries=2)
        )
    assert briefing.metadata.failures == []


def test_mode_auto_falls_back_from_json_schema_to_llama_cpps_dialect(tmp_path: Path) -> None:
    """A server that rejects json_schema as llama_cpp.server does gets the schema in its own words."""

    def picky(request: dict[str, Any]) -> Reply:
        if request.get("response_format", {}).get("type") == "json_schema":
            return Reply(status=500, content="Input should be 'text' or 'json_object'")
        return sensible_model(request)

    with FakeEndpoint(picky) as endpoint:
        briefing = summarise(
            [SEEDS / "001_b9075798c62b1022.txt"], _settings(endpoint, tmp_path, mode="auto", concurrency=1)
        )
        last = endpoint.requests[-1]
    assert briefing.metadata.mode == "json_object_schema"
    assert (
        last["response_format"]["type"] == "json_object" and "properties" in last["response_format"]["schema"]
    )
    # The schema is not pasted into the prompt: the grammar carries it.
    assert '"properties"' not in json.dumps(last["messages"])


def test_offline_miss_names_what_is_missing(tmp_path: Path) -> None:
    result = _run(
        str(SEEDS / "001_b9075798c62b1022.txt"),
        "--offline",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--model",
        "never-recorded",
    )
    assert result.exit_code == 2
    assert "--offline" in result.output and "001_b9075798c62b1022.txt" in result.output


def test_bad_input_exit_codes(tmp_path: Path) -> None:
    assert _run(str(tmp_path / "missing")).exit_code == 2
    result = _run(str(SEEDS), "--base-url", "localhost:1234", "--model", "m")
    assert result.exit_code == 2 and "http" in result.output


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_formats(fake_model: FakeEndpoint, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"b.{fmt}"
    result = _run_against(fake_model, SEEDS, "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(text)["sources"][0]["id"] == "S1"
    elif fmt == "html":
        assert text.startswith("<!doctype html>") and 'class="cite"' in text and "<h2>Sources</h2>" in text
    else:
        assert "## Citations" in text and "[1]" in text


def test_html_escapes_article_text(tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text(
        "Breaking <script>alert(1)</script> news today.\nSecond line of the story.\n", encoding="utf-8"
    )
    with FakeEndpoint(sensible_model) as endpoint:
        result = _run_against(endpoint, evil, "--format", "html")
    assert result.exit_code == 0, result.output
    assert "<script>alert(1)" not in result.output and "&lt;script&gt;alert(1)" in result.output


def test_schema_command() -> None:
    result = _run("schema")
    schema = json.loads(result.output)
    assert "citations" in json.dumps(schema) and schema["title"] == "Briefing"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_killed_run_resumes_without_repeating_calls(tmp_path: Path, sig: signal.Signals) -> None:
    answered = {"n": 0, "rerun": False}

    def slow(request: dict[str, Any]) -> Reply:
        # Two quick answers, then slow ones: the kill lands while the third is in flight
        # even on a loaded machine, where the test itself may be descheduled for a while.
        answered["n"] += 1
        reply = sensible_model(request)
        reply.delay = 3.0 if answered["n"] > 2 and not answered["rerun"] else 0.2
        return reply

    command = [
        sys.executable,
        "-c",
        "from summarise.cli.main import main; main()",
        str(SEEDS),
        "--model",
        "fake",
        "--mode",
        "json",
        "--concurrency",
        "1",
        "--cache-dir",
        str(tmp_path / "cache"),
        "--format",
        "json",
    ]
    with FakeEndpoint(slow) as endpoint:
        command += ["--base-url", endpoint.base_url]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while len(endpoint.requests) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # the third call is in flight: two answers are finished and cached
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode != 0
        assert b"Traceback" not in err
        finished = len(endpoint.requests) - 1
        answered["rerun"] = True
        rerun = subprocess.run(command, capture_output=True, timeout=60, check=True)
    briefing = json.loads(rerun.stdout)
    # Every call the killed run finished is served from the cache, and only those.
    assert finished >= 2 and briefing["metadata"]["cache_hits"] == finished
    assert briefing["metadata"]["model_calls"] == 6 - finished


def test_long_article_is_chunked_and_citations_rebased(fake_model: FakeEndpoint, tmp_path: Path) -> None:
    long = tmp_path / "long.txt"
    long.write_text(
        "Long report headline\n"
        + "\n".join(
            f"Paragraph {i} says that {i * 7} workers joined the protest in district {i}." for i in range(400)
        )
        + "\n",
        encoding="utf-8",
    )
    settings = _settings(
        fake_model, tmp_path, context_window=2048, max_tokens_notes=400, max_tokens_synthesis=400
    )
    briefing = summarise([long], settings)
    notes_calls = [r for r in fake_model.requests if "numbered sentences" in r["messages"][0]["content"]]
    assert len(notes_calls) > 3  # one call per chunk
    assert verify(briefing) == []
    # Figures cite each chunk's last sentence: their spans must lie in different parts of the file.
    starts = sorted(c.start for f in briefing.notable_figures for c in f.citations)
    assert starts and starts[-1] > len(long.read_text(encoding="utf-8")) // 2


def test_every_source_failing_is_an_error_but_the_eval_can_score_it(tmp_path: Path) -> None:
    from summarise.errors import ModelOutputInvalid
    from summarise.eval.runner import load_cases, score_case

    article = SEEDS / "001_b9075798c62b1022.txt"
    with FakeEndpoint(lambda request: Reply(content="not json at all")) as endpoint:
        settings = _settings(endpoint, tmp_path, max_retries=1)
        with pytest.raises(ModelOutputInvalid, match="no source could be summarised"):
            summarise([article], settings)
        empty = summarise([article], settings, allow_empty=True)
    assert [f.subject for f in empty.metadata.failures] == ["S1"] and empty.key_points == []
    case = load_cases(["seed-001"])[0]
    scores = {m.name: m.score for m in score_case(case, "fake", empty, SEEDS).metrics}
    assert scores["fact_recall"] == 0.0 and scores["citation_coverage"] == 0.0


def test_shortened_notes_are_reported_on_stderr(fake_model: FakeEndpoint, tmp_path: Path) -> None:
    result = _run_against(fake_model, SEEDS, "--context-window", "2048", "--cache-dir", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    assert "were shortened to fit the context window" in result.stderr


def test_reset_connection_for_one_source_is_a_named_failure_and_exit_6(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10.1: a source whose connection is reset used to vanish, with exit 0."""
    monkeypatch.setenv("SUMMARISE_HTTP_RETRIES", "0")
    broken = "Putin Would Rather"

    def resets_one(request: dict[str, Any]) -> Reply:
        if broken in json.dumps(request):
            return Reply(reset=True)
        return sensible_model(request)

    out = tmp_path / "b.json"
    with FakeEndpoint(resets_one) as endpoint:
        result = _run_against(endpoint, SEEDS, "--format", "json", "-o", str(out))
    assert result.exit_code == 6, result.output
    briefing = json.loads(out.read_text(encoding="utf-8"))  # the partial briefing is still written
    failures = briefing["metadata"]["failures"]
    lost = next(s for s in briefing["sources"] if s["id"] == "S1")
    assert [f["subject"] for f in failures] == ["S1"] and "no model endpoint answered" in failures[0]["error"]
    assert {s["source_id"] for s in briefing["source_summaries"]} == {"S2", "S3", "S4", "S5"}
    assert "partial briefing" in result.output and lost["path"] in result.output
    assert "Traceback" not in result.output


def test_complete_run_exits_0_and_a_skipped_input_makes_it_partial(
    fake_model: FakeEndpoint, tmp_path: Path
) -> None:
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("A real sentence about 5 troops.\nAnother sentence about 7 ships.\n", encoding="utf-8")
    assert _run_against(fake_model, good.parent, "--format", "json").exit_code == 0
    (good.parent / "empty.txt").write_text("", encoding="utf-8")
    result = _run_against(fake_model, good.parent, "--format", "json")
    assert result.exit_code == 6 and "1 unreadable input" in result.output


def test_a_replay_shows_what_its_answers_cost_and_parallel_calls_do_not_inflate_model_time(
    tmp_path: Path,
) -> None:
    def slow(request: dict[str, Any]) -> Reply:
        reply = sensible_model(request)
        reply.delay = 1.5  # five notes calls, four at a time: summed 9 s against about 5 s of wall
        return reply

    with FakeEndpoint(slow) as endpoint:
        first = summarise([SEEDS], _settings(endpoint, tmp_path, concurrency=4))
        again = summarise([SEEDS], _settings(endpoint, tmp_path, concurrency=4))
    # Five notes calls ran four at a time: their union, not their sum, is time waiting on the model.
    assert first.metadata.model_seconds <= first.metadata.seconds["total"]
    assert again.metadata.model_calls == 0 and again.metadata.usage.prompt_tokens == 0
    assert again.metadata.cached_usage.prompt_tokens == first.metadata.usage.prompt_tokens > 0
