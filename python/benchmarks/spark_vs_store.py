"""Benchmark: the Spark job against the single-machine store, on one corpus.

    python python/benchmarks/spark_vs_store.py CORPUS.json WORKDIR [--master local[*]]

Runs, one after the other:
  1. the single-machine store: aegispath.Store(whole document) streaming the
     result into WORKDIR/single.json (then hashed and deleted);
  2. the Spark job: JSON Lines + Parquet outputs under WORKDIR/spark, and the
     single-document result streamed to its standard output, hashed on the fly.
Prints wall time, peak memory (the summed RSS of the whole process tree,
sampled every 0.2 s: JVM and Python workers included) and whether the two
results are byte-identical (SHA-256). Needs free disk for one copy of the result
at a time (the 300K many-accounts result is 55 GB).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

SINGLE = r"""
import hashlib, sys, aegispath
doc = open(sys.argv[1], "rb").read()
with aegispath.Store(doc, max_input_bytes=len(doc)) as store:
    del doc
    with open(sys.argv[2], "wb") as f:
        n = store.write_paths(f)
print(n)
"""


def tree_rss(pid: int) -> int:
    """Summed RSS in bytes of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def measured(cmd: list[str], stdout=subprocess.PIPE, sink=None) -> tuple[float, int, bytes]:
    """(seconds, peak tree RSS, stdout if not sunk) of a command."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=stdout)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = b""
    if sink is not None:
        while chunk := proc.stdout.read(8 << 20):
            sink(chunk)
    else:
        out = proc.stdout.read() if proc.stdout else b""
    rc = proc.wait()
    done.set()
    sampler.join()
    if rc != 0:
        raise SystemExit(f"{cmd[:3]}... failed with status {rc}")
    return time.monotonic() - t0, peak, out


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(16 << 20):
            h.update(chunk)
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("workdir")
    ap.add_argument("--master", default="local[*]")
    ap.add_argument("--conf", action="append", default=[])
    args = ap.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)

    single = work / "single.json"
    t_single, rss_single, out = measured([sys.executable, "-c", SINGLE, args.corpus, str(single)])
    size = single.stat().st_size
    digest_single = sha256_file(single)
    single.unlink()

    h = hashlib.sha256()
    spark_out = work / "spark"
    if spark_out.exists():
        shutil.rmtree(spark_out)
    cmd = [sys.executable, "-m", "aegispath.spark", "--findings", args.corpus, "--out",
           str(spark_out), "--single-json", "-", "--master", args.master]
    for c in args.conf:
        cmd += ["--conf", c]
    t_spark, rss_spark, _ = measured(cmd, sink=h.update)
    summary = json.loads((spark_out / "summary.json").read_text())
    jsonl_bytes = sum(p.stat().st_size for p in (spark_out / "paths").iterdir())
    parquet_bytes = sum(p.stat().st_size for p in (spark_out / "summaries").rglob("*")
                        if p.is_file())
    shutil.rmtree(spark_out / "paths")

    report = {
        "corpus": args.corpus, "corpus_bytes": os.path.getsize(args.corpus),
        "paths": summary["paths"], "accounts": summary["accounts"],
        "result_bytes": size, "identical": h.hexdigest() == digest_single,
        "sha256": digest_single,
        "single_machine": {"seconds": round(t_single, 2), "peak_rss_mib": rss_single >> 20},
        "spark": {"seconds": round(t_spark, 2), "peak_rss_mib": rss_spark >> 20,
                  "phases": summary["seconds"], "partitions": summary["partitions"],
                  "jsonl_bytes": jsonl_bytes, "parquet_bytes": parquet_bytes},
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
