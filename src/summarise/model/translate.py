"""The one translation of upstream exceptions (openai, instructor, pydantic) into ``SummariseError``s.

Every model call, the judge's included, runs inside ``translate_errors``, so
nothing else in summarise needs to know another library's exceptions. Only what
the endpoint or the model did wrong is translated; anything else (a
``ValueError`` or ``TypeError`` from our own code) is a bug and stays one, with
its traceback.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import openai
from instructor.core.exceptions import (
    AsyncValidationError,
    IncompleteOutputException,
    InstructorRetryException,
    ProviderError,
    ResponseParsingError,
)
from instructor.core.exceptions import ValidationError as InstructorValidationError
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

_TRUNCATED = (
    "The answer needs more tokens than its stage allows; use a model that answers more briefly, "
    "or summarise shorter articles."
)


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


# The model's answer did not parse or validate: what instructor re-asks about.
_INVALID_ANSWER = (ValidationError, InstructorValidationError, ResponseParsingError, AsyncValidationError)


def _raised_in_sdk(exc: BaseException) -> bool:
    """True if ``exc`` was raised while the openai SDK handled a response (not in our code)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return any("/openai/" in frame.filename.replace("\\", "/") for frame in frames)


def map_exception(exc: BaseException, base_url: str, what: str) -> SummariseError | None:
    """The SummariseError for an upstream exception, or None if it is a bug and must show as one."""
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in chain:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    for err in chain:
        if isinstance(err, IncompleteOutputException | openai.LengthFinishReasonError):
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
        if isinstance(err, openai.ContentFilterFinishReasonError):
            return ModelOutputInvalid(
                f"{what}: the endpoint's content filter stopped the answer",
                attempts=1,
                hint="The endpoint refuses this article; try another model or endpoint.",
            )
        # A body that is not JSON at all: the SDK's own json.loads fails on it.
        malformed_body = isinstance(err, json.JSONDecodeError) and _raised_in_sdk(err)
        if (
            isinstance(err, openai.APIResponseValidationError | openai.APIError | ProviderError)
            or malformed_body
        ):
            return EndpointError(
                f"{what}: malformed response from {base_url}: {_short(str(err))}",
                hint="Check that the URL is an OpenAI-compatible endpoint.",
            )
    invalid = [err for err in chain if isinstance(err, _INVALID_ANSWER)]
    if not invalid:
        return None
    retried = next((err for err in chain if isinstance(err, InstructorRetryException)), None)
    if retried is not None:
        return ModelOutputInvalid(
            f"{what}: the model's answer failed validation after {retried.n_attempts} attempts: "
            f"{_short(str(retried))}",
            attempts=retried.n_attempts,
            hint="Try a larger model, or raise --max-retries.",
        )
    return ModelOutputInvalid(
        f"{what}: unusable answer: {_short(str(invalid[0]))}", attempts=1, hint="Try a larger model."
    )


def recorded_error(error: dict[str, Any], what: str) -> SummariseError:
    """The error a recorded failed call replays as."""
    message = f"{error.get('message', what + ': failed')} (replayed from the recording)"
    if error.get("kind") == "ModelOutputTruncated":
        return ModelOutputTruncated(message, hint=_TRUNCATED)
    return ModelOutputInvalid(message, attempts=0, hint="The model failed this call when it was recorded.")


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
