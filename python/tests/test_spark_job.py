"""The Spark job end to end: its single-document result is byte for byte the
library's result on the whole input, whatever the sharding."""

from __future__ import annotations

import gzip as gz
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import aegispath
from aegispath.spark import JobConfig, run
from aegispath.spark.inputs import list_files, read_document

pyspark = pytest.importorskip("pyspark", reason="PySpark is not installed: Spark tests skipped")
pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("aegispath-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def reference(doc: bytes, edges: bytes | None = None) -> bytes:
    """The single-machine result: the library on the whole document."""
    return aegispath.compute_attack_paths(doc, edges, max_input_bytes=len(doc))


def run_job(spark, tmp_path: Path, findings: list[str], edges: list[str] | None = None,
            **kw) -> tuple[bytes, object]:
    out = tmp_path / "out"
    single = tmp_path / "result.json"
    result = run(JobConfig(findings=findings, edges=edges, out=str(out),
                           single_json=str(single), **kw), spark=spark)
    return single.read_bytes(), result


def with_repeated_ids(doc: bytes, modulo: int) -> bytes:
    """The corpus with ids f-<i mod modulo>: ids repeat inside and across accounts."""
    findings = json.loads(doc)
    for i, f in enumerate(findings):
        f["id"] = f"f-{i % modulo}"
    return json.dumps(findings).encode()


def paths_of(result: bytes) -> list[dict]:
    return json.loads(result)["paths"]


@pytest.mark.parametrize("partitions", [1, 3, 16])
def test_many_accounts_identical(spark, tmp_path, corpora, partitions):
    corpus = corpora.path(2500)
    got, res = run_job(spark, tmp_path, [str(corpus)], partitions=partitions)
    want = reference(corpus.read_bytes())
    assert got == want
    assert res.paths == len(paths_of(want)) and res.accounts > 100
    assert res.partitions == min(partitions, res.blocks)


def test_upstream_fixture_identical(spark, tmp_path, upstream):
    p = tmp_path / "fixture.json"
    p.write_bytes(upstream)
    got, res = run_job(spark, tmp_path, [str(p)])
    assert got == reference(upstream)
    assert res.paths == 548


def test_cross_account_duplicate_ids(spark, tmp_path, corpora):
    doc = with_repeated_ids(corpora.bytes(2000), 300)
    p = tmp_path / "dups.json"
    p.write_bytes(doc)
    got, res = run_job(spark, tmp_path, [str(p)], partitions=5)
    want = reference(doc)
    assert got == want
    # the merge had to correct findings_in_paths: per-account counts overlap
    per_account: dict[str, set[str]] = {}
    for q in paths_of(want):
        per_account.setdefault(q["entry_point"]["account_id"], set()).update(q["finding_ids"])
    stats = json.loads(want)["stats"]
    assert sum(map(len, per_account.values())) > stats["findings_in_paths"]
    assert res.blocks == res.accounts  # the heuristic engine never joins accounts


def test_upstream_shape_and_mixed_files(spark, tmp_path, corpora):
    """Few large accounts; input spread over a directory of array and JSON
    Lines files, read in small splits."""
    findings = json.loads(corpora.bytes(600, shape="upstream"))
    d = tmp_path / "lake"
    d.mkdir()
    (d / "part-0.json").write_text(json.dumps(findings[:200]))
    (d / "part-1.jsonl").write_text("".join(json.dumps(f) + "\n" for f in findings[200:450]))
    (d / "part-2.json").write_text(json.dumps(findings[450:], indent=1))
    (d / "_SUCCESS").write_text("")
    got, _ = run_job(spark, tmp_path, [str(d)], split_bytes=100_000)
    assert got == reference(read_document(list_files([str(d)])))
    assert got == reference(json.dumps(findings).encode())


def test_tricky_accounts_and_keys(spark, tmp_path):
    """Account ids that sort differently as text and as bytes, keys in other
    spellings, escapes, HTML characters and structure look-alikes."""
    accounts = ["b", "B", "\u00e9t\u00e9", "a<&>", "z\u2028", "", "\U0001f600", "a"]
    traps = ['"id":"ap-001', '],"stats":{', "ap-002-node-0", "\\"]
    rows = []
    for i in range(160):
        acct = accounts[i % len(accounts)]
        key = ["account_id", "ACCOUNT_ID", "\\u0061ccount_id", "Account_\u212aid"][i % 4]
        f = {"id": f"f-{i % 37}", "title": traps[i % 4], "resource_id": f"r-{i % 23}",
             "resource_name": traps[(i + 1) % 4] + str(i),
             "resource_type": ["compute", "storage", "network", "database"][i % 4],
             "category": ["NETWORK", "DATA_EXPOSURE", "IDENTITY"][i % 3],
             "severity": ["CRITICAL", "HIGH", "MEDIUM", "LOW"][i % 4],
             "region": ["r1", "r2"][i % 2], "cloud_provider": ["aws", "az<ure>"][i % 2]}
        text = json.dumps(f, ensure_ascii=False)
        if key == "Account_\u212aid":  # folds to "account_kid": no field, account ""
            text = text[:-1] + f', "{key}": {json.dumps(acct)}}}'
        else:
            text = text[:-1] + f', "{key}": {json.dumps(acct)}, "account_id": null}}'
        rows.append(text)
    p = tmp_path / "tricky.jsonl"
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    got, res = run_job(spark, tmp_path, [str(p)], partitions=4)
    want = reference(read_document([str(p)]))
    assert got == want and res.paths > 0


def test_empty_input(spark, tmp_path):
    p = tmp_path / "empty.json"
    p.write_text("[]")
    got, res = run_job(spark, tmp_path, [str(p)])
    assert got == reference(b"[]") and res.paths == 0


@pytest.mark.parametrize("gzip", [False, True])
def test_outputs_jsonl_parquet_stats(spark, tmp_path, corpora, gzip):
    corpus = corpora.path(1500)
    got, res = run_job(spark, tmp_path, [str(corpus)], partitions=4, gzip=gzip)
    assert got == reference(corpus.read_bytes())
    want = paths_of(got)
    out = tmp_path / "out"
    lines = []
    for name in sorted(os.listdir(out / "paths")):
        # no temporary file is left behind
        assert name.endswith(".jsonl.gz" if gzip else ".jsonl"), name
        data = (out / "paths" / name).read_bytes()
        lines += (gz.decompress(data) if gzip else data).splitlines()
    assert [json.loads(x) for x in lines] == want  # name order is result order
    assert (out / "stats.json").read_bytes() == got.rsplit(b',"stats":', 1)[1][:-1]
    rows = spark.read.parquet(str(out / "summaries")).orderBy("number").collect()
    by_id = {p["id"]: p for p in want}
    assert len(rows) == len(want) == res.paths
    assert [r.number for r in rows] == list(range(1, len(want) + 1))
    for r in rows[:: max(1, len(rows) // 200)]:
        p = by_id[r.id]
        assert (r.severity, r.score, r.hop_count) == (p["severity"], p["score"], p["hop_count"])
        assert r.account == p["entry_point"]["account_id"]
        assert r.entry_resource == p["entry_point"]["resource_id"]
        assert r.target_resource == p["target"]["resource_id"]
        assert list(r.finding_ids) == p["finding_ids"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["paths"] == len(want) and summary["findings"] == 1500


def test_a_bad_finding_fails_the_job_with_the_librarys_message(spark, tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"id":"a","account_id":"x"}\n{"id":"b","account_id":"y","severity":7}\n')
    # the message names the input file, the line's byte offset and the account
    with pytest.raises(Exception, match=r'bad\.jsonl, byte 28 \(account .y.\): field "severity"'):
        run_job(spark, tmp_path, [str(p)])
    with pytest.raises(aegispath.SchemaError):
        reference(read_document([str(p)]))


# ---- graph mode ------------------------------------------------------------

def graph_supported() -> bool:
    try:
        aegispath.compute_attack_paths(b"[]", b"[]")
        return True
    except aegispath.AegisError:
        return False


needs_graph = pytest.mark.skipif(not graph_supported(),
                                 reason="this libaegispath has no graph mode (edges option)")


def with_copied_accounts(doc: bytes, every: int) -> bytes:
    """Every ``every``-th account (byte order) gets a copy, "<account>~copy",
    with the same finding ids and resources: in graph mode the copy's chains
    repeat the original's fingerprints, so dedup drops them — but only when
    the two accounts are computed together."""
    findings = json.loads(doc)
    accounts = sorted({f["account_id"] for f in findings}, key=str.encode)
    chosen = set(accounts[3::every])
    copies = [dict(f, account_id=f["account_id"] + "~copy") for f in findings
              if f["account_id"] in chosen]
    return json.dumps(findings + copies).encode()


@needs_graph
@pytest.mark.parametrize("repeat_ids", ["unique", "some accounts share", "all repeat"])
def test_graph_mode_identical(spark, tmp_path, corpora, repeat_ids):
    corpus = corpora.path(1500, edges=True, extra=("-edge-same-account", "0.02", "-edge-typed"))
    edges = corpora.edges_path(corpus)
    doc = corpus.read_bytes()
    if repeat_ids != "unique":  # the dedup set and IN then span accounts: blocks join them
        doc = (with_repeated_ids(doc, 400) if repeat_ids == "all repeat"
               else with_copied_accounts(doc, 60))
        corpus = tmp_path / "dups.json"
        corpus.write_bytes(doc)
    got, res = run_job(spark, tmp_path, [str(corpus)], edges=[str(edges)], partitions=6)
    want = reference(doc, edges.read_bytes())
    assert got == want and res.paths > 0
    assert got != reference(doc)  # graph mode, not the heuristic engine
    if repeat_ids == "unique":
        assert res.blocks == res.accounts
    elif repeat_ids == "some accounts share":
        assert 1 < res.blocks < res.accounts and res.partitions > 1
    else:
        assert res.blocks < res.accounts


@needs_graph
def test_graph_mode_bad_edge_row_fails(spark, tmp_path, corpora):
    corpus = corpora.path(200)
    e = tmp_path / "edges.json"
    e.write_text('[{"source_id":"nowhere","target_id":"else","edge_type":5}]')
    with pytest.raises(Exception, match="edge_type"):
        run_job(spark, tmp_path, [str(corpus)], edges=[str(e)])


# ---- separate executor JVMs --------------------------------------------------

def test_local_cluster_identical(tmp_path, corpora):
    """Two executor JVMs (local-cluster[2,1,2048]): the library is loaded in
    executors' Python workers, the driver only merges."""
    doc = with_repeated_ids(corpora.bytes(1200), 500)
    p = tmp_path / "c.json"
    p.write_bytes(doc)
    single = tmp_path / "r.json"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    proc = subprocess.run(
        [sys.executable, "-m", "aegispath.spark", "--findings", str(p), "--out",
         str(tmp_path / "out"), "--single-json", str(single), "--master",
         "local-cluster[2,1,2048]", "--partitions", "4",
         "--conf", "spark.executor.memory=1g", "--conf", "spark.ui.enabled=false"],
        capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert single.read_bytes() == reference(doc)
    summary = json.loads(proc.stdout)
    assert summary["paths"] == len(paths_of(single.read_bytes()))
