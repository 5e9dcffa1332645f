"""python -m aegispath.spark: the command line of the Spark job."""

from __future__ import annotations

import argparse
import json
import re
import sys

from .inputs import InputError


def _conf(value: str) -> tuple[str, str]:
    key, sep, val = value.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {value!r}")
    return key, val


def _size(value: str) -> int:
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    v = value.strip().lower().removesuffix("b").removesuffix("i")
    mult = units.get(v[-1:], 1)
    try:
        n = int(float(v[:-1] if v[-1:] in units else v) * mult)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"negative size: {value!r}")
    return n


_TASK_ERROR = re.compile(r"^aegispath\.[\w.]+?\.(\w+Error): (.*)$", re.M)


def _task_failure(text: str) -> str | None:
    """The aegispath error a Spark task raised, from the driver's exception text."""
    m = _TASK_ERROR.search(text)
    return f"{m.group(1)}: {m.group(2)}" if m else None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m aegispath.spark",
        description="Compute attack paths on Spark, sharded by account, with exactly the "
                    "bytes of the single-machine result.")
    p.add_argument("--findings", action="append", required=True, metavar="PATH",
                   help="findings: a JSON array file, a JSON Lines file or a directory of "
                        "them (repeatable; input order = argument order, then file names)")
    p.add_argument("--edges", action="append", metavar="PATH",
                   help="edge documents (same forms): graph mode")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="output directory: paths/*.jsonl, summaries/ (Parquet), stats.json, "
                        "summary.json")
    p.add_argument("--single-json", metavar="FILE",
                   help="also write the whole result {\"paths\":[...],\"stats\":{...}} "
                        "(\"-\": standard output)")
    p.add_argument("--master", default="local[*]",
                   help="Spark master URL (default local[*])")
    p.add_argument("--partitions", type=int, default=0,
                   help="compute partitions (default: 3 per core)")
    p.add_argument("--split-size", type=_size, default=64 << 20, metavar="BYTES",
                   help="JSON Lines split size (default 64m)")
    p.add_argument("--max-input-bytes", type=_size, default=0, metavar="BYTES",
                   help="cap on one block's findings document (default: none)")
    p.add_argument("--jsonl-gzip", action="store_true",
                   help="write the JSON Lines of paths gzip-compressed (.jsonl.gz)")
    p.add_argument("--conf", type=_conf, action="append", default=[], metavar="KEY=VALUE",
                   help="a Spark setting, e.g. spark.driver.memory=4g (repeatable)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from .job import JobConfig, run

    cfg = JobConfig(findings=args.findings, edges=args.edges, out=args.out,
                    single_json=args.single_json, master=args.master,
                    partitions=args.partitions, split_bytes=max(1, args.split_size),
                    max_input_bytes=args.max_input_bytes, gzip=args.jsonl_gzip,
                    spark_conf=dict(args.conf))
    try:
        result = run(cfg)
    except InputError as exc:
        print(f"aegispath.spark: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        # A failed task arrives wrapped in Spark's errors: say what failed.
        cause = _task_failure(str(exc))
        if cause is None:
            raise
        print(f"aegispath.spark: {cause}", file=sys.stderr)
        return 1
    # with the result on stdout, the summary goes to stderr
    summary_out = sys.stderr if args.single_json == "-" else sys.stdout
    print(json.dumps(result.summary(), indent=2), file=summary_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
