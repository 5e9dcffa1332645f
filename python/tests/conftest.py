"""Shared fixtures: the upstream fixture file and generated corpora."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
UPSTREAM_FIXTURE = REPO.parent / "shared" / "data" / "upstream" / "findings_test.json"


@pytest.fixture(scope="session")
def upstream() -> bytes:
    """The real third-party fixture (200 findings, 548 paths), read from
    ../shared/data next to the repository; tests using it are skipped when it
    is absent (it is not part of the repository)."""
    if not UPSTREAM_FIXTURE.exists():
        pytest.skip(f"upstream fixture absent ({UPSTREAM_FIXTURE}): test skipped")
    return UPSTREAM_FIXTURE.read_bytes()


class CorpusMaker:
    """Generates corpora with the repository's generator (go/cmd/aegis-gen),
    built once per session; same options, same bytes."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self._binary: Path | None = None

    def _gen(self) -> Path:
        if self._binary is None:
            go = shutil.which("go")
            if go is None:
                pytest.skip("Go is not installed: generated corpora unavailable")
            binary = self.workdir / "aegis-gen"
            subprocess.run([go, "build", "-o", str(binary), "./go/cmd/aegis-gen"], cwd=REPO,
                           check=True)
            self._binary = binary
        return self._binary

    def path(self, n: int, *, shape: str = "many-accounts", seed: int = 1,
             ndjson: bool = False, edges: bool = False, extra: tuple[str, ...] = ()) -> Path:
        """The corpus file; with ``edges`` also `<name>.edges.json` beside it."""
        name = f"{shape}-{n}-s{seed}{'-nd' if ndjson else ''}{'-e' if edges else ''}"
        name += "".join(extra).replace("-", "_").replace(".", "_")
        out = self.workdir / (name + (".ndjson" if ndjson else ".json"))
        if not out.exists():
            cmd = [str(self._gen()), "-n", str(n), "-shape", shape, "-seed", str(seed),
                   "-o", str(out), *extra]
            if ndjson:
                cmd.append("-ndjson")
            if edges:
                cmd += ["-edges", str(self.edges_path(out))]
            subprocess.run(cmd, check=True)
        return out

    @staticmethod
    def edges_path(corpus: Path) -> Path:
        return corpus.with_name(corpus.stem + ".edges.json")

    def bytes(self, n: int, **kw) -> bytes:
        return self.path(n, **kw).read_bytes()


@pytest.fixture(scope="session")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> CorpusMaker:
    return CorpusMaker(tmp_path_factory.mktemp("corpora"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("AEGIS_SKIP_SPARK") == "1":
        skip = pytest.mark.skip(reason="AEGIS_SKIP_SPARK=1 (quick run): Spark tests skipped")
        for item in items:
            if "spark" in item.keywords:
                item.add_marker(skip)
