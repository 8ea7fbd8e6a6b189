"""CI check of the light install (no llama.cpp, no weights): a briefing against the fake endpoint.

    python -m tests.fakes.light_run PATH_TO_SUMMARISE_EXECUTABLE

Runs the given `summarise` on one seed against the scripted loopback endpoint and fails unless
it exits 0 with a cited briefing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.fakes.fake_endpoint import FakeEndpoint
from tests.fakes.scripted import sensible_model

SEED = Path(__file__).resolve().parents[2] / "seeds" / "004_0e50d461d1c32bec.txt"


def main() -> None:
    exe = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp, FakeEndpoint(sensible_model, model="fake") as endpoint:
        done = subprocess.run(
            [exe, str(SEED), "--base-url", endpoint.base_url, "--model", "fake", "--format", "json",
             "--cache-dir", tmp],
            capture_output=True,
            text=True,
            timeout=300,
        )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"light install: summarise exited {done.returncode}: {done.stderr}")
    briefing = json.loads(done.stdout)
    cites = [c for p in briefing["key_points"] for c in p["citations"]]
    if not cites:
        sys.exit("light install: the briefing has no cited key point")
    print(f"light install: briefing with {len(cites)} cited key point quotes")


if __name__ == "__main__":
    main()
