"""Finding libaegispath and declaring its C functions for ctypes.

The binding is plain ctypes: no compiler at install time beyond the library's
own build, and nothing outside the standard library at run time. The structs
mirror include/aegispath.h; every one starts with ``size_t struct_size``, which
the C header's inline ``*_init`` functions set. ctypes cannot call inline
functions, so the binding fills struct_size itself (see ``sized``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
from pathlib import Path

#: Environment variable naming the shared library to load, overriding the
#: copy bundled in the wheel (useful to test another build of the library).
LIBRARY_ENV = "AEGISPATH_LIBRARY"

#: The versions of the C header this binding mirrors, as (major, minor). While
#: the major version is 0 a new minor version may change the ABI, so the
#: binding refuses a library of any other minor version.
SUPPORTED_ABI = {(0, 2)}

c_size_t = ctypes.c_size_t
c_status = ctypes.c_int  # enum aegis_status: an int on every supported ABI
c_bytes_p = ctypes.POINTER(ctypes.c_uint8)


class Error(ctypes.Structure):
    """struct aegis_error."""

    _fields_ = [
        ("struct_size", c_size_t),
        ("status", c_status),
        ("message", ctypes.c_char * 256),
    ]


class Options(ctypes.Structure):
    """struct aegis_options, as far as this binding knows it.

    Members are appended at the end of the C struct in new versions; the
    binding passes a struct_size that covers only the members a call sets
    (``OPTION_FIELDS``), so a library that predates a member still accepts
    calls that leave it at its default.
    """

    _fields_ = [
        ("struct_size", c_size_t),
        ("max_input_bytes", c_size_t),
        ("max_threads", ctypes.c_uint),
        ("compute_integrity_hash", ctypes.c_int),
        # graph mode (0.3): the edge document and its cap
        ("edges", c_bytes_p),
        ("edges_len", c_size_t),
        ("max_edge_bytes", c_size_t),
        # limits of a call (0 / NULL = none)
        ("max_paths", ctypes.c_uint64),
        ("max_result_bytes", ctypes.c_uint64),
        ("timeout_ms", ctypes.c_uint64),
        ("cancel", ctypes.c_void_p),
    ]


class FindingQuery(ctypes.Structure):
    """struct aegis_finding_query."""

    _fields_ = [
        ("struct_size", c_size_t),
        ("severity", ctypes.c_char_p),
        ("severity_len", c_size_t),
        ("provider", ctypes.c_char_p),
        ("provider_len", c_size_t),
        ("status", ctypes.c_char_p),
        ("status_len", c_size_t),
        ("page", ctypes.c_int64),
        ("per_page", ctypes.c_int64),
        ("category", ctypes.c_char_p),
        ("category_len", c_size_t),
    ]


#: aegis_write_fn: int (*)(void* user_data, const uint8_t* chunk, size_t len)
WriteFn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, c_bytes_p, c_size_t)

#: The default input cap of the library (AEGIS_DEFAULT_MAX_INPUT_BYTES).
DEFAULT_MAX_INPUT_BYTES = 64 << 20


def struct_end(struct_type: type[ctypes.Structure], member: str) -> int:
    """The byte offset just past ``member`` of ``struct_type``."""
    field = getattr(struct_type, member)
    return field.offset + field.size


def _candidates() -> list[str]:
    """Where to look for the library, in order."""
    found: list[str] = []
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return [env]  # an explicit choice is the only candidate
    bundled = Path(__file__).with_name("libaegispath.so")
    if bundled.exists():
        found.append(str(bundled))
    if shutil.which("pkg-config"):
        try:
            libdir = subprocess.run(
                ["pkg-config", "--variable=libdir", "aegispath"],
                capture_output=True, text=True, timeout=10, check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            libdir = ""
        if libdir:
            found.append(str(Path(libdir) / "libaegispath.so"))
    name = ctypes.util.find_library("aegispath")
    if name:
        found.append(name)
    return found


def _declare(lib: ctypes.CDLL) -> None:
    """Sets argtypes and restype of every function the binding calls."""
    P = ctypes.POINTER
    vp = ctypes.c_void_p
    specs = {
        "aegis_version_number": (ctypes.c_uint, []),
        "aegis_version_string": (ctypes.c_char_p, []),
        "aegis_status_string": (ctypes.c_char_p, [c_status]),
        "aegis_free": (None, [c_bytes_p, c_size_t]),
        "aegis_compute_attack_paths_ex": (
            c_status, [vp, c_size_t, P(Options), P(c_bytes_p), P(c_size_t), P(Error)]),
        "aegis_load_and_serialize_findings_ex": (
            c_status,
            [vp, c_size_t, vp, c_size_t, P(Options), P(c_bytes_p), P(c_size_t), P(Error)]),
        "aegis_store_open": (c_status, [vp, c_size_t, P(Options), P(vp), P(Error)]),
        "aegis_store_close": (None, [vp]),
        "aegis_store_finding_count": (c_size_t, [vp]),
        "aegis_store_path_count": (c_size_t, [vp]),
        "aegis_store_get_finding": (
            c_status, [vp, ctypes.c_char_p, c_size_t, P(c_bytes_p), P(c_size_t), P(Error)]),
        "aegis_store_list_findings": (
            c_status, [vp, P(FindingQuery), P(c_bytes_p), P(c_size_t), P(Error)]),
        "aegis_store_path_stats": (c_status, [vp, P(c_bytes_p), P(c_size_t), P(Error)]),
        "aegis_store_get_path": (
            c_status, [vp, ctypes.c_char_p, c_size_t, P(c_bytes_p), P(c_size_t), P(Error)]),
        "aegis_store_list_paths": (
            c_status,
            [vp, ctypes.c_int64, ctypes.c_int64, P(c_bytes_p), P(c_size_t), P(Error)]),
        "aegis_store_write_paths": (c_status, [vp, WriteFn, vp, P(Error)]),
        "aegis_store_paths_json": (c_status, [vp, P(c_bytes_p), P(c_size_t), P(Error)]),
    }
    for name, (restype, argtypes) in specs.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    # Functions of newer libraries: declared when present.
    optional = {
        "aegis_store_path_analysis": (
            c_status, [vp, ctypes.c_char_p, c_size_t, P(c_bytes_p), P(c_size_t), P(Error)]),
        "aegis_cancel_create": (vp, []),
        "aegis_cancel_request": (None, [vp]),
        "aegis_cancel_destroy": (None, [vp]),
        "aegis_store_paths_json_ex": (
            c_status, [vp, P(Options), P(c_bytes_p), P(c_size_t), P(Error)]),
        "aegis_store_write_paths_ex": (c_status, [vp, P(Options), WriteFn, vp, P(Error)]),
    }
    for name, (restype, argtypes) in optional.items():
        fn = getattr(lib, name, None)
        if fn is not None:
            fn.restype = restype
            fn.argtypes = argtypes



def load() -> ctypes.CDLL:
    """Loads the first library found and checks its ABI version."""
    tried: list[str] = []
    for candidate in _candidates():
        try:
            lib = ctypes.CDLL(candidate)
        except OSError as exc:
            tried.append(f"{candidate}: {exc}")
            continue
        _declare(lib)
        number = lib.aegis_version_number()
        abi = (number // 10000, number // 100 % 100)
        if abi not in SUPPORTED_ABI:
            version = lib.aegis_version_string().decode()
            raise ImportError(
                f"aegispath: {candidate} is libaegispath {version}; this binding "
                f"supports ABI {', '.join(f'{a}.{b}' for a, b in sorted(SUPPORTED_ABI))}.x")
        lib._aegis_path = candidate  # type: ignore[attr-defined]
        return lib
    hint = "; ".join(tried) if tried else "no candidate found"
    raise ImportError(
        "aegispath: cannot load libaegispath (" + hint + "). Install the package with "
        f"`pip install ./python` (it bundles the library), or set {LIBRARY_ENV} to the "
        "path of libaegispath.so")


LIB = load()
