"""Tests for summarise.eval.judge: the LLM-judge metrics, with the model faked only at HTTP.

Everything between the metric and the HTTP transport is real: deepeval's G-Eval, our
CachedJudge, ModelClient, instructor, the openai SDK and the diskcache. The fake
endpoint (httpx2.MockTransport, no socket) answers like a sensible (if simple-minded)
judge by reading the prompt.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Before deepeval is imported (judge.py sets these too; its pytest plugin may import it first).
os.environ.setdefault("DEEPEVAL_TELEMETRY_OPT_OUT", "YES")

import pytest

from summarise.errors import CacheMiss, EndpointHTTPError, ModelOutputInvalid, SummariseError
from summarise.eval.judge import (
    MAX_STATEMENTS,
    SUPPORT_MAX_TOKENS,
    CachedJudge,
    CitationSupportMetric,
    citation_support,
    coherence,
    coverage,
)
from summarise.eval.metrics import MetricResult
from summarise.model.cache import ResponseStore
from summarise.model.client import ModelClient
from summarise.model.endpoint import Endpoint
from summarise.model.replay import open_store
from summarise.progress import Reporter
from summarise.settings import Settings
from tests.fakes.fake_endpoint import MockEndpoint, Reply, json_reply

GOOD = [
    ("The summit was held in Rome", ["The summit was held in Rome on Monday, officials said."]),
    ("Inflation rose to 3.2 percent", ["Inflation rose to 3.2 percent in May, the agency said."]),
    ("Farmers blocked the motorway", ["Hundreds of farmers blocked the motorway near Lyon."]),
]
BAD = [
    ("The summit was held in Paris", ["The summit was held in Rome on Monday, officials said."]),
    ("Unemployment fell sharply", ["Inflation rose to 3.2 percent in May, the agency said."]),
    ("Farmers cheered the minister", []),
]
BRIEFING = (
    "# Summit in Rome\n\nLeaders met in Rome. Farmers protested; police and organisers disagree on numbers."
)
CHECKLIST = [
    "The summit was held in Rome.",
    "Farmers protested at the summit.",
    "The sources disagree on the crowd size: 5,000 according to police; 20,000 according to organisers.",
]
COVERING = (
    "# Summit in Rome\n\nThe summit was held in Rome. Farmers protested at the summit. "
    "The sources disagree on the crowd size: 5,000 according to police, 20,000 according to organisers."
)


# --- the fake judge --------------------------------------------------------------------------


def _user_text(request: dict[str, Any]) -> str:
    return "\n".join(m["content"] for m in request["messages"] if m["role"] == "user")


def _is_support(request: dict[str, Any]) -> bool:
    return "SupportVerdicts" in json.dumps(request["messages"])


def _statements(prompt: str) -> dict[int, tuple[str, list[str]]]:
    """Parse the numbered statements and their quotes back out of the support prompt."""
    found: dict[int, tuple[str, list[str]]] = {}
    current = 0
    for line in prompt.splitlines():
        if m := re.match(r"^\[(\d+)\] (.*)$", line):
            current = int(m[1])
            found[current] = (m[2], [])
        elif (m := re.match(r'^\s+quote: "(.*)"$', line)) and current:
            found[current][1].append(m[1])
    return found


def sensible_verdicts(prompt: str) -> list[dict[str, Any]]:
    """yes if all the statement's words are in its quotes, partial if some, no if none."""
    verdicts = []
    for n, (text, quotes) in _statements(prompt).items():
        words = {w for w in re.findall(r"[\w.]+", text.lower()) if len(w) > 3}
        quoted = " ".join(quotes).lower()
        hits = sum(w in quoted for w in words)
        verdict = "yes" if hits == len(words) else "partial" if hits else "no"
        verdicts.append({"n": n, "supported": verdict})
    return verdicts


def coverage_verdicts(prompt: str) -> list[dict[str, Any]]:
    """yes if all the item's words are in the briefing, partial if at least half, no otherwise."""
    briefing = prompt.split("Briefing:", 1)[1].split("Checklist:", 1)[0].lower()
    verdicts = []
    for line in prompt.split("Checklist:", 1)[1].splitlines():
        if m := re.match(r"^\[(\d+)\] (.*)$", line):
            words = {w.strip(".,:;") for w in m[2].lower().split() if len(w.strip(".,:;")) > 3}
            hits = sum(w in briefing for w in words)
            verdict = "yes" if hits == len(words) else "partial" if 2 * hits >= len(words) else "no"
            verdicts.append({"n": int(m[1]), "stated": verdict})
    return verdicts


def sensible_judge(request: dict[str, Any]) -> Reply:
    prompt = _user_text(request)
    if _is_support(request):
        return json_reply({"verdicts": sensible_verdicts(prompt)})
    if "CoverageVerdicts" in json.dumps(request["messages"]):
        return json_reply({"verdicts": coverage_verdicts(prompt)})
    return json_reply({"reason": "Clear and organised.", "score": 8})


# --- wiring ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Fail any connection (or DNS lookup) that is not to loopback, e.g. deepeval telemetry."""
    attempts: list[Any] = []
    local = {"127.0.0.1", "::1", "localhost"}
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def guard(address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in local and not host.startswith("/"):
            attempts.append(address)
            raise OSError(f"test_judge: network access to {address!r} attempted")

    def connect(self: socket.socket, address: Any) -> None:
        guard(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        guard(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        guard((host,))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts
    assert attempts == [], f"network access attempted: {attempts}"


MakeJudge = Callable[..., CachedJudge]


@pytest.fixture
def make_judge(tmp_path: Path) -> Iterator[MakeJudge]:
    """A CachedJudge over a real ModelClient talking to ``fe``; closed after the test."""
    opened: list[tuple[ModelClient, ResponseStore]] = []

    def make(fe: MockEndpoint, label: str = "case-1", **flags: Any) -> CachedJudge:
        settings = Settings.resolve(
            {
                "base_url": fe.base_url,
                "model": "fake-judge",
                "mode": "json",
                "cache_dir": tmp_path / "cache",
                **flags,
            },
            {},
        )
        store = open_store(settings)
        client = ModelClient(settings, Endpoint(settings, Reporter(enabled=False), fe.client()), store)
        opened.append((client, store))
        return CachedJudge(client, label=label)

    yield make
    for client, store in opened:
        client.close()
        store.close()


@pytest.fixture
def sensible() -> Iterator[MockEndpoint]:
    with MockEndpoint(sensible_judge, model="fake-judge") as fe:
        yield fe


# --- citation support ------------------------------------------------------------------------


def test_fake_judge_is_sensible() -> None:
    prompt = '[1] The summit was held in Rome\n    quote: "the summit was held in Rome"\n[2] Nothing here\n'
    assert sensible_verdicts(prompt) == [{"n": 1, "supported": "yes"}, {"n": 2, "supported": "no"}]


def test_citation_support_separates_supported_from_unsupported(
    sensible: MockEndpoint, make_judge: MakeJudge
) -> None:
    judge = make_judge(sensible)
    good = citation_support(GOOD, judge)
    bad = citation_support(BAD, judge)

    assert good == MetricResult("citation_support", 1.0, ("3 statements: 3 supported, 0 partly, 0 not",))
    assert bad.score == pytest.approx(0.5 / 3)  # Paris: partial; unemployment and no quotes: no
    assert good.score is not None and bad.score is not None and good.score > bad.score
    assert any(d.startswith("partial: [1] The summit was held in Paris") for d in bad.details)
    assert any(d.startswith("no: [3] Farmers cheered") for d in bad.details)
    # One batched call per case, with the support budget, all statements numbered in it.
    assert len(sensible.requests) == 2
    assert all(r["max_tokens"] == SUPPORT_MAX_TOKENS for r in sensible.requests)
    prompt = _user_text(sensible.requests[1])
    assert "[3] Farmers cheered the minister\n    (no quotes)" in prompt
    assert "Give one verdict for each of the 3 statements" in prompt


def test_citation_support_caps_statements(sensible: MockEndpoint, make_judge: MakeJudge) -> None:
    many = [(f"Statement number {i} about Rome", [f"Statement number {i} about Rome."]) for i in range(30)]
    result = citation_support(many, make_judge(sensible))
    assert result.score == 1.0
    assert "judged the first 20 of 30 statements" in result.details[0]
    assert len(_statements(_user_text(sensible.requests[0]))) == MAX_STATEMENTS


def test_citation_support_without_statements_asks_nothing(
    sensible: MockEndpoint, make_judge: MakeJudge
) -> None:
    assert citation_support([], make_judge(sensible)).score is None
    assert sensible.requests == []


def test_second_identical_call_is_served_from_the_cache(
    sensible: MockEndpoint, make_judge: MakeJudge
) -> None:
    judge = make_judge(sensible)
    first = [citation_support(GOOD, judge), coherence(BRIEFING, judge), coverage(BRIEFING, CHECKLIST, judge)]
    assert len(sensible.requests) == 3

    again = [citation_support(GOOD, judge), coherence(BRIEFING, judge), coverage(BRIEFING, CHECKLIST, judge)]
    assert again == first
    assert len(sensible.requests) == 3
    assert judge.client.stats.cache_hits == 3

    # A new run (new client, new cache handle on the same folder) replays it too.
    rerun = make_judge(sensible, label="case-1")
    assert [
        citation_support(GOOD, rerun),
        coherence(BRIEFING, rerun),
        coverage(BRIEFING, CHECKLIST, rerun),
    ] == first
    assert len(sensible.requests) == 3


def test_invalid_verdict_list_is_re_asked(make_judge: MakeJudge) -> None:
    def handler(request: dict[str, Any]) -> Reply:
        verdicts = sensible_verdicts(_user_text(request))
        if len(fe.requests) == 1:  # first answer forgets statement 2
            verdicts = [v for v in verdicts if v["n"] != 2]
        return json_reply({"verdicts": verdicts})

    with MockEndpoint(handler, model="fake-judge") as fe:
        result = citation_support(GOOD, make_judge(fe))

    assert result.score == 1.0
    assert len(fe.requests) == 2
    reask = json.dumps(fe.requests[1]["messages"])
    assert "missing [2]" in reask  # instructor told the model what was wrong


def test_verdicts_that_never_validate_raise_model_output_invalid(make_judge: MakeJudge) -> None:
    with MockEndpoint(json_reply({"verdicts": [{"n": 1, "supported": "yes"}]}), model="fake-judge") as fe:
        judge = make_judge(fe)
        with pytest.raises(ModelOutputInvalid):
            citation_support(GOOD, judge)
    assert len(fe.requests) == 1 + judge.client.settings.max_retries  # the first ask, then re-asks


def test_citation_support_metric_runs_as_a_deepeval_metric(
    sensible: MockEndpoint, make_judge: MakeJudge
) -> None:
    from deepeval.test_case import LLMTestCase

    metric = CitationSupportMetric(make_judge(sensible), threshold=0.7)
    # The pre-4.x field name still works as an alias of ``metadata``.
    good = LLMTestCase.model_validate(
        {"input": "articles", "actual_output": BRIEFING, "additional_metadata": {"statements": GOOD}}
    )
    bad = LLMTestCase(input="articles", actual_output=BRIEFING, metadata={"statements": BAD})

    assert metric.measure(good) == 1.0 and metric.is_successful()
    assert metric.measure(bad) < 0.7 and not metric.is_successful()
    assert "1 partly" in (metric.reason or "")
    assert metric.__name__ == "Citation support"


# --- coverage and G-Eval coherence -----------------------------------------------------------


def test_coverage_separates_a_briefing_that_states_the_gold_from_one_that_does_not(
    sensible: MockEndpoint, make_judge: MakeJudge
) -> None:
    judge = make_judge(sensible, label="seed-004")
    good = coverage(COVERING, CHECKLIST, judge)
    bad = coverage(BRIEFING, CHECKLIST, judge)

    assert good == MetricResult("coverage", 1.0, ("3 items: 3 stated, 0 partly, 0 not",))
    assert bad.score is not None and good.score is not None
    assert bad.score < good.score  # the dispute's sides are missing
    assert any(d.startswith("no: [3] The sources disagree on the crowd size") for d in bad.details)
    # One batched call per briefing, every item numbered in it, the briefing included.
    assert len(sensible.requests) == 2
    prompt = _user_text(sensible.requests[1])
    assert BRIEFING in prompt and "[2] Farmers protested at the summit." in prompt
    assert "Give one verdict for each of the 3 items" in prompt
    assert coverage(BRIEFING, [], judge).score is None and len(sensible.requests) == 2


def test_coverage_verdicts_are_re_asked_until_each_item_has_one(make_judge: MakeJudge) -> None:
    def handler(request: dict[str, Any]) -> Reply:
        verdicts = coverage_verdicts(_user_text(request))
        if len(fe.requests) == 1:  # the first answer judges item 1 twice and forgets item 3
            verdicts = [verdicts[0], verdicts[0], verdicts[1]]
        return json_reply({"verdicts": verdicts})

    with MockEndpoint(handler, model="fake-judge") as fe:
        assert coverage(COVERING, CHECKLIST, make_judge(fe)).score == 1.0
    assert len(fe.requests) == 2
    assert "missing [3]; repeated [1]" in json.dumps(fe.requests[1]["messages"])


def test_coherence_is_one_geval_call(sensible: MockEndpoint, make_judge: MakeJudge) -> None:
    result = coherence(BRIEFING, make_judge(sensible, label="seed-004"))

    assert result == MetricResult("coherence", 0.8, ("judge: Clear and organised.",))
    # Exactly one call: fixed steps mean no step-generation call, and our model
    # is not native, so no logprobs request either.
    assert len(sensible.requests) == 1
    [request] = sensible.requests
    assert BRIEFING in _user_text(request)
    assert request["max_tokens"] == 300
    assert "logprobs" not in request and "top_logprobs" not in request


def test_judge_calls_are_labelled_by_case_and_metric(tmp_path: Path, make_judge: MakeJudge) -> None:
    with MockEndpoint(sensible_judge, model="fake-judge") as fe:
        judge = make_judge(fe, label="seed-004", replay="record", record_dir=tmp_path / "fixtures")
        coherence(BRIEFING, judge)
        coverage(BRIEFING, CHECKLIST, judge)
        citation_support(GOOD, judge)
    labels = sorted(json.loads(p.read_text())["label"] for p in (tmp_path / "fixtures").glob("*.json"))
    assert labels == ["seed-004:citation_support", "seed-004:coherence", "seed-004:coverage"]


def test_geval_out_of_range_score_is_clamped(make_judge: MakeJudge) -> None:
    with MockEndpoint(json_reply({"reason": "Excellent.", "score": 12}), model="fake-judge") as fe:
        result = coherence(BRIEFING, make_judge(fe))
    assert result.score == 1.0
    assert "clamped" in result.details[-1]


def test_free_text_generate_sync_and_async(make_judge: MakeJudge) -> None:
    with MockEndpoint(json_reply({"text": "A plain answer."}), model="fake-judge") as fe:
        judge = make_judge(fe)
        assert judge.generate("Say something.") == "A plain answer."
        assert asyncio.run(judge.a_generate("Say something.")) == "A plain answer."
    assert len(fe.requests) == 1  # the async call was served from the cache
    assert judge.get_model_name() == "fake-judge" and judge.load_model() is judge


# --- errors ----------------------------------------------------------------------------------


def test_offline_with_an_empty_cache_raises_cache_miss(make_judge: MakeJudge) -> None:
    with MockEndpoint(sensible_judge, model="fake-judge") as fe:
        judge = make_judge(fe, replay="offline")
        with pytest.raises(CacheMiss, match="nothing was recorded for judge of case-1:citation_support"):
            citation_support(GOOD, judge)
        with pytest.raises(CacheMiss, match="judge of case-1:coherence"):
            coherence(BRIEFING, judge)
        with pytest.raises(CacheMiss, match="judge of case-1:coverage"):
            coverage(BRIEFING, CHECKLIST, judge)
    assert fe.requests == []


def test_endpoint_errors_surface_through_deepeval_unwrapped(make_judge: MakeJudge) -> None:
    # deepeval re-raises errors that mention "maximum context length" as its own
    # ContextWindowExceededError; the judge must hand back our error instead.
    overflow = Reply(status=400, content="This model's maximum context length is 8192 tokens.")
    with MockEndpoint(overflow, model="fake-judge") as fe:
        judge = make_judge(fe, http_retries=0)
        with pytest.raises(EndpointHTTPError, match="HTTP 400") as caught:
            coherence(BRIEFING, judge)
        with pytest.raises(EndpointHTTPError):
            citation_support(GOOD, judge)
    assert isinstance(caught.value, SummariseError)


def test_telemetry_is_off() -> None:
    """Importing the judge switches deepeval's telemetry off, whatever the environment says.

    Checked in a fresh interpreter whose environment lacks the opt-out: in this process the
    conftest and this module set it themselves, so the check could not fail here.
    """
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("DEEPEVAL_")}
    probe = (
        "import summarise.eval.judge\n"
        "from deepeval.telemetry.client import NoopBackend, get_backend, telemetry_opt_out\n"
        "assert telemetry_opt_out(), 'telemetry is on'\n"
        "assert isinstance(get_backend(), NoopBackend), type(get_backend())\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_coverage_checklist_is_the_gold_facts_and_every_side_of_each_dispute() -> None:
    from summarise.eval.gold import load_gold
    from summarise.eval.runner import _checklist

    gold = load_gold(Path(__file__).parents[1] / "gold" / "all-seeds.toml")
    items = _checklist(gold)
    assert items[: len(gold.facts)] == [f.statement for f in gold.facts]
    troops = items[len(gold.facts)]
    assert troops.startswith("The sources disagree on this (How many North Korean troops are in, sent to")
    for side in ("1,500 according to Ukrainian", "10,000 according to Pentagon", "100,000 according to Igor"):
        assert side in troops
    assert len(items) == len(gold.facts) + len(gold.disputes)
