"""The Spark job's pure-Python parts, checked against the library (no Spark)."""

from __future__ import annotations

import io
import json
import random

import pytest

import aegispath
from aegispath.spark import gojson, inputs, paths, plan
from aegispath.spark.job import write_single_json

# ---- reading fields as the library does ------------------------------------


def fields(text: str) -> dict[str, str]:
    return gojson.string_fields(json.loads(text), text, gojson.ROUTING_FIELDS)


@pytest.mark.parametrize("text, account", [
    ('{"account_id":"a"}', "a"),
    ('{"ACCOUNT_ID":"a"}', "a"),
    ('{"Account_Id":"a","account_id":"b"}', "b"),
    ('{"account_id":"b","Account_Id":"a"}', "a"),
    ('{"account_id":"a","ACCOUNT_ID":"c","account_id":"b"}', "b"),  # document order
    ('{"account_id":"a","account_id":null}', "a"),                  # null leaves it
    ('{"account_id":null}', ""),
    ('{}', ""),
    ('{"\\u0061ccount_id":"esc"}', "esc"),
    ('{"account_\\u0130d":"no"}', ""),      # İ does not fold to i (Go, the library)
    ('{"account_id":"\\ud800x"}', "\ufffdx"),  # lone surrogate -> U+FFFD
    ('{"account_id":"\\ud83d\\ude00"}', "\U0001F600"),
])
def test_account_id_as_the_library_reads_it(text, account):
    assert fields(text)["account_id"] == account


def test_folded_runes():
    assert gojson.fold_key("RESOURCE_\u212aEY") == "resource_key"
    assert gojson.fold_key("\u017fource_id") == "source_id"
    assert gojson.fold_key("\u0130d") is None
    text = '{"\u017fource_id":"s","target_id":"t"}'
    assert gojson.string_fields(json.loads(text), text, gojson.EDGE_FIELDS) == \
        {"source_id": "s", "target_id": "t"}


@pytest.mark.parametrize("value", ["5", "1.5", "true", "{}", '{"a":1}', "[]", '["x"]'])
def test_wrong_type_is_the_librarys_error(value):
    text = '{"account_id":' + value + "}"
    with pytest.raises(aegispath.SchemaError) as lib:
        aegispath.compute_attack_paths(("[" + text + "]").encode())
    with pytest.raises(gojson.FieldTypeError) as ours:
        fields(text)
    assert lib.value.message == "finding 0: " + str(ours.value)


def test_routing_fields_agree_with_the_library():
    """Group findings under tricky key spellings; the library's own grouping
    (account_id in the re-encoded findings) must match ours."""
    docs = [
        '{"id":"1","account_id":"a","ACCOUNT_ID":"b"}',
        '{"id":"2","Account_ID":"x","account_id":null}',
        '{"ID":"3","account_\u212aid":"no","account_id":"c"}',
        '{"id":"4","\\u0061ccount_id":"d\\u003c"}',
        '{"id":"5","account_id":"\\ud800"}',
    ]
    canon = json.loads(aegispath.load_and_serialize_findings(("[" + ",".join(docs) + "]").encode()))
    for text, f in zip(docs, canon):
        got = fields(text)
        assert got["account_id"] == f["account_id"] and got["id"] == f["id"], text


# ---- Go's output format -----------------------------------------------------

@pytest.mark.parametrize("x, want", [
    (0.0, "0"), (-0.0, "-0"), (77.5, "77.5"), (100.0, "100"), (1e-7, "1e-7"),
    (1.5e-10, "1.5e-10"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
    (1e-6, "0.000001"), (2.5e-6, "0.0000025"), (5e-324, "5e-324"),
    (33.33333333333333, "33.33333333333333"),
])
def test_go_float(x, want):  # expectations from Go's encoding/json
    assert gojson.go_float(x) == want


def test_go_string():
    assert gojson.go_string('a<b>&\u2028\u2029"\\\n\x01\x7f\u00e9\b\f') == \
        '"a\\u003cb\\u003e\\u0026\\u2028\\u2029\\"\\\\\\n\\u0001\x7f\u00e9\\b\\f"'


# ---- cutting and renumbering results ---------------------------------------

def nasty_findings() -> bytes:
    """Two accounts whose user strings imitate path structure."""
    traps = ['x","id":"ap-001', '"id":"ap-002-node-0', "ap-001", '{"id":"ap-003","title":"',
             '],"stats":{', '\\","source":"ap-001-node-0', "<&>\u2028", "\n\t"]
    out = []
    for i in range(24):
        t = traps[i % len(traps)]
        out.append({
            "id": f"f-{i}", "account_id": ["acct-<a>", "acct-\u00e9"][i % 2],
            "title": t, "resource_id": f"r-{i}", "resource_name": t + str(i),
            "resource_type": ["compute", "storage", "network"][i % 3],
            "category": ["NETWORK", "DATA_EXPOSURE", "MISCONFIGURATION"][i % 3],
            "severity": ["CRITICAL", "HIGH", "MEDIUM"][i % 3], "region": "r1",
            "cloud_provider": t, "mitre_tactics": [t],
        })
    return json.dumps(out).encode()


def test_splitter_any_chunking_gives_the_paths():
    result = aegispath.compute_attack_paths(nasty_findings())
    doc = json.loads(result)
    assert doc["paths"]
    want = [json.dumps(p, separators=(",", ":"), ensure_ascii=False) for p in doc["paths"]]
    rng = random.Random(7)
    for _ in range(30):
        s = paths.ResultSplitter()
        got = []
        pos = 0
        while pos < len(result):
            n = rng.choice([1, 2, 7, 100, 5000])
            got += s.feed(result[pos:pos + n])
            pos += n
        last, stats = s.finish()
        got += last
        assert [json.loads(p) for _, _, p in got] == doc["paths"]
        assert [n for n, _, _ in got] == [int(p["id"][3:]) for p in doc["paths"]]
        assert json.loads(stats) == doc["stats"]
        assert len(got) == len(want)
    empty = paths.ResultSplitter()
    assert empty.feed(aegispath.compute_attack_paths(b"[]")) == []
    assert empty.finish()[0] == []


def test_renumber_and_summary_on_traps():
    result = aegispath.compute_attack_paths(nasty_findings())
    assert b'\\"id\\":\\"ap-' in result and b'"resource_name":"ap-001' in result  # traps
    for number, digits, raw in paths.iter_paths(result):
        p = json.loads(raw)
        new = number + 12345
        moved = json.loads(paths.renumber(raw, digits, b"%03d" % new))
        # exactly the ids change, everything else (the traps) stays
        old_id, new_id = p["id"], f"ap-{new:03d}"

        def move(s: str) -> str:
            assert s == old_id or s.startswith(old_id + "-")
            return new_id + s[len(old_id):]

        expect = json.loads(raw)
        expect["id"] = move(expect["id"])
        for node in [expect["entry_point"], expect["target"], *expect["nodes"]]:
            node["id"] = move(node["id"])
        for edge in expect["edges"]:
            for k in ("id", "source", "target"):
                edge[k] = move(edge[k])
        assert moved == expect
        row, bucket = paths.summarize(raw, number)
        assert row == paths._summarize_slow(raw, number)[0]
        assert row.account == p["entry_point"]["account_id"]
        assert row.finding_ids == p["finding_ids"]
        assert bucket == paths.sort_bucket(p["severity"], p["score"])


def test_sort_bucket_order():
    assert paths.sort_bucket("CRITICAL", 100) == 0
    assert paths.sort_bucket("critical", 75) < paths.sort_bucket("HIGH", 100)
    assert paths.sort_bucket("h\u0131gh", 50) == paths.sort_bucket("HIGH", 50)
    assert paths.sort_bucket("weird", 0) == paths.BUCKETS - 1
    with pytest.raises(ValueError):
        paths.sort_bucket("HIGH", 101)


# ---- plan and stats ---------------------------------------------------------

def test_blocks_join_sharing_accounts_and_what_lies_between():
    accts = [b"a", b"b", b"c", b"d", b"e"]
    assert plan.make_blocks(accts, [[b"b", b"d"]], False) == [0, 1, 2, 3, 4]
    assert plan.make_blocks(accts, [[b"b", b"d"]], True) == [0, 1, 1, 1, 2]
    assert plan.make_blocks(accts, [[b"a", b"b"], [b"d", b"e"]], True) == [0, 0, 1, 2, 2]
    assert plan.make_blocks(accts, [[b"a", b"c"], [b"b", b"e"]], True) == [0, 0, 0, 0, 0]


def test_partitions_are_contiguous_and_balanced():
    costs = [1.0] * 100
    parts = plan.assign_partitions(costs, 4)
    assert parts == sorted(parts) and set(parts) == {0, 1, 2, 3}
    assert max(parts.count(p) for p in range(4)) <= 26
    big = plan.assign_partitions([1, 1, 1000, 1, 1], 3)
    assert big == sorted(big) and big.count(big[2]) <= 3
    assert plan.assign_partitions([], 4) == []


def test_merged_stats_equal_the_librarys(corpora):
    doc = json.loads(corpora.bytes(3000))
    by_account: dict[str, list] = {}
    for f in doc:
        by_account.setdefault(f["account_id"], []).append(f)
    stats = []
    for acct in sorted(by_account, key=str.encode):
        r = json.loads(aegispath.compute_attack_paths(json.dumps(by_account[acct]).encode()))
        stats.append(r["stats"])
    whole = aegispath.compute_attack_paths(json.dumps(doc).encode())
    assert plan.merge_stats(stats, 0) == whole.rsplit(b',"stats":', 1)[1][:-1]


def test_overlap_counts_extra_blocks_per_id():
    assert plan.overlap_of([("x", 1), ("x", 2), ("x", 2), ("y", 3)]) == 1
    assert plan.overlap_of([]) == 0


def test_single_json_from_parts(tmp_path):
    (tmp_path / "part-b000-p00001.jsonl").write_bytes(b'{"b":1}\n')
    (tmp_path / "part-b000-p00000.jsonl").write_bytes(b'{"a":1}\n{"a":2}\n')
    (tmp_path / "part-b001-p00000.jsonl").write_bytes(b'{"c":1}\n')
    out = io.BytesIO()
    n = write_single_json(str(tmp_path), b"{}", out, chunk_bytes=3)
    assert out.getvalue() == b'{"paths":[{"a":1},{"a":2},{"b":1},{"c":1}],"stats":{}}'
    assert n == len(out.getvalue())
    empty = tmp_path / "empty"
    empty.mkdir()
    out = io.BytesIO()
    write_single_json(str(empty), b"{}", out)
    assert out.getvalue() == b'{"paths":[],"stats":{}}'


# ---- reading files ------------------------------------------------------------

def read_all(files: list[str], split_bytes: int) -> list[tuple]:
    rows = []
    for split in inputs.plan_splits(files, split_bytes):
        rows.extend(inputs.read_findings(split))
    return rows


def test_array_and_lines_read_the_same_records(tmp_path, corpora):
    arr = corpora.path(300)
    nd = corpora.path(300, ndjson=True)
    a = read_all([str(arr)], 1 << 30)
    for split_bytes in (1, 97, 4096, 1 << 30):
        b = read_all([str(nd)], split_bytes)
        assert [r[3] for r in b] == [r[3] for r in a]
        assert [r[0] for r in b] == [r[0] for r in a]
        positions = [(r[1], r[2]) for r in b]
        assert positions == sorted(positions)
    assert inputs.read_document([str(nd)]) == \
        b"[" + b",".join(r[3] for r in a) + b"]"


def test_array_streaming_in_tiny_chunks(tmp_path):
    doc = nasty_findings()
    p = tmp_path / "a.json"
    p.write_bytes(b" \n" + doc + b"\n ")
    want = [json.dumps(f, separators=(", ", ": ")) for f in json.loads(doc)]
    for chunk in (1, 3, 64, 1 << 20):
        got = [text for _, text, _ in inputs._array_elements(str(p), chunk_bytes=chunk)]
        assert [json.loads(t) for t in got] == [json.loads(t) for t in want]


@pytest.mark.parametrize("content, message", [
    (b"[{}", "end of file"),
    (b"[{},]", "malformed"),
    (b"[{}] x", "after the end"),
    (b"[{} {}]", "expected ','"),
    (b"[1]", "not a JSON object"),
    (b'[{"a":NaN}]', "malformed"),
    (b'[{"a":"\xff"}]', "UTF-8"),
    (b"\xef\xbb\xbf[]", "neither"),
    (b'[{"account_id":1}]', "account_id"),
])
def test_bad_array_files(tmp_path, content, message):
    p = tmp_path / "bad.json"
    p.write_bytes(content)
    with pytest.raises(inputs.InputError, match=message):
        read_all([str(p)], 1 << 20)


@pytest.mark.parametrize("content, message", [
    (b'{"id":"a"}\n{"id":\n', "malformed"),
    (b'{"id":"a"}\n[1]\n', "not a JSON object"),
    (b'{"id":"\xc3"}\n', "UTF-8"),
])
def test_bad_lines_files(tmp_path, content, message):
    p = tmp_path / "bad.jsonl"
    p.write_bytes(content)
    with pytest.raises(inputs.InputError, match=message):
        read_all([str(p)], 1 << 20)


def test_deep_nesting_in_unknown_keys_is_read(tmp_path):
    deep = '{"id":"x","account_id":"a","junk":' + "[" * 5000 + "]" * 5000 + "}"
    p = tmp_path / "deep.json"
    p.write_text("[" + deep + "]")
    (row,) = read_all([str(p)], 1 << 20)
    assert row[0] == b"a"
    aegispath.compute_attack_paths(b"[" + row[3] + b"]")  # the library agrees it is valid


def test_directories_list_in_name_order(tmp_path):
    for name in ("b.json", "a.jsonl", "_SUCCESS", ".hidden", "c.json"):
        (tmp_path / name).write_text("[]" if name.endswith(".json") else "")
    assert [p.rsplit("/", 1)[1] for p in inputs.list_files([str(tmp_path)])] == \
        ["a.jsonl", "b.json", "c.json"]
    with pytest.raises(inputs.InputError, match="no such file"):
        inputs.list_files([str(tmp_path / "missing")])


@pytest.mark.parametrize("array", [b"[]", b'["a"]', b'["a","b"]', b'["a\\"","b"]', b'[""]',
                                   b'["",""]', b'["\\u003c","x"]', '["é","ü"]'.encode()])
def test_string_arrays(array):
    assert paths._strings(array) == json.loads(array)
