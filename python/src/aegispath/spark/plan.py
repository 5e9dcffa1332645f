"""The sharding plan (accounts -> blocks -> partitions) and the stats merge.

Exactness rests on three facts of the algorithm (docs/algorithms.md):

1. Paths never cross accounts, and accounts are visited in byte order of
   account_id; so computing a contiguous run of accounts alone yields the
   same chains, in the same order, as the whole document — provided nothing
   carries over between accounts.
2. In the heuristic engine nothing carries over. In graph mode the dedup set
   and IN span all accounts, but they hold finding ids: they can carry over
   only between accounts that share a finding id. A *block* is therefore a
   contiguous run of accounts closed under sharing ids (usually one account);
   blocks are independent, and each is computed in one library call.
3. Numbering is one counter in account order, so a block's paths are numbered
   offset+1..offset+count, offset = the paths of all earlier blocks; the
   result order is a stable sort by (rank, score) descending, i.e. for each
   (rank, score) bucket the paths in number order (paths.sort_bucket).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from .gojson import go_float, go_string


def make_blocks(accounts: Sequence[bytes], shared: Iterable[Sequence[bytes]],
                join_sharing: bool) -> list[int]:
    """The block index of each account (accounts in byte order).

    ``shared`` lists, for each finding id that occurs in several accounts,
    those accounts. With ``join_sharing`` (graph mode) accounts linked by
    shared ids, and every account between them, form one block; otherwise
    every account is its own block.
    """
    n = len(accounts)
    if not join_sharing:
        return list(range(n))
    index = {a: i for i, a in enumerate(accounts)}
    # reach[i]: the last account that account i must share a block with
    reach = list(range(n))
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for group in shared:
        members = [index[a] for a in group]
        root = find(members[0])
        for m in members[1:]:
            other = find(m)
            if other != root:
                parent[other] = root
    lo: dict[int, int] = {}
    hi: dict[int, int] = {}
    for i in range(n):
        r = find(i)
        lo[r] = min(lo.get(r, i), i)
        hi[r] = max(hi.get(r, i), i)
    for r in lo:
        reach[lo[r]] = max(reach[lo[r]], hi[r])
    blocks, block, until = [], -1, -1
    for i in range(n):
        if i > until:
            block += 1
        until = max(until, reach[i])
        blocks.append(block)
    return blocks


def assign_partitions(costs: Sequence[float], partitions: int) -> list[int]:
    """The partition of each block: contiguous runs of blocks in order, cut so
    that each of ``partitions`` holds about the same cost (a block costlier
    than a share gets a partition of its own; some may stay empty)."""
    if not costs:
        return []
    partitions = max(1, partitions)
    total = float(sum(costs)) or 1.0
    out, before = [], 0.0
    for c in costs:
        # a block goes where its cost midpoint falls: monotone, so runs stay contiguous
        out.append(min(partitions - 1, int(partitions * (before + c / 2) / total)))
        before += c
    return out


def block_cost(finding_counts: Iterable[int]) -> float:
    """Relative work of a block: pairs of findings dominate (entries x targets)."""
    return float(sum(n * n + 64 * n for n in finding_counts))


def merge_stats(block_stats: Iterable[dict], overlap: int) -> bytes:
    """The stats object of the whole result from the blocks' stats objects.

    ``overlap`` corrects findings_in_paths, which counts distinct ids over
    all accounts: the sum over blocks counts an id once per block in whose
    paths it occurs, so overlap = sum over shared ids of (blocks - 1).
    """
    total = in_paths = paths = critical = high = medium = 0
    providers: dict[str, int] = {}
    for s in block_stats:
        total += s["total_findings"]
        in_paths += s["findings_in_paths"]
        paths += s["total_paths"]
        critical += s["critical_paths"]
        high += s["high_paths"]
        medium += s["medium_paths"]
        for k, v in s["by_provider"].items():
            providers[k] = providers.get(k, 0) + v
    in_paths -= overlap
    coverage = 0.0 if total == 0 else in_paths / total * 100
    by_provider = ",".join(f"{go_string(k)}:{providers[k]}"
                           for k in sorted(providers, key=lambda k: k.encode()))
    text = (f'{{"total_findings":{total},"findings_in_paths":{in_paths},'
            f'"isolated_findings":{total - in_paths},"coverage_percent":{go_float(coverage)},'
            f'"total_paths":{paths},"critical_paths":{critical},"high_paths":{high},'
            f'"medium_paths":{medium},"by_provider":{{{by_provider}}}}}')
    return text.encode()


def overlap_of(occurrences: Iterable[tuple[str, int]]) -> int:
    """sum over ids of (distinct blocks whose paths hold the id) - 1."""
    blocks: dict[str, set[int]] = {}
    for fid, block in occurrences:
        blocks.setdefault(fid, set()).add(block)
    return sum(len(b) - 1 for b in blocks.values())


def parse_stats(raw: bytes) -> dict:
    return json.loads(raw)
