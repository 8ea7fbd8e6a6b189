"""The one translation of upstream exceptions (openai, instructor, pydantic) into ``SummariseError``s.

Every model call, the judge's included, runs inside ``translate_errors``, so
nothing else in summarise needs to know another library's exceptions.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import ValidationError

from summarise.errors import (
    EndpointError,
    EndpointHTTPError,
    EndpointTimeout,
    EndpointUnreachable,
    ModelOutputInvalid,
    ModelOutputTruncated,
    SummariseError,
)

_TRUNCATED = "Raise --max-tokens, or use a model that answers more briefly."


@contextmanager
def translate_errors(base_url: str, what: str) -> Iterator[None]:
    """Turn openai and instructor exceptions into SummariseErrors with a hint."""
    try:
        yield
    except SummariseError:
        raise
    except Exception as exc:
        mapped = map_exception(exc, base_url, what)
        if mapped is None:
            raise
        raise mapped from exc


def map_exception(exc: BaseException, base_url: str, what: str) -> SummariseError | None:
    """The SummariseError for an upstream exception, or None if it is not ours to map."""
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in chain:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    for err in chain:
        if isinstance(err, IncompleteOutputException):
            return ModelOutputTruncated(
                f"{what}: the model's answer was cut off at the token cap", hint=_TRUNCATED
            )
        if isinstance(err, openai.APITimeoutError):
            return EndpointTimeout(
                f"{what}: the endpoint at {base_url} did not answer in time",
                hint="Raise --timeout (SUMMARISE_TIMEOUT), or use a faster model.",
            )
        if isinstance(err, openai.APIConnectionError):
            return EndpointUnreachable(
                f"{what}: no model endpoint answered at {base_url}",
                hint="Start one (e.g. `summarise serve`) or set --base-url / OPENAI_BASE_URL.",
            )
        if isinstance(err, openai.APIStatusError):
            hint = {
                401: "Check OPENAI_API_KEY.",
                404: "Check --model and --base-url (the URL usually ends in /v1).",
                429: "The endpoint is rate limiting; retry later or lower --concurrency.",
            }.get(err.status_code, "Check the endpoint's logs.")
            return EndpointHTTPError(
                f"{what}: HTTP {err.status_code} from {base_url}: {_short(err.message)}",
                status=err.status_code,
                hint=hint,
            )
        if isinstance(err, openai.APIResponseValidationError | openai.APIError):
            return EndpointError(
                f"{what}: malformed response from {base_url}: {_short(str(err))}",
                hint="Check that the URL is an OpenAI-compatible endpoint.",
            )
    for err in chain:
        if isinstance(err, InstructorRetryException):
            return ModelOutputInvalid(
                f"{what}: the model's answer failed validation after {err.n_attempts} attempts: "
                f"{_short(str(err))}",
                attempts=err.n_attempts,
                hint="Try a larger model, or raise --max-retries.",
            )
        if isinstance(err, ValidationError | ValueError):
            return ModelOutputInvalid(
                f"{what}: unusable answer: {_short(str(err))}", attempts=1, hint="Try a larger model."
            )
    return None


def recorded_error(error: dict[str, Any], what: str) -> SummariseError:
    """The error a recorded failed call replays as."""
    message = f"{error.get('message', what + ': failed')} (replayed from the recording)"
    if error.get("kind") == "ModelOutputTruncated":
        return ModelOutputTruncated(message, hint=_TRUNCATED)
    return ModelOutputInvalid(message, attempts=0, hint="The model failed this call when it was recorded.")


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
