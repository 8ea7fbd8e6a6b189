"""Grouping figures: same quantity, compatible members, and changes over time versus disputes."""

from __future__ import annotations

from dataclasses import replace

from summarise.briefing.disputes import compatible, group, over_time, prune
from summarise.briefing.figures import Figure
from summarise.briefing.notes import FigureRef
from summarise.reading.text import Quantity


def _fig(
    source: str,
    value: float,
    counts: str | None,
    *,
    kind: str = "count",
    harm: str | None = None,
    what: str | None = None,
    speaker: str | None = None,
    date: str | None = None,
    basis: str | None = "sentence",
    sentence: int = 0,
) -> Figure:
    q = Quantity(
        text=f"{value:,.0f}",
        start=0,
        end=5,
        value=value,
        high=None,
        qualifier=None,
        kind=kind,
        unit=None,
        counts=counts,
        counts_text=what or counts,
        harm=harm,
        speaker=speaker,
    )
    return Figure(FigureRef(source, sentence, 0), q, date, date, basis if date else None, True)


def test_same_counted_noun_from_different_sources_is_one_group() -> None:
    figs = [_fig("S1", 4000, "worker"), _fig("S2", 2500, "worker"), _fig("S2", 12, "ship")]
    assert group(figs) == [[0, 1]]


def test_deaths_injuries_and_plain_counts_never_group() -> None:
    figs = [
        _fig("S1", 41, "people", harm="killed"),
        _fig("S2", 300, "people", harm="injured"),
        _fig("S3", 5000, "people"),
    ]
    assert group(figs) == []
    assert not compatible(figs[0], figs[1]) and not compatible(figs[0], figs[2])


def test_money_is_not_a_count() -> None:
    assert not compatible(_fig("S1", 300, "month", kind="money"), _fig("S2", 300, "month"))


def test_different_named_groups_are_kept_apart() -> None:
    a = _fig("S1", 12000, "soldier", what="North Korean soldiers")
    b = _fig("S2", 600000, "soldier", what="Russian soldiers")
    c = _fig("S3", 10000, "soldier", what="North Korean soldiers")
    assert group([a, b, c]) == [[0, 2]]


def test_one_voice_or_one_value_is_no_group() -> None:
    same_voice = [_fig("S1", 10, "boat", speaker="X"), _fig("S1", 12, "boat", speaker="X")]
    same_value = [_fig("S1", 10, "boat"), _fig("S2", 10, "boat")]
    assert group(same_voice) == [] and group(same_value) == []
    # Two speakers in one source are two voices.
    assert group([_fig("S1", 10, "boat", speaker="X"), _fig("S1", 12, "boat", speaker="Y")]) == [[0, 1]]


def test_prune_takes_out_the_odd_member() -> None:
    members = [
        _fig("S1", 10000, "troop"),
        _fig("S2", 12000, "soldier"),
        _fig("S3", 6000, "soldier", harm="casualties"),
    ]
    assert prune(members) == [0, 1]


def test_a_rising_toll_is_a_change_over_time() -> None:
    toll = [
        _fig("S1", 41, "people", harm="killed", date="2025-03-03"),
        _fig("S2", 118, "people", harm="killed", date="2025-03-04"),
        _fig("S3", 203, "people", harm="killed", date="2025-03-05"),
    ]
    assert over_time(toll)


def test_two_values_for_one_date_or_an_unknown_date_is_a_dispute() -> None:
    same_day = [_fig("S1", 7.1, "quake", date="2025-03-03"), _fig("S2", 7.3, "quake", date="2025-03-03")]
    undated = [_fig("S1", 41, "people", date="2025-03-03"), _fig("S2", 118, "people")]
    inferred = [
        _fig("S1", 41, "people", date="2025-03-03"),
        _fig("S2", 118, "people", date="2025-03-04", basis="inferred"),
    ]
    assert not over_time(same_day) and not over_time(undated) and not over_time(inferred)


def test_many_sources_group_by_bucket() -> None:
    # Speed is measured in bench/grouping.py; this checks the buckets are right at scale.
    nouns = ["worker", "ship", "tonne", "protester", "officer"]
    figs = [_fig(f"S{i}", 100 + i, nouns[k], sentence=k) for i in range(500) for k in range(5)]
    groups = group(figs)
    assert len(groups) == 5 and all(len(g) == 500 for g in groups)


def test_money_per_period_groups_across_currencies_and_a_lump_sum_does_not() -> None:
    def pay(source: str, value: float, per: str | None) -> Figure:
        f = _fig(source, value, None, kind="money")
        return Figure(f.ref, replace(f.quantity, per=per), None, None, None, True)

    figs = [pay("S1", 300, "month"), pay("S2", 2000, "month"), pay("S3", 84e6, None), pay("S4", 97e6, None)]
    assert group(figs) == [[0, 1]]


def test_harm_to_different_counted_groups_is_not_one_quantity() -> None:
    officers = _fig("S1", 6, "officer", harm="killed")
    soldiers = _fig("S2", 6000, "soldier", harm="killed")
    toll = _fig("S3", 41, None, harm="killed")
    assert not compatible(officers, soldiers)
    assert compatible(officers, toll) and compatible(toll, soldiers)
