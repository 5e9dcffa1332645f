"""Benchmark: the Spark job against the single-machine store, on one corpus.

    python python/benchmarks/spark_vs_store.py CORPUS.json WORKDIR [--master local[*]]
        [--no-disk] [--conf KEY=VALUE ...]

Runs, one after the other, in the same conditions:
  1. the single-machine store: aegispath.Store(whole document) streaming the
     result into WORKDIR/single.json (then hashed and deleted);
  2. the Spark job: JSON Lines + Parquet outputs under WORKDIR/spark, and the
     single-document result streamed to its standard output, hashed on the fly.
With --no-disk the store hashes its stream and the job gzips its JSON Lines.
Prints, for each: wall time; peak memory two ways — the summed RSS of the
whole process tree, sampled every 0.2 s (JVM and Python workers included), and
the largest peak RSS of one process of the tree (its VmHWM, a true high-water
mark); CPU seconds of the tree (user + system) — and whether the two results
are byte-identical (SHA-256). (/usr/bin/time -v and wait4's ru_maxrss miss the
Spark JVM: PySpark never waits for it, so its usage is not folded into the
job's.) Without --no-disk it needs free disk for one copy of the result at a
time (the 300K many-accounts result is 55 GB).
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
h = hashlib.sha256()
with aegispath.Store(doc, max_input_bytes=len(doc)) as store:
    del doc
    if sys.argv[2] == "-hash":  # no copy on disk: hash the stream as it comes
        n = store.write_paths(h.update)
    else:
        with open(sys.argv[2], "wb") as f:
            n = store.write_paths(f)
print(n, h.hexdigest())
"""


TICKS = os.sysconf("SC_CLK_TCK")


def tree_memory(pid: int, hwm: dict[int, int], cpu: dict[int, float]) -> int:
    """Summed RSS in bytes of a process and all its descendants; records each
    one's high-water mark (VmHWM) in ``hwm`` and its CPU seconds so far
    (user + system) in ``cpu``."""
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ppid, ticks[int(entry)] = int(fields[1]), int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        stack.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        if "VmRSS" in status:  # absent for zombies
            total += int(status["VmRSS"].split()[0]) << 10
            hwm[p] = max(hwm.get(p, 0), int(status["VmHWM"].split()[0]) << 10)
        if p in ticks:
            cpu[p] = max(cpu.get(p, 0.0), ticks[p] / TICKS)
    return total


def measured(cmd: list[str], stdout=subprocess.PIPE, sink=None
             ) -> tuple[float, int, int, float, bytes]:
    """(seconds, peak tree RSS, largest peak RSS of one process, CPU seconds
    of the tree, stdout if not sunk) of a command, RSS in bytes. CPU is each
    process's last sample (a process that lives less than 0.2 s may be
    missed; the job's JVM and Python workers live for the whole job)."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=stdout)
    peak = 0
    hwm: dict[int, int] = {}
    cpu: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_memory(proc.pid, hwm, cpu))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = b""
    if sink is not None:
        while chunk := proc.stdout.read(8 << 20):
            sink(chunk)
    else:
        out = proc.stdout.read() if proc.stdout else b""
    # the child's own CPU, exactly, once it has exited (before it is reaped)
    os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
    tree_memory(proc.pid, hwm, cpu)
    rc = proc.wait()
    seconds = time.monotonic() - t0
    done.set()
    sampler.join()
    if rc != 0:
        raise SystemExit(f"{cmd[:3]}... failed with status {rc}")
    return seconds, peak, max(hwm.values(), default=0), sum(cpu.values()), out


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
    ap.add_argument("--no-disk", action="store_true",
                    help="the store hashes its stream instead of writing a file, and the "
                         "Spark job writes its JSON Lines gzip-compressed (for results "
                         "larger than the free disk)")
    args = ap.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)

    single = work / "single.json"
    target = "-hash" if args.no_disk else str(single)
    t_single, rss_single, max_single, cpu_single, out = measured(
        [sys.executable, "-c", SINGLE, args.corpus, target])
    size = int(out.split()[0])
    if args.no_disk:
        digest_single = out.split()[1].decode()
    else:
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
    if args.no_disk:
        cmd.append("--jsonl-gzip")
    t_spark, rss_spark, max_spark, cpu_spark, _ = measured(cmd, sink=h.update)
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
        "single_machine": {"seconds": round(t_single, 2), "peak_rss_mib": rss_single >> 20,
                           "max_process_rss_mib": max_single >> 20,
                           "cpu_seconds": round(cpu_single, 1),
                           "sink": "sha256 of the stream" if args.no_disk else "file"},
        "spark": {"seconds": round(t_spark, 2), "peak_rss_mib": rss_spark >> 20,
                  "max_process_rss_mib": max_spark >> 20,
                  "cpu_seconds": round(cpu_spark, 1),
                  "phases": summary["seconds"], "partitions": summary["partitions"],
                  "jsonl_bytes": jsonl_bytes, "jsonl_gzip": args.no_disk,
                  "parquet_bytes": parquet_bytes},
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
