"""The attack-path result on Spark, sharded by account, byte for byte the
single-machine result. Run ``python -m aegispath.spark --help``; the design
and the exactness argument are in docs/spark.md."""

from .job import JobConfig, JobResult, run, write_single_json

__all__ = ["JobConfig", "JobResult", "run", "write_single_json"]
