"""aegispath.Store: pages, lookups, stats, streaming, lifetime."""

from __future__ import annotations

import io
import json
import threading

import pytest

import aegispath


@pytest.fixture()
def store(upstream):
    with aegispath.Store(upstream) as s:
        yield s


def test_counts_and_stats(store, upstream):
    assert store.finding_count == 200
    assert store.path_count == 548
    assert store.stats() == aegispath.compute_attack_paths(upstream).rsplit(b',"stats":', 1)[1][:-1]


def test_whole_result_three_ways(store, upstream):
    want = aegispath.compute_attack_paths(upstream)
    assert store.paths_json() == want
    buf = io.BytesIO()
    assert store.write_paths(buf) == len(want)
    assert buf.getvalue() == want
    chunks: list[bytes] = []
    assert store.write_paths(chunks.append) == len(want)
    assert b"".join(chunks) == want


def test_large_result_streams_in_bounded_chunks(corpora):
    doc = corpora.bytes(6000)
    sizes: list[int] = []
    digest = bytearray()
    with aegispath.Store(doc) as s:
        total = s.write_paths(lambda chunk: (sizes.append(len(chunk)), digest.extend(chunk[:1])))
    assert total == sum(sizes) and len(sizes) > 2
    assert max(sizes) <= 5 << 20  # "at most about 4 MiB" per chunk


class Trickle(io.RawIOBase):
    """A raw file that takes at most 1000 bytes per write, as raw files may."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        n = min(len(b), 1000)
        self.data += bytes(b[:n])
        return n


def test_partial_writes_are_completed(store):
    out = Trickle()
    store.write_paths(out)
    assert bytes(out.data) == store.paths_json()


def test_writer_exception_propagates_and_store_stays_usable(store):
    class Boom(Exception):
        pass

    def fail(_chunk: bytes) -> None:
        raise Boom("disk full")

    with pytest.raises(Boom, match="disk full"):
        store.write_paths(fail)
    assert store.path_count == 548
    with pytest.raises(TypeError):
        store.write_paths(42)  # type: ignore[arg-type]


def test_paths_pages_and_lookup(store):
    page = json.loads(store.list_paths(page=2, per_page=10))
    assert page["page"] == 2 and page["per_page"] == 10 and page["total"] == 548
    assert page["total_pages"] == 55 and len(page["data"]) == 10
    first = page["data"][0]
    assert json.loads(store.get_path(first["id"])) == first
    assert store.get_path(first["id"].encode()) == store.get_path(first["id"])
    clamped = json.loads(store.list_paths(page=0, per_page=1000))
    assert clamped["page"] == 1 and clamped["per_page"] == 20
    last = json.loads(store.list_paths(page=10**6, per_page=100))
    assert last["page"] == 6 and len(last["data"]) == 48
    with pytest.raises(aegispath.NotFoundError) as info:
        store.get_path("ap-9999")
    assert info.value.status is aegispath.Status.NOT_FOUND
    with pytest.raises(aegispath.NotFoundError):
        store.get_path("ap-1")  # only the canonical spelling names a path
    assert isinstance(info.value, LookupError)


def test_findings_pages_filters_and_lookup(store, upstream):
    every = json.loads(aegispath.load_and_serialize_findings(upstream))
    page = json.loads(store.list_findings(page=1, per_page=200))
    assert page["data"] == every and page["total"] == 200
    high = json.loads(store.list_findings(severity="high", per_page=200))
    assert high["data"] == [f for f in every if f["severity"].lower() == "high"]
    aws_open = json.loads(store.list_findings(provider="AWS", status="open", per_page=200))
    assert aws_open["data"] == [f for f in every if f["cloud_provider"].lower() == "aws"
                                and f["status"].lower() == "open"]
    category = every[3]["category"]
    by_category = json.loads(store.list_findings(category=category.upper(), per_page=200))
    assert by_category["data"] == [f for f in every if f["category"].lower() == category.lower()]
    assert 0 < by_category["total"] < 200
    assert json.loads(store.list_findings(per_page=500))["per_page"] == 50
    one = every[17]
    assert json.loads(store.get_finding(one["id"])) == one
    with pytest.raises(aegispath.NotFoundError):
        store.get_finding("no-such-finding")


def test_integrity_hash(upstream):
    # the vectors of docs/input.md ("Integrity hash")
    vectors = {"f-14868": "a2c9915465703de7496baa39e9417ad629e5f75552c19f921b65b8554788c2e5",
               "f-00001": "817a7f4a9fbc2f32c49645f57494d22a6526614efd1923c1508b795656e3f334"}
    with aegispath.Store(upstream, integrity_hash=True) as s:
        for fid, digest in vectors.items():
            assert json.loads(s.get_finding(fid))["integrity_hash"] == digest
    with aegispath.Store(upstream) as s:
        assert "integrity_hash" not in json.loads(s.get_finding("f-14868"))


def test_open_errors():
    with pytest.raises(aegispath.SchemaError):
        aegispath.Store(b"[1]")
    with pytest.raises(aegispath.TooLargeError):
        aegispath.Store(b"[]  ", max_input_bytes=2)


def test_close_is_idempotent_and_final(upstream):
    s = aegispath.Store.open(upstream)
    assert not s.closed
    s.close()
    s.close()
    assert s.closed
    with pytest.raises(ValueError, match="closed"):
        s.path_count
    with pytest.raises(ValueError, match="closed"):
        s.write_paths(io.BytesIO())


def test_concurrent_queries_and_close(upstream):
    s = aegispath.Store(upstream)
    want = s.paths_json()
    errors: list[BaseException] = []
    started = threading.Barrier(5)

    def reader() -> None:
        started.wait()
        try:
            for _ in range(20):
                assert s.paths_json() == want
        except ValueError as exc:  # closed under us: allowed, but only that
            if "closed" not in str(exc):
                errors.append(exc)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    started.wait()
    s.close()  # waits for running queries, never frees under them
    for t in threads:
        t.join()
    assert not errors


def test_analysis_when_the_library_has_it(store):
    if not store.has_analysis:
        with pytest.raises(NotImplementedError):
            store.analysis("ap-001")
        pytest.skip("this libaegispath has no aegis_store_path_analysis")
    doc = json.loads(store.analysis("ap-001"))
    assert doc
    with pytest.raises(aegispath.NotFoundError):
        store.analysis("ap-9999")
