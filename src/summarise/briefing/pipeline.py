"""The whole job: sources → notes (map, concurrent) → synthesis (reduce) → briefing.

A failed source costs only that source: its error is kept in the briefing's
metadata (``failures``, whatever the cause, a reset connection included) and
the others go on; the CLI then exits 6, "partial briefing". Every finished call is already in the cache
when the next one starts, so a run that is killed or fails halfway resumes
without repeating a call.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from summarise import prompts
from summarise.briefing import gate
from summarise.briefing import notes as notes_mod
from summarise.briefing import synthesis as synth_mod
from summarise.briefing.assemble import build
from summarise.briefing.figures import picked_figures
from summarise.briefing.notes import Chunk, Notes, SourceNotes
from summarise.briefing.verify import verify
from summarise.errors import EndpointUnreachable, SummariseError, UserError
from summarise.model.client import ModelClient
from summarise.model.endpoint import Endpoint
from summarise.model.replay import open_store
from summarise.progress import Reporter
from summarise.schema import Briefing, Failure, RunMetadata, Usage
from summarise.settings import Settings
from summarise.sources.files import MB, ReadOptions, Source, file_identity, load_sources

# Tokens of the prompt that are not article text: instructions, the list of numbers
# read from the article, and any JSON schema the structured-output mode appends.
_PROMPT_OVERHEAD = 1200


def prompt_version() -> str:
    """Version of every prompt template a briefing depends on."""
    return prompts.version(*notes_mod.PROMPTS, *synth_mod.PROMPTS)


@dataclass
class _Timer:
    seconds: dict[str, float] = field(default_factory=dict)

    def lap(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.seconds[stage] = round(now - since, 3)
        return now


def summarise(
    paths: Sequence[Path],
    settings: Settings,
    reporter: Reporter | None = None,
    *,
    allow_empty: bool = False,
    exclude: Sequence[Path] = (),
) -> Briefing:
    """Read ``paths`` and return their briefing; raises only when nothing usable is left.

    With ``allow_empty`` (the eval), a run in which every source failed returns
    an empty briefing that lists the failures, so that it can be scored.
    ``exclude`` names files never read as articles (the run's own output).
    """
    reporter = reporter or Reporter(enabled=False)
    timer = _Timer()
    start = t = time.perf_counter()
    notices: list[str] = []
    options = ReadOptions(
        warn_bytes=int(settings.max_source_mb * MB),
        force=settings.force,
        exclude=frozenset(file_identity(p) for p in exclude),
    )
    sources, bad_inputs = load_sources(paths, options, notices)
    t = timer.lap("read", t)

    store = open_store(settings)
    by_id = {s.id: s for s in sources}
    with Endpoint(settings, reporter) as endpoint:
        client = ModelClient(settings, endpoint, store)
        try:
            notes, failures, causes = _map(client, sources, settings, reporter)
            if not notes and not allow_empty:
                raise failures_error(failures, causes)
            # Figures are read from their sentences, so the synthesis sees only what the text says.
            figures = picked_figures(notes)
            t = timer.lap("notes", t)
            index, synth = None, None
            warnings: list[str] = list(notices)
            if notes:
                budget = settings.context_window - settings.max_tokens_synthesis - _PROMPT_OVERHEAD
                index = synth_mod.index_notes(notes, figures, budget)
                if index.truncated:
                    warnings.append(
                        "notes of " + ", ".join(index.truncated) + " were shortened to fit the context window"
                    )
                try:
                    synth = _reduce(client, index, len(notes), settings, reporter)
                except (EndpointUnreachable, UserError):
                    raise
                except SummariseError as exc:
                    failures.append(Failure(stage="synthesis", subject="synthesis", error=exc.message))
            t = timer.lap("synthesis", t)
            draft = RunMetadata(
                model=client.model,
                endpoint_host="",
                mode=client.mode,
                prompt_version=prompt_version(),
                usage=Usage(),
                model_calls=0,
                cache_hits=0,
                seconds={},
                model_seconds=0.0,
                failures=failures,
                skipped_inputs=[e.message for e in bad_inputs],
                warnings=warnings,
            )
            # Every statement is checked against its own cited sentences before it is rendered.
            briefing = gate.apply(build(sources, notes, figures, index, synth, draft), by_id)
            t = timer.lap("assemble", t)
            if settings.verify and notes:
                try:
                    briefing = verify(briefing, client, settings.max_tokens_synthesis)
                except (EndpointUnreachable, UserError):
                    raise
                except SummariseError as exc:
                    failures.append(Failure(stage="verify", subject="briefing", error=exc.message))
                t = timer.lap("verify", t)
        finally:
            client.close()
            store.close()
    timer.seconds["total"] = round(time.perf_counter() - start, 3)
    metadata = briefing.metadata.model_copy(
        update={
            "endpoint_host": "offline (cache and fixtures)" if settings.offline else endpoint.host,
            "mode": client.mode,
            "usage": Usage(
                prompt_tokens=client.stats.prompt_tokens, completion_tokens=client.stats.completion_tokens
            ),
            "model_calls": client.stats.calls,
            "cache_hits": client.stats.cache_hits,
            "seconds": timer.seconds,
            "model_seconds": round(client.stats.model_seconds, 3),
            "cached_usage": Usage(
                prompt_tokens=client.stats.cached_prompt_tokens,
                completion_tokens=client.stats.cached_completion_tokens,
            ),
            "failures": failures,
        }
    )
    return briefing.model_copy(update={"metadata": metadata})


def _map(
    client: ModelClient, sources: list[Source], settings: Settings, reporter: Reporter
) -> tuple[dict[str, Notes], list[Failure], list[SummariseError]]:
    budget = settings.context_window - settings.max_tokens_notes - _PROMPT_OVERHEAD
    chunks = [c for s in sources for c in notes_mod.chunk_source(s, budget)]
    version = prompts.version(*notes_mod.PROMPTS)
    results: dict[Chunk, SourceNotes] = {}
    failures: list[Failure] = []
    causes: list[SummariseError] = []  # the errors behind ``failures``, for failures_error
    # The embedded server answers one request at a time; queueing more only risks timeouts.
    workers = 1 if settings.embedded else settings.concurrency
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="notes")
    try:
        with reporter.task("Reading sources", len(chunks)) as advance:
            futures: dict[Future[SourceNotes], Chunk] = {
                pool.submit(
                    client.structured,
                    SourceNotes,
                    notes_mod.messages(chunk),
                    stage="notes",
                    label=chunk.label,
                    max_tokens=settings.max_tokens_notes,
                    prompt_version=version,
                    context=chunk.context(),
                ): chunk
                for chunk in chunks
            }
            unreachable: EndpointUnreachable | None = None
            for future in as_completed(futures):
                chunk = futures[future]
                try:
                    results[chunk] = future.result()
                except UserError:
                    raise  # an --offline miss, a broken fixture: skipping the source would hide it
                except SummariseError as exc:
                    # A reset connection for one source while others get answers is a lost
                    # source like any other failure: it must be named, never silently dropped.
                    if isinstance(exc, EndpointUnreachable):
                        unreachable = exc
                    failures.append(Failure(stage="notes", subject=chunk.source.id, error=exc.message))
                    causes.append(exc)
                advance(1)
            if unreachable is not None and not results:
                raise unreachable  # nothing answered at all: the endpoint is down, say so
    finally:
        # On Ctrl-C, do not wait for queued calls; finished ones are already cached.
        pool.shutdown(wait=False, cancel_futures=True)
    return notes_mod.merge(chunks, results), failures, causes


def failures_error(failures: list[Failure], causes: Sequence[SummariseError] = ()) -> SummariseError:
    """The error for a run in which no source could be summarised.

    When every source failed the same way (a bad key, a wrong URL, a timeout), that
    one cause, with its own hint and exit code, is the error: "try a larger model"
    would send the user the wrong way.
    """
    from summarise.errors import ModelOutputInvalid, same_cause

    common = same_cause(causes)
    if common is not None:
        return common
    detail = failures[0].error if failures else "no sources"
    return ModelOutputInvalid(
        f"no source could be summarised; first error: {detail}",
        attempts=0,
        hint="Try a larger model, or check the endpoint with --debug.",
    )


def _reduce(
    client: ModelClient, index: synth_mod.NoteIndex, n_sources: int, settings: Settings, reporter: Reporter
) -> synth_mod.Synthesis:
    with reporter.task("Writing the briefing", 1) as advance:
        answer = client.structured(
            synth_mod.Synthesis,
            synth_mod.messages(index, n_sources),
            stage="synthesis",
            label="+".join(sorted(index.source_names)),
            max_tokens=settings.max_tokens_synthesis,
            prompt_version=prompts.version(*synth_mod.PROMPTS),
            context={"note_ids": set(index.ids)},
        )
        advance(1)
    return answer
