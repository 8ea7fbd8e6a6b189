"""The reading layer on sentences from many topics: what each figure, date, name and speaker reads as.

Each case names the fields it checks; a field the small model gets wrong is
asserted as None (unsure), never as the wrong answer.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from summarise.errors import ReadingModelError
from summarise.reading import language
from summarise.reading.article import read_article
from summarise.reading.readings import Quantity, SentenceReading
from summarise.reading.text import publication_date, read, read_sentences
from summarise.sources.files import Source, read_source

ANCHOR = datetime.date(2022, 3, 1)


def _source(tmp_path: Path, text: str) -> Source:
    """An article file with ``text``, read as source S1."""
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    return read_source(path, "S1")


def _figures(tmp_path: Path, text: str) -> list[tuple[int, Quantity]]:
    """Every quantity of the article ``text`` as ``read_article`` reads it, with its sentence index."""
    return [
        (i, q) for i, s in enumerate(read_article(_source(tmp_path, text)).sentences) for q in s.quantities
    ]


# (sentence, [expected fields of each quantity in order]); only the named fields are checked.
QUANTITIES: list[tuple[str, list[dict[str, Any]]]] = [
    # a strike
    (
        "The union put the number at 4,000, while the port authority said fewer than 2,000 took part.",
        [
            {"value": 4000, "qualifier": None, "speaker": "The union", "counts": None},
            {
                "text": "fewer than 2,000",
                "value": 2000,
                "qualifier": "fewer than",
                "speaker": "the port authority",
            },
        ],
    ),
    (
        "“We counted 20,000 people,” said Maria Lopez.",
        [{"value": 20000, "counts": "people", "speaker": "Maria Lopez", "harm": None}],
    ),
    (
        "About 3 000 workers walked out.",
        [{"text": "About 3 000", "value": 3000, "qualifier": "about", "counts": "worker"}],
    ),
    (
        "The strike halted about 70 ships, port officials estimated.",
        [{"value": 70, "counts": "ship", "speaker": "port officials"}],
    ),
    ("Workers are demanding a 5 percent pay rise.", [{"value": 5, "kind": "percent", "unit": "%"}]),
    (
        "Some 1,000 of the workers took part in the march.",
        [{"value": 1000, "qualifier": "some", "counts": "worker", "counts_text": "workers"}],
    ),
    # company results
    (
        "Acme Corp reported revenue of $4.2 billion for the third quarter, up 12% from a year earlier.",
        [
            {"value": 4.2e9, "kind": "money", "unit": "$", "speaker": "Acme Corp", "counts": "revenue"},
            {"value": 12, "kind": "percent", "unit": "%"},
        ],
    ),
    ("Net profit fell to €310 million in 2023.", [{"text": "€310 million", "value": 3.1e8, "kind": "money"}]),
    (
        "Tickets cost around €300 each.",
        [{"text": "around €300", "value": 300, "qualifier": "around", "kind": "money", "unit": "€"}],
    ),
    (
        "Prices ranged between $1,200 and $2,400.",
        [{"value": 1200, "high": 2400, "kind": "money", "unit": "$"}],
    ),
    (
        "Wages range from 1,500 to 8,500 euros a month.",
        [{"text": "1,500 to 8,500 euros", "value": 1500, "high": 8500, "kind": "money", "unit": "euros"}],
    ),
    ("Unemployment fell to 4.2% in March.", [{"value": 4.2, "kind": "percent", "counts": "unemployment"}]),
    # a football transfer
    (
        "Real Madrid signed Brazilian striker Endrick for €60 million, the club announced on Friday.",
        [{"value": 6e7, "kind": "money", "speaker": "the club"}],
    ),
    (
        "The 18-year-old has scored 11 goals in 36 appearances for Palmeiras.",
        [{"value": 11, "counts": "goal"}, {"value": 36, "counts": "appearance"}],
    ),
    (
        "The transfer fee could rise to €72 million with add-ons, according to Spanish newspaper Marca.",
        [{"value": 7.2e7, "speaker": "Spanish newspaper Marca"}],
    ),
    # an earthquake
    (
        "A magnitude 6.4 earthquake struck southern Turkey on Feb. 6, 2023, killing at least 50,000 people.",
        [
            {"value": 6.4, "kind": "measure", "unit": "magnitude", "counts": None},
            {"value": 50000, "qualifier": "at least", "counts": "people", "harm": "killed"},
        ],
    ),
    ("A magnitude 7.1 quake hit the region.", [{"value": 7.1, "kind": "measure"}]),
    (
        "The death toll rose to 1,204, officials said on Tuesday.",
        [{"value": 1204, "harm": "killed", "speaker": "officials"}],
    ),
    (
        "Rescuers pulled 12 survivors from the rubble overnight, the disaster agency AFAD said.",
        [{"value": 12, "counts": "survivor", "harm": None, "speaker": "the disaster agency AFAD"}],
    ),
    ("The quake struck at 1:20 PM local time.", []),
    (
        "Two dozen people were injured and 1.2 million were left without power.",
        [
            {"text": "Two dozen", "value": 24, "harm": "injured", "counts": "people"},
            {"value": 1.2e6, "counts": None},
        ],
    ),
    # an election
    (
        "Turnout reached 67.5 percent, the electoral commission said.",
        [{"value": 67.5, "kind": "percent", "speaker": "the electoral commission"}],
    ),
    (
        "The Labour Party won 412 of the 650 seats.",
        [{"value": 412, "kind": "count", "counts": "seat"}, {"value": 650}],
    ),
    # a wildfire
    (
        "The wildfire has burned more than 20,000 acres and forced 30,000 residents to evacuate.",
        [
            {"value": 20000, "kind": "measure", "unit": "acres"},
            {"value": 30000, "counts": "resident", "harm": None},
        ],
    ),
    (
        "Two firefighters were injured, Cal Fire spokesperson Mark Brown said.",
        [{"value": 2, "counts": "firefighter", "harm": "injured"}],
    ),
    (
        "Police said six officers were injured in the clashes.",
        [{"text": "six", "value": 6, "counts": "officer", "harm": "injured", "speaker": "Police"}],
    ),
    # a drug trial
    (
        "The drug cut the risk of death by 20% in a trial of 4,000 patients,"
        " researchers reported in The Lancet.",
        [
            {"value": 20, "kind": "percent", "harm": None},
            {"value": 4000, "counts": "patient", "speaker": "researchers"},
        ],
    ),
    ("Pfizer said the vaccine was 95% effective.", [{"value": 95, "kind": "percent", "speaker": "Pfizer"}]),
    # the seed war story
    (
        "South Korea’s presidential office said Wednesday that more than 3,000 North Korean soldiers"
        " have been deployed to the front.",
        [
            {
                "text": "more than 3,000",
                "qualifier": "more than",
                "counts": "soldier",
                "counts_text": "North Korean soldiers",
                "speaker": "South Korea’s presidential office",
                "harm": None,
            }
        ],
    ),
    (
        "About 11,000 North Korean troops are in Kursk,"
        " according to Ukrainian and South Korean intelligence.",
        [{"value": 11000, "counts": "troop", "speaker": "Ukrainian and South Korean intelligence"}],
    ),
    (
        "The Pentagon said North Korea had sent about 10,000 troops, with another 8,500 about to be sent.",
        [
            {"value": 10000, "counts": "troop", "speaker": "The Pentagon"},
            {"value": 8500, "counts": None, "speaker": "The Pentagon"},  # no counted noun in the parse
        ],
    ),
    (
        "More than 600,000 Russian soldiers have been killed, injured, or captured since the start of the"
        " full-scale invasion.",
        [{"value": 600000, "counts": "soldier", "harm": "casualties", "speaker": None}],
    ),
    (
        "The deaths of six North Korean military officers in 2019 raised questions.",
        [{"value": 6, "counts": "officer", "harm": "killed"}],
    ),
    (
        "Ukraine's military intelligence agency said Tuesday that 200 North Korean soldiers had been killed.",
        [{"value": 200, "harm": "killed", "speaker": "Ukraine's military intelligence agency"}],
    ),
    ("More than 100 people are still missing.", [{"value": 100, "harm": "missing"}]),
    # no figures: names, phone and section numbers, vague plurals
    ("The 11th Corps lost 3 tanks.", [{"value": 3, "counts": "tank"}]),
    ("Call 555-1234 for more information.", []),
    ("Under Section 230 of the law, platforms are not liable.", []),
    # an address or a name a number starts is no figure; a count of a named people is
    ("The governor spoke outside the headquarters at 22 Bridge Street.", []),
    ("The site 38 North published the images.", []),
    ("Some 300 Americans were evacuated.", [{"value": 300, "counts": "americans"}]),
    ("Dozens of people were hurt, and thousands fled.", []),
    (
        "Nearly a million women served, and more than a thousand workers left.",
        [
            {"text": "Nearly a million", "value": 1e6, "qualifier": "nearly"},
            {"value": 1000, "qualifier": "more than"},
        ],
    ),
    (
        "With some 1,500 troops believed to be in Russia and another 8,500 about to be sent, the war grows.",
        [{"value": 1500, "qualifier": "some"}, {"value": 8500, "speaker": None}],
    ),
]


@pytest.fixture(scope="module")
def readings() -> dict[str, SentenceReading]:
    texts = (
        [s for s, _ in QUANTITIES]
        + [s for s, _ in DATES]
        + [s for s, _ in ENTITIES]
        + [s for s, _ in SPEAKERS]
    )
    return {r.text: r for r in read_sentences(texts, ANCHOR)}


def _check(q: Quantity, expected: dict[str, Any]) -> None:
    for field, want in expected.items():
        got = getattr(q, field)
        if isinstance(want, (int, float)) and not isinstance(want, bool) and got is not None:
            assert got == pytest.approx(want), (field, q)
        else:
            assert got == want, (field, q)


@pytest.mark.parametrize(("sentence", "expected"), QUANTITIES)
def test_quantities(
    readings: dict[str, SentenceReading], sentence: str, expected: list[dict[str, Any]]
) -> None:
    found = readings[sentence].quantities
    assert len(found) == len(expected), found
    for q, want in zip(found, expected, strict=True):
        _check(q, want)
        assert sentence[q.start : q.end] == q.text


DATES: list[tuple[str, list[tuple[str, str | None, str | None]]]] = [
    ("In February, the company announced a new plant.", [("February", "2022-02", "2022-03-01")]),
    (
        "The death toll rose to 1,204, officials said on Tuesday.",
        [("Tuesday", "2022-03-01", "2022-03-01")],
    ),  # the report's own day
    (
        "Russian President Vladimir Putin met Lee Un-gil, a former member of the Storm Corps,"
        " in Moscow on Oct. 3, 2024.",
        [("Oct. 3, 2024", "2024-10-03", None)],
    ),
    ("Chief executive Jane Smith said the company would cut 1,500 jobs by 2025.", [("2025", "2025", None)]),
    (
        "He was born in 1985 and joined the army in June.",
        [("1985", "1985", None), ("June", "2021-06", "2022-03-01")],
    ),
    ("The plant has been closed for three years.", [("three years", None, None)]),
    ("The fund was set up in February 2015.", [("February 2015", "2015-02", None)]),
]


@pytest.mark.parametrize(("sentence", "expected"), DATES)
def test_dates(
    readings: dict[str, SentenceReading], sentence: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    found = readings[sentence].dates
    assert [(d.text, d.resolved, d.anchor) for d in found] == expected
    assert all(sentence[d.start : d.end] == d.text for d in found)
    assert readings[sentence].quantities == () or all(
        q.value not in (1985, 2025, 2024) for q in readings[sentence].quantities
    )


def test_a_date_without_year_or_anchor_is_not_resolved() -> None:
    assert [(d.text, d.resolved) for d in read("In February, the company announced a new plant.").dates] == [
        ("February", None)
    ]


ENTITIES: list[tuple[str, list[tuple[str, str, str | None]]]] = [
    (
        "Russian President Vladimir Putin met Lee Un-gil, a former member of the Storm Corps, in Moscow.",
        [
            ("Russian", "NORP", None),
            ("Vladimir Putin", "PERSON", "Russian President"),
            ("Lee Un-gil", "PERSON", "a former member of the Storm Corps"),
            ("Storm Corps", "ORG", None),
            ("Moscow", "GPE", None),
        ],
    ),
    (
        "Kim Jong Un, North Korea's leader, met Putin in Pyongyang.",
        [
            ("Kim Jong Un", "PERSON", "North Korea's leader"),
            ("North Korea", "GPE", None),
            ("Putin", "PERSON", None),
            ("Pyongyang", "GPE", None),
        ],
    ),
    (
        "Chief executive Jane Smith said the company would cut jobs.",
        [("Jane Smith", "PERSON", "Chief executive")],
    ),
    ("The Pentagon's estimate was lower.", [("Pentagon", "ORG", None)]),
    (  # the small model tags "Keeping Russian" as a PERSON: a span with a verb is no name
        "Keeping Russian women out of military combat is key to sustaining Putin’s grip on power.",
        [("Putin", "PERSON", None)],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), ENTITIES)
def test_entities(
    readings: dict[str, SentenceReading], sentence: str, expected: list[tuple[str, str, str | None]]
) -> None:
    found = readings[sentence].entities
    assert [(e.text, e.label, e.role) for e in found] == expected
    assert all(sentence[e.start : e.end] == e.text for e in found)


ACTING = [
    # (sentence, names shown acting, names only mentioned)
    ("Dravenna earthquake death toll rises to 118 as rescuers reach cut-off villages", [], ["Dravenna"]),
    ("The people of Kellford will pay for it, said Dana Ivers.", ["Dana Ivers"], ["Kellford"]),
    ("Toyota and Honda said their sales fell in March.", ["Toyota", "Honda"], []),
    ("The merger was approved by the European Commission on Monday.", ["European Commission"], []),
    (
        "Prices rose by 3%, according to the Office for National Statistics.",
        ["Office for National Statistics"],
        [],
    ),
    ("Chief executive Jane Smith met investors from BlackRock in London.", ["Jane Smith"], ["BlackRock"]),
]


@pytest.mark.parametrize(("sentence", "acting", "named"), ACTING)
def test_an_entity_acts_only_as_subject_agent_or_source(
    sentence: str, acting: list[str], named: list[str]
) -> None:
    found = {e.text: e.acts for e in read(sentence).entities}
    assert all(found.get(name) is True for name in acting), found
    assert all(found.get(name) is False for name in named), found


SPEAKERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "The union put the number at 4,000, while the port authority said fewer than 2,000 took part.",
        ("The union", "the port authority"),
    ),
    ("The army put 300 troops on alert.", ()),
    ("He said the plan would work.", ()),
    ("Pfizer said the vaccine was 95% effective.", ("Pfizer",)),
    ("The figure was reported by the interior ministry.", ("the interior ministry",)),
    (  # an adjective's complement stays with the speaker
        "The fee could rise to €60 million, according to people familiar with the negotiations.",
        ("people familiar with the negotiations",),
    ),
    ("Officials close to the talks said 300 delegates had left.", ("Officials close to the talks",)),
    ("Doctors at the city hospital said 40 patients were treated.", ("Doctors at the city hospital",)),
    ("The weather service measured the gust at 140 km/h.", ("The weather service",)),
    ("The lab maintains that it measured 3.2 grams.", ("The lab",)),
]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("The agency put the number deployed at some 15,000.", "The agency"),
        ("Northway Mutual, the insurer, stands by its figure of €15 million.", "Northway Mutual"),
        ("The league keeps its estimate of 2,000 fans.", "The league"),
        ("The company doubled its profit to $4 million.", None),  # its profit, not its figure of it
        ("The army put 300 troops on alert.", None),
        ("Councillors say it will cost the €120 million that the mayor disputes.", "Councillors"),
        ("The plan puts at risk the 300 jobs that the union says are needed.", "the union"),
        ("Nobody disputes the 40 homes that the storm destroyed.", None),
        # A role owned by a pronoun gives way to the name set beside it.
        ('Its chair, Leanne Corrigan, put the number of sick pupils at "well over 300".', "Leanne Corrigan"),
        ("His deputy, Omar Haddad, said 40 flights were cancelled.", "Omar Haddad"),
        ("Its spokesman said 40 were hurt.", "Its spokesman"),
        # A proposal is its proposer's: an offer, a demand, what one side wants of another.
        ("The caterer has offered a goodwill payment of £150 to each family.", "The caterer"),
        (
            "The residents' association, which is asking for £2,000 a household, said it would appeal.",
            "The residents' association",
        ),
        ("The union wants the airline to pay £300 to every passenger.", "The union"),
        ("The caterer has offered £150 to each family while cases climbed to 112.", "The caterer"),
        # An estimate owned by a name speaks for its owner.
        ("The firm disputed the council's estimate that about 2,900 pupils were served.", "the council"),
        # A "that" clause is what its subject says, whatever the verb.
        ("The company repeated that about 1,100 staff were absent.", "The company"),
        ("The ministry stressed that 2,400 beds were free.", "The ministry"),
        ("Parents fear 300 pupils will miss exams.", None),  # no "that": a fear, not a figure given
        # An "according to" set of figures speaks for whoever compiled them.
        ("Exports fell 8%, according to figures compiled by the statistics office.", "the statistics office"),
        ("About 90 boats sank, according to estimates released by the coastguard.", "the coastguard"),
    ],
)
def test_who_gives_a_figure_by_putting_it_at_or_owning_it(sentence: str, speaker: str | None) -> None:
    assert read(sentence).quantities[0].speaker == speaker


@pytest.mark.parametrize(
    ("sentence", "pronoun"),
    [
        ("She put the damage at €4 million and said the insurer had paid €1.5 million.", "she"),
        ("He counted 40 boats and added that 12 had sunk.", "he"),
    ],
)
def test_a_coordinated_reporting_verb_shares_its_pronoun_subject(sentence: str, pronoun: str) -> None:
    assert [q.pronoun for q in read(sentence).quantities] == [pronoun, pronoun]


@pytest.mark.parametrize(
    ("sentence", "figures", "date"),
    [
        (
            "Ukraine said it was holding 13 soldiers, up from nine two weeks ago.",
            ["13", "nine"],
            "two weeks ago",
        ),
        ("Cases rose to 83, up from 46 the day before.", ["83", "46"], "the day before"),
        ("The museum counted 4,000 visitors, against 3,100 a year ago.", ["4,000", "3,100"], "a year ago"),
        ("The firm was founded 12 years ago.", [], "12 years ago"),
    ],
)
def test_a_number_run_into_the_date_after_it_is_a_figure(
    sentence: str, figures: list[str], date: str
) -> None:
    r = read(sentence)
    assert [q.text for q in r.quantities] == figures
    assert [d.text for d in r.dates] == [date]


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("SEOUL, September 14, 2027 (Han River Dispatch) — The agency said 16,000 were there.", 49),
        ("LONDON (Reuters) - Prices rose 3%.", 19),
        ("BRUSSELS — Officials said 300 had left.", 11),
        ("KYIV, Ukraine, Sept. 29 — Ukraine said 13 were held.", 26),
        ("UK inflation rose to 3% — the highest since 2023.", 0),
        ("NATO, the alliance, said 40 — more than before.", 0),
        ("The NHS said 40 — and more — had died.", 0),
    ],
)
def test_a_wire_dateline_is_cut_before_the_sentence_is_read(text: str, cut: int) -> None:
    from summarise.reading.text import dateline_length

    assert dateline_length(text) == cut
    r = read(text)
    # Offsets still point into the whole text, and nothing of the dateline speaks or acts.
    assert all(r.text[q.start : q.end] == q.text for q in r.quantities)
    assert all(r.text[e.start : e.end] == e.text for e in r.entities)
    if cut:
        assert all(q.speaker is None or q.speaker.upper() != q.speaker for q in r.quantities)


def test_an_earlier_subject_is_what_a_later_it_stands_for(tmp_path: Path) -> None:
    text = (
        "Spy agency raises its count\n\n"
        "Park said the agency had not confirmed whether Russia had accepted the offer. "
        "The country's military intelligence agency, known as the HUR, gives a much higher figure. "
        "In a statement on Tuesday it said 22,000 troops were operating there.\n"
    )
    ((_, q),) = [(i, q) for i, q in _figures(tmp_path, text) if q.text == "22,000"]
    assert q.speaker == "The country's military intelligence agency"


def test_a_relative_clause_names_who_gives_the_figure() -> None:
    found = read("It cost €84 million, not the €120 million that opposition councillors say it will cost.")
    assert [(q.text, q.speaker) for q in found.quantities] == [
        ("€84 million", None),
        ("€120 million", "opposition councillors"),
    ]


def test_a_figure_inside_a_quotation_is_its_speakers(tmp_path: Path) -> None:
    text = (
        "Fire at the docks\n\n“More than 150 people were evacuated. We got everyone out,” said Ruth "
        "Okafor, the shift manager. “We moved 20 trucks out.” Crews said 9 were hurt.\n"
    )
    figures = [(q.text, q.speaker) for _, q in _figures(tmp_path, text)]
    # A quotation that no sentence attributes ("We moved ...") gets no speaker.
    assert figures == [("More than 150", "Ruth Okafor"), ("20", None), ("9", "Crews")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # "the agency" refers back to the sentence that named it in full
            "Troops\n\nSeoul's spy agency said 4,000 troops had arrived. "
            "The agency said 2,000 more would follow.",
            [("4,000", 0, None), ("2,000", 1, 0)],
        ),
        (  # a speaker named in the figure's own sentence needs no other sentence
            "Strike\n\nThe union said 3,000 workers walked out. The ministry said 900 did.",
            [("3,000", 0, None), ("900", 1, None)],
        ),
    ],
)
def test_the_sentence_naming_a_speaker_is_kept(
    tmp_path: Path, text: str, expected: list[tuple[str, int, int | None]]
) -> None:
    found = [(q.text, i, q.speaker_sentence) for i, q in _figures(tmp_path, text + "\n")]
    assert found == expected


def test_a_quotation_closed_in_a_later_sentence_keeps_that_sentence() -> None:
    from summarise.reading.article import _quoted
    from summarise.reading.text import read_sentences

    # The splitter usually keeps a quotation whole; when it does not, the figure's speaker is
    # named in the sentence where the quotation closes, and that sentence is recorded.
    readings = _quoted(
        tuple(
            read_sentences(
                ["“More than 150 people were evacuated.", "We got everyone out,” said Ruth Okafor."]
            )
        )
    )
    [q] = readings[0].quantities
    assert (q.speaker, q.speaker_sentence) == ("Ruth Okafor", 1)


@pytest.mark.parametrize(("sentence", "expected"), SPEAKERS)
def test_speakers(readings: dict[str, SentenceReading], sentence: str, expected: tuple[str, ...]) -> None:
    assert readings[sentence].speakers == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        (
            "Port strike spreads\nPublished 23 October 2024\nDockworkers walked out on Monday.",
            datetime.date(2024, 10, 23),
        ),
        ("SEOUL, October 23, 2024 (Reuters) - North Korea has sent troops.", datetime.date(2024, 10, 23)),
        ("SEOUL, Oct 23 (Reuters) - North Korea has sent troops.", None),  # no year: nothing to anchor on
        ("Dockworkers walked out on Monday, the union said.", None),
    ],
)
def test_publication_date(article: str, expected: datetime.date | None) -> None:
    assert publication_date(article) == expected


def test_changed_model_files_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    copy.mkdir()
    (copy / "config.cfg").write_text("[nlp]\n", encoding="utf-8")
    with pytest.raises(ReadingModelError) as err:
        language.verify(copy)
    assert err.value.exit_code == 4 and "pip install" in err.value.hint


def test_the_installed_model_passes_its_check() -> None:
    assert language.digest(language.model_dir()) == language.SHA256


def test_a_rate_knows_its_period() -> None:
    from summarise.reading.text import read

    [wage] = read("The striker will earn 180,000 euros a week at his new club.").quantities
    [salary] = read("Observers estimate salaries of at least $2,000 per month.").quantities
    [fee] = read("The club paid a fee of 45 million euros.").quantities
    assert (wage.per, salary.per, fee.per) == ("week", "month", None)


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # A heading run into the sentence (as in scraped pages): the speaker is the capitalised name.
        ("After the long dry summer Farmers say the harvest fell by 30 percent.", "Farmers"),
        ("Despite the weak regional economy Analysts say sales rose to 4,000 units.", "Analysts"),
        # A descriptor before the name stays.
        ("About 12 survivors were found, the disaster agency AFAD said.", "the disaster agency AFAD"),
    ],
)
def test_a_heading_run_into_a_sentence_is_not_part_of_the_speaker(sentence: str, speaker: str) -> None:
    from summarise.reading.text import read

    assert [q.speaker for q in read(sentence).quantities] == [speaker]


@pytest.mark.parametrize(
    ("sentence", "harms"),
    [
        # Coordinated verbs with their own objects or subjects each keep their own harm.
        (
            "The storm struck on Monday, killing at least 41 people and injuring more than 160.",
            ["killed", "injured"],
        ),
        ("At least 460 people were injured and 75 are still missing.", ["injured", "missing"]),
        # Coordinated verbs that share the number make it a casualty count.
        ("More than 600,000 soldiers have been killed, injured, or captured.", ["casualties"]),
        ("Half of the troops – 6,000 soldiers – have been killed, wounded or captured.", ["casualties"]),
        # The parser hangs "fighting" on "wounded" as its object; a passive participle has none.
        (
            "About 5,000 soldiers have been killed or wounded fighting for Russia, an official said.",
            ["casualties"],
        ),
        ("Some 300 climbers were injured or killed on the mountain last season.", ["casualties"]),
        ("Nearly 90 passengers were hurt or killed trying to leave the train.", ["casualties"]),
    ],
)
def test_each_number_keeps_its_own_harm(sentence: str, harms: list[str]) -> None:
    from summarise.reading.text import read

    assert [q.harm for q in read(sentence).quantities] == harms


def test_a_day_without_a_year_is_the_one_nearest_the_report() -> None:
    import datetime

    from summarise.reading.dates import resolve

    anchor = datetime.date(2026, 3, 3)
    assert resolve("6 March", anchor)[0] == "2026-03-06"  # next Friday, not a year back
    assert resolve("28 December", anchor)[0] == "2025-12-28"
    assert resolve("In June", anchor)[0] == "2025-06"  # a month alone looks back
    assert resolve("Monday", anchor)[0] == "2026-03-02"


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("The chairman said the fee was nowhere near 40 million.", [True]),
        ("The club did not pay 50 million euros for him.", [True]),
        ("No fewer than 300 people came to the vigil.", [False]),
        ("About 4,000 workers joined the strike.", [False]),
    ],
)
def test_a_denied_number_is_marked(sentence: str, negated: list[bool]) -> None:
    from summarise.reading.text import read

    assert [q.negated for q in read(sentence).quantities] == negated


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a spy agency named once, then "the agency"
            "Troops\n\nSeoul's spy agency said 4,000 troops had arrived. "
            "The agency said 2,000 more would follow.",
            ["Seoul's spy agency", "Seoul's spy agency"],
        ),
        (  # a hospital, then "the hospital"
            "Outbreak\n\nThe city's main hospital said 40 patients were treated. "
            "The hospital said 12 were discharged.",
            ["The city's main hospital", "The city's main hospital"],
        ),
        (  # no earlier fuller name: "the union" stays as written
            "Strike\n\nThe union said 3,000 workers walked out. The ministry said 900 did.",
            ["The union", "The ministry"],
        ),
    ],
)
def test_the_agency_is_the_agency_named_before(tmp_path: Path, text: str, expected: list[str]) -> None:
    found = [q.speaker for _, q in _figures(tmp_path, text + "\n")]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # "it" stands for the body named in the sentence before, which is cited with the figure
            "The National Intelligence Service briefed lawmakers on Tuesday. "
            "It said 18,000 troops were in Russia.",
            [("18,000", "The National Intelligence Service", 0)],
        ),
        (  # "she" for a person the article shows acting, though she reported nothing yet
            "Maria Lopez, the union leader, spoke at the gate. She said 4,000 workers had joined.",
            [("4,000", "Maria Lopez", 0)],
        ),
        (  # "he" skips a body to the nearest person
            "The ministry said the dam was safe. Jan Novak, a farmer, disagreed. "
            "He said 1,800 hectares were under water.",
            [("1,800", "Jan Novak", 1)],
        ),
        (  # a speaker named after the figure in its own sentence is not whom "he" stands for
            "He said 40 people were hurt, while Ana Ruiz said 60 were.",
            [("40", None, None), ("60", "Ana Ruiz", None)],
        ),
        (  # "it" cannot stand for a plural
            "Officials met on Monday. It said 300 homes were flooded.",
            [("300", None, None)],
        ),
        (  # nobody within reach: left unattributed rather than guessed
            "Snow fell on Monday. Roads closed. Schools shut. Buses stopped. "
            "She said 70 villages were cut off.",
            [("70", None, None)],
        ),
    ],
)
def test_a_pronoun_speaker_is_the_one_named_before(
    tmp_path: Path, text: str, expected: list[tuple[str, str | None, int | None]]
) -> None:
    found = [
        (q.text, q.speaker, q.speaker_sentence) for _, q in _figures(tmp_path, "Report\n\n" + text + "\n")
    ]
    assert found == expected


def test_it_said_skips_the_subject_of_the_reported_clause(tmp_path: Path) -> None:
    text = (
        "Report\n\nThe national statistics office published its survey on Monday. "
        "It said Belgium had now received some 18,000 applications.\n"
    )
    [(_, q)] = _figures(tmp_path, text)
    assert (q.speaker, q.speaker_sentence) == ("The national statistics office", 0)


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "“Roughly 3,000 of them are engineers,” said Choi Eun-ha, the committee’s chairwoman.",
            "Choi Eun-ha",
        ),
        (
            "About 40 flights were cancelled, said Jean-Pierre Dubois, the airport's director.",
            "Jean-Pierre Dubois",
        ),
    ],
)
def test_a_hyphenated_name_is_a_speaker(sentence: str, speaker: str) -> None:
    from summarise.reading.text import read

    assert [q.speaker for q in read(sentence).quantities] == [speaker]


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        # the value of "the number of X", of "its estimate of X": what it counts is X
        ("The number of homes flooded has risen to 260, the council said.", "home"),
        ("The number of applications rose to 9,000 in March.", "application"),
        ("The company raised its estimate of the damage to £4 million.", "damage"),
        ("The regulator cut its estimate of the losses to $12 million on Friday.", "loss"),
        # "to" that changes no value names nothing counted
        ("The council approved the budget by 31 votes to 20.", None),
        # a toll is a harm, read as such, not a thing counted
        ("The death toll rose to 118 on Tuesday.", None),
    ],
)
def test_a_figure_given_as_the_value_of_something_counts_it(sentence: str, counts: str | None) -> None:
    from summarise.reading.text import read

    assert [q.counts for q in read(sentence).quantities][-1] == counts


@pytest.mark.parametrize(
    ("sentence", "speakers"),
    [
        (  # the figure's own participle names its source, not the verb reporting the sentence
            "Water released this week peaked at about 310 cubic metres a second, the rivers board said "
            "on Thursday, well above the 220 cubic metres a second given by the dam’s operator.",
            ["the rivers board", "the dam’s operator"],
        ),
        ("The union rejected the 1,200 jobs cited by the management as too few.", ["the management"]),
        ("Turnout was far higher than the 2,000 reported by the police, organisers said.", ["the police"]),
        # a cause is no source
        ("The storm damaged 300 homes destroyed by the flood, officials said.", ["officials"]),
    ],
)
def test_a_reporting_participle_on_a_figure_names_its_source(sentence: str, speakers: list[str]) -> None:
    from summarise.reading.text import read

    assert [q.speaker for q in read(sentence).quantities] == speakers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a date in a relative clause dates that clause, not the figure
            "Troops\nPublished 9 April 2026\n\nThe agency said Pyongyang had now sent some 18,000 troops "
            "in all, including a contingent that sailed from Wonsan in March.",
            ("2026-04-09", "published"),
        ),
        (  # a date on the verb that gives the figure dates it, not one inside its object
            "Fire\nPublished 16 April 2026\n\nThe port authority on Thursday raised its estimate of the "
            "damage caused by Monday's fire to €11 million.",
            ("2026-04-16", "sentence"),
        ),
        (  # a planned figure is dated when it is given, not by its deadline
            "Trams\nPublished 12 November 2025\n\nThe city plans to buy 24 new trams by July.",
            ("2025-11-12", "published"),
        ),
        (  # the start of a running total's period is not the date it is given for
            "Flu\nPublished 18 June 2026\n\nSome 3,600 patients have been admitted since the "
            "outbreak began last year, the health ministry said.",
            ("2026-06-18", "published"),
        ),
        (
            "Ferries\nPublished 18 June 2026\n\nThe operator has cancelled about 600 sailings since "
            "April, its chief executive said.",
            ("2026-06-18", "published"),
        ),
        (  # an ordinary date of the figure's own clause still dates it
            "Quake\nPublished 4 March 2026\n\nThe toll rose to 118 on Tuesday, the ministry said.",
            ("2026-03-03", "sentence"),
        ),
    ],
)
def test_a_figure_is_dated_by_its_own_clause(tmp_path: Path, text: str, expected: tuple[str, str]) -> None:
    from summarise.briefing.figures import _dated
    from summarise.briefing.notes import FigureRef

    reading = read_article(_source(tmp_path, text + "\n"))
    [(i, k, q)] = [(i, k, q) for i, s in enumerate(reading.sentences) for k, q in enumerate(s.quantities)]
    _, date, basis = _dated(reading, FigureRef("S1", i, k), q)
    assert (date, basis) == expected


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("North Korean death toll in Russia nears 3,000, spy agency says", "nears 3,000"),
        ("Dravenna toll passes 200 as rescuers reach villages", "passes 200"),
        ("Flu case count tops 10,000 for the first time", "tops 10,000"),
        ("Kyiv says North Korean dead have passed 5,000", "passed 5,000"),
        ("Ticket sales surpassed 40,000 on the first day, the festival said.", "surpassed 40,000"),
    ],
)
def test_a_headline_verb_of_approach_stays_with_its_figure(sentence: str, text: str) -> None:
    from summarise.reading.text import read

    assert read(sentence).quantities[0].text == text


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (  # where a name spoke is not part of it
            "“There are no fewer than 23,000 soldiers there,” said Taras Hnatyuk, a spokesman, "
            "at a briefing in its press centre at 6 Rybalska Street.",
            "Taras Hnatyuk",
        ),
        ("“We count seven in custody,” said Maj. Leanne Ostrowski in a statement.", "Maj. Leanne Ostrowski"),
        # a place in an institution's name stays
        (
            "The Regional Observatory in Ostrin measured 6.6, its director said.",
            "The Regional Observatory in Ostrin",
        ),
        # a name the parser read as counted is the one reporting the figure
        (
            "Some 300 people marched, the police said, far fewer than the 2,000 Amnesty says joined.",
            "Amnesty",
        ),
    ],
)
def test_a_speakers_name_is_the_name(sentence: str, speaker: str) -> None:
    from summarise.reading.text import read

    assert [q.speaker for q in read(sentence).quantities if q.speaker][-1] == speaker


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            "Han River Dispatch | By Choi Yun-seo | SEOUL, Tuesday, 10 February 2026",
            ("Han River Dispatch", "Choi Yun-seo"),
        ),
        (
            "SEOUL, Thursday 9 April 2026 — By Kang Hye-rin, Seoul Evening Ledger",
            ("Seoul Evening Ledger", "Kang Hye-rin"),
        ),
        ("By Maria Lopez, Reuters", ("Reuters", "Maria Lopez")),
        (
            "Kellford Gazette | By Rosa Nyberg, city hall reporter | 12 November 2025",
            ("Kellford Gazette", "Rosa Nyberg"),
        ),
        # a job title after the name is a role, not an outlet
        (
            "DUNMERE, Wednesday 21 October 2026 — By Priya Nandakumar, Health Correspondent",
            (None, "Priya Nandakumar"),
        ),
        ("By John Smith, Political Editor", (None, "John Smith")),
        # a writer's whole name, without where they write from
        ("By Rhiannon Delacroix-Pugh", (None, "Rhiannon Delacroix-Pugh")),
        (
            "The Dravenna Courier | By Ilse Marren in Helmgard | Published Monday, 2 March 2026",
            ("The Dravenna Courier", "Ilse Marren"),
        ),
        # a wire's outlet in brackets closing the dateline; a credit after a full stop
        ("DUNMERE, 22 October 2026 (Northern Wire) — by Tom Hargreave", ("Northern Wire", "Tom Hargreave")),
        ("LAGOS, May 3 (Coastline News Agency) — Fuel prices rose again.", ("Coastline News Agency", None)),
        ("WASHINGTON (AP) — The Senate passed the bill 52 to 48 on Tuesday.", ("AP", None)),
        (
            "KYIV — Eastern Dispatch, 9 July 2026. Reporting by Oleksandr Hrytsenko",
            ("Eastern Dispatch", "Oleksandr Hrytsenko"),
        ),
        # a city and country in the dateline are places, not outlets
        ("SEOUL, South Korea — By Anna Berg", (None, "Anna Berg")),
        # no credit: an outlet named without "By" is not guessed, nor is an image credit an outlet
        ("Eastern Front Monitor | KYIV | Published Tuesday, 3 March 2026", (None, None)),
        ("Photo: KCNA via Reuters", (None, None)),
        ("By the end of the week, 300 homes were flooded.", (None, None)),
    ],
)
def test_a_byline_is_read_from_the_dateline(
    tmp_path: Path, head: str, expected: tuple[str | None, str | None]
) -> None:
    from summarise.reading.article import byline, credit

    source = _source(tmp_path, f"A headline\n\n{head}\n\nThe first paragraph said nothing of note.\n")
    assert credit(source) == expected
    assert byline(source) == (", ".join(p for p in expected if p) or None)


def test_a_byline_and_a_dateline_each_give_their_half(tmp_path: Path) -> None:
    from summarise.reading.article import credit

    text = (
        "One dead in outbreak\n\nBy Priya Castellane\n\nLOWENBY, 23 June 2026 (Lowenby Echo) — One man has "
        "died and 11 other people are being treated after an outbreak in the east of the town, the "
        "infirmary said on Tuesday.\n"
    )
    assert credit(_source(tmp_path, text)) == ("Lowenby Echo", "Priya Castellane")


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        # a running total read past the small parser's misplaced "to": "the number of X ... to N"
        (
            "North Korea has sent about 6,000 more soldiers to Russia since April, bringing the number "
            "of its troops deployed there to roughly 21,000, officials said.",
            "troop",
        ),
        # "the total" with no "of": what the sentence's figure before it counts
        ("The agency admitted 40 more patients on Monday, bringing the total to 310.", "patient"),
        ("Volunteers planted 2,000 more trees this spring, taking the tally to about 15,000.", "tree"),
        # a total of nothing the sentence counts stays unread
        ("The council approved two more schemes, bringing the total to 31.", "scheme"),
        ("The council approved the plan on Monday, bringing the total to 31.", None),
    ],
)
def test_a_running_total_counts_what_the_sentence_counts(sentence: str, counts: str | None) -> None:
    assert read(sentence).quantities[-1].counts == counts


@pytest.mark.parametrize(
    ("sentence", "parts"),
    [
        ("Two of the group's three hospitals had restored their systems, staff said.", [True, False]),
        ("Four of the club's 11 starters came from its academy.", [True, False]),
        ("Nine of the 40 schools in the district stayed shut on Monday.", [True, False]),
        # an "of" phrase without its own number is what the figure counts, not a whole it is part of
        ("About 3,000 of the workers joined the strike.", [False]),
        ("The mayor said 12 people were hurt.", [False]),
    ],
)
def test_a_part_of_a_counted_whole_is_marked(sentence: str, parts: list[bool]) -> None:
    quantities = read(sentence).quantities
    assert [q.part for q in quantities] == parts
    # the whole a part is counted from is marked as such, and nothing else is
    assert [q.whole for q in quantities] == [False, *parts[:-1]]


def test_a_part_is_shown_with_its_whole() -> None:
    q = read("Two of the group's three hospitals had restored their systems, staff said.").quantities[0]
    assert (q.text, q.counts_text) == ("Two", "of the group's three hospitals")


@pytest.mark.parametrize(
    ("sentence", "holder"),
    [
        ("Files relating to about 85,000 patients were copied, it said.", "file"),
        ("The homes of 300 families were flooded overnight.", "home"),
        ("Data on 2 million customers was exposed, the bank said.", "datum"),
        # the counted noun is itself the subject or object: no holder
        ("The ambulance service said 46 patients had been taken elsewhere.", None),
        ("Rescuers evacuated 300 families overnight.", None),
        # a value noun is no holder: "the number of 300 ..." is read by what it counts
        ("Officials put the damage at £4 million.", None),
    ],
)
def test_a_count_of_the_owners_of_something_names_that_thing(sentence: str, holder: str | None) -> None:
    assert read(sentence).quantities[0].holder == holder


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "Blackreed, the gang behind the attack, posted a sample online and insists it holds "
            "1.4 million records.",
            "Blackreed",
        ),
        ("The union walked out on Monday and claims 4,000 members joined it.", "The union"),
        ("The ministry held a briefing and said 12 people had died.", "The ministry"),
    ],
)
def test_a_coordinated_reporting_verb_shares_its_subject(sentence: str, speaker: str) -> None:
    assert read(sentence).quantities[-1].speaker == speaker


@pytest.mark.parametrize(
    ("sentence", "event"),
    [
        ("The fire service said 23 people were rescued from their roofs.", "rescue"),
        ("More than 500 people left their homes overnight, the council said.", "leave"),
        ("About 650 people stayed in rest centres on Thursday.", "stay"),
        ("The number of homes flooded has risen to 260, the council said.", "flood"),
        ("Police arrested 14 protesters outside the stadium.", "arrest"),
        ("The hospital has cancelled about 1,200 appointments.", "cancel"),
        ("Some 3,000 workers walked out at the plant.", "walk"),
        # a verb that only gives the value, or only reports it, says nothing happened
        ("The tally of cases rose to 85 on Friday.", None),
        ("Organisers put the number of marchers at 20,000.", None),
    ],
)
def test_what_happens_to_what_a_figure_counts(sentence: str, event: str | None) -> None:
    assert next(q.event for q in read(sentence).quantities if q.counts) == event


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        (
            "Water released peaked at about 310 cubic metres a second, the board said.",
            "cubic metres a second",
        ),
        ("Winds reached 120 km per hour on the coast.", "km per hour"),
        ("The fire spread over 40 hectares of forest.", "hectares"),
        ("The glacier lost 3 square kilometres last year.", "square kilometres"),
    ],
)
def test_a_measure_keeps_its_whole_unit(sentence: str, unit: str) -> None:
    assert read(sentence).quantities[0].unit == unit


def test_a_sum_named_only_as_a_value_says_nothing_of_what_it_is() -> None:
    q = read("The growers' association stands by its figure of £9 million.").quantities[0]
    assert (q.kind, q.counts) == ("money", None)


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("The bill for this valley will be closer to £9 million, said Helen Marsh.", "bill"),
        ("The cost of the repairs will be about $5 million, the council said.", "cost"),
        ("Average monthly wages have been less than $1, defectors say.", "wage"),
        # a verb of attaining a value gives it to its subject
        ("Okafor said the total cost of the fire could reach €25 million.", "cost"),
        ("Sales hit $4 billion last year, the company said.", "sale"),
        # a pronoun or a value noun as the subject names nothing
        ("It was $5 million.", None),
        ("It could reach €25 million.", None),
        ("The figure was €45 million.", None),
    ],
)
def test_a_sum_a_form_of_be_gives_to_its_subject_is_the_subjects(sentence: str, counts: str | None) -> None:
    assert read(sentence).quantities[0].counts == counts


def test_a_running_total_takes_the_noun_not_its_more() -> None:
    q = read(
        "North Korea has sent 4,000 more soldiers, bringing the total it has deployed there to some 15,000."
    ).quantities[-1]
    assert (q.counts, q.counts_text) == ("soldier", "soldiers")


def test_a_number_put_at_a_value_is_a_count_not_a_scale() -> None:
    q = read("The agency put the number deployed at some 15,000 in February.").quantities[0]
    assert (q.kind, q.unit) == ("count", None)


def test_a_share_is_read_with_what_it_is_of() -> None:
    quantities = read(
        "The reservoir had been at 99% of capacity, not 98% as the company had said."
    ).quantities
    assert [(q.text, q.counts_text) for q in quantities] == [("99%", "of capacity"), ("98%", None)]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # a count or set of figures reports for whoever stands behind it
        (
            "A count carried out for the Record by Occurra, a counting firm, found about 31,400 marchers.",
            "Occurra",
        ),
        (
            "Figures released on Friday by the transport ministry showed that 47% of services ran.",
            "the transport ministry",
        ),
        ("Figures from the health ministry show 85 new cases.", "the health ministry"),
        # evidence gives way to the voice that reports it
        (
            "Twelve cases have been confirmed by laboratory tests, according to Dr Ananya Mistry.",
            "Dr Ananya Mistry",
        ),
        (
            "Dr Adeyemi said modelling suggested that up to 4,000 people could have been exposed.",
            "Dr Adeyemi",
        ),
        (
            "The company said its own engineers had calculated that fewer than 600 people were at risk.",
            "The company",
        ),
        # with no voice above it, the evidence is what the sentence gives
        ("Laboratory tests confirmed 12 cases.", "Laboratory tests"),
        # a group of people who count is a voice, not evidence
        ("Unison said police counted 22,000 marchers.", "police"),
        # a participle set off by commas describes the voice; its "by" is not who reports
        ("The agency, known by its Ukrainian initials HUR, said about 9,500 had been wounded.", "The agency"),
    ],
)
def test_who_stands_behind_a_figure(sentence: str, speaker: str) -> None:
    assert read(sentence).quantities[0].speaker == speaker


@pytest.mark.parametrize(
    ("sentence", "counts_text"),
    [
        ("The union is demanding a 9% pay rise, its leader said.", "pay rise"),
        ("Ostlink offered a 3.5 per cent increase over two years.", "increase"),
        ("The reservoir was at 98 per cent, the company said.", None),
        ("About 40 per cent of the workers joined the strike.", "of the workers"),
    ],
)
def test_a_share_knows_what_it_is_of_or_for(sentence: str, counts_text: str | None) -> None:
    assert read(sentence).quantities[0].counts_text == counts_text


@pytest.mark.parametrize(
    ("sentence", "pronoun", "counts_text"),
    [
        (
            "It put the number of North Korean troops in Russia at roughly 31,000.",
            "it",
            "North Korean troops",
        ),
        ("He put the likely cost at about £150,000.", "he", "likely cost"),
        ("She put the number of homes flooded at 140.", "she", "homes"),
    ],
)
def test_a_pronoun_that_puts_a_value_is_resolved_later(sentence: str, pronoun: str, counts_text: str) -> None:
    q = read(sentence).quantities[0]
    assert (q.speaker, q.pronoun, q.counts_text) == (None, pronoun, counts_text)


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        # a ratio is no pair of counts
        ("According to Emil Brandt, nine in ten drivers stayed at home.", []),
        ("Fewer than one train in five ran outside the two main lines.", [2]),
        ("Three out of four voters backed the plan, the poll found.", []),
        ("About one in five homes was damaged.", []),
        # two counts that each name what they count are two counts; a year is no term
        ("The striker has scored 11 goals in 36 appearances.", [11, 36]),
        ("Prices may rise by 3% in 2027.", [3]),
        # "the one" is a pronoun
        ("The toll was higher than the one South Korea's spy service gave.", []),
    ],
)
def test_ratios_and_pronouns_are_not_figures(sentence: str, values: list[float]) -> None:
    assert [q.value for q in read(sentence).quantities] == values


def test_a_month_is_written_with_a_capital() -> None:
    assert [d.text for d in read("About 22,000 people joined the march, police said.").dates] == []
    assert [d.text for d in read("In March, 300 workers struck.").dates] == ["March"]


@pytest.mark.parametrize(
    ("sentence", "increments"),
    [
        ("North Korea has sent 6,000 more soldiers, bringing the total to 21,000.", [True, False]),
        ("Officials confirmed 15 new cases, taking the total to 41.", [True, False]),
        ("A further 4,000 have been wounded, he said.", [True]),
        ("Another 300 homes were flooded overnight.", [True]),
        ("More than 5,000 soldiers were killed.", [False]),
    ],
)
def test_an_addition_is_marked(sentence: str, increments: list[bool]) -> None:
    assert [q.increment for q in read(sentence).quantities] == increments


@pytest.mark.parametrize(
    ("sentence", "counts_text"),
    [
        ("Pre-tax profit fell 40% to £18.6 million, the company said.", "Pre-tax profit fell"),
        ("Shares in Tallis closed 14% lower on Tuesday.", "Shares in Tallis closed lower"),
        ("The operating margin narrowed to 4.1%, the company said.", "operating margin"),
        ("Unemployment rose 0.3% in May.", "Unemployment rose"),
        # a share of nothing the sentence names says nothing
        ("It fell 12% on Tuesday.", None),
    ],
)
def test_a_share_given_as_a_change_says_of_what(sentence: str, counts_text: str | None) -> None:
    assert read(sentence).quantities[0].counts_text == counts_text


def test_a_numbers_own_word_decides_its_harm() -> None:
    quantities = read(
        "About 3,800 soldiers have been killed and some 7,500 wounded, the agency estimates."
    ).quantities
    assert [q.harm for q in quantities] == ["killed", "injured"]


def test_several_thousand_is_no_figure() -> None:
    assert read("The force has shrunk by several thousand soldiers since the autumn.").quantities == ()
    assert read("The regime earns several hundred million euros per year.").quantities == ()
    assert [q.text for q in read("A crowd of some 300 people gathered.").quantities] == ["some 300"]


def test_a_clause_hung_on_a_name_is_no_role() -> None:
    entities = read(
        "The figure came from the Defence Intelligence Directorate, the highest estimate any government gave."
    ).entities
    assert [(e.text, e.role) for e in entities] == [("Defence Intelligence Directorate", None)]


def test_a_rate_given_after_its_noun_knows_its_period() -> None:
    assert read("The plant makes 500 cars a day.").quantities[0].per == "day"
    assert read("North Korea is losing between 400 and 600 soldiers a month.").quantities[0].per == "month"


def test_a_figure_in_another_clause_than_the_offer_is_not_the_offerers() -> None:
    r = read(
        "The caterer has offered £150 to each family, an offer parents dismissed as cases climbed to 112."
    )
    assert {q.text: q.speaker for q in r.quantities} == {"£150": "The caterer", "112": None}
