"""Assembling disputes: the model's groups, checked, and completed by the program's own grouping."""

from __future__ import annotations

from summarise.briefing.assemble import build
from summarise.briefing.citations import verify
from summarise.briefing.disputes import ADDED_NOTE
from summarise.briefing.notes import NoteEvent, NoteFigure, SourceNotes
from summarise.briefing.synthesis import DraftDispute, DraftPoint, Synthesis, index_notes
from summarise.schema import RunMetadata, Usage
from summarise.sources.files import Source, read_source

from .conftest import SEEDS


def _line(source: Source, text: str) -> int:
    return next(i + 1 for i in range(len(source.sentences)) if text in source.sentence(i))


def _notes(source: Source, figures: list[tuple[str, str, str, str]], events: list[NoteEvent]) -> SourceNotes:
    return SourceNotes(
        outlet_or_author=None,
        summary="s",
        summary_sentences=[1],
        figures=[
            NoteFigure(what=what, value=value, attributed_to=who, sentences=[_line(source, where)])
            for what, value, who, where in figures
        ],
        claims=[],
        actors=[],
        events=events,
    )


def _metadata() -> RunMetadata:
    return RunMetadata(
        model="m",
        endpoint_host="h",
        mode="json",
        prompt_version="p",
        usage=Usage(prompt_tokens=0, completion_tokens=0),
        model_calls=0,
        cache_hits=0,
        seconds={},
        model_seconds=0.0,
    )


def test_a_model_dispute_is_checked_and_completed_and_the_timeline_has_no_echo() -> None:
    s1 = read_source(SEEDS / "000_167bc6b1462d80ea.txt", "S1")
    s3 = read_source(SEEDS / "002_cf7b77cf52c4982e.txt", "S3")
    s5 = read_source(SEEDS / "004_0e50d461d1c32bec.txt", "S5")
    seoul = _line(s5, "3,000")
    notes = {
        "S1": _notes(s1, [("Russian soldiers have been killed", "600,000", "the article", "600,000")], []),
        "S3": _notes(
            s3,
            [
                ("North Korean soldiers", "12,000", "the article", "12,000"),
                ("half of these troops have been killed", "6,000", "available figures", "6,000"),
            ],
            [],
        ),
        "S5": _notes(
            s5,
            [
                ("Thousands of young soldiers", "10,000", "the Pentagon", "10,000"),
                ("North Korean soldiers deployed", "More than 3,000", "South Korea", "3,000"),
            ],
            [NoteEvent(date="Wednesday", event="More than 3,000 soldiers deployed.", sentences=[seoul])],
        ),
    }
    notes["S5"].figures[1].as_of = "Wednesday"  # recovered from that event by grounding
    sources = [s1, s3, s5]
    index = index_notes(notes, {s.id: s.title for s in sources}, 10_000, {s.id: s.id for s in sources})
    f = {(sid, i): nid for nid, (sid, kind, i) in index.ids.items() if kind == "F"}
    # What the 1.5B really proposed for the seeds: a count and a casualty figure of one source.
    synth = Synthesis(
        title="t",
        bottom_line="b",
        bottom_line_support=[f[("S3", 0)]],
        key_points=[DraftPoint(text="p", support=[f[("S3", 0)]])],
        disputed_figures=[DraftDispute(topic="North Korean troops", figures=[f[("S3", 0)], f[("S3", 1)]])],
        open_questions=[],
    )
    briefing = build(sources, notes, index, synth, _metadata())
    assert verify(briefing) == []
    [dispute] = briefing.disputed_figures
    assert dispute.topic == "North Korean troops" and dispute.note == ADDED_NOTE
    assert [(c.source_id, c.value, c.attributed_to) for c in dispute.claims] == [
        ("S3", "12,000", "the article"),
        ("S5", "10,000", "the Pentagon"),
        ("S5", "More than 3,000", "South Korea"),
    ]
    # Casualty figures stay out of the troop count, and out of a dispute of their own.
    assert sorted(n.value for n in briefing.notable_figures) == ["6,000", "600,000"]
    # The recovered figure does not repeat its own event in the timeline.
    assert [e.date for e in briefing.timeline] == ["Wednesday"]
