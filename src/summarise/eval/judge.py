"""LLM-judge metrics of the eval harness: citation support (ALCE-style), coverage of the gold
checklist, and G-Eval coherence.

Every judge call goes through ``ModelClient.structured``, the same cached path
the pipeline uses, and never through deepeval's own model clients. That is the
point of ``CachedJudge``:

- reproducible: a judge answer is content-addressed by model, prompt, schema,
  mode and sampling parameters, so the same briefing gets the same score on
  every rerun; deepeval's own model clients ask afresh each run, and its
  scores vary from run to run;
- recorded: ``summarise eval --record`` writes each judge answer as a
  reviewable JSON fixture next to the briefing calls it judged;
- replayable offline: CI replays those fixtures with ``--offline`` and no model
  at all; a judge call that was not recorded is a ``CacheMiss``, never a silent
  fresh call.

Judge calls per eval case: three, each answered from the cache or fixtures
when possible — one batched citation-support call (all statements, numbered,
in one prompt; none if the briefing has no statements), one batched coverage
call (every gold fact and dispute as a numbered checklist item, each answered
yes/partial/no), and one G-Eval call for coherence. G-Eval is given fixed
evaluation steps, so it never spends a call writing its own, and this judge
offers no log-probabilities, so G-Eval takes its plain-JSON scoring path.

Coverage was a G-Eval rubric at first. The 1.5B judge answered it 0 on every
case (it scores a whole briefing against a whole gold at once, and anything
short of complete read as a failure), so it could not tell briefings apart.
One verdict per gold item is a question a small judge can answer, and the
details say which items were missed.

deepeval is used for what it is good at (the G-Eval prompt and its scoring,
and a ``BaseMetric`` so citation support can also run under deepeval's test
runner), while its failure handling is not trusted with our errors: a judge
call's errors are translated where every model call's are
(``model.translate``), come back from deepeval unwrapped, and anything else
(a bug) is raised as itself, never retried differently or renamed.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationInfo, field_validator, model_validator

from summarise import prompts
from summarise.errors import JudgeError, SummariseError
from summarise.eval.metrics import MetricResult
from summarise.model.client import ModelClient

# deepeval sends anonymous usage telemetry (PostHog) by default, and on import it
# merges any ./.env and legacy ./.deepeval key file into os.environ. summarise
# runs its evals offline, in CI, against recorded fixtures: there is no network
# to send to, a stalled telemetry upload must not slow or break a run, and a
# stray .env must not change which endpoint a run talks to. These are set before
# deepeval is first imported below (setdefault: an explicit choice in the
# environment still wins). deepeval's version check against PyPI is opt-in and
# stays off. Its pytest plugin imports deepeval when pytest starts, before this
# module; the telemetry backend is only chosen at the first event, by which time
# the opt-out below is in force, but tests set it in the environment as well.
os.environ.setdefault("DEEPEVAL_TELEMETRY_OPT_OUT", "YES")
os.environ.setdefault("DEEPEVAL_UPDATE_WARNING_OPT_IN", "0")
os.environ.setdefault("DEEPEVAL_DISABLE_DOTENV", "1")
os.environ.setdefault("DEEPEVAL_DISABLE_LEGACY_KEYFILE", "1")

from deepeval._version import __version__ as _DEEPEVAL_VERSION
from deepeval.metrics import BaseMetric, GEval
from deepeval.models import DeepEvalBaseLLM
from deepeval.test_case import LLMTestCase, SingleTurnParams

__all__ = [
    "CachedJudge",
    "CitationSupportMetric",
    "SupportVerdicts",
    "Verdict",
    "citation_support",
    "coherence",
    "coverage",
]

M = TypeVar("M", bound=BaseModel)

STAGE = "judge"
MAX_STATEMENTS = 20
"""Statements judged per case: enough for a briefing, and within a small model's context."""
MAX_QUOTE_CHARS = 400
SUPPORT_MAX_TOKENS = 1200  # 20 verdicts as JSON; 400 truncated on the 1.5B
GEVAL_MAX_TOKENS = 300
GEVAL_PROMPT_VERSION = f"deepeval-{_DEEPEVAL_VERSION}"
"""deepeval's G-Eval templates ship with deepeval, so its version is their version."""


# --- the judge model -------------------------------------------------------------------------


# A pydantic model's docstring becomes its schema's description, which the model
# reads and which is part of the cache key: they are written for the judge.


class _Text(BaseModel):
    """A free-text answer."""

    text: str


# deepeval's __init_subclass__ (it wraps methods for tracing) is unannotated.
class CachedJudge(DeepEvalBaseLLM):  # type: ignore[no-untyped-call]
    """A deepeval judge model whose every call is a cached ``ModelClient.structured`` call.

    ``label`` names the eval case; each call is labelled ``<case>:<metric>`` (or
    ``<case>:<schema>``), which names its fixture file and its ``CacheMiss``.
    The label is not part of the cache key.
    """

    def __init__(
        self,
        client: ModelClient,
        label: str,
        *,
        metric: str | None = None,
        max_tokens: int = GEVAL_MAX_TOKENS,
    ) -> None:
        self.client = client
        self.label = label
        self.metric = metric
        self.max_tokens = max_tokens
        super().__init__(client.model)

    def named(self, metric: str) -> CachedJudge:
        """The same judge, labelling its calls with ``metric``."""
        return CachedJudge(self.client, self.label, metric=metric, max_tokens=self.max_tokens)

    def load_model(self, *args: Any, **kwargs: Any) -> CachedJudge:
        return self

    def get_model_name(self, *args: Any, **kwargs: Any) -> str:
        return self.client.model

    def supports_log_probs(self) -> bool:
        # Informational: G-Eval does not ask this; it falls back to plain scoring
        # because this class has no ``generate_raw_response``.
        return False

    def ask(
        self,
        schema: type[M],
        prompt: str,
        *,
        name: str,
        max_tokens: int,
        prompt_version: str,
        context: dict[str, Any] | None = None,
    ) -> M:
        """One structured judge call with ``prompt`` as the only (user) message."""
        return self.client.structured(
            schema,
            [{"role": "user", "content": prompt}],
            stage=STAGE,
            label=f"{self.label}:{name}",
            max_tokens=max_tokens,
            prompt_version=prompt_version,
            context=context,
        )

    # deepeval's versions retry a TypeError from generate() *without* the schema, which
    # would silently change the call (and hide a bug): the schema is always accepted here.
    def generate_with_schema(self, *args: Any, schema: Any = None, **kwargs: Any) -> Any:
        return self.generate(args[0], schema)

    async def a_generate_with_schema(self, *args: Any, schema: Any = None, **kwargs: Any) -> Any:
        return await self.a_generate(args[0], schema)

    def generate(self, prompt: str, schema: type[BaseModel] | None = None) -> Any:
        """deepeval's contract for a custom model: the schema instance itself, or text.

        Typed ``Any`` because deepeval annotates ``-> str`` while its callers take
        a schema instance (``generate_with_schema_and_extract``). Not a
        ``(result, cost)`` pair: that is only for deepeval's native models
        (sync callers unpack a pair only when ``using_native_model``).
        """
        if schema is None:
            return self.ask(
                _Text,
                prompt,
                name=self.metric or "text",
                max_tokens=self.max_tokens,
                prompt_version=GEVAL_PROMPT_VERSION,
            ).text
        return self.ask(
            schema,
            prompt,
            name=self.metric or schema.__name__,
            max_tokens=self.max_tokens,
            prompt_version=GEVAL_PROMPT_VERSION,
        )

    async def a_generate(self, prompt: str, schema: type[BaseModel] | None = None) -> Any:
        return await asyncio.to_thread(self.generate, prompt, schema)


def _ours(exc: BaseException) -> SummariseError | None:
    """The SummariseError behind an exception deepeval may have wrapped, if there is one."""
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen:
        if isinstance(cur, SummariseError):
            return cur
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    return None


# --- citation support ------------------------------------------------------------------------


def _lowered(value: Any) -> Any:
    """A verdict as "yes"/"partial"/"no", however the judge capitalised or padded it."""
    return value.strip().lower() if isinstance(value, str) else value


def _tally(verdicts: Mapping[int, str], texts: Sequence[str], unit: str, yes: str) -> tuple[float, list[str]]:
    """Score (yes + ½·partial) / n of verdicts on numbered ``texts``, and details naming each non-yes."""
    counts = {kind: sum(1 for v in verdicts.values() if v == kind) for kind in ("yes", "partial", "no")}
    score = (counts["yes"] + 0.5 * counts["partial"]) / len(texts)
    details = [f"{len(texts)} {unit}: {counts['yes']} {yes}, {counts['partial']} partly, {counts['no']} not"]
    details += [
        f"{verdicts[n]}: [{n}] {_clip(text, 100)}" for n, text in enumerate(texts, 1) if verdicts[n] != "yes"
    ]
    return score, details


class Verdict(BaseModel):
    """Whether statement number n is supported by its own quotes."""

    n: int
    supported: Literal["yes", "partial", "no"]

    @field_validator("supported", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return _lowered(value)


def _each_number_once(numbers: list[int], info: ValidationInfo, what: str) -> None:
    """Raise (so instructor re-asks) unless ``numbers`` are 1..n once each, n from the context."""
    context = info.context if isinstance(info.context, dict) else {}
    count = int(context.get("n", len(numbers)))
    missing = sorted(set(range(1, count + 1)) - set(numbers))
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    unknown = sorted({n for n in numbers if not 1 <= n <= count})
    if missing or repeated or unknown:
        problems = [
            f"{label} {values}"
            for label, values in (("missing", missing), ("repeated", repeated), ("unknown", unknown))
            if values
        ]
        raise ValueError(f"need exactly one verdict for each {what} 1..{count}; " + "; ".join(problems))


class SupportVerdicts(BaseModel):
    """One verdict for each numbered statement."""

    # Validated against the statement count in the validation context {"n": count};
    # a missing, repeated or unknown number is a ValueError, so instructor re-asks.
    verdicts: list[Verdict]

    @model_validator(mode="after")
    def _numbered(self, info: ValidationInfo) -> SupportVerdicts:
        _each_number_once([v.n for v in self.verdicts], info, "statement")
        return self


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _support_prompt(statements: Sequence[tuple[str, Sequence[str]]]) -> str:
    blocks = []
    for n, (text, quotes) in enumerate(statements, 1):
        lines = [f"[{n}] {' '.join(text.split())}"]
        lines += [f'    quote: "{_clip(q, MAX_QUOTE_CHARS)}"' for q in quotes] or ["    (no quotes)"]
        blocks.append("\n".join(lines))
    return prompts.render("judge_support", statements="\n".join(blocks), count=len(statements))


def citation_support(statements: Sequence[tuple[str, Sequence[str]]], judge: CachedJudge) -> MetricResult:
    """Share of statements their own quotes support: (yes + ½·partial) / n, in one judge call.

    Only the first ``MAX_STATEMENTS`` are judged, so the prompt fits a small
    model's context; the details say when that happened.
    """
    judged = [(text, list(quotes)) for text, quotes in statements[:MAX_STATEMENTS]]
    details: list[str] = []
    if len(statements) > len(judged):
        details.append(
            f"judged the first {len(judged)} of {len(statements)} statements "
            f"(capped at {MAX_STATEMENTS} to fit a small judge model's context)"
        )
    if not judged:
        return MetricResult("citation_support", None, ("no statements to judge",))
    answer = judge.ask(
        SupportVerdicts,
        _support_prompt(judged),
        name="citation_support",
        max_tokens=SUPPORT_MAX_TOKENS,
        prompt_version=prompts.version("judge_support"),
        context={"n": len(judged)},
    )
    by_n = {v.n: v.supported for v in answer.verdicts}
    score, tallied = _tally(by_n, [text for text, _ in judged], "statements", "supported")
    details += tallied
    return MetricResult("citation_support", score, tuple(details))


class CitationSupportMetric(BaseMetric):  # type: ignore[no-untyped-call]  # as CachedJudge
    """``citation_support`` as a deepeval metric, for deepeval's test runner.

    Reads ``test_case.metadata["statements"]`` (deepeval 4 renamed
    ``additional_metadata`` to ``metadata``; the old name still works when
    building a test case): a list of ``(statement, [quotes])``.
    """

    def __init__(self, judge: CachedJudge, threshold: float = 0.5) -> None:
        self.model = judge
        self.judge = judge
        self.using_native_model = False
        self.evaluation_model = judge.get_model_name()
        self.threshold = threshold
        self.async_mode = False
        self.strict_mode = False
        self.verbose_mode = False
        self.include_reason = True
        self.result: MetricResult | None = None

    def measure(self, test_case: LLMTestCase, *args: Any, **kwargs: Any) -> float:
        raw = (test_case.metadata or {}).get("statements") or []
        pairs = [(str(text), [str(q) for q in quotes]) for text, quotes in raw]
        self.error = None
        self.result = citation_support(pairs, self.judge)
        self.reason = "; ".join(self.result.details)
        if self.result.score is None:
            self.error = self.reason
        self.score = self.result.score if self.result.score is not None else 0.0
        self.success = self.is_successful()
        return self.score

    async def a_measure(self, test_case: LLMTestCase, *args: Any, **kwargs: Any) -> float:
        return await asyncio.to_thread(self.measure, test_case)

    def is_successful(self) -> bool:
        return self.error is None and self.score is not None and self.score >= (self.threshold or 0.0)

    @property
    def __name__(self) -> str:  # deepeval names metrics by this property
        return "Citation support"


# --- coverage of the gold checklist ----------------------------------------------------------

COVERAGE_MAX_TOKENS = 1200  # up to ~25 verdicts as JSON, as for citation support


class CoverageVerdict(BaseModel):
    """Whether the briefing states checklist item number n."""

    n: int
    stated: Literal["yes", "partial", "no"]

    @field_validator("stated", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return _lowered(value)


class CoverageVerdicts(BaseModel):
    """One verdict for each numbered checklist item."""

    verdicts: list[CoverageVerdict]

    @model_validator(mode="after")
    def _numbered(self, info: ValidationInfo) -> CoverageVerdicts:
        _each_number_once([v.n for v in self.verdicts], info, "item")
        return self


def coverage(briefing_text: str, items: Sequence[str], judge: CachedJudge) -> MetricResult:
    """Share of the gold checklist the briefing states: (yes + ½·partial) / items, in one call.

    ``items`` are the gold's facts and disputes in plain words (runner._checklist).
    """
    if not items:
        return MetricResult("coverage", None, ("no checklist items to judge",))
    numbered = "\n".join(f"[{n}] {' '.join(item.split())}" for n, item in enumerate(items, 1))
    answer = judge.ask(
        CoverageVerdicts,
        prompts.render("judge_coverage", briefing=briefing_text, items=numbered, count=len(items)),
        name="coverage",
        max_tokens=COVERAGE_MAX_TOKENS,
        prompt_version=prompts.version("judge_coverage"),
        context={"n": len(items)},
    )
    score, details = _tally({v.n: v.stated for v in answer.verdicts}, items, "items", "stated")
    return MetricResult("coverage", score, tuple(details))


# --- G-Eval coherence --------------------------------------------------------------------------

COHERENCE_STEPS = (
    "Check that the actual output is well organised: an overview first, then points that group "
    "related facts, rather than jumping between topics.",
    "Check that it does not repeat itself: no fact, figure or claim should be stated more than once.",
    "Check that every sentence is clear and specific, without vague, garbled or unfinished statements.",
    "Check that where sources disagree, it presents the disagreement as such, saying who claims what, "
    "instead of silently picking one side or stating contradictory claims as facts.",
)
_INPUT = "Write a briefing of the news articles, citing its sources."


def coherence(briefing_text: str, judge: CachedJudge) -> MetricResult:
    """Coherence by deepeval's G-Eval, 0..1, in one cached judge call."""
    metric = GEval(
        name="coherence",
        evaluation_params=[SingleTurnParams.ACTUAL_OUTPUT],
        evaluation_steps=list(COHERENCE_STEPS),
        model=judge.named("coherence"),
        threshold=0.5,
        async_mode=False,
        strict_mode=False,
        verbose_mode=False,
    )
    case = LLMTestCase(input=_INPUT, actual_output=briefing_text)
    try:
        metric.measure(case, _show_indicator=False)
    except Exception as exc:  # deepeval may wrap ours, e.g. in ContextWindowExceededError
        ours = _ours(exc)
        if ours is None:
            raise  # not a model failure: a bug, shown as one
        raise ours from None
    return _geval_result("coherence", metric)


def _geval_result(name: str, metric: Any) -> MetricResult:
    raw = metric.score
    if not isinstance(raw, int | float):
        raise JudgeError(f"judge {name}: deepeval returned no score ({metric.error or 'no error given'})")
    score = min(max(float(raw), 0.0), 1.0)
    details = [f"judge: {_clip(str(metric.reason or ''), 300)}"]
    if score != raw:
        details.append(f"score {raw:g} outside 0..1 (judge answered {raw * 10:g}/10), clamped")
    return MetricResult(name, round(score, 4), tuple(details))
