"""What runs inside the executors: each block of accounts through the native
library, counted (pass 1) or rendered into the outputs (pass 2)."""

from __future__ import annotations

import gzip as gzip_module
import io
import itertools
import os
import queue
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import aegispath
from aegispath._errors import error_for

from .paths import ResultSplitter, render

# A record after the shuffle: key (partition, block, kind, ...), value = exact
# bytes; kind 0 = edge row (key ..., file, position), 1 = finding (key ...,
# account, file, position). Sorting the keys puts a block's edge rows first,
# then its findings in account byte order and input order.
EDGE, FINDING = 0, 1


def _task_threads() -> int:
    try:
        from pyspark import TaskContext

        ctx = TaskContext.get()
        return max(1, int(ctx.cpus())) if ctx is not None else 1
    except Exception:
        return 1


def _blocks(records: Iterable[tuple[tuple, bytes]], graph: bool
            ) -> Iterator[tuple[int, bytes, bytes | None, list[tuple]]]:
    """(block, findings document, edge document or None, finding keys) per block."""
    for block, items in itertools.groupby(records, key=lambda kv: kv[0][1]):
        findings: list[bytes] = []
        keys: list[tuple] = []
        edges: list[bytes] = []
        for key, raw in items:
            if key[2] == FINDING:
                findings.append(raw)
                keys.append(key)
            else:
                edges.append(raw)
        doc = b"[" + b",".join(findings) + b"]"
        yield block, doc, (b"[" + b",".join(edges) + b"]") if graph else None, keys


_FINDING_N = re.compile(r"^finding (\d+)")


def open_block(doc: bytes, edges: bytes | None, max_input_bytes: int,
               keys: list[tuple], files: list[str]) -> aegispath.Store:
    """The block's store; a failure names the input file and account rather
    than the finding's index inside the block's document."""
    cap = max_input_bytes or len(doc)
    kwargs: dict[str, Any] = {"max_input_bytes": cap, "max_threads": _task_threads()}
    if edges is not None:
        kwargs["max_edge_bytes"] = len(edges)
    try:
        return aegispath.Store(doc, edges, **kwargs)
    except aegispath.AegisError as exc:
        m = _FINDING_N.match(exc.message)
        accounts = sorted({k[3] for k in keys})
        where = "account " + ", ".join(repr(a.decode()) for a in accounts[:3])
        if len(accounts) > 3:
            where += f" and {len(accounts) - 3} more"
        message = f"{where}: {exc.message}"
        if m and int(m.group(1)) < len(keys):
            key = keys[int(m.group(1))]
            position = f"byte {key[5]}" if files[key[4]][1] == "lines" else f"element {key[5]}"
            message = (f"{files[key[4]][0]}, {position} (account {key[3].decode()!r})"
                       f"{exc.message[m.end():]}")
        raise error_for(int(exc.status), message) from None


def count_blocks(records: Iterable[tuple[tuple, bytes]], graph: bool, max_input_bytes: int,
                 files: list[tuple[str, str]]) -> Iterator[tuple[int, int, bytes]]:
    """Pass 1: (block, paths, stats object) per block. ``files`` names the
    input files (path, kind) for error messages."""
    for block, doc, edges, keys in _blocks(records, graph):
        with open_block(doc, edges, max_input_bytes, keys, files) as store:
            yield block, store.path_count, store.stats()


def _chunks(store: aegispath.Store) -> Iterator[bytes]:
    """The store's result as a stream of chunks, pulled by the caller: a
    thread pushes write_paths' chunks through a small queue, so a block's
    paths are never all in memory."""
    q: queue.Queue = queue.Queue(maxsize=4)
    stop = threading.Event()
    done = object()
    failure: list[BaseException] = []

    def put(chunk: bytes) -> None:
        while not stop.is_set():
            try:
                q.put(chunk, timeout=0.1)
                return
            except queue.Full:
                continue
        raise RuntimeError("stopped by the consumer")

    def produce() -> None:
        try:
            store.write_paths(put)
        except BaseException as exc:  # handed to the consumer below
            failure.append(exc)
        finally:
            while True:
                try:
                    q.put(done, timeout=0.1)
                    break
                except queue.Full:
                    if stop.is_set():
                        break

    t = threading.Thread(target=produce, name="aegispath-write-paths", daemon=True)
    t.start()
    try:
        while True:
            item = q.get()
            if item is done:
                break
            yield item
    finally:
        stop.set()
        t.join()
    if failure:
        raise failure[0]


class PartWriter:
    """The JSON Lines files of one partition, one per sort bucket, written
    under temporary names and renamed into place when the task finishes, so
    a retried task leaves exactly one complete copy. With ``gzip`` the files
    are gzip streams (level 1: fast, and JSON paths shrink about 15x)."""

    def __init__(self, out_dir: str, partition: int, attempt: int, gzip: bool = False) -> None:
        self.out_dir = out_dir
        self.partition = partition
        self.suffix = f".tmp-{attempt}"
        self.gzip = gzip
        self.files: dict[int, Any] = {}

    def name(self, bucket: int) -> str:
        ext = ".jsonl.gz" if self.gzip else ".jsonl"
        return os.path.join(self.out_dir, f"part-b{bucket:03d}-p{self.partition:05d}{ext}")

    def _open(self, bucket: int) -> Any:
        raw = open(self.name(bucket) + self.suffix, "wb")
        if not self.gzip:
            return io.BufferedWriter(raw, buffer_size=1 << 20)
        # mtime=0: the same paths give the same bytes on every run
        z = gzip_module.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0)
        return _Closing(io.BufferedWriter(z, buffer_size=1 << 20), raw)

    def write(self, bucket: int, line: bytes) -> None:
        f = self.files.get(bucket)
        if f is None:
            f = self.files[bucket] = self._open(bucket)
        f.write(line)

    def commit(self) -> None:
        for bucket, f in self.files.items():
            f.close()
            os.replace(self.name(bucket) + self.suffix, self.name(bucket))
        self.files.clear()

    def abort(self) -> None:
        for bucket, f in self.files.items():
            try:
                f.close()
                os.remove(self.name(bucket) + self.suffix)
            except OSError:
                pass
        self.files.clear()


class _Closing:
    """A writer that also closes the raw file under it (GzipFile does not)."""

    def __init__(self, writer: Any, raw: Any) -> None:
        self.writer, self.raw = writer, raw
        self.write = writer.write

    def close(self) -> None:
        try:
            self.writer.close()
        finally:
            self.raw.close()


def render_blocks(partition: int, records: Iterable[tuple[tuple, bytes]], *, graph: bool,
                  max_input_bytes: int, offsets: list[int], counts: list[int],
                  out_dir: str, shared_ids: frozenset[str], occurrences: Any,
                  files: list[tuple[str, str]], gzip: bool = False) -> Iterator[tuple]:
    """Pass 2: every block's paths, renumbered from the block's offset, into
    the partition's JSON Lines files; yields one summary row per path."""
    try:
        from pyspark import TaskContext

        ctx = TaskContext.get()
        attempt = ctx.taskAttemptId() if ctx is not None else 0
    except Exception:
        attempt = 0
    writer = PartWriter(out_dir, partition, attempt, gzip)
    found: set[tuple[str, int]] = set()
    try:
        for block, doc, edges, keys in _blocks(records, graph):
            offset = offsets[block]
            seen = 0
            with open_block(doc, edges, max_input_bytes, keys, files) as store:
                splitter = ResultSplitter()

                def handle(batch: list[tuple[int, bytes, bytes]]) -> list[tuple]:
                    nonlocal seen
                    rendered = render(batch, offset)
                    write = writer.write
                    rows = []
                    for bucket, line, row in rendered:
                        write(bucket, line)
                        rows.append(row)
                    if shared_ids:
                        for row in rows:
                            for fid in row[8]:
                                if fid in shared_ids:
                                    found.add((fid, block))
                    seen += len(rows)
                    return rows

                for chunk in _chunks(store):
                    yield from handle(splitter.feed(chunk))
                last, _ = splitter.finish()
                yield from handle(last)
            if seen != counts[block]:
                raise RuntimeError(f"block {block}: rendered {seen} paths, counted "
                                   f"{counts[block]}")
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    if found and occurrences is not None:
        occurrences.add(found)
