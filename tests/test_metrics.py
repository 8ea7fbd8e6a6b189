"""Tests for summarise.eval.metrics: a hand-written good and bad briefing of the all-seeds case.

Both briefings are written here by hand, not by a model. Their citations are built by
``cite``, which finds each quote in the real seed file, so every offset is real; the bad
briefing then breaks things on purpose (a fabricated figure, a wrong attribution, a citation
that does not support its claim, a missed dispute, a must-not statement, a corrupted quote).
"""

from __future__ import annotations

import hashlib
import inspect
from pathlib import Path
from typing import Any

import pytest

from summarise.eval.gold import GoldCase, GoldClaim, GoldDispute, GoldFact, load_gold
from summarise.eval.metrics import (
    ALL_METRICS,
    LOWER_IS_BETTER,
    EvalInput,
    MetricResult,
    normalise_name,
    run_all,
    statements,
)
from summarise.schema import (
    Actor,
    Briefing,
    Citation,
    DisputedFigure,
    FigureClaim,
    KeyPoint,
    NotableFigure,
    SourceRef,
    SourceSummary,
    TimelineEntry,
)
from tests.fakes.briefings import hand_made

ROOT = Path(__file__).resolve().parents[1]
GOLD = load_gold(ROOT / "gold" / "all-seeds.toml")
FILES = {f"S{i}": name for i, name in enumerate(GOLD.sources, 1)}
TEXTS = {sid: (ROOT / "seeds" / name).read_bytes().decode("utf-8") for sid, name in FILES.items()}
IDS = {name: sid for sid, name in FILES.items()}


def cite(source_id: str, quote: str) -> Citation:
    """A citation of the first occurrence of `quote` in the real seed file, with exact offsets."""
    start = TEXTS[source_id].find(quote)
    assert start >= 0, f"quote not in {source_id}: {quote!r}"
    return Citation(source_id=source_id, start=start, end=start + len(quote), quote=quote)


def briefing(**parts: Any) -> Briefing:
    """A briefing of the five seeds; `parts` fills or overrides any field."""
    sources = [
        SourceRef(
            id=sid,
            path=f"seeds/{name}",
            sha256=hashlib.sha256((ROOT / "seeds" / name).read_bytes()).hexdigest(),
            title=TEXTS[sid].strip().splitlines()[0],
        )
        for sid, name in FILES.items()
    ]
    return hand_made(sources, **parts)


def evaluate(b: Briefing, gold: GoldCase = GOLD) -> EvalInput:
    """The metric input for `b` against `gold` over the five seeds."""
    return EvalInput(briefing=b, gold=gold, texts=TEXTS, files=FILES)


def kp(text: str, *cites: Citation) -> KeyPoint:
    """A key point."""
    return KeyPoint(text=text, citations=list(cites))


def claim(source_id: str, value: str, attributed_to: str, *cites: Citation) -> FigureClaim:
    """A dispute claim."""
    return FigureClaim(source_id=source_id, value=value, attributed_to=attributed_to, citations=list(cites))


def figure(what: str, value: str, source_id: str, attributed_to: str, *cites: Citation) -> NotableFigure:
    """A notable figure."""
    return NotableFigure(
        what=what, value=value, source_id=source_id, attributed_to=attributed_to, citations=list(cites)
    )


# Quotes, verbatim from the seeds (curly apostrophes and all).
S1_DESPERATION = (
    "The arrival of North Korean forces to Russia has been viewed as a sign of Moscow’s desperation "
    "to replenish its overstretched troops."
)
S1_600K = (
    "More than 600,000 Russian soldiers have been killed, injured, or captured since the start of "
    "the full-scale invasion."
)
S1_CHOSE = (
    "Russia’s president chose to risk the humiliation of scavenging for North Korean troops instead "
    "of manning his exhausted army with Russian women."
)
S1_GENDER = (
    "Putin’s rule, in short, has been built on a pseudo-traditional gender order with distinct roles "
    "for men and women."
)
S1_AUTHOR = (
    "Dr. Mariya Y. Omelicheva is a Professor of Strategy at the National War College, "
    "National Defense University."
)
S1_UKRAINE_WOMEN = (
    "Facing a similar dilemma of refilling its military ranks, Ukraine has chosen to send women fighters "
    "to the frontlines."
)
S1_40K = "there are more than 40,000 enlisted servicewomen in the Russian armed forces to draw from."
S2_TROOPS = (
    "With some 1,500 North Korean troops believed to be in Russia and another 8,500 about to be sent, "
    "according to Ukrainian and South Korean intelligence"
)
S2_DEATHS = (
    "The deaths of six North Korean military officers in the Russian-occupied part of Ukraine, in a "
    "Ukrainian missile strike that wounded 20 other soldiers"
)
S2_NONE = "None can understand why they should fight for Russia."
S2_BACKLASH = (
    "If anything, the incident is likely to cause a backlash within the North Korean military, he said."
)
S2_NOTHING = "nothing has been done within North Korea to explain it, let alone generate positive attitudes."
S3_HIRED = "In 2024, Russia hired around 12,000 North Korean soldiers to support its offensive in Ukraine."
S3_PAST_YEAR = "For the past year, Russia has been using 12,000 North Korean soldiers in Ukraine."
S3_HALF = (
    "According to available figures, half of these troops – 6,000 soldiers – have already been killed, "
    "wounded or captured."
)
S3_PAY = (
    "It is estimated that each soldier is paid around €300 per month, most of which is confiscated by "
    "Kim Jong-un’s regime."
)
S3_SUICIDE = (
    "Documented cases show that wounded soldiers commit suicide on command, or that their own superiors "
    "execute them if they refuse."
)
S3_TREATABLE = (
    "Several sources indicate that hundreds of North Korean soldiers have died due to a lack of appropriate "
    "care, even though their wounds were treatable."
)
S3_FRIENDLY_FIRE = (
    "Two serious incidents were recorded, in which North Korean troops fired on Russian units, believing "
    "them to be the enemy."
)
S3_MAGAZINE = "War Wings Daily is an independant magazine."
S3_SHELLS = (
    "North Korea, on the other hand, has stocks of 122 mm and 152 mm shells, compatible with Russia’s "
    "Soviet arsenal, and a pool of soldiers trained for a war of attrition."
)
S4_100K = (
    "“There are reports that 100,000 North Korean volunteers are prepared to come and take part in the "
    "conflict,” Igor Korotchenko, described by the"
)
S4_CHANNEL_ONE = (
    "reportedly said on Russia’s Channel One, without clarifying what reports he was referring to or if "
    "officials belonging to either government had corroborated the reports."
)
S4_RUMOR = (
    "The rumor, which neither the communist North Korean government nor its propaganda arms have "
    "addressed at press time"
)
S4_CRIMEA = "Russian strongman Vladimir Putin invaded Ukraine in 2014, annexing its Crimean peninsula"
S4_JULY = (
    "A source in Russia told Daily NK on July 25 that the North Korean authorities had instructed companies "
    "operating in Russia to get ready to send workers to the war zone."
)
S5_PENTAGON = (
    "the Pentagon said North Korea had sent about 10,000 troops to Russia and that they would likely fight "
    "against Ukraine “within the next few weeks.”"
)
S5_SEOUL = (
    "South Korea’s presidential office said Wednesday that more than 3,000 North Korean soldiers have been "
    "deployed close to battle lines in western Russia."
)
S5_SALARY = (
    "Russia is expected to pay all costs associated with hosting North Korean troops, including their "
    "salaries, which observers estimate will be at least $2,000 a month per person."
)
S5_SHARE = (
    "About 90-95% of their scholarships will likely go to Kim’s coffers, with the rest going to the soldiers."
)
S5_PRIDE = (
    "In fact, former North Korean soldiers say they may view their tour of Russia with pride and as a rare "
    "chance to earn good money, see a foreign country for the first time and win preferential treatment "
    "for their families back home."
)
S5_FODDER = (
    "“But I think they are cannon fodder because they will be sent to the most dangerous places and will "
    "definitely be killed.”"
)
S5_MILLIONS = (
    "said North Korea would likely receive hundreds of millions of dollars because of soldiers’ salaries."
)
S5_RELUCTANT = "and Russia would be reluctant to hand over its high-end missile technology, he said."
S5_UNCONFIRMED = "whose government has not officially confirmed the deployment."
S5_ELITE = (
    "The thousands of young soldiers North Korea has sent to Russia, reportedly to help fight Ukraine, "
    "include many elite special forces."
)
S5_STORM = "The Storm Corps, also known as the 11th Corps, is one of Kim’s top units."
S5_DRONES = (
    "They also do not understand modern warfare, including the use of drones, since North Korea has not "
    "fought a major battle since the end of the 1950-53 Korean War, experts say."
)

GOOD = briefing(
    title="North Korean troops in Russia's war on Ukraine: five accounts",
    bottom_line=(
        "The articles give conflicting counts of North Korean troops helping Russia, from 1,500 to 12,000, "
        "plus a Russian TV pundit's unverified claim of 100,000 volunteers, and agree that Russia is short "
        "of manpower."
    ),
    bottom_line_citations=[
        cite("S2", S2_TROOPS),
        cite("S3", S3_HIRED),
        cite("S4", S4_100K),
        cite("S1", S1_DESPERATION),
    ],
    key_points=[
        kp(
            "Ukrainian and South Korean intelligence believed some 1,500 North Korean troops were in Russia, "
            "with another 8,500 about to be sent.",
            cite("S2", S2_TROOPS),
        ),
        kp(
            "The Pentagon said North Korea had sent about 10,000 troops to Russia, likely to fight Ukraine "
            "within weeks.",
            cite("S5", S5_PENTAGON),
        ),
        kp(
            "South Korea's presidential office said more than 3,000 North Korean soldiers had been deployed "
            "close to the battle lines in western Russia.",
            cite("S5", S5_SEOUL),
        ),
        kp(
            "War Wings Daily, a later magazine piece, says Russia hired around 12,000 North Korean soldiers "
            "in "
            "2024 and has used them in Ukraine for the past year.",
            cite("S3", S3_HIRED),
            cite("S3", S3_PAST_YEAR),
        ),
        kp(
            "According to War Wings Daily's available figures, half of those troops, 6,000 soldiers, have "
            "been "
            "killed, wounded or captured.",
            cite("S3", S3_HALF),
        ),
        kp(
            "Russian TV pundit Igor Korotchenko claimed on Channel One that "
            "there were reports of 100,000 North Korean volunteers prepared to join the war, without saying "
            "which reports; Pyongyang never addressed it.",
            cite("S4", S4_100K),
            cite("S4", S4_CHANNEL_ONE),
            cite("S4", S4_RUMOR),
        ),
        kp(
            "Six North Korean officers were killed and 20 other soldiers wounded in a Ukrainian missile "
            "strike "
            "in Russian-occupied Ukraine.",
            cite("S2", S2_DEATHS),
        ),
        kp(
            "More than 600,000 Russian soldiers have been killed, injured or captured since the full-scale "
            "invasion began.",
            cite("S1", S1_600K),
        ),
        kp(
            "Russia's reliance on North Korean troops is read as a sign of its desperate shortage of "
            "manpower.",
            cite("S1", S1_DESPERATION),
        ),
        kp(
            "Most of the soldiers' pay goes to Kim Jong-un's regime: War Wings Daily estimates around €300 a "
            "month each, while observers expect salaries of at least $2,000 a month, 90-95% of it going to "
            "Kim.",
            cite("S3", S3_PAY),
            cite("S5", S5_SALARY),
            cite("S5", S5_SHARE),
        ),
        kp(
            "North Korea stands to earn hundreds of millions a year in foreign currency and hopes for "
            "Russian "
            "missile technology, which Russia may be reluctant to hand over.",
            cite("S5", S5_MILLIONS),
            cite("S5", S5_RELUCTANT),
        ),
        kp(
            "In an opinion essay, Mariya Omelicheva argues that Putin chose to import North Korean troops "
            "rather than mobilise Russian women, to protect the traditional gender order his rule rests on, "
            "while Ukraine sends women to the front.",
            cite("S1", S1_CHOSE),
            cite("S1", S1_GENDER),
            cite("S1", S1_UKRAINE_WOMEN),
            cite("S1", S1_AUTHOR),
        ),
        kp(
            "Defectors say young North Koreans cannot see why they should fight for Russia, and the "
            "officers' "
            "deaths could cause a backlash in the military.",
            cite("S2", S2_NONE),
            cite("S2", S2_BACKLASH),
        ),
        kp(
            "Former soldiers quoted in Seoul say the troops may view the tour with pride, as a rare chance "
            "to "
            "earn money and see a foreign country, though many expect them to die as cannon fodder.",
            cite("S5", S5_PRIDE),
            cite("S5", S5_FODDER),
        ),
        kp(
            "War Wings Daily reports brutal discipline and poor coordination: wounded North Koreans kill "
            "themselves or are executed rather than be captured, hundreds died of treatable wounds, and "
            "North "
            "Korean troops fired on Russian units in two incidents.",
            cite("S3", S3_SUICIDE),
            cite("S3", S3_TREATABLE),
            cite("S3", S3_FRIENDLY_FIRE),
        ),
        kp(
            "Pyongyang has not officially confirmed the deployment and has done nothing at home to explain "
            "it.",
            cite("S5", S5_UNCONFIRMED),
            cite("S2", S2_NOTHING),
        ),
        kp(
            "The troops include many elite special forces such as the Storm Corps, but lack combat "
            "experience "
            "and knowledge of modern warfare such as drones.",
            cite("S5", S5_ELITE),
            cite("S5", S5_STORM),
            cite("S5", S5_DRONES),
        ),
    ],
    disputed_figures=[
        DisputedFigure(
            topic="How many North Korean troops are in, sent to or offered to Russia",
            note=(
                "The figures come from different dates and count different things; the 100,000 is a pundit's "
                "claim about volunteers, not a number sent."
            ),
            claims=[
                claim(
                    "S2",
                    "some 1,500 in Russia",
                    "Ukrainian and South Korean intelligence",
                    cite("S2", S2_TROOPS),
                ),
                claim(
                    "S2",
                    "another 8,500 about to be sent",
                    "Ukrainian and South Korean intelligence",
                    cite("S2", S2_TROOPS),
                ),
                claim("S5", "about 10,000", "the Pentagon", cite("S5", S5_PENTAGON)),
                claim("S5", "more than 3,000", "South Korea's presidential office", cite("S5", S5_SEOUL)),
                claim("S3", "around 12,000", "War Wings Daily, in its own voice", cite("S3", S3_HIRED)),
                claim(
                    "S4",
                    "100,000 volunteers",
                    "Igor Korotchenko, a Russian TV pundit citing unspecified reports",
                    cite("S4", S4_100K),
                ),
            ],
        ),
        DisputedFigure(
            topic="Monthly pay per North Korean soldier",
            note="Most of it is expected to go to Kim's regime.",
            claims=[
                claim("S3", "around €300 a month", "War Wings Daily (an estimate)", cite("S3", S3_PAY)),
                claim("S5", "at least $2,000 a month", "observers", cite("S5", S5_SALARY)),
            ],
        ),
    ],
    notable_figures=[
        figure(
            "Russian soldiers killed, injured or captured since the full-scale invasion",
            "more than 600,000",
            "S1",
            "Mariya Omelicheva's essay",
            cite("S1", S1_600K),
        ),
        figure(
            "North Korean troops killed, wounded or captured",
            "6,000 (half)",
            "S3",
            "War Wings Daily ('available figures')",
            cite("S3", S3_HALF),
        ),
        figure(
            "North Korean troops sent to Russia",
            "about 10,000",
            "S5",
            "the Pentagon",
            cite("S5", S5_PENTAGON),
        ),
        figure(
            "Enlisted servicewomen in Russia's armed forces",
            "more than 40,000",
            "S1",
            "Mariya Omelicheva's essay",
            cite("S1", S1_40K),
        ),
    ],
    actors=[
        Actor(
            name="Igor Korotchenko",
            role="Russian defense pundit who claimed on Channel One that 100,000 North Korean volunteers "
            "were "
            "prepared to come",
            citations=[cite("S4", S4_100K), cite("S4", S4_CHANNEL_ONE)],
        ),
        Actor(
            name="Mariya Omelicheva",
            role="Professor of Strategy at the National War College; author of the opinion essay",
            citations=[cite("S1", S1_AUTHOR)],
        ),
        Actor(
            name="Pentagon",
            role="US Department of Defense; said North Korea had sent about 10,000 troops to Russia",
            citations=[cite("S5", S5_PENTAGON)],
        ),
        Actor(
            name="South Korea's presidential office",
            role="said more than 3,000 North Korean soldiers were deployed close to battle lines",
            citations=[cite("S5", S5_SEOUL)],
        ),
        Actor(
            name="Storm Corps",
            role="elite North Korean special forces unit, also known as the 11th Corps",
            citations=[cite("S5", S5_STORM)],
        ),
    ],
    timeline=[
        TimelineEntry(
            date="2014",
            event="Putin invaded Ukraine and annexed Crimea",
            source_id="S4",
            citations=[cite("S4", S4_CRIMEA)],
        ),
        TimelineEntry(
            date="2024",
            event="Russia hired around 12,000 North Korean soldiers, according to War Wings Daily",
            source_id="S3",
            citations=[cite("S3", S3_HIRED)],
        ),
        TimelineEntry(
            date="July 25 (year not stated)",
            event="A source told Daily NK that North Korean authorities had told companies in Russia to get "
            "ready to send workers to the war zone",
            source_id="S4",
            citations=[cite("S4", S4_JULY)],
        ),
        TimelineEntry(
            date="a Wednesday (date not stated)",
            event="South Korea's presidential office said more than 3,000 North Korean soldiers had been "
            "deployed close to battle lines in western Russia",
            source_id="S5",
            citations=[cite("S5", S5_SEOUL)],
        ),
    ],
    source_summaries=[
        SourceSummary(
            source_id="S1",
            title="Putin Would Rather North Koreans Die in Ukraine Than Russian Women",
            outlet="Mariya Y. Omelicheva (opinion essay)",
            summary="An opinion essay arguing that Putin chose North Korean troops over mobilising Russian "
            "women, to protect a traditional gender order.",
            citations=[cite("S1", S1_CHOSE), cite("S1", S1_GENDER)],
        ),
        SourceSummary(
            source_id="S2",
            title="Why fight for Russia? Deaths of North Korean officers in Ukraine raises questions about "
            "morale",
            outlet="Jang Seiul",
            summary="An analysis of North Korean morale after six officers were killed in a Ukrainian "
            "strike; "
            "defectors say soldiers see no reason to fight for Russia.",
            citations=[cite("S2", S2_DEATHS), cite("S2", S2_NONE)],
        ),
        SourceSummary(
            source_id="S3",
            title=None,
            outlet="War Wings Daily",
            summary="War Wings Daily says 12,000 North Korean soldiers have fought for Russia for the past "
            "year "
            "and half have been killed, wounded or captured, under brutal discipline.",
            citations=[cite("S3", S3_PAST_YEAR), cite("S3", S3_HALF), cite("S3", S3_MAGAZINE)],
        ),
        SourceSummary(
            source_id="S4",
            title="Russian Media: North Korea May Send ‘Volunteers’ to Ukraine War",
            outlet=None,
            summary="A report that Russian TV pundit Igor Korotchenko claimed 100,000 North Korean "
            "volunteers "
            "were prepared to join the war.",
            citations=[cite("S4", S4_100K)],
        ),
        SourceSummary(
            source_id="S5",
            title=None,
            outlet=None,
            summary="A report from Seoul on why North Korean troops may welcome a tour in Russia, with the "
            "Pentagon's 10,000 and South Korea's 3,000 troop figures and estimates of their pay.",
            citations=[cite("S5", S5_PENTAGON), cite("S5", S5_SEOUL), cite("S5", S5_SALARY)],
        ),
    ],
    open_questions=[
        "How many North Korean troops are in Russia now, and how many have been killed or wounded?"
    ],
)

_six = cite("S2", S2_DEATHS)
CORRUPTED = _six.model_copy(update={"quote": _six.quote.replace("military officers", "generals")})

BAD = briefing(
    title="North Korea sends troops",
    # must_not M1: the 2022 pundit's 100,000 'volunteers' stated as troops sent.
    bottom_line="100,000 North Korean troops were sent to Ukraine to fight for Russia.",
    bottom_line_citations=[cite("S4", S4_100K)],
    key_points=[
        # Fabricated figure: the cited sentence says about 10,000.
        kp("North Korea has sent 20,000 North Korean troops to Russia.", cite("S5", S5_PENTAGON)),
        # A citation that does not support its claim: women soldiers, cited to a sentence about shells.
        kp("About 50,000 women served in Ukraine's armed forces in 2024.", cite("S3", S3_SHELLS)),
        # Wrong attribution (must_not M3): 10,000 is the Pentagon's figure.
        kp(
            "South Korea's presidential office said 10,000 North Korean soldiers were sent to Russia.",
            cite("S5", S5_PENTAGON),
        ),
        # Corrupted citation: the quote no longer equals the span it names.
        kp("Six North Korean officers were killed in a Ukrainian missile strike.", CORRUPTED),
        kp("Russia is losing the war."),
    ],
    # Missed dispute: two of the eight gold claims, one of them misattributed.
    disputed_figures=[
        DisputedFigure(
            topic="North Korean troops in Russia",
            claims=[
                claim("S5", "10,000", "South Korea's presidential office", cite("S5", S5_PENTAGON)),
                claim("S3", "12,000", "War Wings Daily", cite("S3", S3_HIRED)),
            ],
        )
    ],
    notable_figures=[
        figure("North Korean troops in Russia", "20,000", "S5", "the Pentagon", cite("S5", S5_PENTAGON)),
        figure("North Korean soldiers near the front", "3,000", "S5", "the Pentagon", cite("S5", S5_SEOUL)),
    ],
    source_summaries=[
        SourceSummary(
            source_id="S4",
            title=None,
            outlet=None,
            summary="Korotchenko says 100,000 volunteers are ready.",
            citations=[cite("S4", S4_100K)],
        )
    ],
)


def scores(b: Briefing, gold: GoldCase = GOLD) -> dict[str, MetricResult]:
    """Every metric of `b` against `gold`, by name."""
    return {r.name: r for r in run_all(evaluate(b, gold))}


GOOD_SCORES = scores(GOOD)
BAD_SCORES = scores(BAD)


# ---------------------------------------------------------------------------------------------
# Good versus bad


def test_all_metrics_are_named_and_ordered() -> None:
    assert list(ALL_METRICS) == [
        "citation_validity",
        "citation_coverage",
        "fact_recall",
        "dispute_recall",
        "attribution_accuracy",
        "numeric_fidelity",
        "must_not",
        "schema_completeness",
        "statement_support",
        "invented_dates",
    ]
    assert [r.name for r in run_all(evaluate(GOOD))] == list(ALL_METRICS)


@pytest.mark.parametrize("name", list(ALL_METRICS))
def test_good_briefing_beats_bad_briefing(name: str) -> None:
    good, bad = GOOD_SCORES[name].score, BAD_SCORES[name].score
    assert good is not None and bad is not None
    if name in LOWER_IS_BETTER:  # a count of faults
        assert 0.0 <= good < bad, (good, bad, BAD_SCORES[name].details)
    else:
        assert 0.0 <= bad < good <= 1.0, (good, bad, BAD_SCORES[name].details)
    assert BAD_SCORES[name].details, "every point lost needs a reason"


# GOOD was written before the support gate: it credits outlets and authors that its cited
# sentences do not name (a byline is not in the sentence), which statement_support counts, rightly,
# as unsupported detail. Its own good/bad tests below use briefings written for it.
@pytest.mark.parametrize("name", [n for n in ALL_METRICS if n != "statement_support"])
def test_good_briefing_is_perfect(name: str) -> None:
    perfect = 0.0 if name in LOWER_IS_BETTER else 1.0
    assert GOOD_SCORES[name].score == perfect, GOOD_SCORES[name].details
    assert GOOD_SCORES[name].details == ()


def test_citation_validity_flags_only_the_corrupted_quote() -> None:
    result = BAD_SCORES["citation_validity"]
    assert len(result.details) == 1
    assert "key point 4" in result.details[0] and "does not match its quote" in result.details[0]


def test_numeric_fidelity_flags_fabricated_and_unsupported_numbers() -> None:
    details = "\n".join(BAD_SCORES["numeric_fidelity"].details)
    assert "'20,000'" in details  # fabricated in key point 1 and figure 1
    assert "'About 50,000'" in details and "'2024'" in details  # women soldiers cited to a sentence on shells
    assert "'Six'" in details  # its only citation is corrupted, so nothing supports it
    assert "'10,000'" not in details  # the misattributed 10,000 is still in its quote
    assert BAD_SCORES["numeric_fidelity"].score == pytest.approx(6 / 11)


def test_must_not_flags_the_100000_and_the_misattribution() -> None:
    result = BAD_SCORES["must_not"]
    broken = {d.split()[0] for d in result.details}
    assert broken == {"M1", "M3"}
    assert any(d.startswith("M1 broken by bottom line") for d in result.details)
    assert result.score == 0.5


def test_dispute_recall_gives_half_a_point_for_a_misattributed_claim() -> None:
    result = BAD_SCORES["dispute_recall"]
    assert result.score == pytest.approx((0.5 + 1.0) / 8)  # 10,000 misattributed, 12,000 right, 6 missing
    assert any("10,000" in d and "half a point" in d for d in result.details)
    assert sum("missing" in d for d in result.details) == 6


def test_attribution_accuracy_counts_dispute_claims_and_notable_figures() -> None:
    result = BAD_SCORES["attribution_accuracy"]
    assert result.score == pytest.approx(1 / 3)  # 10,000 and 3,000 wrong, 12,000 right; 20,000 not counted
    assert len(result.details) == 2


def test_fact_recall_credits_a_cited_sentence_but_not_a_corrupted_one() -> None:
    result = BAD_SCORES["fact_recall"]
    missed = {d.split()[0] for d in result.details}
    # F2 (Pentagon, 10,000), F3 (South Korea, 3,000) and F4 (War Wings Daily, 12,000) are recalled
    # through the cited sentences; F7 (six officers) is not, because its only citation is corrupted.
    # F11 and F16 have no figures and only the name North Korea, so any statement naming North
    # Korea with a valid citation of one of their files recalls them (a known looseness).
    assert {"F2", "F3", "F4", "F11", "F16"}.isdisjoint(missed)
    assert "F7" in missed
    assert result.score == pytest.approx(5 / 17)


def test_coverage_and_schema_name_what_is_missing() -> None:
    assert BAD_SCORES["citation_coverage"].details == (
        "key point 5 has no citation: 'Russia is losing the war.'",
    )
    schema = "\n".join(BAD_SCORES["schema_completeness"].details)
    for part in ("actors", "a timeline", "open questions", "S1, S2, S3, S5", "key point 5"):
        assert part in schema
    assert BAD_SCORES["schema_completeness"].score == 0.5


# ---------------------------------------------------------------------------------------------
# Building blocks


# Numbers are read by the reading layer, as the support gate reads them. Each row is a statement,
# the one sentence it cites, and whether the sentence gives the statement's numbers; the rows
# marked "regex" are ones the eval's old regex reader got wrong.
NUMBER_CASES = [
    ("About 10,000 troops were sent.", "Some 10 000 troops were sent.", True),  # regex: 10 and 0
    ("3 000 troops were sent.", "It sent 3,000 troops.", True),  # regex: 3 and 0
    ("3 000 troops were sent.", "It sent 3 troops.", False),
    ("Ten thousand troops were sent.", "It sent 10,000 troops.", True),
    ("Two dozen soldiers were killed.", "It said 24 soldiers were killed.", True),  # regex: 2
    ("Each soldier is paid 300 euros a month.", "Each soldier is paid €300 a month.", True),
    ("Each soldier is paid $300 a month.", "Each soldier is paid €300 a month.", False),  # regex: equal
    ("Half the soldiers, 50%, were killed.", "It said 50 soldiers were killed.", False),  # regex: equal
    ("Six officers were killed.", "The deaths of six officers were confirmed.", True),
    ("Six officers were killed.", "The deaths of seven officers were confirmed.", False),
    ("About 90-95% of the pay goes to Kim.", "About 90-95% of their pay will go to Kim.", True),
    ("About 90-99% of the pay goes to Kim.", "About 90-95% of their pay will go to Kim.", False),
    ("It hired 12,000 soldiers in 2024.", "In 2024, Russia hired around 12,000 soldiers.", True),
    ("It hired 12,000 soldiers in 2023.", "In 2024, Russia hired around 12,000 soldiers.", False),
    ("The Storm Corps is the 11th Corps.", "The Storm Corps is one of Kim's top units.", True),  # regex: 11
]


def _one_source(statement: str, quote: str, gold: GoldCase = GOLD) -> EvalInput:
    """A briefing of one key point citing all of a one-sentence source."""
    b = briefing(
        title="t", key_points=[kp(statement, Citation(source_id="S1", start=0, end=len(quote), quote=quote))]
    )
    return EvalInput(briefing=b, gold=gold, texts={"S1": quote}, files={"S1": "a.txt"})


@pytest.mark.parametrize(("statement", "quote", "supported"), NUMBER_CASES)
def test_numeric_fidelity_reads_numbers_as_the_gate_does(statement: str, quote: str, supported: bool) -> None:
    result = ALL_METRICS["numeric_fidelity"](_one_source(statement, quote))
    assert (result.score == 1.0) is supported, result.details


def test_numeric_fidelity_counts_no_ids_ordinals_or_pronoun_one() -> None:
    result = ALL_METRICS["numeric_fidelity"](
        _one_source("One of the 11th Corps units, cited as S2, is elite.", "The unit is elite.")
    )
    assert (result.score, result.details) == (1.0, ())


def test_fact_recall_compares_gold_figures_as_the_reading_layer_reads_them() -> None:
    def gold(figures: list[str]) -> GoldCase:
        fact = GoldFact(id="F1", statement="s", figures=figures, sources=["a.txt"], quotes=["x"])
        return GOLD.model_copy(update={"facts": [fact]})

    quote = "Each soldier is paid €300 a month on a five-year contract signed in 2024."
    recalled = ["€300", "300 euros", "five-year", "2024"]
    missed = ["$300", "3,000", "four-year", "2023"]
    for figure in recalled:
        assert ALL_METRICS["fact_recall"](_one_source(quote, quote, gold([figure]))).score == 1.0, figure
    for figure in missed:
        assert ALL_METRICS["fact_recall"](_one_source(quote, quote, gold([figure]))).score == 0.0, figure


def test_dispute_values_match_by_the_reading_layer() -> None:
    quote = "Each soldier is paid 300 euros a month, officials said."
    gold = GOLD.model_copy(
        update={
            "disputes": [
                GoldDispute(
                    id="D1",
                    topic="pay",
                    claims=[
                        GoldClaim(source="a.txt", value=v, attributed_to=["officials"], quote=quote)
                        for v in ("€300", "3 000")
                    ],
                )
            ]
        }
    )

    def recall(values: list[str]) -> float | None:
        x = _one_source(quote, quote, gold)
        c = cite_in(quote)
        dispute = DisputedFigure(topic="pay", claims=[claim("S1", v, "officials", c) for v in values])
        x = EvalInput(
            briefing=x.briefing.model_copy(update={"disputed_figures": [dispute]}),
            gold=gold,
            texts=x.texts,
            files=x.files,
        )
        return ALL_METRICS["dispute_recall"](x).score

    assert recall(["300 euros a month", "3,000"]) == 1.0  # regex: "3 000" needed 3 and 0
    assert recall(["$300 a month", "3"]) == 0.0  # a dollar sum is not a euro sum; 3 is not 3 000


def cite_in(quote: str) -> Citation:
    """A citation of the whole one-sentence source S1."""
    return Citation(source_id="S1", start=0, end=len(quote), quote=quote)


def test_normalise_name() -> None:
    assert normalise_name("Kim Jong-un") == normalise_name("kim jong un")
    assert normalise_name("South Korea’s  presidential office") == normalise_name(
        "south korea's presidential office"
    )


def test_statements_flatten_every_statement_bearing_item() -> None:
    items = statements(GOOD)
    kinds = [s.kind for s in items]
    assert kinds.count("key_point") == len(GOOD.key_points)
    assert kinds.count("dispute_claim") == 8
    assert "1,500" not in "".join(s.text for s in items if s.kind == "actor")
    texts = [s.text for s in items]
    assert any(t.startswith("about 10,000") and t.endswith("according to the Pentagon") for t in texts)
    assert items[0].kind == "bottom_line" and items[-1].kind == "source_summary"


def test_citation_validity_edge_cases() -> None:
    good = cite("S1", S1_600K)
    unknown = good.model_copy(update={"source_id": "S9"})
    outside = good.model_copy(update={"start": 10**6, "end": 10**6 + 3})
    b = briefing(title="t", bottom_line="b", bottom_line_citations=[good, unknown, outside])
    result = ALL_METRICS["citation_validity"](evaluate(b))
    assert result.score == pytest.approx(1 / 3)
    assert "unknown source S9" in result.details[0] and "outside the text" in result.details[1]
    assert ALL_METRICS["citation_validity"](evaluate(briefing(title="t", bottom_line="b"))).score == 0.0


def test_not_applicable_metrics_are_none() -> None:
    bare = GOLD.model_copy(update={"disputes": [], "must_not": []})
    result = scores(GOOD, bare)
    assert result["dispute_recall"].score is None
    assert result["attribution_accuracy"].score is None
    assert result["must_not"].score is None
    assert result["schema_completeness"].score == 1.0  # disputed figures are not required


def test_a_fact_without_figures_or_names_needs_an_overlapping_citation() -> None:
    # F9 (desperate shortage of manpower) is stated, but cited to another sentence of the same file.
    b = briefing(key_points=[kp("Russia is desperately short of manpower.", cite("S1", S1_40K))])
    details = "\n".join(ALL_METRICS["fact_recall"](evaluate(b)).details)
    assert "F9 not recalled" in details and "overlapping a gold quote" in details


# ---------------------------------------------------------------------------------------------
# Real gold


GOLD_FILES = sorted((ROOT / "gold").glob("*.toml"))


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_metrics_run_on_every_gold_file(path: Path) -> None:
    results = run_all(evaluate(GOOD, load_gold(path)))
    assert [r.name for r in results] == list(ALL_METRICS)
    for r in results:
        assert r.score is None or 0.0 <= r.score <= (float("inf") if r.name in LOWER_IS_BETTER else 1.0)


def case_files(gold: GoldCase) -> tuple[dict[str, str], dict[str, str], list[SourceRef]]:
    """(texts, files, source refs) by source id of a gold case, read from the case's own articles folder."""
    folder = gold.articles_dir()
    files = {f"S{i}": name for i, name in enumerate(gold.sources, 1)}
    raw = {sid: (folder / name).read_bytes() for sid, name in files.items()}
    texts = {sid: data.decode("utf-8") for sid, data in raw.items()}
    refs = [
        SourceRef(
            id=sid,
            path=str(folder / name),
            sha256=hashlib.sha256(raw[sid]).hexdigest(),
            title=texts[sid].strip().splitlines()[0],
        )
        for sid, name in files.items()
    ]
    return texts, files, refs


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_recalls_itself(path: Path) -> None:
    """A briefing made of the gold's own statements and quotes scores full marks on the gold metrics."""
    gold = load_gold(path)
    texts, files, refs = case_files(gold)
    ids = {name: sid for sid, name in files.items()}

    def at(sid: str, quote: str) -> Citation:
        start = texts[sid].find(quote)
        assert start >= 0, f"quote not in {files[sid]}: {quote!r}"
        return Citation(source_id=sid, start=start, end=start + len(quote), quote=quote)

    points = [
        kp(f.statement, *(at(ids[s], q) for s in f.sources for q in f.quotes if q in texts[ids[s]]))
        for f in gold.facts
    ]
    disputes = [
        DisputedFigure(
            topic=d.topic,
            claims=[
                claim(ids[c.source], c.value, c.attributed_to[0], at(ids[c.source], c.quote))
                for c in d.claims
            ],
        )
        for d in gold.disputes
    ]
    b = briefing(
        title=gold.case,
        bottom_line="All the gold facts.",
        key_points=points,
        disputed_figures=disputes,
        sources=refs,
    )
    result = {r.name: r for r in run_all(EvalInput(briefing=b, gold=gold, texts=texts, files=files))}
    assert result["fact_recall"].score == 1.0, result["fact_recall"].details
    assert result["must_not"].score == 1.0, result["must_not"].details
    assert result["citation_validity"].score == 1.0
    for name in ("dispute_recall", "attribution_accuracy"):
        assert result[name].score == (1.0 if gold.disputes else None), result[name].details


def test_docs_repeat_every_metric_definition() -> None:
    docs = " ".join((ROOT / "docs" / "metrics.md").read_text(encoding="utf-8").split())
    for name, metric in ALL_METRICS.items():
        doc = " ".join((inspect.getdoc(metric) or "").split())
        assert doc and doc in docs, f"docs/metrics.md is out of step with the docstring of {name}"


# --- statement_support and invented_dates: the support gate's ruler, used by the eval -----------


def _support_pair() -> tuple[Briefing, Briefing]:
    """A briefing whose statements its quotes state, and the same with invented details."""
    pentagon, seoul = cite("S5", S5_PENTAGON), cite("S5", S5_SEOUL)
    good = briefing(
        title="t",
        bottom_line="The Pentagon said North Korea had sent about 10,000 troops to Russia.",
        bottom_line_citations=[pentagon],
        key_points=[
            kp(
                "South Korea’s presidential office said on Wednesday that more than 3,000 soldiers "
                "are near the front.",
                seoul,
            ),
            kp(
                "The troops would likely fight against Ukraine within the next few weeks, the Pentagon said.",
                pentagon,
            ),
        ],
    )
    bad = briefing(
        title="t",
        bottom_line="The Pentagon said in February 2015 that North Korea had sent 12,000 troops to Russia.",
        bottom_line_citations=[pentagon],
        key_points=[
            kp("Kim Jong Un said on Wednesday that 3,000 soldiers are near the front.", seoul),
            kp("The troops would fight against Ukraine from 12 March 2024, the Pentagon said.", pentagon),
        ],
    )
    return good, bad


def test_statement_support_tells_supported_from_invented() -> None:
    good, bad = _support_pair()
    good_result = ALL_METRICS["statement_support"](evaluate(good))
    bad_result = ALL_METRICS["statement_support"](evaluate(bad))
    assert good_result.score == 1.0, good_result.details
    assert bad_result.score == 0.0, bad_result.details
    details = "\n".join(bad_result.details)
    assert "12,000" in details and "Kim Jong Un" in details and "February 2015" in details


def test_invented_dates_counts_each_date_no_quote_gives() -> None:
    good, bad = _support_pair()
    assert ALL_METRICS["invented_dates"](evaluate(good)).score == 0.0
    result = ALL_METRICS["invented_dates"](evaluate(bad))
    assert result.score == 2.0, result.details
    assert any("February 2015" in d for d in result.details) and any(
        "12 March 2024" in d for d in result.details
    )
