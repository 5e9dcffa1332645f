"""The Spark job: read, plan, count, render, merge.

Stages (docs/spark.md has the whole story):

1. read the findings (and edge rows) into records, in parallel splits;
2. count findings per account and find the finding ids shared by accounts,
   then plan blocks and partitions on the driver (plan.py);
3. one shuffle puts every block's records, sorted, into its partition;
4. pass 1 computes each block with the library and counts its paths, which
   gives every block its number offset;
5. pass 2 computes each block again (the shuffle output is reused), streams
   its paths renumbered into JSON Lines files named so that their name order
   is the result order, and returns one summary row per path for Parquet;
6. the driver merges the stats and, when asked, writes the single-document
   result by streaming the JSON Lines files in name order.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import aegispath

from . import blocks as blk
from . import inputs, plan

EDGE_VALIDATION_BATCH = 20_000


@dataclass
class JobConfig:
    findings: list[str]
    out: str
    edges: list[str] | None = None
    single_json: str | None = None
    master: str = "local[*]"
    partitions: int = 0          # 0: 3 per core of the cluster
    split_bytes: int = 64 << 20  # JSON Lines split size
    max_input_bytes: int = 0     # per block document; 0: no cap
    spark_conf: dict[str, str] = field(default_factory=dict)
    gzip: bool = False           # JSON Lines as .jsonl.gz


@dataclass
class JobResult:
    findings: int
    accounts: int
    blocks: int
    partitions: int
    paths: int
    stats: bytes
    single_json_bytes: int | None
    timings: dict[str, float]
    outputs: dict[str, str]

    def summary(self) -> dict[str, Any]:
        return {
            "findings": self.findings, "accounts": self.accounts, "blocks": self.blocks,
            "partitions": self.partitions, "paths": self.paths,
            "stats": json.loads(self.stats), "single_json_bytes": self.single_json_bytes,
            "seconds": {k: round(v, 3) for k, v in self.timings.items()},
            "outputs": self.outputs,
        }


def _read_edges_checked(split: inputs.Split):
    """Edge records of a split, each batch validated by the library itself,
    so a bad row anywhere fails the job as it fails the single-machine call."""
    batch: list[bytes] = []

    def check() -> None:
        if batch:
            aegispath.compute_attack_paths(b"[]", b"[" + b",".join(batch) + b"]",
                                           max_input_bytes=2, max_threads=1,
                                           max_edge_bytes=sum(map(len, batch)) + len(batch) + 2)
            batch.clear()

    for record in inputs.read_edges(split):
        batch.append(record[2])
        yield record
        if len(batch) >= EDGE_VALIDATION_BATCH:
            check()
    check()


class _SetUnion:
    """AccumulatorParam: union of sets (idempotent, so task retries are harmless)."""

    def zero(self, value: set) -> set:
        return set()

    def addInPlace(self, a: set, b: set) -> set:
        a |= b
        return a


def _file_kinds(splits: list[inputs.Split]) -> list[tuple[str, str]]:
    """(path, kind) by file index."""
    kinds: dict[int, tuple[str, str]] = {}
    for s in splits:
        kinds[s.file_index] = (s.path, s.kind)
    return [kinds[i] for i in sorted(kinds)]


def _session(cfg: JobConfig):
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(cfg.master).appName("aegispath")
               .config("spark.pyspark.python", sys.executable)
               .config("spark.pyspark.driver.python", sys.executable)
               .config("spark.ui.showConsoleProgress", "false"))
    for k, v in cfg.spark_conf.items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def write_single_json(parts_dir: str, stats: bytes, out: IO[bytes],
                      chunk_bytes: int = 8 << 20) -> int:
    """{"paths":[...],"stats":{...}} from the JSON Lines files (plain or
    gzip), streamed in name order (= result order): newlines become commas.
    Returns the bytes written."""
    files = sorted(p for p in os.listdir(parts_dir) if p.endswith((".jsonl", ".jsonl.gz")))
    written = out.write(b'{"paths":[') or 0
    first = True
    for name in files:
        path = os.path.join(parts_dir, name)
        with (gzip.open(path, "rb") if name.endswith(".gz") else open(path, "rb")) as f:
            held = f.read(chunk_bytes)
            if not held:
                continue
            if not first:
                written += out.write(b",") or 0
            first = False
            while True:
                nxt = f.read(chunk_bytes)
                if not nxt:
                    break
                written += out.write(held.replace(b"\n", b",")) or 0
                held = nxt
            if not held.endswith(b"\n"):
                raise ValueError(f"{name}: truncated (no final newline)")
            written += out.write(held[:-1].replace(b"\n", b",")) or 0
    written += out.write(b'],"stats":' + stats + b"}") or 0
    return written


def run(cfg: JobConfig, spark: Any = None) -> JobResult:
    """Runs the job; with ``spark`` given, on that session (left running)."""
    from pyspark import StorageLevel
    from pyspark.accumulators import AccumulatorParam
    from pyspark.sql.types import (ArrayType, IntegerType, LongType, StringType, StructField,
                                   StructType)

    t0 = time.monotonic()
    timings: dict[str, float] = {}
    own_session = spark is None
    if own_session:
        spark = _session(cfg)
        timings["session_start"] = time.monotonic() - t0
    t_read = time.monotonic()
    sc = spark.sparkContext
    graph = cfg.edges is not None
    try:
        files = inputs.list_files(cfg.findings)
        splits = inputs.plan_splits(files, cfg.split_bytes)
        records = sc.parallelize(splits, max(1, len(splits))).flatMap(inputs.read_findings)
        records.persist(StorageLevel.MEMORY_AND_DISK)

        # small aggregations: a few reduce tasks, whatever the number of splits
        reducers = max(1, min(len(splits), 2 * sc.defaultParallelism))
        per_account = dict(records.map(lambda r: (r[0], (1, len(r[3]))))
                           .reduceByKey(lambda a, b: (a[0] + b[0], a[1] + b[1]), reducers)
                           .collect())
        # finding ids held by more than one account, with those accounts
        shared = (records.map(lambda r: (r[4], r[0])).distinct(reducers)
                  .groupByKey(reducers).mapValues(sorted)
                  .filter(lambda kv: len(kv[1]) > 1).collect())
        timings["read_and_plan"] = time.monotonic() - t_read

        accounts = sorted(per_account)
        block_of = plan.make_blocks(accounts, (accts for _, accts in shared), graph)
        n_blocks = block_of[-1] + 1 if block_of else 0
        members: list[list[int]] = [[] for _ in range(n_blocks)]
        for a, b in zip(accounts, block_of):
            members[b].append(per_account[a][0])
        n_parts = max(1, min(cfg.partitions or 3 * sc.defaultParallelism, n_blocks))
        part_of = plan.assign_partitions([plan.block_cost(m) for m in members], n_parts)
        route = sc.broadcast({a: (part_of[b], b) for a, b in zip(accounts, block_of)})

        keyed = records.map(lambda r: ((*route.value[r[0]], blk.FINDING, r[0], r[1], r[2]), r[3]))
        if graph:
            edge_splits = inputs.plan_splits(inputs.list_files(cfg.edges), cfg.split_bytes)
            edges = sc.parallelize(edge_splits, max(1, len(edge_splits))).flatMap(
                _read_edges_checked)
            where = records.map(lambda r: (r[5], route.value[r[0]])).distinct(n_parts)
            # an edge row goes to every block that holds both of its resources
            by_target = (edges.map(lambda e: (e[3], e)).join(where)
                         .map(lambda kv: (kv[1][0][4], kv[1])))
            routed = (by_target.join(where)
                      .filter(lambda kv: kv[1][0][1] == kv[1][1])
                      .map(lambda kv: ((*kv[1][1], blk.EDGE, kv[1][0][0][0], kv[1][0][0][1]),
                                       kv[1][0][0][2])))
            keyed = keyed.union(routed)
        grouped = keyed.repartitionAndSortWithinPartitions(
            n_parts, partitionFunc=lambda k: k[0], keyfunc=lambda k: k)

        max_in = cfg.max_input_bytes
        t1 = time.monotonic()
        file_kinds = sc.broadcast(_file_kinds(splits))
        counted = grouped.mapPartitions(
            lambda it: blk.count_blocks(it, graph, max_in, file_kinds.value)).collect()
        timings["pass1_count"] = time.monotonic() - t1
        counts = [0] * n_blocks
        block_stats: list[bytes] = [b""] * n_blocks
        for b, c, s in counted:
            counts[b], block_stats[b] = c, s
        offsets, total = [], 0
        for c in counts:
            offsets.append(total)
            total += c

        out = Path(cfg.out)
        parts_dir = out / "paths"
        if parts_dir.exists():
            shutil.rmtree(parts_dir)
        parts_dir.mkdir(parents=True)
        shared_ids = frozenset(fid for fid, _ in shared)
        SetParam = type("SetParam", (_SetUnion, AccumulatorParam), {})
        occurrences = sc.accumulator(set(), SetParam())
        b_offsets, b_counts = sc.broadcast(offsets), sc.broadcast(counts)
        b_shared = sc.broadcast(shared_ids)
        out_dir = str(parts_dir)
        use_gzip = cfg.gzip

        def render(index: int, it):
            return blk.render_blocks(index, it, graph=graph, max_input_bytes=max_in,
                                     offsets=b_offsets.value, counts=b_counts.value,
                                     out_dir=out_dir, shared_ids=b_shared.value,
                                     occurrences=occurrences, files=file_kinds.value,
                                     gzip=use_gzip)

        schema = StructType([
            StructField("id", StringType(), False),
            StructField("number", LongType(), False),
            StructField("severity", StringType(), False),
            StructField("score", IntegerType(), False),
            StructField("hop_count", IntegerType(), False),
            StructField("account", StringType(), False),
            StructField("entry_resource", StringType(), False),
            StructField("target_resource", StringType(), False),
            StructField("finding_ids", ArrayType(StringType(), False), False),
        ])
        t2 = time.monotonic()
        rows = grouped.mapPartitionsWithIndex(render)
        summaries = str(out / "summaries")
        spark.createDataFrame(rows, schema, verifySchema=False).write.mode("overwrite").parquet(
            summaries)
        timings["pass2_render"] = time.monotonic() - t2
        records.unpersist()

        stats = plan.merge_stats((plan.parse_stats(s) for s in block_stats),
                                 plan.overlap_of(occurrences.value))
        (out / "stats.json").write_bytes(stats)
        outputs = {"paths_jsonl": out_dir, "summaries_parquet": summaries,
                   "stats": str(out / "stats.json")}
        single_bytes = None
        if cfg.single_json:
            t3 = time.monotonic()
            if cfg.single_json == "-":
                single_bytes = write_single_json(out_dir, stats, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                with open(cfg.single_json, "wb") as f:
                    single_bytes = write_single_json(out_dir, stats, f)
                outputs["single_json"] = cfg.single_json
            timings["single_json"] = time.monotonic() - t3
        timings["total"] = time.monotonic() - t0
        result = JobResult(findings=sum(c for c, _ in per_account.values()),
                           accounts=len(accounts), blocks=n_blocks, partitions=n_parts,
                           paths=total, stats=stats, single_json_bytes=single_bytes,
                           timings=timings, outputs=outputs)
        (out / "summary.json").write_text(json.dumps(result.summary(), indent=2) + "\n")
        return result
    finally:
        if own_session:
            spark.stop()
