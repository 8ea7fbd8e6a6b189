"""Grouping figures: same quantity, compatible members, and changes over time versus disputes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from summarise.briefing.disputes import compatible, group, over_time, prune
from summarise.briefing.figures import PROSPECTIVE, Figure, figure
from summarise.briefing.notes import FigureRef
from summarise.sources.files import read_source
from tests.fakes.figures import figure_of as _fig


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
    # Two speakers in one source are two voices, in one sentence too ("X measured 10, while Y puts
    # it at 12"); two values of one sentence from one voice are two quantities.
    x, y = _fig("S1", 10, "boat", speaker="X"), _fig("S1", 12, "boat", speaker="Y")
    assert group([x, replace(y, ref=replace(y.ref, sentence=3))]) == [[0, 1]]
    assert group([x, y]) == [[0, 1]]
    assert group([x, _fig("S1", 12, "boat", speaker="X"), _fig("S2", 9, "boat")]) == [[0, 2]]


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
    same_day = [
        _fig("S1", 7.1, "quake", date="2025-03-03"),
        _fig("S2", 7.3, "quake", date="2025-03-03"),
    ]
    undated = [_fig("S1", 41, "people", date="2025-03-03"), _fig("S2", 118, "people")]
    inferred = [
        _fig("S1", 41, "people", date="2025-03-03"),
        _fig("S2", 118, "people", date="2025-03-04", basis="inferred"),
    ]
    assert not over_time(same_day) and not over_time(undated) and not over_time(inferred)


def test_values_one_source_sets_side_by_side_compete_whatever_their_dates() -> None:
    # Kyiv's 3,800 and, in the same article, Seoul's 2,000 of "last month": dated apart and
    # rising, but the article puts them against each other. A toll each source updates is not.
    restated = [
        _fig("S1", 2000, "soldier", harm="killed", date="2026-02-10"),
        _fig("S2", 2000, "soldier", harm="killed", date="2026-02", sentence=4),
        _fig("S2", 3800, "soldier", harm="killed", date="2026-03-03", sentence=3),
    ]
    assert not over_time(restated)
    assert over_time([restated[0], restated[2]])


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


def test_a_prospective_figure_joins_its_quantity_and_says_it_is_possible() -> None:
    sent = _fig("S1", 3000, "soldier", speaker="X")
    used = _fig("S2", 12000, "soldier")
    willing = _fig("S3", 100000, "soldier")
    willing = replace(willing, quantity=replace(willing.quantity, prospective=True))
    assert group([sent, used, willing]) == [[0, 1, 2]]


def test_lump_sums_group_by_what_they_are_and_parts_stay_out() -> None:
    def money(source: str, value: float, counts: str | None) -> Figure:
        return _fig(source, value, counts, kind="money")

    figs = [
        money("S1", 84e6, "cost"),
        money("S2", 97e6, "cost"),
        money("S2", 9e6, None),
        money("S3", 4e6, None),
    ]
    assert group(figs) == [[0, 1]]


def test_a_rate_is_not_compatible_with_a_lump_sum() -> None:
    rate = _fig("S1", 2000, None, kind="money")
    rate = replace(rate, quantity=replace(rate.quantity, per="month"))
    assert not compatible(rate, _fig("S2", 1200, None, kind="money"))


def test_values_that_go_back_and_forth_are_a_dispute_not_a_series() -> None:
    quake = [
        _fig("S1", 6.8, None, kind="measure", date="2025-03-02"),
        _fig("S2", 6.6, None, kind="measure", date="2025-03-03"),
        _fig("S3", 6.8, None, kind="measure", date="2025-03-04"),
    ]
    missing = [
        _fig("S1", 75, None, harm="missing", date="2025-03-03"),
        _fig("S2", 38, None, harm="missing", date="2025-03-04"),
    ]
    assert not over_time(quake) and over_time(missing)


def test_a_measure_groups_by_its_scale_whoever_measures_it() -> None:
    def magnitude(source: str, value: float) -> Figure:
        f = _fig(source, value, None, kind="measure")
        return replace(f, quantity=replace(f.quantity, unit="magnitude"))

    assert group([magnitude("S1", 6.8), magnitude("S2", 6.6), _fig("S3", 6.6, None, kind="measure")]) == [
        [0, 1]
    ]


def test_a_possible_figure_is_labelled_wherever_it_is_shown(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "Ferry deal\n\nThe operator has hired 300 new crew. The union said it could hire as many as 900.\n",
        encoding="utf-8",
    )
    source = read_source(path, "S1")
    hired, could = figure(source, FigureRef("S1", 1, 0), True), figure(source, FigureRef("S1", 2, 0), True)
    assert not hired.quantity.prospective and could.quantity.prospective
    assert PROSPECTIVE in could.claim({"S1": source}).what and "possible" in could.describe()
    assert PROSPECTIVE not in hired.claim({"S1": source}).what and "possible" not in hired.describe()


def test_prune_by_signature_keeps_what_pairwise_comparison_keeps() -> None:
    figs = [
        _fig("S1", 10, "soldier", what="North Korean soldiers"),
        _fig("S2", 12, "soldier", what="soldiers"),
        _fig("S3", 13, "soldier", what="Russian soldiers"),
        _fig("S4", 14, "troop", what="troops"),
        _fig("S5", 15, None, harm="killed"),
        _fig("S6", 16, "officer", harm="killed"),
        _fig("S7", 17, None, kind="money"),
        _fig("S8", 18, "soldier", what="North Korean soldiers"),
    ]
    for size in range(1, len(figs) + 1):
        group_ = figs[:size]
        pairwise = [
            i
            for i, f in enumerate(group_)
            if len(group_) > 1
            and 2 * sum(compatible(f, g) for j, g in enumerate(group_) if j != i) >= len(group_) - 1
        ]
        assert prune(group_) == pairwise


def test_a_quantity_named_voices_give_in_two_sources_is_shown_though_no_figure_was_picked() -> None:
    from summarise.briefing.assemble import _groups

    def unpicked(*args: Any, **kwargs: Any) -> Figure:
        return replace(_fig(*args, **kwargs), picked=False)

    council = unpicked("S1", 140, "home", speaker="the county council", date="2026-02-03")
    later = unpicked("S2", 260, "home", speaker="the county council", date="2026-02-04")
    unnamed = unpicked("S2", 260, "home", date="2026-02-04")  # the article's own voice
    same_source = unpicked("S1", 260, "home", speaker="a fire officer", sentence=3)
    assert [d.members for d in _groups(None, None, {}, [council, later])] == [[0, 1]]
    # One source, or a second source that names no one, is not enough to show it unasked.
    assert _groups(None, None, {}, [council, unnamed]) == []
    assert _groups(None, None, {}, [council, same_source]) == []


def test_a_part_never_groups_with_a_count_of_the_whole() -> None:
    whole = _fig("S1", 3, "hospital")
    part = replace(_fig("S2", 2, "hospital"), quantity=replace(_fig("S2", 2, "hospital").quantity, part=True))
    assert group([whole, part]) == [] and not compatible(whole, part)


def test_a_count_of_owners_of_something_does_not_group_with_the_noun_as_subject() -> None:
    taken = _fig("S1", 46, "patient")
    files = _fig("S2", 85000, "patient")
    files = replace(files, quantity=replace(files.quantity, holder="file"))
    also_files = _fig("S3", 90000, "patient")
    also_files = replace(also_files, quantity=replace(also_files.quantity, holder="file"))
    assert group([taken, files, also_files]) == [[1, 2]]


def test_counts_of_one_noun_with_different_events_are_not_one_program_group() -> None:
    def did(source: str, value: float, event: str | None, speaker: str) -> Figure:
        f = _fig(source, value, "people", speaker=speaker)
        return replace(f, quantity=replace(f.quantity, event=event))

    rescued = did("S1", 23, "rescue", "the fire service")
    left = did("S2", 500, "leave", "the council")
    sheltered = did("S3", 650, "stay", "the council")
    assert group([rescued, left, sheltered]) == []
    # a figure whose verb only gives its value ("has risen to 540") says nothing of what happened:
    # it is not taken to be any of them
    risen = did("S3", 540, None, "the council")
    assert group([left, risen]) == []
    assert group([risen, did("S1", 300, None, "the council")]) == [[0, 1]]
    # the model may still propose them as one: prune judges what they count, not the verb
    assert prune([rescued, left]) == [0, 1]


def test_a_planned_figure_is_never_a_point_of_a_series() -> None:
    sent = _fig("S1", 18000, "troop", date="2026-04-09")
    planned = _fig("S2", 8000, "troop", date="2026-04-28")
    planned = replace(planned, quantity=replace(planned.quantity, prospective=True))
    actual = _fig("S2", 8000, "troop", date="2026-04-28")
    assert over_time([sent, actual]) and not over_time([sent, planned])


def test_deaths_in_one_named_group_group_whatever_noun_counts_them() -> None:
    soldiers = _fig("S1", 2900, "soldier", harm="killed", what="North Korean soldiers")
    koreans = _fig("S2", 4500, "koreans", harm="killed", what="North Koreans")
    officers = _fig("S3", 6, "officer", harm="killed", what="military officers")
    assert compatible(soldiers, koreans)
    assert not compatible(soldiers, officers)  # two groups of victims, no group named in common


def test_an_addition_is_never_grouped_with_a_total() -> None:
    more = _fig("S1", 4000, "soldier", speaker="Seoul", sentence=2)
    more = replace(more, quantity=replace(more.quantity, increment=True))
    totals = [_fig("S2", 26000, "soldier", speaker="Kyiv"), _fig("S3", 23000, "soldier", speaker="NATO")]
    assert group([more, *totals]) == [[1, 2]]
    assert not compatible(more, totals[0])


def test_values_that_each_come_from_another_voice_are_no_series() -> None:
    police = _fig("S1", 22000, "people", speaker="Police", date="2026-11-12")
    union = _fig("S2", 85000, "people", speaker="the federation", date="2026-11-13")
    assert not over_time([police, union])
    # the same voice on two days is a quantity followed over time
    later = _fig("S2", 30000, "people", speaker="police", date="2026-11-13")
    assert over_time([police, later])


def test_rates_that_say_what_they_are_and_differ_are_not_one_quantity() -> None:
    def rate(source: str, value: float, counts: str | None) -> Figure:
        f = _fig(source, value, counts, kind="money", speaker=source)
        return replace(f, quantity=replace(f.quantity, per="year"))

    savings, drain, unnamed = rate("S1", 38e6, "save"), rate("S2", 25e6, "take"), rate("S3", 30e6, None)
    assert not compatible(savings, drain)
    assert compatible(savings, unnamed) and compatible(drain, unnamed)


def test_counts_of_one_named_group_group_whatever_happened_to_them() -> None:
    def did(source: str, value: float, event: str, what: str) -> Figure:
        f = _fig(source, value, "soldier", speaker=source, what=what)
        return replace(f, quantity=replace(f.quantity, event=event))

    supporting = did("S3", 12000, "support", "North Korean soldiers")
    deployed = did("S5", 3000, "deploy", "North Korean soldiers")
    assert group([supporting, deployed]) == [[0, 1]]
    # one named side is enough ("as many as 100,000 soldiers" beside them); plain soldiers with
    # different verbs on both sides are still two quantities
    assert group([supporting, did("S4", 100000, "send", "soldiers")]) == [[0, 1]]
    assert group([did("S1", 300, "rescue", "soldiers"), did("S2", 500, "train", "soldiers")]) == []


def test_values_a_hundredfold_apart_are_not_one_quantity() -> None:
    # Force sizes and prisoners held, both "North Korean soldiers"; a march's turnout and a
    # handful of arrests, both "people": the words match, the scales do not.
    force = [
        _fig("S1", 16000, "soldier", what="North Korean soldiers"),
        _fig("S1", 9, "soldier", what="North Korean soldiers"),
        _fig("S2", 13, "soldier", what="North Korean soldiers"),
        _fig("S2", 12000, "soldier", what="North Korean soldiers"),
    ]
    assert sorted(group(force)) == [[0, 3], [1, 2]]
    march = [_fig("S1", 85000, "people"), _fig("S2", 22000, "people"), _fig("S3", 40, "people")]
    assert group(march) == [[0, 1]]
    # A model's group loses the member far from its middle value, and rival estimates as far
    # apart as 1,500 and 100,000 stay together.
    assert prune(force) == [0, 3]
    troops = [_fig("S1", 1500, "troop"), _fig("S2", 12000, "troop"), _fig("S3", 100000, "troop")]
    assert prune(troops) == [0, 1, 2]
