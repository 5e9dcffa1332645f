"""Python binding of libaegispath: attack paths from cloud-security findings.

The library chains findings (a JSON array) into attack paths and writes the
exact bytes the Go reference engine writes. This package calls it through
ctypes::

    import aegispath
    result = aegispath.compute_attack_paths(open("findings.json", "rb").read())

    with aegispath.Store(findings) as store:        # parse once, query many times
        page = store.list_paths(page=1, per_page=20)
        with open("paths.json", "wb") as f:
            store.write_paths(f)                     # the whole result, streamed

Every call returns the library's JSON as bytes and raises an
:class:`AegisError` subclass carrying the library's status and message on
failure. ``python -m aegispath.spark`` computes the same result on Spark,
sharded by account (see docs/spark.md).
"""

from ._api import (
    Buffer,
    Cancel,
    Store,
    compute_attack_paths,
    library_path,
    load_and_serialize_findings,
    status_string,
    version,
    version_number,
)
from ._errors import (
    AegisError,
    CancelledError,
    InternalError,
    InvalidArgumentError,
    InvalidFilterError,
    InvalidUTF8Error,
    MalformedJSONError,
    NotFoundError,
    OutOfMemoryError,
    ResultTooLargeError,
    SchemaError,
    Status,
    TimedOutError,
    TooLargeError,
    WriteAbortedError,
)

__all__ = [
    "AegisError", "Buffer", "Cancel", "CancelledError", "InternalError", "InvalidArgumentError",
    "InvalidFilterError", "InvalidUTF8Error", "MalformedJSONError", "NotFoundError",
    "OutOfMemoryError", "ResultTooLargeError", "SchemaError", "Status", "Store", "TimedOutError",
    "TooLargeError", "WriteAbortedError",
    "compute_attack_paths", "library_path", "load_and_serialize_findings", "status_string",
    "version", "version_number",
]
