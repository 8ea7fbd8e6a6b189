"""Prompt tokens of a cold `summarise seeds/`, counted exactly with the model's own tokenizer.

    python bench/prompt_tokens.py [--paths seeds] [--gguf PATH] [--config qwen2.5-coder-1.5b]

Builds the chat messages this checkout sends (each chunk's notes call, then the synthesis over all
sources), applies the model's chat template (ChatML, as the GGUF's template renders it for plain
system + user messages, with the assistant turn opened) and counts the tokens with the GGUF's
vocabulary, loaded with ``vocab_only`` (no weights, no generation). The synthesis input depends on
the notes the model wrote: it is rebuilt from the recorded notes answers (the fixtures of
``--config``), so a prompt change is measured on the same notes.

Each call is broken down by part: the chat markup, the fixed rules (system message), the title
line, the sentence-number prefixes, the article text, the numbers offered (the same prompt with
no numbers, subtracted) and, for the synthesis, the notes. Parts are counted alone, so they add
up to the total only roughly (a few tokens merge across a boundary); the per-call totals are
exact. Beside each call stands ``usage.prompt_tokens`` of the recorded fixture with the same
label: equal while the prompts are those the fixtures were recorded with (a check of the count),
the old cost after a prompt change.
Results go to ``bench/results/prompt_tokens.json``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

ROOT = Path(__file__).resolve().parents[1]
EMPTY_CALL = [{"role": "system", "content": ""}, {"role": "user", "content": ""}]
GGUF = Path.home() / ".cache" / "summarise" / "models" / "qwen2.5-coder-1.5b-q4_k_m.gguf"


class Counter:
    """Token counts with the GGUF's vocabulary and the ChatML markup Qwen2.5's template writes."""

    def __init__(self, gguf: Path) -> None:
        from llama_cpp import Llama

        self._vocab = Llama(model_path=str(gguf), vocab_only=True, verbose=False)

    def __call__(self, text: str) -> int:
        return len(self._vocab.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def chat(self, messages: list[dict[str, str]]) -> int:
        text = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
        return self(text + "<|im_start|>assistant\n")


def _recorded(config: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The recorded calls of ``config`` by (stage, label)."""
    out = {}
    for path in sorted((ROOT / "evals" / "fixtures" / config).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out[(data.get("stage", ""), data.get("label", ""))] = data
    return out


def measure(paths: list[Path], count: Counter, config: str) -> dict[str, Any]:
    from summarise import prompts
    from summarise.briefing import notes as notes_mod
    from summarise.briefing import synthesis as synth_mod
    from summarise.briefing.figures import picked_figures
    from summarise.briefing.notes import SourceNotes
    from summarise.briefing.pipeline import _PROMPT_OVERHEAD
    from summarise.settings import Settings
    from summarise.sources.files import load_sources

    settings = Settings()
    recorded = _recorded(config)
    sources, _ = load_sources(paths)
    budget = settings.context_window - settings.max_tokens_notes - _PROMPT_OVERHEAD
    chunks = [c for s in sources for c in notes_mod.chunk_source(s, budget)]
    calls: list[dict[str, Any]] = []
    answers = {}
    for chunk in chunks:
        messages = notes_mod.messages(chunk)
        system, user = messages[0]["content"], messages[1]["content"]
        # The same call with no numbers offered: what the numbers cost, in whatever form they take.
        with patch.object(notes_mod.Chunk, "candidates", lambda self: []):
            bare_user = notes_mod.messages(chunk)[1]["content"]
            bare_sentences = count(chunk.numbered())
        article = count("\n".join(chunk.sentence_texts()))
        fixture = recorded.get(("notes", chunk.label))
        calls.append(
            {
                "call": f"notes {chunk.label}",
                "total": count.chat(messages),
                "recorded": (fixture or {}).get("usage", {}).get("prompt_tokens"),
                "parts": {
                    "markup": count.chat(EMPTY_CALL),
                    "rules": count(system),
                    "title": count(bare_user) - bare_sentences,
                    "numbering": bare_sentences - article,
                    "article": article,
                    "numbers": count(user) - count(bare_user),
                },
            }
        )
        if fixture is not None:
            answers[chunk] = SourceNotes.model_validate(fixture["response"], context=chunk.context())
    if answers:
        notes = notes_mod.merge(chunks, answers)
        budget = settings.context_window - settings.max_tokens_synthesis - _PROMPT_OVERHEAD
        index = synth_mod.index_notes(notes, picked_figures(notes), budget)
        messages = synth_mod.messages(index, len(notes))
        label = "+".join(sorted(index.source_names))
        fixture = recorded.get(("synthesis", label))
        user = messages[1]["content"]
        calls.append(
            {
                "call": f"synthesis over {len(notes)} sources",
                "total": count.chat(messages),
                "recorded": (fixture or {}).get("usage", {}).get("prompt_tokens"),
                "parts": {
                    "markup": count.chat(EMPTY_CALL),
                    "rules": count(messages[0]["content"]),
                    "header": count(user.split(index.text, 1)[0]),
                    "notes": count(index.text),
                },
            }
        )
    source_tokens = sum(count(s.text) for s in sources)
    total = sum(c["total"] for c in calls)
    return {
        "prompt_versions": {
            "notes": prompts.version(*notes_mod.PROMPTS),
            "synthesis": prompts.version(*synth_mod.PROMPTS),
        },
        "calls": calls,
        "prompt_tokens": total,
        "source_tokens": source_tokens,
        "prompt_per_source_token": round(total / source_tokens, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", nargs="+", type=Path, default=[ROOT / "seeds"])
    parser.add_argument("--gguf", type=Path, default=GGUF)
    parser.add_argument("--config", default="qwen2.5-coder-1.5b")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "prompt_tokens.json")
    args = parser.parse_args()
    result = measure(args.paths, Counter(args.gguf), args.config)
    keys = list(dict.fromkeys(k for c in result["calls"] for k in c["parts"]))
    print(f"{'call':44}{'total':>7}{'fixture':>9}" + "".join(f"{k[:11]:>12}" for k in keys))
    for c in result["calls"]:
        parts = "".join(f"{c['parts'].get(k, ''):>12}" for k in keys)
        print(f"{c['call'][:43]:44}{c['total']:>7}{c['recorded'] or '-':>9}{parts}")
    print(
        f"\nprompt tokens {result['prompt_tokens']} over {result['source_tokens']} source tokens: "
        f"{result['prompt_per_source_token']} per source token"
    )
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
