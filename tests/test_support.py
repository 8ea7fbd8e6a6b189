"""check_support tells a statement whose numbers, dates and names are cited from one that adds its own."""

from __future__ import annotations

import datetime

import pytest

from summarise.reading.support import check_support, invented_dates

ANCHOR = datetime.date(2022, 3, 1)
WAR = [
    "South Korea’s presidential office said Wednesday that more than 3,000 North Korean soldiers have been"
    " deployed to the front.",
    "The Pentagon said North Korea had sent about 10,000 troops to Russia,"
    " according to Vladimir Putin's critics.",
]
STRIKE = [
    "About 3 000 workers walked out in February, the union said.",
    "Tickets cost around €300 each.",
    "Wages range from 1,500 to 8,500 euros a month.",
    "The trial ran from 2019 to 2022.",
    "“We counted 20,000 people,” said Maria Lopez.",
]


@pytest.mark.parametrize(
    ("statement", "cited", "missing"),
    [
        # numbers, in any notation
        ("The Pentagon said about 10,000 North Korean troops were sent.", WAR, ()),
        ("The Pentagon said about ten thousand troops were sent.", WAR, ()),
        ("The Pentagon said about 10 000 troops were sent.", WAR, ()),
        ("The Pentagon said about 12,000 troops were sent.", WAR, ("number about 12,000",)),
        ("Some 3,000 workers walked out.", STRIKE, ()),
        ("Tickets cost 300 euros.", STRIKE, ()),
        ("Tickets cost $300.", STRIKE, ("number $300",)),  # another currency
        ("Tickets cost 30%.", STRIKE, ("number 30%",)),
        ("Wages range from €1,500 to €8,500 a month.", STRIKE, ()),
        ("Wages range from 1,500 to 9,000 euros.", STRIKE, ("number 1,500 to 9,000 euros",)),
        # dates
        ("The workers walked out in February.", STRIKE, ()),
        ("The workers walked out in February 2015.", STRIKE, ("date February 2015",)),
        ("The trial began in 2019.", STRIKE, ()),
        ("The trial began in 2018.", STRIKE, ("date 2018",)),
        ("South Korea’s presidential office spoke on Wednesday.", WAR, ()),
        ("South Korea’s presidential office spoke on Thursday.", WAR, ("date Thursday",)),
        # names
        ("Putin's critics gave the figure.", WAR, ()),  # a surname alone
        ("Dmitry Putin's critics gave the figure.", WAR, ("name Dmitry Putin",)),
        ("“We counted 20,000 people,” said Maria Lopez.", STRIKE, ()),
        ("Maria Gomez counted 20,000 people.", STRIKE, ("name Maria Gomez",)),
        ("North Korean troops were sent to Russia.", WAR, ()),  # demonym against the country
        ("Chinese troops were sent to Russia.", WAR, ("name Chinese",)),
        ("The Pentagon's figure is about 10,000.", WAR, ()),
        ("NATO said about 10,000 troops were sent.", WAR, ("name NATO", "speaker NATO for about 10,000")),
    ],
)
def test_check_support(statement: str, cited: list[str], missing: tuple[str, ...]) -> None:
    support = check_support(statement, cited, ANCHOR)
    assert support.missing == missing
    assert support.supported is (not missing)


def test_a_range_needs_the_range_not_its_ends_as_separate_figures() -> None:
    cited = ["Some earn 1,500 euros.", "Others earn 8,500 euros."]
    assert not check_support("Wages range from 1,500 to 8,500 euros.", cited).supported
    assert check_support(
        "Some earn 1,500 euros.", ["Wages range from 1,500 to 8,500 euros a month."]
    ).supported


def test_a_year_is_a_date_not_a_number() -> None:
    support = check_support("The plant opened in 2019.", ["The plant has 2,019 workers."])
    assert support.missing == ("date 2019",)


def test_invented_dates() -> None:
    assert invented_dates("In February 2015 and in 2019, the workers walked out.", STRIKE, ANCHOR) == (
        "February 2015",
    )
    assert invented_dates("The workers walked out in February.", STRIKE, ANCHOR) == ()


def test_a_scale_written_onto_the_digits_is_read() -> None:
    # "$4bn" was one token that was not number-like, so no figure was read and "$5bn" passed.
    assert not check_support("The bid is worth $5bn.", ["The bid is worth $4bn, the bank said."]).supported
    assert check_support("The bid is worth $4 billion.", ["The bid is worth $4bn, the bank said."]).supported
    assert check_support("Profit fell to €2.5bn.", ["Profit fell to €2.5 billion in 2024."]).supported


@pytest.mark.parametrize(
    ("statement", "cited", "missing"),
    [
        (  # a clock time the cited sentence does not give is asserted, not read
            "The gates were opened at 4:45 a.m. on Monday.",
            "Villages were under water on Monday after the company opened the gates.",
            ("time 4:45 a.m.",),
        ),
        (
            "The gates were opened at 4:45 a.m. on Monday.",
            "The gates were opened at 4:45 a.m. on Monday.",
            (),
        ),
        ("The polls closed at 8 p.m.", "Voting ended at 8 p.m. in most districts.", ()),
        ("The polls closed at 9 p.m.", "Voting ended at 8 p.m. in most districts.", ("time 9 p.m.",)),
    ],
)
def test_a_clock_time_must_be_written_in_the_cited_text(
    statement: str, cited: str, missing: tuple[str, ...]
) -> None:
    assert check_support(statement, [cited]).missing == missing


@pytest.mark.parametrize(
    ("statement", "cited", "supported"),
    [
        # the figure's speaker must be the one the cited sentence gives it to
        (
            "With Russia reporting 14,000 troops remaining in the country.",
            ["Some 14,000 North Korean troops remain in Russia, a senior NATO official said."],
            False,
        ),
        ("Police said 2,000 people marched.", ["About 2,000 people marched, organisers said."], False),
        (
            "The insurer put the damage at €8 million.",
            ["The port authority put the damage at €8 million on Tuesday."],
            False,
        ),
        # the same speaker, by another part of its name
        (
            "The directorate said 4,500 North Koreans were killed.",
            ["About 4,500 North Koreans have been killed, Ukraine's Defence Intelligence Directorate said."],
            True,
        ),
        ("Organisers said 2,000 people marched.", ["About 2,000 people marched, organisers said."], True),
        # the cited sentence gives the figure in its own voice: any named speaker is left to the name check
        ("Organisers said 2,000 people marched.", ["About 2,000 people marched through the city."], True),
        # a statement that names no speaker is not held to one
        ("About 2,000 people marched.", ["About 2,000 people marched, organisers said."], True),
    ],
)
def test_a_figure_keeps_its_speaker(statement: str, cited: list[str], supported: bool) -> None:
    result = check_support(statement, cited)
    assert result.supported is supported, result.missing
    assert supported or any(m.startswith("speaker") for m in result.missing)


def test_according_to_speaks_for_its_own_sentence_of_a_statement() -> None:
    # Two sentences read as one text: the second one's source is not the first one's figure's.
    statement = (
        "The port handled 12,000 containers in May. Some 300 jobs are at risk, according to the union."
    )
    cited = [
        "The port handled 12,000 containers in May, the harbour board said.",
        "Some 300 jobs are at risk, according to the union.",
    ]
    assert check_support(statement, cited).supported
    wrong = "The port handled 12,000 containers in May, according to the union."
    assert not check_support(wrong, cited).supported


@pytest.mark.parametrize(
    ("statement", "cited", "supported"),
    [
        # What the cited sentence says of one number, hung on another: a swap.
        ("160 people died.", "The quake killed 41 people and injured 160.", False),
        (
            "The company will hire 1,200 people.",
            "The company will cut 1,200 jobs and hire 300 apprentices.",
            False,
        ),
        ("Police arrested 12 fans.", "Police arrested 40 fans and fined 12 others.", False),
        # The same number with its own verb, or a paraphrase of it, stands.
        ("41 people died and 160 were hurt.", "The quake killed 41 people and injured 160.", True),
        (
            "The company will cut 1,200 jobs.",
            "The company will cut 1,200 jobs and hire 300 apprentices.",
            True,
        ),
        (
            "North Korea sent about 10,000 troops.",
            "About 10,000 North Korean troops have been deployed.",
            True,
        ),
    ],
)
def test_a_number_given_what_another_number_underwent_is_unsupported(
    statement: str, cited: str, supported: bool
) -> None:
    result = check_support(statement, [cited])
    assert result.supported is supported, result.missing
