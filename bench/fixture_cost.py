"""What the recorded model calls cost, now against a git ref: tokens, model seconds, failures.

    python bench/fixture_cost.py [--before cfdc11b] [--config qwen2.5-coder-1.5b]

Every fixture records the call's usage and its seconds inside the model (measured when it was
recorded on this kind of machine). Over the calls a cold `summarise seeds/` makes (the notes of
each seed and the all-seeds synthesis), this compares the committed fixtures with those at
another commit: prompt tokens per source token, completion tokens, model seconds, and recorded
failures. It is not a same-run timing (``bench/speed.py`` is); it reads what each recording
measured, so it costs no model time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_TOKENS = 5699  # the seeds' text in the 1.5B's own tokenizer (bench/speed.py counts it)
SEEDS = ("000_", "001_", "002_", "003_", "004_")


def _fixtures_at(ref: str | None, config: str) -> dict[str, dict[str, object]]:
    folder = f"evals/fixtures/{config}"
    if ref is None:
        return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / folder).glob("*.json")}
    names = subprocess.run(
        ["git", "-C", str(ROOT), "ls-tree", "--name-only", f"{ref}:{folder}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    out = {}
    for name in names:
        text = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{ref}:{folder}/{name}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        out[name] = json.loads(text)
    return out


def _seed_run(fixtures: dict[str, dict[str, object]]) -> dict[str, float]:
    """Totals over the calls of a cold `summarise seeds/`: each seed's notes and the all-seeds synthesis."""
    calls = [
        f
        for name, f in fixtures.items()
        if (name.startswith("notes-") and name[6:].startswith(SEEDS))
        or (name.startswith("synthesis-") and all(s in name for s in SEEDS[:3]))
    ]
    usage = [c.get("usage") or {} for c in calls]
    prompt = sum(int(u.get("prompt_tokens", 0)) for u in usage)  # type: ignore[union-attr]
    return {
        "calls": len(calls),
        "failed": sum(1 for c in calls if c.get("error")),
        "prompt_tokens": prompt,
        "completion_tokens": sum(int(u.get("completion_tokens", 0)) for u in usage),  # type: ignore[union-attr]
        "model_seconds": round(sum(float(c.get("seconds", 0) or 0) for c in calls), 1),  # type: ignore[arg-type]
        "prompt_per_source_token": round(prompt / SEED_TOKENS, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="cfdc11b")
    parser.add_argument("--config", default="qwen2.5-coder-1.5b")
    args = parser.parse_args()
    before = _seed_run(_fixtures_at(args.before, args.config))
    after = _seed_run(_fixtures_at(None, args.config))
    print(f"{'':28}{'before':>12}{'after':>12}{'after/before':>14}")
    for key in before:
        b, a = before[key], after[key]
        ratio = f"{a / b:.2f}" if b else "–"
        print(f"{key:28}{b:>12}{a:>12}{ratio:>14}")
    out = ROOT / "bench" / "results" / f"fixture_cost-{args.config}.json"
    out.write_text(
        json.dumps(
            {"before": args.before, "config": args.config, "rows": {"before": before, "after": after}},
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
