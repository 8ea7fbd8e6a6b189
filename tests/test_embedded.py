"""End to end on the real embedded model: llama.cpp server, packaged 0.5B weights, real answers.

Slow (about a minute) and needs the `embedded` and `small-model` extras, which
`./install` puts in place; `.ci/run` runs it. Nothing here is faked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise.briefing.citations import all_citations, verify
from summarise.briefing.pipeline import summarise
from summarise.model.embedded import EmbeddedServer, assemble, packaged_model
from summarise.settings import Settings

ARTICLE = """Port strike ends after five days
Dock workers in Rotterdam ended a five-day strike on Friday, the FNV union said.
The union said 4,000 workers had joined the strike over pay.
The port authority said only 2,500 workers took part.
Shipping companies reported delays of up to three days for container ships.
Talks on a new wage deal will resume in March, according to the union.
"""


@pytest.mark.embedded
def test_real_small_model_briefing_citations_resolve(tmp_path: Path) -> None:
    article = tmp_path / "strike.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    settings = Settings.resolve(
        {"model": "qwen2.5-coder-0.5b", "cache_dir": tmp_path / "cache", "context_window": 4096}, {}
    )
    briefing = summarise([article], settings)
    assert briefing.metadata.model_calls >= 1 and briefing.metadata.endpoint_host == "embedded llama.cpp"
    assert [f for f in briefing.metadata.failures if f.stage == "notes"] == []
    cites = all_citations(briefing)
    assert cites, "the model's answer should carry citations"
    assert verify(briefing) == []  # every quote == text[start:end] of the file on disk
    # A second run repeats no model call: it is served from the cache without starting the server.
    again = summarise([article], settings)
    assert again.metadata.model_calls == 0 and again.metadata.cache_hits == briefing.metadata.model_calls


@pytest.mark.embedded
def test_embedded_server_stops_on_error(tmp_path: Path) -> None:
    gguf = assemble(packaged_model("qwen2.5-coder-0.5b"), Settings().data_dir)
    server = EmbeddedServer(gguf, "qwen2.5-coder-0.5b", n_ctx=2048)
    with pytest.raises(RuntimeError), server:
        assert server.process is not None and server.process.poll() is None
        raise RuntimeError("boom")
    assert server.process is not None and server.process.poll() is not None


@pytest.mark.embedded
def test_server_dies_with_a_killed_parent(tmp_path: Path) -> None:
    """SIGKILL runs no cleanup in the parent; the watchdog in the child must end the server."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import sys, time\n"
        "from summarise.model.embedded import EmbeddedServer, assemble, packaged_model\n"
        "from summarise.settings import Settings\n"
        "gguf = assemble(packaged_model('qwen2.5-coder-0.5b'), Settings().data_dir)\n"
        "server = EmbeddedServer(gguf, 'small', n_ctx=1024).__enter__()\n"
        "print(server.process.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:  # gone, or a zombie nobody has reaped yet: either way the server has exited
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return
        if state == "Z":
            return
        time.sleep(0.2)
    os.kill(child, signal.SIGKILL)
    raise AssertionError("the embedded server outlived its killed parent")
