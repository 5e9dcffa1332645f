"""Cutting a result stream into paths, renumbering them, and reading their
summary fields, on the exact bytes the library wrote.

Why byte patterns are safe here: in the library's output every '"' inside a
string value is written as '\\"', so a '"' preceded by any byte other than a
backslash is JSON structure. Every pattern below starts with '{' or ',' and
has only such quotes, so it can match only real keys of the path layout
(docs/output.md): a path starts with '{"id":"ap-N","title":"' (a node id
continues with "-node-", so nodes never match), and the keys "id", "source"
and "target" with a string value "ap-N..." occur only as the path's, its
nodes' and its edges' ids. All ids inside one path carry the same number N.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import NamedTuple

_PATH_START = re.compile(rb'\{"id":"ap-(\d+)","title":"')
_STATS = b'],"stats":'
_HEAD = b'{"paths":['
# The body of a JSON string as the library writes it.
_S = rb'[^"\\]*(?:\\.[^"\\]*)*'
_SUMMARY = re.compile(
    rb'\{"id":"ap-(\d+)","title":"' + _S + rb'","description":"' + _S
    + rb'","severity":"(' + _S + rb')","score":(\d+),"hop_count":(\d+),'
    + rb'"entry_point":\{"id":"[^"]*","finding_id":"' + _S + rb'","resource_id":"(' + _S
    + rb')","resource_name":"' + _S + rb'","resource_type":"' + _S + rb'","provider":"' + _S
    + rb'","account_id":"(' + _S + rb')","region":"' + _S + rb'","severity":"' + _S
    + rb'","category":"' + _S + rb'","label":"' + _S
    + rb'"\},"target":\{"id":"[^"]*","finding_id":"' + _S + rb'","resource_id":"(' + _S
    + rb')"', re.S)
_FINDING_IDS = b',"finding_ids":['
_AI_ENRICHED = b'],"ai_enriched":'
_ID_KEYS = (b'"id":"ap-', b'"source":"ap-', b'"target":"ap-')

# rank on the upper-cased severity. Python's str.upper (full case mapping)
# and Go's strings.ToUpper (simple mapping) differ only where one rune becomes
# several ("ß" -> "SS", "ﬁ" -> "FI", ...), and no such expansion can spell
# CRITICAL, HIGH, MEDIUM or LOW, so the ranks agree.
_RANKS = {"CRITICAL": 4, "HIGH": 3, "MEDIUM": 2, "LOW": 1}
MAX_SCORE = 100


def rank(severity: str) -> int:
    r = _RANKS.get(severity)
    return r if r is not None else _RANKS.get(severity.upper(), 0)


def path_id(number: int) -> bytes:
    """The canonical id of path ``number``: "ap-" and at least 3 digits."""
    return b"ap-%03d" % number


def sort_bucket(severity: str, score: int) -> int:
    """The result order is by (rank, score) descending, stably: bucket 0 comes
    first. Inside a bucket, paths keep their number order."""
    if not 0 <= score <= MAX_SCORE:
        raise ValueError(f"path score {score} outside 0..{MAX_SCORE}")
    return (4 - rank(severity)) * (MAX_SCORE + 1) + (MAX_SCORE - score)


BUCKETS = 5 * (MAX_SCORE + 1)


class Summary(NamedTuple):
    id: str
    number: int
    severity: str
    score: int
    hop_count: int
    account: str
    entry_resource: str
    target_resource: str
    finding_ids: list[str]


def _text(raw: bytes) -> str:
    if b"\\" not in raw:
        return raw.decode()
    return json.loads(b'"' + raw + b'"')


def _strings(array: bytes) -> list[str]:
    """A JSON array of strings as the library writes it: ["a","b"]."""
    if b"\\" in array or len(array) < 4:
        return json.loads(array)
    # no escapes: every '"' is a delimiter, so '","' separates the items
    return array[2:-2].decode().split('","')


def renumber(path: bytes, old: bytes, new: bytes) -> bytes:
    """The path with every id "ap-<old>..." rewritten to "ap-<new>..."."""
    if old == new:
        return path
    for key in _ID_KEYS:
        path = path.replace(key + old, key + new)
    return path


def summarize(path: bytes, number: int) -> tuple[Summary, int]:
    """The summary row of a (renumbered) path and its sort bucket."""
    row, bucket = _summary(path, number)
    return Summary(*row), bucket


def _summary(path: bytes, number: int) -> tuple[tuple, int]:
    m = _SUMMARY.match(path)
    if m is None:
        slow, bucket = _summarize_slow(path, number)
        return tuple(slow), bucket
    sev, score, hops, entry, account, target = m.group(2, 3, 4, 5, 6, 7)
    severity = _text(sev)
    score_n = int(score)
    i = path.rfind(_FINDING_IDS)
    j = path.rfind(_AI_ENRICHED)
    finding_ids = _strings(path[i + len(_FINDING_IDS) - 1:j + 1])
    row = (f"ap-{number:03d}", number, severity, score_n, int(hops), _text(account),
           _text(entry), _text(target), finding_ids)
    return row, sort_bucket(severity, score_n)


def render(batch: list[tuple[int, bytes, bytes]], offset: int
           ) -> list[tuple[int, bytes, tuple]]:
    """(bucket, path line, summary row) of each path of a batch, renumbered
    from the block's offset: the hot loop of the Spark job's pass 2."""
    out = []
    for local, digits, raw in batch:
        number = offset + local
        path = renumber(raw, digits, b"%03d" % number) if offset else raw
        row, bucket = _summary(path, number)
        out.append((bucket, path + b"\n", row))
    return out


def _summarize_slow(path: bytes, number: int) -> tuple[Summary, int]:
    """The same from a full parse, for a layout the patterns do not cover."""
    p = json.loads(path)
    score = p["score"]
    if not isinstance(score, int):
        raise ValueError(f"path {p.get('id')}: non-integer score {score!r}")
    row = Summary(p["id"], number, p["severity"], score, p["hop_count"],
                  p["entry_point"]["account_id"], p["entry_point"]["resource_id"],
                  p["target"]["resource_id"], list(p["finding_ids"]))
    return row, sort_bucket(p["severity"], score)


class ResultSplitter:
    """Cuts the stream of one result {"paths":[...],"stats":{...}} into its
    paths, chunk by chunk. ``feed`` returns the paths completed so far (each
    with its number as written); ``finish`` returns the stats object."""

    def __init__(self) -> None:
        self._buf = b""
        self._started = False
        self._stats: bytes | None = None

    def feed(self, chunk: bytes) -> list[tuple[int, bytes, bytes]]:
        """(number, digits as written, path bytes) of every completed path."""
        buf = self._buf + chunk if self._buf else chunk
        if not self._started:
            if len(buf) < len(_HEAD):
                self._buf = buf
                return []
            if not buf.startswith(_HEAD):
                raise ValueError("result does not start with " + _HEAD.decode())
            self._started = True
            buf = buf[len(_HEAD) - 1:]  # keep one byte: a path start follows '[' or ','
        out = []
        starts = [(m.start(), m.group(1)) for m in _PATH_START.finditer(buf)]
        for (a, digits), (b, _) in zip(starts, starts[1:]):
            out.append((int(digits), digits, buf[a:b - 1]))  # b-1: the ',' between paths
        self._buf = buf[starts[-1][0]:] if starts else buf
        return out

    def finish(self) -> tuple[list[tuple[int, bytes, bytes]], bytes]:
        """The last path (if any) and the stats object, at the end of the stream."""
        buf = self._buf
        if not self._started or not buf.endswith(b"}"):
            raise ValueError("result stream ended early")
        end = buf.rfind(_STATS)
        if end < 0:
            raise ValueError("result has no stats")
        last = []
        m = _PATH_START.match(buf)
        if m:
            last.append((int(m.group(1)), m.group(1), buf[:end]))
        elif end > 1:
            raise ValueError("unexpected bytes before the stats")
        self._stats = buf[end + len(_STATS):-1]
        return last, self._stats


def iter_paths(result: bytes) -> Iterator[tuple[int, bytes, bytes]]:
    """The paths of a whole result in memory (tests and small results)."""
    s = ResultSplitter()
    yield from s.feed(result)
    last, _ = s.finish()
    yield from last
