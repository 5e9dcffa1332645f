"""The library's status codes as an enum, and its failures as exceptions."""

from __future__ import annotations

import enum


class Status(enum.IntEnum):
    """enum aegis_status of include/aegispath.h (codes are stable)."""

    OK = 0
    INVALID_ARGUMENT = 1
    TOO_LARGE = 2
    MALFORMED_JSON = 3
    INVALID_UTF8 = 4
    SCHEMA = 5
    INVALID_FILTER = 6
    NOT_FOUND = 7
    OUT_OF_MEMORY = 8
    WRITE_ABORTED = 9
    INTERNAL = 10
    CANCELLED = 11
    TIMED_OUT = 12
    RESULT_TOO_LARGE = 13


class AegisError(Exception):
    """A call of libaegispath failed.

    ``status`` is the library's status code (a :class:`Status`, or a plain int
    for a code newer than this binding), ``message`` the library's message.
    Each known status has a subclass, so ``except aegispath.SchemaError`` works.
    """

    def __init__(self, status: Status | int, message: str) -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message

    def __str__(self) -> str:
        name = self.status.name if isinstance(self.status, Status) else f"status {self.status}"
        return f"{name}: {self.message}" if self.message else name


class InvalidArgumentError(AegisError, ValueError):
    """A NULL or empty input, a bad option or struct size."""


class TooLargeError(AegisError, ValueError):
    """The input is over the configured cap (``max_input_bytes``)."""


class MalformedJSONError(AegisError, ValueError):
    """The input is not well-formed JSON, as Go's decoder judges it."""


class InvalidUTF8Error(AegisError, ValueError):
    """The input is not valid UTF-8."""


class SchemaError(AegisError, ValueError):
    """Well-formed JSON, but not an array of findings, or a field of the wrong type."""


class InvalidFilterError(AegisError, ValueError):
    """The findings filter or query is not valid."""


class NotFoundError(AegisError, LookupError):
    """No finding or path has that id."""


class OutOfMemoryError(AegisError):
    """The library could not allocate memory."""


class WriteAbortedError(AegisError):
    """A write callback asked the library to stop."""


class InternalError(AegisError):
    """A bug in the library."""


class CancelledError(AegisError):
    """The call's :class:`aegispath.Cancel` was requested."""


class TimedOutError(AegisError, TimeoutError):
    """The call ran past its ``timeout``."""


class ResultTooLargeError(AegisError):
    """The result would be longer than ``max_result_bytes``."""


ERROR_CLASSES: dict[int, type[AegisError]] = {
    Status.INVALID_ARGUMENT: InvalidArgumentError,
    Status.TOO_LARGE: TooLargeError,
    Status.MALFORMED_JSON: MalformedJSONError,
    Status.INVALID_UTF8: InvalidUTF8Error,
    Status.SCHEMA: SchemaError,
    Status.INVALID_FILTER: InvalidFilterError,
    Status.NOT_FOUND: NotFoundError,
    Status.OUT_OF_MEMORY: OutOfMemoryError,
    Status.WRITE_ABORTED: WriteAbortedError,
    Status.INTERNAL: InternalError,
    Status.CANCELLED: CancelledError,
    Status.TIMED_OUT: TimedOutError,
    Status.RESULT_TOO_LARGE: ResultTooLargeError,
}


def error_for(code: int, message: str) -> AegisError:
    """The exception for a failed call's status code and message."""
    try:
        status: Status | int = Status(code)
    except ValueError:
        status = code
    return ERROR_CLASSES.get(code, AegisError)(status, message)
