"""Reading findings and edge documents as records, for any number of files.

A source is a file or a directory (its regular files, in byte order of their
names, skipping names that start with "." or "_" such as Spark's _SUCCESS).
Each file is either a JSON array (first non-space byte "[") or JSON Lines
(one object per line; blank lines are skipped). Input order, which the result
depends on, is file order, then order inside the file: exactly the document
you would get by concatenating every file's elements into one array.

Large JSON Lines files are read in byte-range splits in parallel; a JSON
array file is read by one task, streaming (memory: one chunk plus one element).
Elements keep their exact bytes: the library, not Python, decides what they
mean; Python reads only the fields that route a record (gojson.string_fields).
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .gojson import DECODER, EDGE_FIELDS, ROUTING_FIELDS, FieldTypeError, string_fields

ARRAY = "array"
LINES = "lines"
_WS = " \t\r\n"
# Go accepts nesting up to 10,000 levels; let Python's decoder go as deep.
_NESTING = 10_100


class InputError(ValueError):
    """An input file that the library would reject as a whole, or cannot be read."""


@dataclass(frozen=True)
class Split:
    """One task's share of the input: a whole array file, or a byte range of
    a JSON Lines file (lines that start inside [start, end))."""

    file_index: int
    path: str
    kind: str
    start: int = 0
    end: int = 0


def list_files(sources: list[str]) -> list[str]:
    """The input files of the sources, in input order."""
    files: list[str] = []
    for source in sources:
        p = Path(source)
        if p.is_dir():
            names = sorted((c for c in p.iterdir()
                            if c.is_file() and not c.name.startswith((".", "_"))),
                           key=lambda c: os.fsencode(c.name))
            files.extend(str(c) for c in names)
        elif p.is_file():
            files.append(str(p))
        else:
            raise InputError(f"{source}: no such file or directory")
    return files


def sniff(path: str) -> str:
    """ARRAY or LINES, from the first non-space byte (an empty file is LINES)."""
    with open(path, "rb") as f:
        while True:
            block = f.read(1 << 16)
            if not block:
                return LINES
            stripped = block.lstrip(b" \t\r\n")
            if stripped:
                first = stripped[:1]
                if first == b"[":
                    return ARRAY
                if first == b"{":
                    return LINES
                raise InputError(f"{path}: neither a JSON array nor JSON Lines "
                                 f"(starts with {first!r})")


def plan_splits(files: list[str], split_bytes: int) -> list[Split]:
    splits: list[Split] = []
    for index, path in enumerate(files):
        kind = sniff(path)
        if kind == ARRAY:
            splits.append(Split(index, path, ARRAY))
            continue
        size = os.path.getsize(path)
        for start in range(0, max(size, 1), split_bytes):
            splits.append(Split(index, path, LINES, start, min(start + split_bytes, size)))
    return splits


def _decode_element(text: str, where: str, obj: Any) -> dict[str, Any]:
    if obj is None:
        try:
            obj = DECODER.decode(text)
        except RecursionError:
            raise InputError(f"{where}: nested deeper than this reader supports") from None
        except ValueError as exc:
            raise InputError(f"{where}: malformed JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise InputError(f"{where}: not a JSON object (got {type(obj).__name__})")
    return obj


def _lines(split: Split) -> Iterator[tuple[int, bytes]]:
    """(byte offset, line) of the lines that start inside the split."""
    with open(split.path, "rb") as f:
        if split.start > 0:
            f.seek(split.start - 1)
            f.readline()  # the line holding byte start-1 belongs to the previous split
        pos = f.tell()
        while pos < split.end:
            line = f.readline()
            if not line:
                return
            yield pos, line
            pos += len(line)


def _array_elements(path: str, chunk_bytes: int = 8 << 20) -> Iterator[tuple[int, str, Any]]:
    """(index, text, decoded value) of each element of a JSON array file, streaming."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    with open(path, "rb") as f:
        buf, pos, eof, consumed = "", 0, False, 0

        def more() -> bool:
            nonlocal buf, pos, eof, consumed
            if eof:
                return False
            data = f.read(chunk_bytes)
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: invalid UTF-8 near byte "
                                 f"{consumed + exc.start}") from None
            consumed += len(data)
            eof = not data
            if pos:
                buf, pos = buf[pos:], 0
            buf += text
            return not eof or bool(text)

        def peek() -> str:
            """The next non-space character ('' at the end), skipping spaces."""
            nonlocal pos
            while True:
                while pos < len(buf) and buf[pos] in _WS:
                    pos += 1
                if pos < len(buf):
                    return buf[pos]
                if not more():
                    return ""

        if peek() != "[":
            raise InputError(f"{path}: not a JSON array")
        pos += 1
        index = 0
        if peek() == "]":
            pos += 1
        else:
            while True:
                if peek() == "":
                    raise InputError(f"{path}: unexpected end of file in the array")
                while True:
                    try:
                        value, end = DECODER.raw_decode(buf, pos)
                        # a number or literal may continue in the next chunk
                        if end < len(buf) or eof:
                            break
                    except RecursionError:
                        raise InputError(f"{path}: element {index}: nested deeper than "
                                         "this reader supports") from None
                    except ValueError as exc:
                        if eof:
                            raise InputError(f"{path}: element {index}: malformed JSON: "
                                             f"{exc}") from None
                    more()  # the element may end in the next chunk
                yield index, buf[pos:end], value
                index += 1
                pos = end
                sep = peek()
                if sep == ",":
                    pos += 1
                    continue
                if sep == "]":
                    pos += 1
                    break
                if sep == "":
                    raise InputError(f"{path}: unexpected end of file after element {index - 1}")
                raise InputError(f"{path}: expected ',' or ']' after element {index - 1}")
        if peek() != "":
            raise InputError(f"{path}: bytes after the end of the array")


def _texts(split: Split) -> Iterator[tuple[int, str, str, Any]]:
    """(position, text, where, decoded value or None) of every element of a split."""
    if split.kind == ARRAY:
        for index, text, value in _array_elements(split.path):
            yield index, text, f"{split.path}: element {index}", value
        return
    for offset, line in _lines(split):
        raw = line.strip(b" \t\r\n")
        if not raw:
            continue
        where = f"{split.path}: line at byte {offset}"
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{where}: invalid UTF-8 at byte {offset + exc.start}") from None
        yield offset, text, where, None


class _DeepNesting:
    def __enter__(self) -> None:
        self.old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(self.old, _NESTING))

    def __exit__(self, *exc: object) -> None:
        sys.setrecursionlimit(self.old)


def read_findings(split: Split) -> Iterator[tuple[bytes, int, int, bytes, str, str]]:
    """Finding records: (account_id as UTF-8, file index, position, exact
    bytes, id, resource_id)."""
    with _DeepNesting():
        for pos, text, where, value in _texts(split):
            obj = _decode_element(text, where, value)
            try:
                f = string_fields(obj, text, ROUTING_FIELDS)
            except FieldTypeError as exc:
                raise InputError(f"{where}: {exc}") from None
            yield (f["account_id"].encode(), split.file_index, pos, text.encode(), f["id"],
                   f["resource_id"])


def read_edges(split: Split) -> Iterator[tuple[int, int, bytes, str, str]]:
    """Edge records: (file index, position, exact bytes, source_id, target_id)."""
    with _DeepNesting():
        for pos, text, where, value in _texts(split):
            obj = _decode_element(text, where, value)
            try:
                f = string_fields(obj, text, EDGE_FIELDS)
            except FieldTypeError as exc:
                raise InputError(f"{where}: {exc}") from None
            yield split.file_index, pos, text.encode(), f["source_id"], f["target_id"]


def read_document(files: list[str]) -> bytes:
    """All elements of the files as one JSON array: the single-machine
    equivalent of a multi-file input (for tests and comparisons)."""
    parts = []
    for split in plan_splits(files, 1 << 62):
        parts.extend(text.encode() for _, text, _, _ in _texts(split))
    return b"[" + b",".join(parts) + b"]"


__all__ = ["ARRAY", "LINES", "InputError", "Split", "list_files", "plan_splits",
           "read_document", "read_edges", "read_findings", "sniff"]
