"""The public calls: one-shot compute and load, and the loaded Store."""

from __future__ import annotations

import ctypes
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol, Union

from . import _native
from ._errors import AegisError, Status, error_for
from ._native import LIB, Error, FindingQuery, Options, WriteFn, c_bytes_p, struct_end

#: What the calls accept as a document: any bytes-like object.
Buffer = Union[bytes, bytearray, memoryview]


class SupportsWrite(Protocol):
    def write(self, data: bytes, /) -> Any: ...


def version() -> str:
    """The linked library's version, "MAJOR.MINOR.PATCH"."""
    return LIB.aegis_version_string().decode()


def version_number() -> int:
    """The linked library's version as MAJOR*10000 + MINOR*100 + PATCH."""
    return int(LIB.aegis_version_number())


def library_path() -> str:
    """The file the binding loaded the library from."""
    return str(LIB._aegis_path)


def status_string(status: int) -> str:
    """The library's short description of a status code."""
    return LIB.aegis_status_string(int(status)).decode()


def _pointer(data: Buffer | None, what: str) -> tuple[Any, int]:
    """A pointer argument and length for a bytes-like object, without copying
    bytes or writable buffers (a read-only non-bytes buffer is copied)."""
    if data is None:
        return None, 0
    if isinstance(data, bytes):
        return data, len(data)
    if isinstance(data, str):
        raise TypeError(f"{what} must be bytes-like (UTF-8 JSON), not str; use .encode()")
    view = memoryview(data)
    if not view.contiguous:
        raise TypeError(f"{what} must be a contiguous buffer")
    view = view.cast("B")
    if view.readonly:
        copy = view.tobytes()
        return copy, len(copy)
    return (ctypes.c_char * view.nbytes).from_buffer(view), view.nbytes


def _raise(status: int, error: Error) -> None:
    message = error.message.decode("utf-8", "replace") or status_string(status)
    raise error_for(status, message)


def _new_error() -> Error:
    error = Error()
    error.struct_size = ctypes.sizeof(Error)
    return error


def _take(out: Any, out_len: ctypes.c_size_t) -> bytes:
    """Copies a library-owned buffer into bytes and releases it."""
    try:
        return ctypes.string_at(out, out_len.value) if out_len.value else b""
    finally:
        LIB.aegis_free(out, out_len.value)


def _count(name: str, value: int | None, *, bits: int = 8 * ctypes.sizeof(ctypes.c_size_t)) -> int:
    """A non-negative int that fits the C member (None: 0, the default)."""
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name} must be a non-negative int, got {value!r}")
    if value >= 1 << bits:
        raise ValueError(f"{name} is too large: {value} (at most {(1 << bits) - 1})")
    return value


class _CallOptions:
    """An aegis_options for one call, sized to the members it sets, plus the
    Python objects its pointers refer to (kept alive for the call)."""

    _BASE_SIZE = struct_end(Options, "compute_integrity_hash")

    def __init__(self, *, max_input_bytes: int | None = None, max_threads: int | None = None,
                 integrity_hash: bool = False) -> None:
        self.struct = Options()
        self.size = self._BASE_SIZE
        self.keep: list[Any] = []
        self.extended: list[str] = []  # members past the 0.2.0 struct that this call sets
        self.struct.max_input_bytes = _count("max_input_bytes", max_input_bytes)
        threads = _count("max_threads", max_threads)
        if threads > 0xFFFFFFFF:
            raise ValueError(f"max_threads is too large: {threads}")
        self.struct.max_threads = threads
        self.struct.compute_integrity_hash = 1 if integrity_hash else 0
        self.cancel: Cancel | None = None

    def set_member(self, member: str, value: Any, option: str) -> None:
        """Sets a member added after 0.2.0 and grows struct_size to cover it."""
        if not hasattr(Options, member):
            raise AegisError(Status.INVALID_ARGUMENT,
                             f"option {option!r} is not supported by this binding's Options")
        setattr(self.struct, member, value)
        self.size = max(self.size, struct_end(Options, member))
        if option not in self.extended:
            self.extended.append(option)

    def use_cancel(self, cancel: Cancel) -> None:
        """Names a cancel handle; it is held (not closable) while the call runs."""
        self.set_member("cancel", None, "cancel")
        self.cancel = cancel

    def pointer(self) -> Any:
        self.struct.struct_size = self.size
        return ctypes.byref(self.struct)

    def __enter__(self) -> _CallOptions:
        """For the call's duration: holds the cancel handle, if any."""
        if self.cancel is not None:
            self.struct.cancel = self.cancel._acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.cancel is not None:
            self.struct.cancel = None
            self.cancel._release()

    def check(self, status: int, error: Error) -> None:
        if status == Status.OK:
            return
        message = error.message.decode("utf-8", "replace") or status_string(status)
        if status == Status.INVALID_ARGUMENT and self.extended and "struct_size" in message:
            # a library older than the members this call sets
            message += (f" (libaegispath {version()} predates the option"
                        f"{'s' if len(self.extended) > 1 else ''} {', '.join(self.extended)})")
        raise error_for(status, message)


def _graph_options(opts: _CallOptions, edges: Buffer | None,
                   max_edge_bytes: int | None) -> None:
    """Adds the graph-mode members (edge document and its cap) when used."""
    if edges is not None:
        ptr, length = _pointer(edges, "edges")
        opts.keep.append(ptr)
        if isinstance(ptr, bytes):
            ptr = ctypes.c_char_p(ptr)
            opts.keep.append(ptr)
        opts.set_member("edges", ctypes.cast(ptr, c_bytes_p), "edges")
        opts.set_member("edges_len", length, "edges")
    if max_edge_bytes is not None:
        opts.set_member("max_edge_bytes", _count("max_edge_bytes", max_edge_bytes),
                        "max_edge_bytes")


def _ex_function(name: str) -> Callable[..., int]:
    """A function of the limits API (absent from libraries older than it)."""
    fn = getattr(LIB, name, None)
    if fn is None:
        raise NotImplementedError(f"libaegispath {version()} has no {name} (per-call limits)")
    return fn


class Cancel:
    """A cancellation handle (the C API's aegis_cancel).

    Pass it as ``cancel=`` to one or more calls; :meth:`request`, from any
    thread, makes them fail promptly with :class:`CancelledError` — the calls
    running now and every later call given this handle (a request cannot be
    withdrawn: make a new handle). The library checks at bounded intervals,
    within milliseconds. Use it as a context manager or call :meth:`close`;
    closing waits for the calls using it to return::

        with aegispath.Cancel() as cancel:
            threading.Timer(5, cancel.request).start()
            result = aegispath.compute_attack_paths(doc, cancel=cancel)
    """

    def __init__(self) -> None:
        create = getattr(LIB, "aegis_cancel_create", None)
        if create is None:
            raise NotImplementedError(f"libaegispath {version()} has no cancellation")
        handle = create()
        if not handle:
            raise MemoryError("aegis_cancel_create: out of memory")
        self._handle: int | None = handle
        self._cond = threading.Condition()
        self._users = 0  # calls running with the handle: close() waits for them
        self._requested = False

    def request(self) -> None:
        """Asks every call using this handle, now or later, to stop. Any
        thread, any number of times; after :meth:`close` it does nothing."""
        with self._cond:
            self._requested = True
            if self._handle is not None:
                LIB.aegis_cancel_request(self._handle)

    @property
    def requested(self) -> bool:
        return self._requested

    def _acquire(self) -> int:
        with self._cond:
            if self._handle is None:
                raise ValueError("the Cancel handle is closed")
            self._users += 1
            return self._handle

    def _release(self) -> None:
        with self._cond:
            self._users -= 1
            if self._users == 0:
                self._cond.notify_all()

    def close(self) -> None:
        """Destroys the handle once no call uses it. Closing twice is fine."""
        with self._cond:
            while self._users:
                self._cond.wait()
            handle, self._handle = self._handle, None
        if handle is not None:
            LIB.aegis_cancel_destroy(handle)

    @property
    def closed(self) -> bool:
        return self._handle is None

    def __enter__(self) -> Cancel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: the module may be half gone
            pass


def _limit_options(opts: _CallOptions, *, max_paths: int | None = None,
                   max_result_bytes: int | None = None, timeout_ms: int | None = None,
                   cancel: Cancel | None = None) -> None:
    """Adds the limits of a call (each only when given; 0 means none)."""
    if max_paths is not None:
        opts.set_member("max_paths", _count("max_paths", max_paths, bits=64), "max_paths")
    if max_result_bytes is not None:
        opts.set_member("max_result_bytes",
                        _count("max_result_bytes", max_result_bytes, bits=64),
                        "max_result_bytes")
    if timeout_ms is not None:
        opts.set_member("timeout_ms", _count("timeout_ms", timeout_ms, bits=64), "timeout_ms")
    if cancel is not None:
        if not isinstance(cancel, Cancel):
            raise TypeError(f"cancel must be an aegispath.Cancel, not {type(cancel).__name__}")
        opts.use_cancel(cancel)


def compute_attack_paths(findings: Buffer, edges: Buffer | None = None, *,
                         max_input_bytes: int | None = None, max_threads: int | None = None,
                         max_edge_bytes: int | None = None, max_paths: int | None = None,
                         max_result_bytes: int | None = None, timeout_ms: int | None = None,
                         cancel: Cancel | None = None) -> bytes:
    """Every attack path of a findings document: {"paths":[...],"stats":{...}}.

    ``findings`` is a JSON array of findings (UTF-8 bytes). With ``edges`` (an
    edge document) the paths follow the edges (graph mode); without, the
    heuristic engine decides. ``max_input_bytes`` raises the input cap (0 or
    None: the library's default, 64 MiB); ``max_threads`` bounds the worker
    threads (0 or None: one per core).

    Limits (0 or None: none; docs/algorithms.md, "Limits and truncation"):
    ``max_paths`` keeps the first N chains in generation order, numbered and
    sorted as usual, and the stats then end with ``"truncated":true`` when more
    would have been made; ``max_result_bytes`` refuses a longer result
    (:class:`ResultTooLargeError`) before it is allocated; ``timeout_ms`` and
    ``cancel`` (a :class:`Cancel`) stop a long call (:class:`TimedOutError`,
    :class:`CancelledError`). Raises an :class:`AegisError` subclass on
    failure. For results too large for memory, use :meth:`Store.write_paths`.
    """
    opts = _CallOptions(max_input_bytes=max_input_bytes, max_threads=max_threads)
    _graph_options(opts, edges, max_edge_bytes)
    _limit_options(opts, max_paths=max_paths, max_result_bytes=max_result_bytes,
                   timeout_ms=timeout_ms, cancel=cancel)
    data, length = _pointer(findings, "findings")
    out, out_len, error = c_bytes_p(), ctypes.c_size_t(0), _new_error()
    with opts:
        status = LIB.aegis_compute_attack_paths_ex(data, length, opts.pointer(),
                                                   ctypes.byref(out), ctypes.byref(out_len),
                                                   ctypes.byref(error))
    opts.check(status, error)
    return _take(out, out_len)


def _filter_bytes(filter: Buffer | str | Mapping[str, Any] | None) -> Buffer | None:
    if filter is None:
        return None
    if isinstance(filter, str):
        return filter.encode()
    if isinstance(filter, Mapping):
        return json.dumps(dict(filter), separators=(",", ":"), ensure_ascii=False).encode()
    return filter


def load_and_serialize_findings(findings: Buffer,
                                filter: Buffer | str | Mapping[str, Any] | None = None, *,
                                max_input_bytes: int | None = None,
                                max_threads: int | None = None) -> bytes:
    """The findings of a document (optionally filtered), re-encoded as a JSON array.

    ``filter`` is a JSON object (bytes, str or a mapping) with keys severity,
    provider, status, category (exact match), offset and limit (default and
    maximum 10000). A bad filter raises :class:`InvalidFilterError`.
    """
    opts = _CallOptions(max_input_bytes=max_input_bytes, max_threads=max_threads)
    data, length = _pointer(findings, "findings")
    fdata, flen = _pointer(_filter_bytes(filter), "filter")
    out, out_len, error = c_bytes_p(), ctypes.c_size_t(0), _new_error()
    status = LIB.aegis_load_and_serialize_findings_ex(
        data, length, fdata, flen, opts.pointer(), ctypes.byref(out), ctypes.byref(out_len),
        ctypes.byref(error))
    opts.check(status, error)
    return _take(out, out_len)


def _id_bytes(value: str | bytes, what: str) -> bytes:
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"{what} must be str or bytes, not {type(value).__name__}")


class Store:
    """A findings document parsed once, with all its attack paths computed.

    Use it as a context manager (or call :meth:`close`)::

        with aegispath.Store(findings) as store:
            print(store.path_count, json.loads(store.stats()))
            with open("paths.json", "wb") as f:
                store.write_paths(f)

    Queries return the library's JSON as bytes. They may run from many threads
    at once; :meth:`close` waits for running queries to finish.
    """

    def __init__(self, findings: Buffer, edges: Buffer | None = None, *,
                 integrity_hash: bool = False, max_input_bytes: int | None = None,
                 max_threads: int | None = None, max_edge_bytes: int | None = None,
                 max_paths: int | None = None, max_result_bytes: int | None = None,
                 timeout_ms: int | None = None, cancel: Cancel | None = None) -> None:
        self._handle: int | None = None
        self._cond = threading.Condition()
        self._users = 0
        opts = _CallOptions(max_input_bytes=max_input_bytes, max_threads=max_threads,
                            integrity_hash=integrity_hash)
        _graph_options(opts, edges, max_edge_bytes)
        # timeout_ms and cancel bound the opening; max_result_bytes stays with
        # the store (its paths_json)
        _limit_options(opts, max_paths=max_paths, max_result_bytes=max_result_bytes,
                       timeout_ms=timeout_ms, cancel=cancel)
        data, length = _pointer(findings, "findings")
        handle, error = ctypes.c_void_p(), _new_error()
        with opts:
            status = LIB.aegis_store_open(data, length, opts.pointer(), ctypes.byref(handle),
                                          ctypes.byref(error))
        opts.check(status, error)
        self._handle = handle.value
        self._max_result_bytes = opts.struct.max_result_bytes

    @classmethod
    def open(cls, findings: Buffer, edges: Buffer | None = None, **options: Any) -> Store:
        """Same as ``Store(findings, edges, **options)``."""
        return cls(findings, edges, **options)

    # -- lifetime -----------------------------------------------------------

    def _acquire(self) -> int:
        with self._cond:
            if self._handle is None:
                raise ValueError("the store is closed")
            self._users += 1
            return self._handle

    def _release(self) -> None:
        with self._cond:
            self._users -= 1
            if self._users == 0:
                self._cond.notify_all()

    def close(self) -> None:
        """Destroys the store (waiting for running queries). Closing twice is fine."""
        with self._cond:
            handle, self._handle = self._handle, None
            while self._users:
                self._cond.wait()
        if handle is not None:
            LIB.aegis_store_close(handle)

    @property
    def closed(self) -> bool:
        return self._handle is None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: the module may be half gone
            pass

    # -- queries ------------------------------------------------------------

    def _bytes_query(self, fn: Callable[..., int], *args: Any) -> bytes:
        handle = self._acquire()
        try:
            out, out_len, error = c_bytes_p(), ctypes.c_size_t(0), _new_error()
            status = fn(handle, *args, ctypes.byref(out), ctypes.byref(out_len),
                        ctypes.byref(error))
            if status != Status.OK:
                _raise(status, error)
            return _take(out, out_len)
        finally:
            self._release()

    @property
    def finding_count(self) -> int:
        handle = self._acquire()
        try:
            return int(LIB.aegis_store_finding_count(handle))
        finally:
            self._release()

    @property
    def path_count(self) -> int:
        handle = self._acquire()
        try:
            return int(LIB.aegis_store_path_count(handle))
        finally:
            self._release()

    def get_finding(self, finding_id: str | bytes) -> bytes:
        """The first finding with that id, as JSON; :class:`NotFoundError` if none."""
        key = _id_bytes(finding_id, "finding_id")
        return self._bytes_query(LIB.aegis_store_get_finding, key, len(key))

    def list_findings(self, *, severity: str | None = None, provider: str | None = None,
                      status: str | None = None, category: str | None = None,
                      page: int = 1, per_page: int = 50) -> bytes:
        """A page of findings, {"data":[...],"page":P,"per_page":N,"total":T,"total_pages":K}.

        severity, provider (cloud_provider), status and category match case-insensitively
        (None: any); page < 1 becomes 1, per_page outside 1..200 becomes 50, a
        page past the end becomes the last page.
        """
        query = FindingQuery()
        query.struct_size = ctypes.sizeof(FindingQuery)
        keep = []
        for name, value in (("severity", severity), ("provider", provider), ("status", status),
                            ("category", category)):
            if value is not None:
                raw = _id_bytes(value, name)
                keep.append(raw)
                setattr(query, name, raw)
                setattr(query, name + "_len", len(raw))
        query.page = int(page)
        query.per_page = int(per_page)
        return self._bytes_query(LIB.aegis_store_list_findings, ctypes.byref(query))

    def stats(self) -> bytes:
        """The stats object of the attack-path result."""
        return self._bytes_query(LIB.aegis_store_path_stats)

    @property
    def truncated(self) -> bool:
        """Whether ``max_paths`` cut the result: its stats end with "truncated":true."""
        return json.loads(self.stats()).get("truncated", False) is True

    def get_path(self, path_id: str | bytes) -> bytes:
        """One attack path by its canonical id ("ap-007"); :class:`NotFoundError` if none."""
        key = _id_bytes(path_id, "path_id")
        return self._bytes_query(LIB.aegis_store_get_path, key, len(key))

    def list_paths(self, page: int = 1, per_page: int = 20) -> bytes:
        """A page of attack paths in result order (per_page outside 1..100 becomes 20)."""
        return self._bytes_query(LIB.aegis_store_list_paths, int(page), int(per_page))

    @property
    def has_analysis(self) -> bool:
        """Whether the linked library offers :meth:`analysis`."""
        return hasattr(LIB, "aegis_store_path_analysis")

    def analysis(self, path_id: str | bytes) -> bytes:
        """The library's analysis of one attack path, as JSON (libraries that have it)."""
        fn = getattr(LIB, "aegis_store_path_analysis", None)
        if fn is None:
            raise NotImplementedError(f"libaegispath {version()} has no path analysis")
        key = _id_bytes(path_id, "path_id")
        return self._bytes_query(fn, key, len(key))

    def paths_json(self, *, max_result_bytes: int | None = None,
                   timeout_ms: int | None = None, cancel: Cancel | None = None) -> bytes:
        """The whole result in one buffer (what :meth:`write_paths` streams).

        The store's ``max_result_bytes`` applies unless this call gives its
        own (0: none); ``timeout_ms`` and ``cancel`` bound this call.
        """
        if max_result_bytes is None and timeout_ms is None and cancel is None:
            return self._bytes_query(LIB.aegis_store_paths_json)
        opts = _CallOptions()
        _limit_options(opts, max_result_bytes=max_result_bytes, timeout_ms=timeout_ms,
                       cancel=cancel)
        if max_result_bytes is None:
            # the _ex call reads max_result_bytes from its options: keep the store's
            opts.set_member("max_result_bytes", self._max_result_bytes, "max_result_bytes")
        with opts:
            return self._bytes_query(_ex_function("aegis_store_paths_json_ex"), opts.pointer())

    def write_paths(self, out: SupportsWrite | Callable[[bytes], Any], *,
                    timeout_ms: int | None = None, cancel: Cancel | None = None) -> int:
        """Streams the whole result {"paths":[...],"stats":{...}} into ``out``.

        ``out`` is a binary file object (anything with ``write(bytes)``) or a
        callable taking bytes; it gets chunks of up to about 4 MiB, so memory
        stays small whatever the result's size. An exception raised by ``out``
        stops the library and propagates. ``timeout_ms`` and ``cancel`` stop
        the stream between chunks with :class:`TimedOutError` /
        :class:`CancelledError` (what was written stays written; the result is
        never capped by ``max_result_bytes``). Returns the number of bytes
        written.
        """
        write = out.write if hasattr(out, "write") else out
        if not callable(write):
            raise TypeError("out must have a write method or be callable")
        written = 0
        failure: list[BaseException] = []

        def on_chunk(_user: Any, chunk: Any, length: int) -> int:
            nonlocal written
            try:
                data = ctypes.string_at(chunk, length)
                while data:
                    n = write(data)
                    if not isinstance(n, int) or n >= len(data):
                        break
                    data = data[n:]  # a raw file may take part of a chunk
                written += length
                return 0
            except BaseException as exc:  # includes KeyboardInterrupt: stop cleanly
                failure.append(exc)
                return 1

        callback = WriteFn(on_chunk)
        opts = _CallOptions()
        _limit_options(opts, timeout_ms=timeout_ms, cancel=cancel)
        handle = self._acquire()
        try:
            error = _new_error()
            if not opts.extended:  # no limits: the call every 0.2 library has
                status = LIB.aegis_store_write_paths(handle, callback, None, ctypes.byref(error))
            else:
                write_ex = _ex_function("aegis_store_write_paths_ex")
                with opts:
                    status = write_ex(handle, opts.pointer(), callback, None, ctypes.byref(error))
        finally:
            self._release()
        if failure:
            raise failure[0]
        if status != Status.OK:
            _raise(status, error)
        return written


__all__ = [
    "Buffer", "Cancel", "Store", "compute_attack_paths", "library_path",
    "load_and_serialize_findings", "status_string", "version", "version_number",
]

# The binding's own copy of the header's ABI, for tests and diagnostics.
SUPPORTED_ABI = _native.SUPPORTED_ABI
