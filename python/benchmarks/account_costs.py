"""Benchmark: what one account costs the Spark job's executors, without Spark.

    python python/benchmarks/account_costs.py CORPUS.json [--accounts K] [--every N] [--plain]

Runs the job's own executor code (aegispath.spark.inputs and .blocks) in this
one process on K accounts of the corpus (every N-th account in byte order):
the reader over the whole file, then per account pass 1 (the library opens a
store and counts) and pass 2 (the store opened again, its result streamed,
cut into paths, renumbered and written as gzip JSON Lines — plain with --plain — one
summary row per path). Reports CPU seconds (user + system of this process, the library's
threads included: they do not depend on how loaded a shared machine is), wall
seconds, and the sizes the sizing in docs/spark.md needs, per account and per
path. Spark's own share (the shuffle, moving rows from Python to the JVM,
Parquet) is not in these figures: compare with the job's CPU in
spark_vs_store.py.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time

from aegispath.spark import blocks, inputs


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--accounts", type=int, default=8)
    ap.add_argument("--every", type=int, default=30)
    ap.add_argument("--plain", action="store_true", help="JSON Lines without gzip")
    args = ap.parse_args()

    split = inputs.plan_splits([args.corpus], 1 << 62)[0]
    files = [(args.corpus, split.kind)]
    c0, t0 = cpu(), time.monotonic()
    per_account: dict[bytes, list[tuple]] = {}
    findings = 0
    for account, file_index, pos, raw, _fid, _rid in inputs.read_findings(split):
        findings += 1
        per_account.setdefault(account, []).append((file_index, pos, raw))
    read_cpu, read_wall = cpu() - c0, time.monotonic() - t0
    names = sorted(per_account)
    chosen = names[::args.every][:args.accounts]
    kept = {a: per_account[a] for a in chosen}
    del per_account

    rows = []
    out_dir = tempfile.mkdtemp(prefix="aegis-account-costs-")
    try:
        for account in chosen:
            records = [((0, 0, blocks.FINDING, account, f, p), raw) for f, p, raw in kept[account]]
            c1, t1 = cpu(), time.monotonic()
            [(_, count, _stats)] = list(blocks.count_blocks(records, False, 0, files))
            c2, t2 = cpu(), time.monotonic()
            summaries = sum(1 for _ in blocks.render_blocks(
                0, records, graph=False, max_input_bytes=0, offsets=[0], counts=[count],
                out_dir=out_dir, shared_ids=frozenset(), occurrences=None, files=files,
                gzip=not args.plain))
            c3, t3 = cpu(), time.monotonic()
            written = sum(os.path.getsize(os.path.join(out_dir, n)) for n in os.listdir(out_dir))
            for n in os.listdir(out_dir):
                os.remove(os.path.join(out_dir, n))
            assert summaries == count
            rows.append({
                "account": account.decode(), "findings": len(records),
                "finding_bytes": sum(len(r) for _, r in records), "paths": count,
                "pass1_cpu_s": round(c2 - c1, 3), "pass2_cpu_s": round(c3 - c2, 3),
                "pass1_wall_s": round(t2 - t1, 3), "pass2_wall_s": round(t3 - t2, 3),
                "jsonl_bytes": written,
            })
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)

    paths = sum(r["paths"] for r in rows)
    report = {
        "corpus": args.corpus, "gzip": not args.plain, "findings": findings,
        "accounts": len(names),
        "read_cpu_s": round(read_cpu, 2), "read_wall_s": round(read_wall, 2),
        "read_cpu_us_per_finding": round(read_cpu / findings * 1e6, 2),
        "sampled_accounts": rows,
        "per_path": {
            "pass1_cpu_us": round(sum(r["pass1_cpu_s"] for r in rows) / paths * 1e6, 3),
            "pass2_cpu_us": round(sum(r["pass2_cpu_s"] for r in rows) / paths * 1e6, 3),
            "jsonl_bytes": round(sum(r["jsonl_bytes"] for r in rows) / paths, 1),
        },
    }
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
