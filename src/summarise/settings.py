"""The one settings object, built explicitly from flags, then environment, then defaults.

Library modules never read ``os.environ``: the CLI calls ``Settings.resolve`` once
with the flags it parsed and the environment, and passes the frozen result down.
That keeps tests free of environment leaks and makes every run reproducible from
its recorded settings.

Environment variables (flags win over them):

    OPENAI_BASE_URL / SUMMARISE_BASE_URL     endpoint; unset means the embedded model
                                             (``user:pass@`` in it is sent, never shown or
                                             stored: see ``summarise.safe_text``)
    OPENAI_API_KEY  / SUMMARISE_API_KEY      key; never stored, never part of a cache key
    SUMMARISE_MODEL                          model name at the endpoint
    SUMMARISE_MODE                           auto | json | json_schema | tools | md_json
    SUMMARISE_REPLAY                         live | cached | offline | record (how calls are served)
    SUMMARISE_CACHE_DIR                      diskcache folder
    SUMMARISE_CONCURRENCY                    parallel map calls
    SUMMARISE_TIMEOUT                        seconds one HTTP request may take, connect to last byte
    SUMMARISE_MAX_RETRIES                    validation re-asks per call
    SUMMARISE_CONTEXT_WINDOW                 tokens the model accepts; sizes chunks
    SUMMARISE_EMBEDDED_MODEL                 qwen2.5-coder-1.5b | qwen2.5-coder-0.5b
    SUMMARISE_DATA_DIR                       where the assembled GGUF is kept
    SUMMARISE_MAX_SOURCE_MB                  warn above this size per source (default 1)
    SUMMARISE_FORCE                          read sources above the 20 MB hard cap
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from summarise.errors import ConfigError
from summarise.safe_text import strip_userinfo

Mode = Literal["auto", "json", "json_schema", "tools", "md_json"]
MODES: tuple[str, ...] = (
    "auto",
    "json",
    "json_schema",
    "json_object_schema",
    "json_grammar",
    "tools",
    "md_json",
)


class Replay(StrEnum):
    """How every model call of a run is served; applied by ``summarise.model.replay``.

    Where answers are kept is separate: ``cache_dir`` (None: no cache),
    ``fixtures_dirs`` (recorded answers to read) and ``record_dir`` (where
    ``record`` writes).
    """

    LIVE = "live"
    """Ask the model every time; the cache is neither read nor written (--no-cache)."""
    CACHED = "cached"
    """Use a stored answer when there is one, else ask the model and cache its answer (default)."""
    OFFLINE = "offline"
    """Only stored answers, never the model; a miss is an error and a recorded failure replays (--offline)."""
    RECORD = "record"
    """As cached, and every answer used (and every model failure) is also written to ``record_dir``."""


def default_cache_root() -> Path:
    return Path.home() / ".cache" / "summarise"


@dataclass(frozen=True)
class Settings:
    """Everything that decides how a run behaves; frozen once resolved."""

    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    model: str | None = None
    mode: Mode = "auto"
    replay: Replay = Replay.CACHED
    cache_dir: Path | None = field(default_factory=lambda: default_cache_root() / "cache")
    fixtures_dirs: tuple[Path, ...] = ()
    record_dir: Path | None = None
    concurrency: int = 4
    timeout: float = 600.0
    http_retries: int = 2
    max_retries: int = 2
    temperature: float = 0.0
    seed: int = 42
    max_tokens_notes: int = 900
    max_tokens_synthesis: int = 900
    context_window: int = 8192
    embedded_model: str = "qwen2.5-coder-1.5b"
    data_dir: Path = field(default_factory=lambda: default_cache_root() / "models")
    n_threads: int | None = None
    progress: bool = True
    debug: bool = False
    max_source_mb: float = 1.0
    force: bool = False
    # The optional entailment pass (briefing/verify.py): one more model call per briefing.
    verify: bool = False

    @property
    def embedded(self) -> bool:
        """True when no endpoint is configured, so the packaged model is used."""
        return self.base_url is None

    @property
    def offline(self) -> bool:
        """True when no model may be called: every answer comes from the cache or fixtures."""
        return self.replay is Replay.OFFLINE

    @classmethod
    def resolve(cls, flags: Mapping[str, Any], env: Mapping[str, str]) -> Settings:
        """Merge flags (None means 'not given'), then environment, then defaults."""
        values: dict[str, Any] = {}
        env_names = {
            "base_url": ("SUMMARISE_BASE_URL", "OPENAI_BASE_URL"),
            "api_key": ("SUMMARISE_API_KEY", "OPENAI_API_KEY"),
        }
        known = {f.name for f in fields(cls)}
        for name in known:
            names = env_names.get(name, (f"SUMMARISE_{name.upper()}",))
            for var in names:
                if env.get(var):
                    values[name] = _coerce(cls, name, env[var], source=var)
                    break
        for name, value in flags.items():
            if name not in known:
                raise ConfigError(f"unknown setting {name!r}")
            if value is not None:
                values[name] = _coerce(cls, name, value, source=f"--{name.replace('_', '-')}")
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Reject values that would only fail later and more obscurely."""
        if self.mode not in MODES:
            raise ConfigError(
                f"mode {self.mode!r} is not one of {', '.join(MODES)}",
                hint="Set --mode or SUMMARISE_MODE to one of those.",
            )
        if self.replay is Replay.RECORD and self.record_dir is None:
            raise ConfigError("replay mode record needs a folder to record into", hint="Set record_dir.")
        if not (self.timeout > 0 and math.isfinite(self.timeout)):
            # 0 used to surface as "unreachable"; a negative one as an httpx error.
            raise ConfigError(
                f"timeout {self.timeout} is not a positive number of seconds",
                hint="Use e.g. --timeout 600 (SUMMARISE_TIMEOUT); it bounds each request to the endpoint.",
            )
        for name, flag in (("max_retries", "--max-retries"), ("http_retries", "SUMMARISE_HTTP_RETRIES")):
            if getattr(self, name) < 0:
                raise ConfigError(
                    f"{name.replace('_', ' ')} {getattr(self, name)} is negative",
                    hint=f"Use {flag} 0 or more.",
                )
        if self.concurrency < 1:
            raise ConfigError("concurrency must be at least 1", hint="Use --concurrency 4.")
        if self.base_url is not None and not self.base_url.startswith(("http://", "https://")):
            raise ConfigError(
                f"base URL {strip_userinfo(self.base_url)!r} is not an http(s) URL",
                hint="Use e.g. --base-url http://localhost:11434/v1 (OPENAI_BASE_URL).",
            )
        if not self.max_source_mb > 0:
            raise ConfigError(
                f"max source size {self.max_source_mb} MB is not positive", hint="Use e.g. --max-source-mb 1."
            )
        if self.context_window < 2048:
            raise ConfigError(
                f"context window {self.context_window} is too small to summarise in",
                hint="Use --context-window 2048 or more.",
            )

    def with_(self, **changes: Any) -> Settings:
        """A copy with some values changed (the object itself stays frozen)."""
        return replace(self, **changes)


def _coerce(cls: type[Settings], name: str, value: Any, *, source: str) -> Any:
    """Turn a flag or environment string into the field's type, naming the source on error."""
    default = next(f for f in fields(cls) if f.name == name)
    kind = default.type if isinstance(default.type, str) else str(default.type)
    try:
        if name == "replay":
            return Replay(value)
        if name == "fixtures_dirs":
            return tuple(Path(p) for p in (value.split(":") if isinstance(value, str) else value))
        if not isinstance(value, str):
            return value
        if kind.startswith("bool"):
            return value.strip().lower() in {"1", "true", "yes", "on"}
        if kind.startswith("int"):
            return int(value)
        if kind.startswith("float"):
            return float(value)
        if kind.startswith("Path"):
            return Path(value).expanduser()
        return value
    except ValueError as exc:
        raise ConfigError(
            f"{source}={value!r} is not a valid {kind.split(' ')[0]}",
            hint=f"Fix {source}.",
        ) from exc
