"""Run eval cases for one or more configurations, from recorded fixtures or against a live model.

A configuration (``evals/configs/<name>.toml``) names the model that writes the
briefings and the model that judges them. Its recorded answers live in
``evals/fixtures/<name>/``. Replaying is the default and is offline: a call
that was not recorded is an error naming the case and what changed since
recording. ``record=True`` calls the models, writes every answer used into the
fixture folder (which the CLI empties first, so no stale recording survives).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from summarise.briefing.pipeline import summarise
from summarise.briefing.render import to_markdown
from summarise.errors import CacheMiss, ConfigError, EndpointError, FixtureError, SummariseError
from summarise.eval.gold import GoldCase, load_gold
from summarise.eval.metrics import ALL_METRICS, EvalInput, MetricResult, statements
from summarise.model.client import ModelClient
from summarise.model.endpoint import Endpoint
from summarise.model.replay import open_store
from summarise.progress import Reporter
from summarise.prompts import data_dir
from summarise.reading.article import read_article
from summarise.schema import Briefing
from summarise.settings import Replay, Settings
from summarise.sources.files import load_sources


class EvalConfig(BaseModel):
    """Which models write and judge the briefings of one configuration."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    model: str
    base_url: str | None = None
    judge_model: str
    judge_base_url: str | None = None
    judge: bool = True  # False: deterministic metrics only (no judge fixtures recorded)
    judge_cases: list[str] | None = None  # only these cases get judge metrics; None: all
    cases: list[str] | None = None  # only these gold cases are evaluated; None: all


@dataclass
class CaseResult:
    """Scores of one case under one configuration."""

    case: str
    config: str
    metrics: list[MetricResult] = field(default_factory=list)
    briefing: Briefing | None = None
    error: str | None = None  # the case could not be scored (a broken fixture): ERROR, not a score

    def score(self, name: str) -> float | None:
        return next((m.score for m in self.metrics if m.name == name), None)


def load_configs(folder: Path | None = None) -> dict[str, EvalConfig]:
    """Every configuration under ``evals/configs``, by name."""
    folder = folder or data_dir("evals") / "configs"
    configs = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            config = EvalConfig.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, ValueError) as exc:
            raise ConfigError(f"{path}: {exc}", hint="Fix the eval configuration file.") from exc
        configs[config.name] = config
    return configs


def load_cases(names: list[str] | None = None) -> list[GoldCase]:
    """Gold cases from ``gold/``, optionally only those named."""
    cases = [load_gold(p) for p in sorted(data_dir("gold").glob("*.toml"))]
    if names:
        unknown = set(names) - {c.case for c in cases}
        if unknown:
            raise ConfigError(
                f"unknown eval case(s): {', '.join(sorted(unknown))}",
                hint=f"Known: {', '.join(c.case for c in cases)}",
            )
        cases = [c for c in cases if c.case in names]
    return cases


def _settings(base: Settings, config: EvalConfig, fixtures: Path, record: bool, judge: bool) -> Settings:
    return base.with_(
        base_url=config.judge_base_url if judge else config.base_url,
        model=config.judge_model if judge else config.model,
        mode="auto",
        replay=Replay.RECORD if record else Replay.OFFLINE,
        # Replay reads fixtures only, so a stale local cache cannot mask a miss.
        cache_dir=base.cache_dir if record else None,
        fixtures_dirs=(fixtures,),
        record_dir=fixtures if record else None,
        progress=False,
    )


def run_config(
    config: EvalConfig,
    cases: list[GoldCase],
    base: Settings,
    *,
    record: bool = False,
    judge: bool = True,
    reporter: Reporter | None = None,
) -> list[CaseResult]:
    """Evaluate every case under one configuration."""
    reporter = reporter or Reporter(enabled=False)
    fixtures = data_dir("evals") / "fixtures" / config.name
    results = []
    judge_settings = _settings(base, config, fixtures, record, judge=True)
    store = open_store(judge_settings)
    with Endpoint(judge_settings, reporter) as judge_endpoint:
        judge_client = ModelClient(judge_settings, judge_endpoint, store)
        cases = [c for c in cases if c.case in (config.cases or [c.case])]
        with reporter.task(f"Eval {config.name}", len(cases)) as advance:
            for case in cases:
                settings = _settings(base, config, fixtures, record, judge=False)
                try:
                    folder = case.articles_dir()
                    # A model that fails every source still gets a (zero) score, not a crash.
                    briefing = summarise([folder / s for s in case.sources], settings, allow_empty=True)
                    result = score_case(case, config.name, briefing, folder)
                    if judge and config.judge and case.case in (config.judge_cases or [case.case]):
                        result.metrics.extend(_judge(judge_client, case, briefing))
                except FixtureError as exc:
                    # A broken recording says nothing about the model: the case is an ERROR, not a 0.
                    result = CaseResult(case=case.case, config=config.name, error=exc.message)
                except SummariseError as exc:
                    # The eval replays without the user typing --offline; say "replay" instead.
                    detail = f"replay: {exc.detail}" if isinstance(exc, CacheMiss) else exc.message
                    exc.message = f"eval case {case.case} ({config.name}): {detail}"
                    raise
                results.append(result)
                advance(1)
        judge_client.close()
        store.close()
    return results


def _judge(client: ModelClient, case: GoldCase, briefing: Briefing) -> list[MetricResult]:
    """Judge metrics of one briefing; a judge that fails scores None instead of sinking the eval."""
    from summarise.eval.judge import CachedJudge, citation_support, coherence

    cached = CachedJudge(client, label=case.case)
    pairs = [(s.text, [c.quote for c in s.citations]) for s in statements(briefing)]
    text = _plain(briefing)
    calls: list[tuple[str, Callable[[], Any]]] = [
        ("citation_support", lambda: citation_support(pairs, cached)),
        ("coherence", lambda: coherence(text, cached)),
        ("coverage", lambda: _coverage(briefing, text, case, cached)),
    ]
    out: list[MetricResult] = []
    for name, call in calls:
        try:
            out.append(call())
        except EndpointError as exc:  # e.g. a truncated or invalid verdict list; CacheMiss still raises
            out.append(MetricResult(name=name, score=None, details=(exc.message,)))
    return out


def score_case(case: GoldCase, config: str, briefing: Briefing, folder: Path) -> CaseResult:
    """Deterministic metrics of one briefing against its gold, whose articles are in `folder`."""
    sources, _ = load_sources([folder / s for s in case.sources])
    x = EvalInput(
        briefing=briefing,
        gold=case,
        texts={s.id: s.text for s in sources},
        files={s.id: Path(s.path).name for s in sources},
        anchors={s.id: read_article(s).anchor for s in sources},
    )
    return CaseResult(
        case=case.case, config=config, metrics=[m(x) for m in ALL_METRICS.values()], briefing=briefing
    )


def _plain(briefing: Briefing) -> str:
    """The briefing as the judge reads it: Markdown without the citation list, unescaped."""
    text = to_markdown(briefing, escape=False)
    return text.split("\n## Citations", 1)[0]


def _coverage(briefing: Briefing, text: str, case: GoldCase, judge: Any) -> Any:
    """Coverage by the judge; a briefing without statements covers nothing, and is not asked.

    The 1.5B judge marked gold facts as stated in an empty briefing (0.5B, seed-003),
    reading them from the checklist itself.
    """
    from summarise.eval.judge import coverage

    if not any(s.text for s in statements(briefing)[1:]):  # the bottom line of an empty run is a stub
        return MetricResult("coverage", 0.0, ("the briefing has no statements, so it covers nothing",))
    return coverage(text, _checklist(case), judge)


def _checklist(case: GoldCase) -> list[str]:
    """The gold as coverage checklist items: each fact, and each dispute with all its sides."""
    items = [f.statement for f in case.facts]
    for d in case.disputes:
        question = " ".join(d.topic.split()).split(". ")[0].rstrip(".")
        sides = "; ".join(f"{c.value} according to {c.attributed_to[0]}" for c in d.claims)
        items.append(f"The sources disagree on this ({question}): {sides}.")
    return items
