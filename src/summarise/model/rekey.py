"""Carry fixtures recorded under cache key v1 over to the current key, without asking the model again.

    python -m summarise.model.rekey evals/fixtures/qwen2.5-coder-1.5b --endpoint embedded
    python -m summarise.model.rekey evals/fixtures/ollama-qwen7b --endpoint http://localhost:11434/v1

Key v2 added the endpoint that answered to the key (``model.cache``). A v1 fixture
does not say which endpoint that was, so whoever re-keys says it, and must only
say what is true: the answers were produced by exactly that endpoint.
``--endpoint embedded`` names, for each fixture, the packaged model of its own
``model`` part by its pinned weights (``embedded:<sha256 prefix>``; that literal
is accepted too, and checked against the manifest). A URL names a remote endpoint,
reduced to its credential-free identity.

Every file is checked before any is written, so a refusal leaves the folder as it
was. A v1 fixture must be the hash of its parts (otherwise it was edited, and its
parts say nothing reliable about its answer); one already keyed for this endpoint
is left alone; one keyed for another endpoint is refused, since its answers came
from there. Each re-keyed fixture is rewritten under its new name (the name ends
in its key's hash) and the old file is removed; nothing but ``key`` and
``parts.endpoint`` changes, so ``git diff -M`` shows exactly that.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarise.errors import ConfigError, FixtureError, SummariseError
from summarise.model.cache import KEY_VERSION, cache_key, digest, fixture_name, fixture_text, load_fixture
from summarise.model.embedded import packaged_model
from summarise.model.endpoint import remote_identity
from summarise.safe_text import strip_userinfo

_V1 = "v1"


@dataclass(frozen=True)
class Rekeyed:
    """What re-keying one folder did."""

    rekeyed: int
    unchanged: int
    endpoints: tuple[str, ...]  # the identities written, for the user to check


def identity_for(endpoint: str, record: dict[str, Any], path: Path) -> str:
    """The endpoint identity ``--endpoint`` means for one fixture."""
    if endpoint.startswith(("http://", "https://")):
        return remote_identity(endpoint)
    if endpoint == "embedded" or endpoint.startswith("embedded:"):
        model = record["parts"].get("model")
        try:
            identity = packaged_model(str(model)).identity
        except ConfigError as exc:
            raise ConfigError(
                f"fixture {path} was recorded on model {model!r}, which is not a packaged model",
                hint="Pass the URL of the endpoint it was recorded on with --endpoint instead.",
            ) from exc
        if endpoint not in ("embedded", identity):
            raise ConfigError(
                f"--endpoint {endpoint} is not the packaged {model}: its weights are {identity}",
                hint="Pass --endpoint embedded to name each fixture's packaged model by its weights.",
            )
        return identity
    raise ConfigError(
        f"--endpoint {strip_userinfo(endpoint)!r} is neither 'embedded' nor an http(s) URL",
        hint="Use --endpoint embedded, or the base URL the fixtures were recorded on.",
    )


def _plan(path: Path, endpoint: str) -> dict[str, Any] | None:
    """The re-keyed record for the fixture at ``path``; None if it is already keyed for ``endpoint``."""
    record = load_fixture(path)
    parts: dict[str, str] = record["parts"]
    version = record["key"].partition(":")[0]
    identity = identity_for(endpoint, record, path)
    if version == KEY_VERSION:
        if record["key"] != cache_key(parts):
            raise FixtureError(f"fixture {path}: its key is not the hash of its parts", hint=_EDITED)
        if parts.get("endpoint") != identity:
            raise FixtureError(
                f"fixture {path} was recorded on endpoint {parts.get('endpoint')}, not {identity}",
                hint="Its answers came from that endpoint; re-key only fixtures recorded on this one.",
            )
        return None
    if version != _V1 or "endpoint" in parts or record["key"] != f"{_V1}:{digest(parts)}":
        raise FixtureError(f"fixture {path}: its {version} key is not the hash of its parts", hint=_EDITED)
    new_parts = parts | {"endpoint": identity}
    return record | {"key": cache_key(new_parts), "parts": new_parts}


_EDITED = "Restore it from git, or re-record it with `summarise eval --record`."


def rekey(folder: Path, endpoint: str) -> Rekeyed:
    """Re-key every fixture under ``folder`` as answered by ``endpoint``; all are checked first."""
    if not folder.is_dir():
        raise ConfigError(
            f"fixture folder {folder} does not exist", hint="Pass a folder of recorded fixtures."
        )
    paths = sorted(folder.rglob("*.json"))
    plans = [(path, _plan(path, endpoint)) for path in paths]
    moves = [(path, path.with_name(fixture_name(new)), new) for path, new in plans if new is not None]
    kept = {path for path, new in plans if new is None}
    targets = [target for _, target, _ in moves]
    clash = [t for t in targets if targets.count(t) > 1 or t in kept]
    if clash:
        raise FixtureError(
            f"re-keying would write {clash[0]} twice", hint="Two fixtures are the same call; delete one."
        )
    for path, target, new in moves:
        target.write_text(fixture_text(new), encoding="utf-8")
        if target != path:
            path.unlink()
    written = sorted({new["parts"]["endpoint"] for _, _, new in moves})
    return Rekeyed(rekeyed=len(moves), unchanged=len(kept), endpoints=tuple(written))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m summarise.model.rekey", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("folders", nargs="+", type=Path, help="fixture folders, e.g. evals/fixtures/<config>")
    parser.add_argument(
        "--endpoint",
        required=True,
        help="'embedded' (each fixture's packaged model, by its weights) or the base URL it was recorded on",
    )
    args = parser.parse_args(argv)
    try:
        for folder in args.folders:
            done = rekey(folder, args.endpoint)
            print(
                f"{folder}: {done.rekeyed} re-keyed for {', '.join(done.endpoints) or '-'}, "
                f"{done.unchanged} already keyed"
            )
    except SummariseError as exc:
        print(f"error: {exc.message}" + (f"\n{exc.hint}" if exc.hint else ""), file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
