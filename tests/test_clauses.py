"""The words that state a figure (``reading.clauses``): quoted exactly, and only about that figure.

Sentences from many topics (strikes, results, fires, elections, sport, health, war,
weather), none from the seeds. Each case gives the figure and the words its excerpt
must and must not hold; the excerpt must also be made only of the sentence's own
words, in order.
"""

from __future__ import annotations

import datetime

import pytest

from summarise.reading.clauses import quote
from summarise.reading.text import read

CASES = [
    # (sentence, figure as written, words it must show, words it must not show)
    (
        "The agency puts the deployment at about 14,000 and the dead at about 4,700.",
        "about 4,700",
        ["the dead at about 4,700"],
        ["deployment", "14,000"],
    ),
    (
        "The agency puts the deployment at about 14,000 and the dead at about 4,700.",
        "about 14,000",
        ["the deployment at about 14,000"],
        ["dead", "4,700"],
    ),
    (
        "She put the value of delayed cargo at about £4 million a day and said the company had lost "
        "about £1.5 million in handling fees since Monday.",
        "about £4 million",
        ["She put the value of delayed cargo at about £4 million a day"],
        ["£1.5 million", "handling", " and"],
    ),
    (
        "The council said about 2,600 homes were now without power, up from 1,800 on Monday, and urged "
        "residents to stay indoors.",
        "about 2,600",
        ["about 2,600 homes were now without power"],
        ["1,800", "Monday", "urged"],
    ),
    (
        "Washington's own estimate was closer to 16,000 troops, an official said.",
        "16,000",
        ["closer to 16,000 troops"],
        ["an official said"],
    ),
    (
        "The union is asking for a 6 per cent pay rise and an end to split shifts.",
        "6 per cent",
        ["asking for"],
        [],
    ),
    (
        "At least 40 people have been killed or wounded in the shelling, officials said.",
        "At least 40",
        ["killed or wounded"],
        ["officials said"],
    ),
    (
        "Troops captured two more soldiers this week, bringing the number held to 13, officials said.",
        "13",
        ["bringing the number held to 13"],
        ["two more"],
    ),
    (
        "Turnout reached 64 per cent, the highest since 1992, while the governing party won 212 seats.",
        "212",
        ["the governing party won 212 seats"],
        ["64", "Turnout"],
    ),
    (
        "The club paid a fee of €45 million for the striker, who scored 19 goals last season.",
        "€45 million",
        ["paid a fee of €45 million for the striker"],
        ["19 goals"],
    ),
    (
        "LAGOS, May 4, 2026 (Delta Times) — Floodwater forced 3,000 families from their homes on Sunday.",
        "3,000",
        ["Floodwater forced 3,000 families from their homes on Sunday"],
        ["LAGOS", "Delta Times"],
    ),
    (
        "Doctors treated 85 patients for smoke inhalation, and three firefighters were taken to hospital.",
        "85",
        ["Doctors treated 85 patients for smoke inhalation"],
        ["three", "firefighters"],
    ),
    (
        "Revenue rose 12% to £310 million in the quarter, the company said, as orders from Asia recovered.",
        "£310 million",
        ["£310 million"],
        ["orders from Asia", "the company said"],
    ),
    # A little word left out would change the meaning: put back.
    ("All but about 300 of the residents had gone home by Friday.", "about 300", ["All but about 300"], []),
    (
        "The agency said a further 4,000 or so have been wounded.",
        "4,000",
        ["4,000 or so have been wounded"],
        [],
    ),
    # An infinitive is shown with what governs it: wanted, feared or planned, not done.
    ('"Nobody here wants to lose 400 jobs," she said.', "400", ["Nobody here wants to lose 400 jobs"], []),
    (
        "The airline plans to cancel 1,200 flights next month.",
        "1,200",
        ["The airline plans to cancel 1,200"],
        [],
    ),
    (
        # The parse reads "confirmed" as a clause before the verb: it is the subject, kept.
        "The number of children confirmed ill in the school meals outbreak rose to 83 on Wednesday.",
        "83",
        ["The number of children confirmed ill in the school meals outbreak rose to 83 on Wednesday"],
        [],
    ),
]


@pytest.mark.parametrize(("sentence", "figure", "shown", "hidden"), CASES)
def test_a_figure_is_shown_in_its_own_words(
    sentence: str, figure: str, shown: list[str], hidden: list[str]
) -> None:
    r = read(sentence)
    q = next(q for q in r.quantities if q.text == figure)
    says = quote(r.text, q.says)
    for words in shown:
        assert words in says, (says, words)
    for words in hidden:
        assert words not in says, (says, words)
    # Quoted exactly: every run is the sentence's text at its offsets, in order.
    assert q.says and all(a < b for a, b in q.says)
    assert [r.text[a:b] for a, b in q.says] == says.split(" … ")
    assert all(q.says[k][1] <= q.says[k + 1][0] for k in range(len(q.says) - 1))


def test_words_are_left_out_visibly() -> None:
    r = read("The agency puts the deployment at about 14,000 and the dead at about 4,700.")
    q = next(q for q in r.quantities if q.text == "about 4,700")
    assert " … " in quote(r.text, q.says)  # the verb, then the dead: never run together


def test_a_harm_word_of_another_figure_is_not_this_ones() -> None:
    r = read("The agency puts the deployment at about 14,000 and the dead at about 4,700.")
    harms = {q.text: q.harm for q in r.quantities}
    assert harms == {"about 14,000": None, "about 4,700": "killed"}


def test_a_date_in_another_figures_words_does_not_date_this_one() -> None:
    r = read(
        "The council said about 2,600 homes were now without power, up from 1,800 on Monday.",
        datetime.date(2027, 3, 9),
    )
    reach = {q.text: [r.dates[k].text for k in q.dates_in_reach or ()] for q in r.quantities}
    assert reach == {"about 2,600": [], "1,800": ["Monday"]}


@pytest.mark.parametrize(
    ("sentence", "resolved"),
    [
        ("Two container ships due on Wednesday had already been diverted.", "2027-03-10"),
        ("The talks will resume on Thursday, the union said.", "2027-03-11"),
        ("A vote is scheduled for Friday.", "2027-03-12"),
        ("The ferries arrived on Wednesday.", "2027-03-03"),
        ("The fire was set on Monday.", "2027-03-08"),
        ("He said on Tuesday that 40 ships were waiting.", "2027-03-09"),
    ],
)
def test_a_weekday_looked_forward_to_is_the_next_one(sentence: str, resolved: str) -> None:
    # 9 March 2027 is a Tuesday.
    (d,) = read(sentence, datetime.date(2027, 3, 9)).dates
    assert d.resolved == resolved


def test_a_date_of_another_speakers_saying_does_not_date_this_figure() -> None:
    r = read(
        "The statistics office said in March that 16,000 homes were empty, while the council has put "
        "the figure at about 12,000.",
        datetime.date(2027, 10, 12),
    )
    reach = {q.text: [r.dates[k].text for k in q.dates_in_reach or ()] for q in r.quantities}
    assert reach == {"16,000": ["March"], "about 12,000": []}


def test_a_figure_line_in_its_own_words_passes_the_gate() -> None:
    # The gate reads the line as the reader does; the value is not said twice ("Forty-six
    # Forty-six children" reads to the parser as a date) and neither is the date.
    from summarise.briefing.gate import claim_text
    from summarise.reading.support import check_support
    from summarise.schema import Citation, FigureClaim

    sentence = (
        "Forty-six children at seven schools have been confirmed ill, health officials said on Tuesday."
    )
    r = read(sentence, datetime.date(2027, 5, 11))
    q = r.quantities[0]
    claim = FigureClaim(
        source_id="S1",
        value=q.text,
        says=quote(r.text, q.says),
        attributed_to="health officials",
        as_of="Tuesday",
        as_of_date="2027-05-11",
        as_of_basis="sentence",
        citations=[Citation(source_id="S1", start=0, end=len(sentence), quote=sentence)],
    )
    text = claim_text(claim)
    assert text.count("Forty-six") == 1
    assert check_support(text, [sentence], datetime.date(2027, 5, 11)).supported
