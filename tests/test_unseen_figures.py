"""bench/unseen_figures.py: the scorer of issue 9's "figures that matter" criterion, and its gold.

Briefings here are written by hand (no model): one that keeps every gold figure with its source and
speaker must score 1.0, and each kind of mistake (wrong speaker, wrong source, a missing figure)
must cost exactly the figures it touches.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from summarise.eval.gold import GoldCase
from summarise.reading.text import read
from summarise.schema import (
    Briefing,
    Citation,
    DisputedFigure,
    FigureClaim,
    FigureSeries,
    NotableFigure,
    SourceRef,
)
from tests.fakes import bench_scripts
from tests.fakes.briefings import hand_made


def _bench() -> Any:
    return bench_scripts.load("unseen_figures")


BENCH = _bench()
HARBOUR: GoldCase = BENCH.load_set("harbour-fire")
TROOPS: GoldCase = BENCH.load_set("troops-later")


def _sources(gold: GoldCase) -> tuple[list[SourceRef], dict[str, str]]:
    """SourceRefs S1.. for the set's files, in the order summarise would number them, and id -> text."""
    folder = gold.articles_dir()
    refs, texts = [], {}
    for i, name in enumerate(gold.sources, 1):
        data = (folder / name).read_bytes()
        refs.append(
            SourceRef(
                id=f"S{i}", path=str(folder / name), sha256=hashlib.sha256(data).hexdigest(), title=None
            )
        )
        texts[f"S{i}"] = data.decode("utf-8")
    return refs, texts


def _briefing(gold: GoldCase, **parts: Any) -> Briefing:
    refs, _ = _sources(gold)
    return hand_made(refs, **({"title": "t", "bottom_line": "b"} | parts))


def _claim(gold: GoldCase, sid: str, value: str, who: str, quote: str) -> dict[str, Any]:
    """The fields of a figure claim citing `quote` in source `sid`, with exact offsets."""
    _, texts = _sources(gold)
    start = texts[sid].find(quote)
    assert start >= 0, f"quote not in {sid}: {quote!r}"
    cite = Citation(source_id=sid, start=start, end=start + len(quote), quote=quote)
    return {"source_id": sid, "value": value, "attributed_to": who, "citations": [cite]}


def _fc(gold: GoldCase, sid: str, value: str, who: str, quote: str) -> FigureClaim:
    return FigureClaim(**_claim(gold, sid, value, who, quote))


def _nf(gold: GoldCase, sid: str, value: str, who: str, quote: str) -> NotableFigure:
    return NotableFigure(**_claim(gold, sid, value, who, quote))


def _harbour(
    *, insurer_day2: str = "Northway Mutual", injured_day2_source: str = "S2", with_union_cost: bool = True
) -> Briefing:
    """A briefing of harbour-fire written the way the pipeline shapes one: the damage as a dispute,
    the injured as a series, the rest as notable figures; the values as a briefing writes them."""
    g = HARBOUR
    damage = DisputedFigure(
        topic="Damage from the fire",
        claims=[
            _fc(g, "S1", "about €8 million", "Marta Eklund", "Eklund put the damage at about €8 million"),
            _fc(g, "S2", "€15 million", insurer_day2, "has put the damage at €15 million"),
            _fc(
                g,
                "S3",
                "€11 million",
                "Tomas Brell, the harbour master",
                "to €11 million, according to Tomas Brell",
            ),
            _fc(g, "S3", "€15 million", "Northway Mutual", "stands by its figure of €15 million"),
        ],
    )
    evacuated = DisputedFigure(
        topic="People evacuated",
        claims=[
            _fc(g, "S1", "120", "the port authority", "forcing the evacuation of 120 workers"),
            _fc(g, "S2", "More than 150", "Ruth Okafor", "More than 150 people were on the eastern docks"),
        ],
    )
    # A 14 said to come from another file still cites a quote of that file, as the pipeline would.
    day2_quote = "has risen to 14" if injured_day2_source == "S2" else "the regional health board said"
    day2 = _fc(g, injured_day2_source, "14", "the regional health board", day2_quote)
    injured = FigureSeries(
        topic="Workers injured",
        points=[
            _fc(g, "S1", "Nine", "Marta Eklund", "Nine workers were taken to hospital"),
            day2,
            _fc(g, "S3", "Seventeen", "the regional health board", "Seventeen workers have now been treated"),
        ],
    )
    notable = [_nf(g, "S2", "€25 million", "Okafor", "could reach €25 million")] if with_union_cost else []
    return _briefing(
        g, disputed_figures=[damage, evacuated], figures_over_time=[injured], notable_figures=notable
    )


def _verdicts(result: dict[str, Any]) -> dict[str, str]:
    return {f["id"]: f["verdict"] for f in result["figures"]}


def test_a_briefing_with_every_figure_right_scores_one() -> None:
    result = BENCH.score_set(HARBOUR, _harbour())
    assert result["share"] == 1.0, BENCH.table(result)
    assert result["total"] == len(HARBOUR.figures) == 10


def test_a_wrong_speaker_costs_that_figure_only() -> None:
    # The insurer’s €15 million of 15 April given to the port authority; its 16 April restatement stays right.
    result = BENCH.score_set(HARBOUR, _harbour(insurer_day2="Calverhaven Port Authority"))
    verdicts = _verdicts(result)
    assert verdicts["H4"] == "wrong speaker"
    assert verdicts["H9"] == "right"
    assert result["share"] == pytest.approx(9 / 10)


def test_a_wrong_source_costs_that_figure_only() -> None:
    result = BENCH.score_set(HARBOUR, _harbour(injured_day2_source="S3"))
    assert _verdicts(result)["H5"] == "wrong source"
    assert result["share"] == pytest.approx(9 / 10)


def test_a_missing_figure_costs_that_figure_only() -> None:
    result = BENCH.score_set(HARBOUR, _harbour(with_union_cost=False))
    assert _verdicts(result)["H7"] == "missing"
    assert result["share"] == pytest.approx(9 / 10)


def test_a_figure_only_under_another_source_and_speaker_is_not_right() -> None:
    # Only the 20 March restatement of Seoul's 15,000, and that given to the U.S. official: the NIS's own
    # 15,000 of 10 February (T2) is neither in its source nor with its speaker; T12 has the wrong speaker.
    g = TROOPS
    briefing = _briefing(
        g,
        notable_figures=[
            _nf(g, "S3", "some 15,000", "a U.S. defence official", "put the number deployed at some 15,000"),
            _nf(
                g,
                "S3",
                "about 12,000",
                "a U.S. defence official",
                "about 12,000 North Korean troops remained",
            ),
        ],
    )
    verdicts = _verdicts(BENCH.score_set(g, briefing))
    assert verdicts["T2"] == "elsewhere"
    assert verdicts["T12"] == "wrong speaker"
    assert verdicts["T11"] == "right"
    assert verdicts["T5"] == "missing"


def test_script_scores_a_briefing_file(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(_harbour().model_dump_json(), encoding="utf-8")
    bad.write_text(_harbour(with_union_cost=False).model_dump_json(), encoding="utf-8")
    out = tmp_path / "score.json"
    assert BENCH.main(["--briefing", str(good), "--set", "harbour-fire", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["share"] == 1.0
    # 9/10 still meets 80%; a briefing with only the union's figure does not.
    assert BENCH.main(["--briefing", str(bad), "--set", "harbour-fire", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["sets"]["harbour-fire"]["right"] == 9
    thin = tmp_path / "thin.json"
    thin.write_text(
        _briefing(
            HARBOUR, notable_figures=[_nf(HARBOUR, "S2", "€25 million", "Okafor", "could reach €25 million")]
        ).model_dump_json(),
        encoding="utf-8",
    )
    assert BENCH.main(["--briefing", str(thin), "--set", "harbour-fire", "--out", str(out)]) == 1
    assert json.loads(out.read_text(encoding="utf-8"))["share"] == pytest.approx(1 / 10)


@pytest.mark.parametrize("name", BENCH.SETS)
def test_gold_quotes_are_verbatim_and_every_value_is_a_figure(name: str) -> None:
    gold = BENCH.load_set(name)
    assert gold.check_quotes() == []
    assert gold.figures
    for fig in gold.figures:
        # The scorer compares values as the reading layer reads them; a value it reads as no figure
        # would only ever match as text.
        assert read(fig.value).quantities or f"{name}:{fig.id}" in UNREAD, fig.id
        assert fig.source in gold.sources


# Gold figures of the sets written in sessions 7 and 8 that the reading layer does not read, and why: the
# sets were written by someone who never read the code, and these are its limits, not gold errors.
UNREAD = {
    "legionella-outbreak:L1": "'One' alone is no figure (only as in 'one man'); it matches as text",
    "rail-strike-turnout:P10": "a ratio ('nine in ten drivers') is not read as a figure",
    "rail-strike-turnout:P11": "a ratio ('one train in five') is not read as a figure",
    "rail-strike-turnout:P18": "a ratio ('one train in five') is not read as a figure",
    "company-results:C10": "a price in pence written onto the digits ('212p') is not read as a figure",
    "company-results:C29": "a price in pence written onto the digits ('180p') is not read as a figure",
    "wildfire-evacuation:W9": "a temperature written onto the digits ('38C') is not read as a figure",
    "wildfire-evacuation:W33": "a ratio ('one in four') is not read as a figure",
    "wildfire-evacuation:W16": "'Forty-seven' alone is tagged a date (read right in its sentence)",
    "troops-summer27:R12": "a fraction ('a third') is not read as a figure",
    "troops-summer27:R17": "a fraction ('half') is not read as a figure",
    "port-strike27:R2": "a ratio ('nine in ten') is not read as a figure",
    "school-meals27:R1": "'Forty-six' alone is tagged a date (read right in its sentence)",
    "school-meals27:R23": "'One' alone is no figure (only as in 'one child'); it matches as text",
}


def test_the_reader_ceiling_finds_every_gold_value_in_its_file() -> None:
    # Without a model: every figure the reading layer reads, shown as the pipeline shows it. Each gold
    # quote holds its value, so no gold figure may be missing from its own file (speakers may differ).
    for name in BENCH.SETS:
        gold = BENCH.load_set(name)
        files, claims = BENCH.reader_claims(gold)
        assert sorted(files.values()) == sorted(gold.sources)
        result = BENCH.score_claims(gold, files, claims)
        assert not [
            f["id"]
            for f in result["figures"]
            if f["verdict"] in {"missing", "elsewhere", "wrong source"} and f"{name}:{f['id']}" not in UNREAD
        ]
