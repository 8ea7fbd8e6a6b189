"""The one exception hierarchy of summarise.

Every error a user can cause or meet derives from ``SummariseError``, carries a
one-line message plus a ``hint`` on how to fix it, and an ``exit_code`` the CLI
returns. Upstream exceptions (openai, instructor, diskcache) are translated in
one place, ``summarise.model.translate.translate_errors``, so nothing else needs to know
them.

    SummariseError                      exit 1
    ├── UserError                       exit 2  (the input or the settings are wrong)
    │   ├── SourceError                 a file or folder cannot be read as an article
    │   │   └── InputTooLarge           a file is above the size cap and --force was not given
    │   ├── ConfigError                 a flag, variable or setting is invalid
    │   │   └── FixtureError            a recorded fixture file is unreadable or malformed
    │   ├── GoldError                   a gold file is invalid
    │   └── CacheMiss                   --offline and no cached or recorded answer
    ├── EndpointError                   exit 3  (the model endpoint failed us)
    │   ├── EndpointUnreachable         nothing answers at the base URL
    │   ├── EndpointTimeout             the endpoint took too long
    │   ├── EndpointHTTPError           4xx/5xx after the SDK's own retries
    │   ├── ModelOutputInvalid          answers failed validation after all re-asks
    │   ├── ModelOutputTruncated        the answer hit the token cap
    │   └── JudgeError                  the judge answered, but its answer gave no score
    ├── EmbeddedModelError              exit 4  (the packaged model or server failed)
    ├── ReadingModelError               exit 4  (the packaged spaCy pipeline is missing or altered)
    ├── ThresholdError                  exit 5  (eval scores fell below a threshold)
    └── PartialBriefing                 exit 6  (the briefing was written, but lacks a source,
                                                 an input, or the synthesis)
"""

from __future__ import annotations

from collections.abc import Sequence


class SummariseError(Exception):
    """Root of every error summarise raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UserError(SummariseError):
    """The user's input or settings are wrong; they can fix it."""

    exit_code = 2


class SourceError(UserError):
    """A path cannot be read as an article."""

    def __init__(self, path: str, message: str, *, hint: str = "") -> None:
        super().__init__(f"{path}: {message}", hint=hint)
        self.path = path


class InputTooLarge(SourceError):
    """A file is above the hard size cap; reading it needs ``--force``.

    Unlike other bad inputs it stops the run: skipping it would drop a source the
    user asked for, and reading it would send hundreds of model calls unasked.
    """


class ConfigError(UserError):
    """A flag, environment variable or setting has an invalid value."""


class FixtureError(ConfigError):
    """A recorded fixture file is unreadable or not shaped like one."""


class GoldError(UserError):
    """A gold file is missing or invalid."""


class CacheMiss(UserError):
    """--offline was given and no cached or recorded answer matches the call."""

    def __init__(self, detail: str, *, hint: str = "") -> None:
        super().__init__(f"--offline: {detail}", hint=hint)
        self.detail = detail  # what is missing and what changed, for callers that word it their way


class EndpointError(SummariseError):
    """The model endpoint failed to give a usable answer."""

    exit_code = 3


class EndpointUnreachable(EndpointError):
    """Nothing answered at the configured base URL."""


class EndpointTimeout(EndpointError):
    """The endpoint did not answer in time."""


class EndpointHTTPError(EndpointError):
    """The endpoint answered with an HTTP error after the SDK's retries."""

    def __init__(self, message: str, *, status: int, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.status = status


class ModelOutputInvalid(EndpointError):
    """The model's answers failed validation after every re-ask."""

    def __init__(self, message: str, *, attempts: int, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.attempts = attempts


class ModelOutputTruncated(EndpointError):
    """The model's answer stopped at the token cap, so it is incomplete."""


class JudgeError(EndpointError):
    """The judge model answered, but deepeval could not turn its answer into a score."""


class EmbeddedModelError(SummariseError):
    """The packaged model could not be assembled or its server did not start."""

    exit_code = 4


class ReadingModelError(SummariseError):
    """The packaged spaCy pipeline that reads numbers, dates and names is missing or not the pinned one."""

    exit_code = 4


class ThresholdError(SummariseError):
    """One or more eval metrics fell below their thresholds."""

    exit_code = 5


class PartialBriefing(SummariseError):
    """The briefing was written, but something it should hold is missing.

    Raised by the CLI *after* the briefing is written, so a script can tell a
    complete briefing (exit 0) from one that silently lacks a source.
    """

    exit_code = 6


def same_cause(errors: Sequence[SummariseError]) -> SummariseError | None:
    """One error standing for ``errors`` if they all failed the same way, else None.

    "The same way" is the same error class (and HTTP status): a bad key gives every
    source a 401, a base URL without /v1 a 404. The first one, reworded to say it
    happened to all, keeps its hint and exit code, which are what the user needs.
    """
    if not errors:
        return None
    first = errors[0]
    kind = (type(first), getattr(first, "status", None))
    if any((type(e), getattr(e, "status", None)) != kind for e in errors[1:]):
        return None
    # copy.copy would call __init__ again, whose keyword-only arguments differ per class.
    common = type(first).__new__(type(first))
    common.__dict__.update(first.__dict__)
    many = f"all {len(errors)} failed the same way: " if len(errors) > 1 else ""
    common.message = f"no source could be summarised; {many}{first.message}"
    common.args = (common.message,)
    return common
