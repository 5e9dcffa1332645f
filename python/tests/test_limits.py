"""The limits of a call through the binding (docs/algorithms.md, "Limits and
truncation"): max_paths, max_result_bytes, timeout_ms and Cancel, on the
one-shot call and the Store, with the exceptions they raise."""

from __future__ import annotations

import json
import threading

import pytest

import aegispath
from aegispath.spark.paths import iter_paths


def slow_doc() -> bytes:
    """One account of 20,000 entries and 20,000 targets on one resource: no
    pair connects, so the call checks 4e8 pairs and makes no path — over a
    second on this machine, far longer than the deadlines below."""
    parts = []
    for i in range(40000):
        kind, category = ("storage", "DATA") if i % 2 else ("compute", "NETWORK")
        parts.append(f'{{"id":"f{i}","resource_type":"{kind}","resource_id":"same",'
                     f'"account_id":"a","severity":"HIGH","category":"{category}"}}')
    return ("[" + ",".join(parts) + "]").encode()


@pytest.fixture(scope="module")
def slow() -> bytes:
    return slow_doc()


def split(result: bytes) -> tuple[list[tuple[int, bytes]], dict]:
    """(number, exact bytes) of every path in result order, and the stats."""
    paths = [(number, raw) for number, _, raw in iter_paths(result)]
    stats = json.loads(result[result.rindex(b',"stats":') + len(b',"stats":'):-1])
    return paths, stats


def stats_of(kept: list[bytes], total_findings: int) -> dict:
    """The stats of a truncated result, recomputed from its kept paths (key order too)."""
    paths = [json.loads(p) for p in kept]
    in_paths = len({fid for p in paths for fid in p["finding_ids"]})
    by_severity = [p["severity"] for p in paths]
    providers: dict[str, int] = {}
    for p in paths:
        providers[p["nodes"][0]["provider"]] = providers.get(p["nodes"][0]["provider"], 0) + 1
    return {
        "total_findings": total_findings, "findings_in_paths": in_paths,
        "isolated_findings": total_findings - in_paths,
        "coverage_percent": in_paths / total_findings * 100 if total_findings else 0,
        "total_paths": len(paths), "critical_paths": by_severity.count("CRITICAL"),
        "high_paths": by_severity.count("HIGH"),
        "medium_paths": len(paths) - by_severity.count("CRITICAL") - by_severity.count("HIGH"),
        "by_provider": dict(sorted(providers.items(), key=lambda kv: kv[0].encode())),
        "truncated": True,
    }


def check_truncation(doc: bytes, edges: bytes | None = None) -> None:
    whole = aegispath.compute_attack_paths(doc, edges)
    paths, stats = split(whole)
    total = len(paths)
    assert total > 100 and "truncated" not in stats
    # a cap at or above the path count changes nothing, byte for byte
    for cap in (0, total, total + 1):
        assert aegispath.compute_attack_paths(doc, edges, max_paths=cap) == whole
    for cap in (1, 7, 100, total // 2, total - 1):
        cut = aegispath.compute_attack_paths(doc, edges, max_paths=cap)
        cut_paths, cut_stats = split(cut)
        # the uncapped result's paths numbered 1..cap, same bytes, same order
        want = [(n, raw) for n, raw in paths if n <= cap]
        assert cut_paths == want, cap
        assert list(cut_stats.items()) == list(stats_of([raw for _, raw in want],
                                                        stats["total_findings"]).items())
        with aegispath.Store(doc, edges, max_paths=cap) as store:
            assert store.path_count == cap and store.truncated
            assert store.paths_json() == cut
    with aegispath.Store(doc, edges) as store:
        assert not store.truncated


def test_max_paths_keeps_a_prefix_in_numbers_upstream(upstream):
    check_truncation(upstream)


def test_max_paths_keeps_a_prefix_in_numbers_generated(corpora):
    check_truncation(corpora.bytes(3000))


def test_max_paths_keeps_a_prefix_in_numbers_graph_mode(corpora):
    doc_path = corpora.path(2000, edges=True)
    check_truncation(doc_path.read_bytes(), corpora.edges_path(doc_path).read_bytes())


def test_max_result_bytes(corpora):
    doc = corpora.bytes(3000)
    whole = aegispath.compute_attack_paths(doc)
    with pytest.raises(aegispath.ResultTooLargeError) as info:
        aegispath.compute_attack_paths(doc, max_result_bytes=len(whole) - 1)
    assert info.value.status is aegispath.Status.RESULT_TOO_LARGE
    assert isinstance(info.value, aegispath.AegisError) and info.value.message
    assert aegispath.compute_attack_paths(doc, max_result_bytes=len(whole)) == whole
    # a store keeps its cap for paths_json; a call may set its own; streams are never capped
    with aegispath.Store(doc, max_result_bytes=len(whole) - 1) as store:
        with pytest.raises(aegispath.ResultTooLargeError):
            store.paths_json()
        with pytest.raises(aegispath.ResultTooLargeError):
            store.paths_json(timeout_ms=60_000)  # the store's cap still applies
        assert store.paths_json(max_result_bytes=0) == whole
        assert store.paths_json(max_result_bytes=len(whole)) == whole
        chunks: list[bytes] = []
        assert store.write_paths(chunks.append) == len(whole)
        assert b"".join(chunks) == whole
    with aegispath.Store(doc) as store:
        with pytest.raises(aegispath.ResultTooLargeError):
            store.paths_json(max_result_bytes=10)


def test_timeout_ms_stops_a_long_call(slow, corpora):
    with pytest.raises(aegispath.TimedOutError) as info:
        aegispath.compute_attack_paths(slow, timeout_ms=20)
    assert info.value.status is aegispath.Status.TIMED_OUT
    assert isinstance(info.value, TimeoutError)
    with pytest.raises(aegispath.TimedOutError):
        aegispath.Store(slow, timeout_ms=20)
    # a deadline the call meets changes nothing
    doc = corpora.bytes(3000)
    assert aegispath.compute_attack_paths(doc, timeout_ms=600_000) == \
        aegispath.compute_attack_paths(doc)


def test_timeout_ms_between_stream_chunks(corpora):
    doc = corpora.bytes(3000)  # a result of more than one 4 MiB chunk
    with aegispath.Store(doc) as store:
        whole = store.paths_json()
        got: list[bytes] = []

        def slow_sink(chunk: bytes) -> None:
            got.append(chunk)
            threading.Event().wait(0.01)  # past the 1 ms deadline before the next chunk

        with pytest.raises(aegispath.TimedOutError):
            store.write_paths(slow_sink, timeout_ms=1)
        assert len(got) >= 1 and whole.startswith(b"".join(got))
        assert len(b"".join(got)) < len(whole)


def test_cancel_from_another_thread_stops_a_running_call(slow):
    with aegispath.Cancel() as cancel:
        failure: list[BaseException] = []

        def run() -> None:
            try:
                aegispath.compute_attack_paths(slow, cancel=cancel)
            except BaseException as exc:
                failure.append(exc)

        worker = threading.Thread(target=run)
        worker.start()
        threading.Event().wait(0.05)  # let the call get going (it runs for seconds)
        cancel.request()
        worker.join(timeout=120)
        assert not worker.is_alive()
        assert len(failure) == 1 and isinstance(failure[0], aegispath.CancelledError)
        assert failure[0].status is aegispath.Status.CANCELLED
        assert cancel.requested
        # a requested handle stops every later call at once, store openings too
        with pytest.raises(aegispath.CancelledError):
            aegispath.compute_attack_paths(b"[]", cancel=cancel)
        with pytest.raises(aegispath.CancelledError):
            aegispath.Store(b"[]", cancel=cancel)
        cancel.request()  # again: harmless


def test_cancel_from_another_thread_stops_a_stream(corpora):
    """Deterministic: the first chunk's callback has another thread request
    the cancel and waits for it; the library checks before the next chunk."""
    doc = corpora.bytes(3000)
    with aegispath.Store(doc) as store, aegispath.Cancel() as cancel:
        whole = store.paths_json()
        got: list[bytes] = []

        def sink(chunk: bytes) -> None:
            got.append(chunk)
            if len(got) == 1:
                canceller = threading.Thread(target=cancel.request)
                canceller.start()
                canceller.join()

        with pytest.raises(aegispath.CancelledError):
            store.write_paths(sink, cancel=cancel)
        assert len(got) == 1 and whole.startswith(got[0]) and len(got[0]) < len(whole)
        with pytest.raises(aegispath.CancelledError):
            store.paths_json(cancel=cancel)
        # the store itself is unharmed
        assert store.paths_json() == whole


def test_cancel_close_waits_for_the_calls_using_it(slow):
    # the mechanism: close() blocks while a call holds the handle
    cancel = aegispath.Cancel()
    cancel._acquire()  # what a call does for its duration
    closer = threading.Thread(target=cancel.close)
    closer.start()
    closer.join(timeout=0.2)
    assert closer.is_alive() and not cancel.closed
    cancel._release()
    closer.join(timeout=60)
    assert not closer.is_alive() and cancel.closed

    # in use: request then close from this thread while another runs a call
    cancel = aegispath.Cancel()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            aegispath.compute_attack_paths(slow, cancel=cancel)
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    while worker.is_alive() and cancel._users == 0:  # until the call holds the handle
        threading.Event().wait(0.001)
    cancel.request()
    cancel.close()
    assert cancel.closed
    worker.join(timeout=120)
    assert len(failure) == 1 and isinstance(failure[0], aegispath.CancelledError)
    with pytest.raises(ValueError, match="closed"):
        aegispath.compute_attack_paths(b"[]", cancel=cancel)
    cancel.request()  # after close: does nothing
    cancel.close()  # twice: fine


@pytest.mark.parametrize("options, error", [
    ({"max_paths": -1}, ValueError),
    ({"max_paths": 1 << 64}, ValueError),
    ({"max_result_bytes": 1.5}, ValueError),
    ({"timeout_ms": -5}, ValueError),
    ({"timeout_ms": True}, ValueError),
    ({"cancel": object()}, TypeError),
])
def test_bad_limit_arguments(options, error):
    with pytest.raises(error):
        aegispath.compute_attack_paths(b"[]", **options)
    with pytest.raises(error):
        aegispath.Store(b"[]", **options)
