"""The binding against the library: versions, the ABI mirror, errors, one-shot calls."""

from __future__ import annotations

import ctypes
import json
import re
import shutil
import subprocess

import pytest

import aegispath
from aegispath import _native

from conftest import REPO

HEADER = (REPO / "include" / "aegispath.h").read_text()


def header_version() -> str:
    parts = [re.search(rf"#define AEGIS_VERSION_{p} (\d+)", HEADER).group(1)
             for p in ("MAJOR", "MINOR", "PATCH")]
    return ".".join(parts)


def header_statuses() -> dict[str, int]:
    body = re.search(r"typedef enum aegis_status \{(.*?)\} aegis_status;", HEADER, re.S).group(1)
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"AEGIS_(?:ERR_)?([A-Z0-9_]+) = (\d+)", body)}


def header_members(struct: str) -> list[str]:
    body = re.search(rf"typedef struct {struct} \{{(.*?)\}} {struct};", HEADER, re.S).group(1)
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    names = []
    for decl in body.split(";"):
        decl = decl.strip()
        if decl:
            names.append(re.search(r"(\w+)\s*(\[\d+\])?$", decl).group(1))
    return names


def test_version_is_the_headers():
    assert aegispath.version() == header_version()
    major, minor, patch = map(int, header_version().split("."))
    assert aegispath.version_number() == major * 10000 + minor * 100 + patch


def test_status_enum_mirrors_header_and_library():
    header = header_statuses()
    assert {"CANCELLED", "TIMED_OUT", "RESULT_TOO_LARGE"} <= header.keys()  # the parse works
    # the binding's enum is the header's: same names, same numbers
    assert {s.name: s.value for s in aegispath.Status} == header
    # the codes the library names are exactly the header's
    for code in range(64):
        assert (aegispath.status_string(code) != "unknown status") == (code in header.values())
    # every failure status has its exception class
    from aegispath._errors import ERROR_CLASSES
    assert set(ERROR_CLASSES) == set(aegispath.Status) - {aegispath.Status.OK}
    assert ERROR_CLASSES[aegispath.Status.CANCELLED] is aegispath.CancelledError
    assert ERROR_CLASSES[aegispath.Status.TIMED_OUT] is aegispath.TimedOutError
    assert ERROR_CLASSES[aegispath.Status.RESULT_TOO_LARGE] is aegispath.ResultTooLargeError


@pytest.mark.parametrize("struct, ctype", [
    ("aegis_error", _native.Error),
    ("aegis_options", _native.Options),
    ("aegis_finding_query", _native.FindingQuery),
])
def test_struct_layout_matches_the_c_compiler(tmp_path, struct, ctype):
    """The ctypes mirror has the C compiler's offsets for every member of the
    header (it may have more members at its end: the header's struct is a prefix)."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to check the struct layout")
    members = header_members(struct)
    assert [name for name, *_ in ctype._fields_] == members
    lines = [f'printf("%zu %zu\\n", offsetof({struct}, {m}), sizeof((({struct}*)0)->{m}));'
             for m in members] + [f'printf("%zu %zu\\n", (size_t)0, sizeof({struct}));']
    src = tmp_path / "layout.c"
    src.write_text("#include <stdio.h>\n#include <stddef.h>\n#include \"aegispath.h\"\n"
                   "int main(void) {\n" + "\n".join(lines) + "\nreturn 0;\n}\n")
    exe = tmp_path / "layout"
    subprocess.run([cc, "-I", str(REPO / "include"), str(src), "-o", str(exe)], check=True)
    got = [tuple(map(int, line.split())) for line in
           subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout.split("\n")
           if line]
    want = [(getattr(ctype, m).offset, getattr(ctype, m).size) for m in members]
    assert got == want + [(0, ctypes.sizeof(ctype))]


def test_upstream_fixture(upstream):
    result = aegispath.compute_attack_paths(upstream)
    doc = json.loads(result)
    assert len(doc["paths"]) == 548
    hops = [p["hop_count"] for p in doc["paths"]]
    assert hops.count(1) == 259 and hops.count(2) == 289
    stats = doc["stats"]
    assert stats["findings_in_paths"] == 155
    assert stats["coverage_percent"] == 77.5
    assert stats["by_provider"] == {"aws": 450, "azure": 89, "gcp": 9}
    assert result.startswith(b'{"paths":[{"id":"ap-')


def test_every_bytes_like_input_gives_the_same_result(upstream):
    want = aegispath.compute_attack_paths(upstream)
    assert aegispath.compute_attack_paths(bytearray(upstream)) == want
    assert aegispath.compute_attack_paths(memoryview(upstream)) == want
    assert aegispath.compute_attack_paths(memoryview(bytearray(upstream))) == want
    with pytest.raises(TypeError, match="not str"):
        aegispath.compute_attack_paths(upstream.decode())  # type: ignore[arg-type]


def test_max_threads_does_not_change_the_bytes(corpora):
    doc = corpora.bytes(3000)
    assert aegispath.compute_attack_paths(doc, max_threads=1) == \
        aegispath.compute_attack_paths(doc, max_threads=2)


@pytest.mark.parametrize("doc, error, status", [
    (b"", aegispath.InvalidArgumentError, aegispath.Status.INVALID_ARGUMENT),
    (b"[{]", aegispath.MalformedJSONError, aegispath.Status.MALFORMED_JSON),
    (b"\xef\xbb\xbf[]", aegispath.MalformedJSONError, aegispath.Status.MALFORMED_JSON),
    (b'[{"id":"\xff"}]', aegispath.InvalidUTF8Error, aegispath.Status.INVALID_UTF8),
    (b"{}", aegispath.SchemaError, aegispath.Status.SCHEMA),
    (b'[{"severity":5}]', aegispath.SchemaError, aegispath.Status.SCHEMA),
])
def test_errors_carry_status_and_message(doc, error, status):
    with pytest.raises(error) as info:
        aegispath.compute_attack_paths(doc)
    assert info.value.status is status
    assert info.value.message  # the library's own words
    assert isinstance(info.value, aegispath.AegisError) and isinstance(info.value, ValueError)
    assert str(info.value).startswith(status.name)


def test_schema_message_names_the_field():
    with pytest.raises(aegispath.SchemaError, match="severity"):
        aegispath.compute_attack_paths(b'[{"severity":5}]')


def test_input_cap(corpora):
    doc = corpora.bytes(200)
    with pytest.raises(aegispath.TooLargeError):
        aegispath.compute_attack_paths(doc, max_input_bytes=len(doc) - 1)
    assert aegispath.compute_attack_paths(doc, max_input_bytes=len(doc))
    with pytest.raises(ValueError):
        aegispath.compute_attack_paths(doc, max_input_bytes=-1)


def test_unknown_status_is_a_plain_aegis_error():
    from aegispath._errors import error_for
    err = error_for(999, "from the future")
    assert type(err) is aegispath.AegisError and err.status == 999
    assert "999" in str(err)


def test_load_and_serialize_findings(upstream):
    every = json.loads(aegispath.load_and_serialize_findings(upstream))
    assert len(every) == 200
    crit = [f for f in every if f["severity"] == "CRITICAL"]
    for flt in ({"severity": "CRITICAL"}, '{"severity":"CRITICAL"}', b'{"severity":"CRITICAL"}'):
        got = json.loads(aegispath.load_and_serialize_findings(upstream, flt))
        assert got == crit
    page = json.loads(aegispath.load_and_serialize_findings(upstream, {"offset": 5, "limit": 3}))
    assert page == every[5:8]
    with pytest.raises(aegispath.InvalidFilterError):
        aegispath.load_and_serialize_findings(upstream, b"[1]")
    with pytest.raises(aegispath.InvalidFilterError):
        aegispath.load_and_serialize_findings(upstream, {"limit": "ten"})


def test_reencoded_findings_give_the_same_paths(upstream):
    again = aegispath.load_and_serialize_findings(upstream)
    assert aegispath.compute_attack_paths(again) == aegispath.compute_attack_paths(upstream)


def test_option_struct_sizes_cover_only_what_a_call_sets():
    from aegispath._api import _CallOptions
    plain = _CallOptions(max_input_bytes=10)
    plain.pointer()
    assert plain.struct.struct_size == _native.struct_end(_native.Options,
                                                          "compute_integrity_hash")
    with_edges = _CallOptions()
    with_edges.set_member("edges_len", 1, "edges")
    with_edges.pointer()
    assert with_edges.struct.struct_size == _native.struct_end(_native.Options, "edges_len")
    assert ctypes.sizeof(_native.Error) >= 256


def test_the_library_takes_the_whole_options_struct():
    """The library accepts struct_size = ctypes.sizeof(Options) and refuses one
    byte more (a struct larger than its own): its aegis_options is exactly
    the binding's, last member (cancel) included."""
    from aegispath._api import _CallOptions
    opts = _CallOptions()
    with aegispath.Cancel() as cancel:
        opts.set_member("max_paths", 5, "max_paths")
        opts.use_cancel(cancel)
        assert opts.size == ctypes.sizeof(_native.Options)
        for size, ok in ((ctypes.sizeof(_native.Options), True),
                         (ctypes.sizeof(_native.Options) + 1, False)):
            opts.size = size
            out, out_len, error = _native.c_bytes_p(), ctypes.c_size_t(0), _native.Error()
            error.struct_size = ctypes.sizeof(error)
            with opts:
                status = _native.LIB.aegis_compute_attack_paths_ex(
                    b"[]", 2, opts.pointer(), ctypes.byref(out), ctypes.byref(out_len),
                    ctypes.byref(error))
            if ok:
                assert status == aegispath.Status.OK, error.message
                assert ctypes.string_at(out, out_len.value).startswith(b'{"paths":[]')
                _native.LIB.aegis_free(out, out_len.value)
            else:
                assert status == aegispath.Status.INVALID_ARGUMENT
                assert b"struct_size" in error.message
