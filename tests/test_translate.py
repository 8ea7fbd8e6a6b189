"""One error mapping: what the endpoint or the model did wrong becomes a SummariseError; a bug stays a bug."""

from __future__ import annotations

import contextlib
import inspect
from typing import Any

import instructor.core.exceptions as instructor_errors
import openai
import pytest
from pydantic import BaseModel

from summarise.errors import (
    EndpointError,
    JudgeError,
    ModelOutputInvalid,
    ModelOutputTruncated,
    SummariseError,
)
from summarise.model.translate import map_exception, translate_errors

# Upstream exceptions that a chat completion through instructor cannot raise for a reason the
# user could fix: they mean we misused a library, so they must surface as bugs, with a traceback.
BUGS = {
    openai.OpenAIError,  # e.g. no API key given to the client: we always give one
    openai.InvalidWebhookSignatureError,
    openai.WebSocketConnectionClosedError,
    openai.WebSocketQueueFullError,
    instructor_errors.InstructorError,
    instructor_errors.ConfigurationError,
    instructor_errors.ModeError,
    instructor_errors.ClientError,
    instructor_errors.MultimodalError,
}


class Answer(BaseModel):
    n: int


def _validation_error() -> Exception:
    try:
        Answer.model_validate({"n": "many"})
    except Exception as exc:  # noqa: BLE001 - the pydantic error itself is what we want
        return exc
    raise AssertionError("unreachable")


def _upstream_classes() -> list[type[BaseException]]:
    found = []
    for module in (openai, instructor_errors):
        for name, value in list(vars(module).items()):
            if inspect.isclass(value) and issubclass(value, BaseException) and not name.startswith("_"):
                found.append(value)
    return found


def _bare(cls: type[BaseException]) -> BaseException:
    """An instance without running the constructor (each takes different arguments)."""
    exc = cls.__new__(cls)
    for attr, value in {"status_code": 500, "message": "boom", "n_attempts": 2, "body": None}.items():
        with contextlib.suppress(AttributeError):
            setattr(exc, attr, value)
    if issubclass(cls, instructor_errors.InstructorRetryException):
        exc.__cause__ = _validation_error()  # what instructor retries on
    return exc


@pytest.mark.parametrize("cls", _upstream_classes(), ids=lambda c: c.__name__)
def test_every_upstream_error_is_mapped_or_declared_a_bug(cls: type[BaseException]) -> None:
    mapped = map_exception(_bare(cls), "http://h/v1", "notes of a.txt")
    if cls in BUGS:
        assert mapped is None, f"{cls.__name__} is listed as a bug but mapped to {mapped!r}"
    else:
        assert isinstance(mapped, SummariseError), f"{cls.__name__} is not mapped: classify it"
        assert mapped.hint and "notes of a.txt" in mapped.message


def test_only_validation_errors_become_model_output_invalid() -> None:
    assert isinstance(map_exception(_validation_error(), "u", "w"), ModelOutputInvalid)
    for bug in (ValueError("our own bug"), TypeError("ours too"), KeyError("x")):
        assert map_exception(bug, "u", "w") is None
    # A retry that gave up on something other than the model's answer is not the model's fault.
    gave_up = instructor_errors.InstructorRetryException.__new__(instructor_errors.InstructorRetryException)
    gave_up.__cause__ = ValueError("our bug inside a validator's helper")
    assert map_exception(gave_up, "u", "w") is None


def test_a_bug_inside_a_model_call_keeps_its_type_and_traceback() -> None:
    with pytest.raises(ValueError, match="our own bug"), translate_errors("u", "w"):
        raise ValueError("our own bug")


def test_truncation_maps_to_truncated_and_the_judge_error_is_an_endpoint_error() -> None:
    bare = _bare(instructor_errors.IncompleteOutputException)
    assert isinstance(map_exception(bare, "u", "w"), ModelOutputTruncated)
    assert issubclass(JudgeError, EndpointError)  # the eval scores a failed judge as None, not a crash


def test_a_judge_bug_is_not_retried_without_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    from summarise.eval.judge import CachedJudge, coherence

    calls: list[Any] = []

    class Client:
        model = "judge"

        def structured(self, schema: Any, *args: Any, **kwargs: Any) -> Any:
            calls.append(schema)
            raise TypeError("a bug in our judge call")

    judge = CachedJudge(Client(), label="case")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a bug in our judge call"):
        coherence("# A briefing", judge)
    assert len(calls) == 1 and calls[0] is not None  # deepeval did not retry it without the schema
