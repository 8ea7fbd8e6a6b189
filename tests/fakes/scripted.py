"""A scripted model that answers notes and synthesis calls like a good LLM would (no pytest needed).

Used by the tests and by ``tests/fakes/light_run.py``, the CI check of the install without
llama.cpp, so it imports only the standard library and the fake endpoint.
"""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.fake_endpoint import Reply, json_reply


def _sentences(user: str) -> dict[int, str]:
    """The numbered sentences of a notes prompt ("7. text [N3 3,000]"), without the number ids."""
    return {
        int(n): re.sub(r" \[N\d+ [^\]]*\]$", "", text)
        for n, text in re.findall(r"^(\d+)\. (.*)$", user, flags=re.M)
    }


def _opening(text: str, words: int = 12) -> str:
    """The first words of a sentence: a paraphrase that keeps the sentence's own words and names."""
    return " ".join(text.split()[:words]).rstrip(",;:") + "."


def sensible_model(request: dict[str, Any]) -> Reply:
    """A scripted model that answers notes and synthesis calls validly, like a good LLM would.

    Its notes pick every number the program offers and restate the opening words of the
    sentences they cite; its synthesis repeats the claims as key points and groups every
    figure into one dispute, which the program then checks.
    """
    system = request["messages"][0]["content"]
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    if "numbered sentences" in system:
        sentences = {n: t for n, t in _sentences(user).items() if not t.startswith("(withheld")}
        numbers = sorted(sentences) or [1]
        sentences.setdefault(1, "Nothing.")
        dated = [n for n, t in sentences.items() if re.search(r"\b(19|20)\d\d\b", t)]
        return json_reply(
            {
                "summary": _opening(sentences[numbers[0]]),
                "summary_sentences": numbers[:1],
                "figures": re.findall(r"(?:\[|; )(N\d+) ", user)[:6],
                "claims": [{"text": _opening(sentences[n]), "sentences": [n]} for n in numbers[1:3]],
                "events": [{"event": _opening(sentences[n]), "sentences": [n]} for n in dated[:1]],
            }
        )
    figure_ids = re.findall(r"^(F\d+) ", user, flags=re.M)
    claims = re.findall(r"^([CF]\d+) (.*)$", user, flags=re.M)
    return json_reply(
        {
            "title": "Troops",
            "bottom_line": claims[0][1] if claims else "Nothing.",
            "bottom_line_support": [c for c, _ in claims[:1]],
            "key_points": [{"text": text, "support": [c]} for c, text in claims[:3]],
            "disputed_figures": [{"topic": "troops", "figures": figure_ids}] if len(figure_ids) > 1 else [],
            "open_questions": ["How many?"],
        }
    )
