"""What a figure is read as: possible or actual, a measured value, what a sum of money is.

The sentences span several kinds of story (war, sport, business, weather, health, public
works, disasters); none is taken from the eval articles' wording for a rule to fit.
"""

from __future__ import annotations

import pytest

from summarise.reading.text import read


@pytest.mark.parametrize(
    ("sentence", "prospective"),
    [
        # A modal of possibility or hypothesis: could, may, might, would.
        ("The club signed him for a fee that could rise to €60 million with add-ons.", True),
        ("The storm may force 5,000 residents from their homes.", True),
        ("The death toll might reach 500, rescuers warned.", True),
        ("A year of service would earn a soldier between $1,200 and $2,400.", True),
        ("The vaccine could protect 2 million children a year.", True),
        # An infinitive that is only wanted, planned or threatened.
        ("North Korea was willing to send as many as 100,000 soldiers to the front.", True),
        ("The company plans to hire 300 engineers next year.", True),
        ("The government threatened to cut 2,000 jobs.", True),
        ("The council hopes to plant 10,000 trees by 2030.", True),
        # Stated as so: past, perfect, reported, a forecast with "will", or a verb whose
        # infinitive happened.
        ("North Korea has sent 3,000 soldiers to Russia.", False),
        ("Officials said 3,000 troops were deployed near the border.", False),
        ("The company hired 300 engineers last year.", False),
        ("The storm forced 5,000 residents from their homes.", False),
        ("The death toll continued to rise to 118 on Tuesday.", False),
        ("As many as 40 people may have died in the fire.", False),
        ("The new stadium will cost about €97 million.", False),
        ("His wages are understood to be about €180,000 a week.", False),
        ("The airline managed to carry 3 million passengers despite the strike.", False),
        ("Volunteers planted 10,000 trees in the park.", False),
    ],
)
def test_a_possible_or_intended_figure_is_prospective(sentence: str, prospective: bool) -> None:
    (q,) = read(sentence).quantities
    assert q.prospective is prospective


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        ("The observatory measured the quake at magnitude 6.6.", [6.6]),
        ("The centre put its magnitude at 6.8 and said the epicentre was shallow.", [6.8]),
        # The value given to "it" is a value of the one thing the sentence measures.
        ("The agency measured magnitude 7.1, while the survey puts it at 6.9.", [7.1, 6.9]),
    ],
)
def test_a_scale_value_is_a_measure_of_that_scale(sentence: str, values: list[float]) -> None:
    qs = read(sentence).quantities
    assert [q.value for q in qs] == pytest.approx(values)
    assert {(q.kind, q.unit) for q in qs} == {("measure", "magnitude")}


def test_a_valued_count_or_toll_stays_what_it_was() -> None:
    troops = read("Analysts put the number of troops at 10,000.").quantities[0]
    toll = read("Officials put the death toll at 118.").quantities[0]
    assert troops.kind == "count"
    assert (toll.kind, toll.harm) == ("count", "killed")


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Council officials put the cost of the project at €84 million.", "cost"),
        ("The new bridge will cost about $97 million.", "cost"),
        ("The €84 million construction budget was approved on Tuesday.", "budget"),
        ("The club paid a fee of €45 million.", "fee"),
        ("The museum's budget, estimated at around 4 billion euros, was cut.", "budget"),
        ("Acme reported revenue of $4.2 billion for the quarter.", "revenue"),
        ("The club signed him for a fee that could rise to €60 million.", "fee"),
        # A part named by what it pays for is not the total it belongs to.
        ("The estimate did not include €4 million for the substation.", None),
        ("The company paid $2 million for the patents.", None),
        # An idiom of approximation names no thing.
        ("His wages are in the region of €180,000 a week.", None),
    ],
)
def test_a_sum_of_money_reads_what_it_is(sentence: str, counts: str | None) -> None:
    (q,) = read(sentence).quantities
    assert q.kind == "money"
    assert q.counts == counts


@pytest.mark.parametrize(
    ("sentence", "harm"),
    [
        ("Anselm Voric said 712 people had been treated for injuries.", "injured"),
        ("Doctors said 40 patients were hospitalised with wounds.", "injured"),
        # A charge is not a harm done to those counted.
        ("Police arrested 12 people for murder.", None),
    ],
)
def test_people_treated_for_injuries_are_injured(sentence: str, harm: str | None) -> None:
    (q,) = read(sentence).quantities
    assert q.harm == harm


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("The estimate sits between Seoul's on one side and Kyiv's on the other.", []),
        ("Inspectors linked the outbreak to one batch of chicken.", []),
        ("One child remained in hospital, the team said.", ["One"]),
        ("Police arrested one man and two women.", ["one", "two"]),
    ],
)
def test_one_in_a_prepositional_phrase_picks_a_thing_out(sentence: str, figures: list[str]) -> None:
    assert [q.text for q in read(sentence).quantities] == figures
