"""`headcheck eval --engine dask`: on a local cluster of two worker processes, the same report
as the single-process streaming path over a partitioned Parquet dataset."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("dask.dataframe", reason="--engine dask needs dask[dataframe]")
distributed = pytest.importorskip("distributed", reason="--engine dask needs distributed")
pa = pytest.importorskip("pyarrow", reason="--engine dask reads Parquet with pyarrow")
pq = pytest.importorskip("pyarrow.parquet", reason="--engine dask reads Parquet with pyarrow")
skm = pytest.importorskip("sklearn.metrics")

from headcheck.cli import main  # noqa: E402
from headcheck.evaluation._dask_engine import dask_evaluate, open_dataset  # noqa: E402
from headcheck.evaluation._outofcore import stream_evaluate  # noqa: E402
from headcheck.evaluation._sizes import Budget  # noqa: E402
from headcheck.evaluation._stream import open_inputs  # noqa: E402
from test_eval_outofcore import approx  # noqa: E402

#: small enough for a few ranges per pass (and several passes), large enough to stay quick
BUDGET = Budget(chunk_rows=3000, group_bytes=300_000, slice_rows=500)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, np.ndarray]]:
    root = tmp_path_factory.mktemp("dask") / "scores"
    root.mkdir()
    rng = np.random.default_rng(11)
    n = 24_000
    y = rng.integers(0, 2, n).astype(np.int8)
    s = np.round(rng.normal(size=n) + y, 2).astype(np.float32)  # logits with ties
    w = rng.random(n)
    table = pa.table({"score": s, "label": y, "w": w})
    for i, start in enumerate(range(0, n, 2000)):  # 12 files, natural order part-2 < part-10
        pq.write_table(table.slice(start, 2000), root / f"part-{i}.parquet", row_group_size=700)
    return root, {"y": y, "s": s, "w": w}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard": False, "dashboard_address": ":0"},
    ) as local:
        yield local


def metrics(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "out_of_core"}


@pytest.mark.parametrize("weights", [None, "w"])
def test_two_workers_give_the_single_process_report(
    dataset: tuple[Path, dict[str, np.ndarray]], cluster: Any, weights: str | None
) -> None:
    root, arrays = dataset
    spec = None if weights is None else f"{root}:{weights}"
    single = stream_evaluate(
        open_inputs(f"{root}:score", f"{root}:label", spec), budget=BUDGET
    ).to_dict()
    report = dask_evaluate(
        open_dataset(f"{root}:score", f"{root}:label", spec),
        scheduler=cluster.scheduler_address,
        budget=BUDGET,
    )
    distributed_ = report.to_dict()
    assert report.engine == "dask" and report.passes > 2
    one, two = single["metrics"], distributed_["metrics"]
    assert approx(metrics(distributed_), metrics(single)) == []
    if weights is None:  # integer counts: identical
        assert two["roc_auc"] == one["roc_auc"]
        assert two["thresholds"] == one["thresholds"]
        assert two["confusion_matrix"] == one["confusion_matrix"]
        assert two["average_precision"] == pytest.approx(one["average_precision"], abs=1e-12)
    else:
        assert two["roc_auc"] == pytest.approx(one["roc_auc"], abs=1e-12)
        assert two["average_precision"] == pytest.approx(one["average_precision"], abs=1e-12)
        for a, b in zip(one["thresholds"], two["thresholds"], strict=True):
            assert a["threshold"] == b["threshold"]
    w = None if weights is None else arrays["w"]
    assert two["roc_auc"] == pytest.approx(
        skm.roc_auc_score(arrays["y"], arrays["s"], sample_weight=w), abs=1e-12
    )
    assert distributed_["analysis"] == single["analysis"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", *args])
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 1), out, err


def test_cli_starts_a_local_cluster_and_matches_streaming(
    capsys: pytest.CaptureFixture[str], dataset: tuple[Path, dict[str, np.ndarray]]
) -> None:
    root, _ = dataset
    code, out, err = run(capsys, f"{root}:score", f"{root}:label", "--format", "json")
    assert code == 0, err
    streamed = json.loads(out)
    code, out, err = run(
        capsys, f"{root}:score", f"{root}:label", "--engine", "dask", "--format", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["out_of_core"]["engine"] == "dask"
    assert data["metrics"]["roc_auc"] == streamed["metrics"]["roc_auc"]
    assert data["metrics"]["thresholds"] == streamed["metrics"]["thresholds"]


def test_unreachable_scheduler_and_split_inputs_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], dataset: tuple[Path, dict[str, np.ndarray]], tmp_path: Path
) -> None:
    import dask

    root, arrays = dataset
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code, _, err = run(
            capsys, f"{root}:score", f"{root}:label", "--scheduler", "tcp://127.0.0.1:9"
        )
    assert code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    np.save(tmp_path / "y.npy", arrays["y"])
    code, _, err = run(capsys, f"{root}:score", str(tmp_path / "y.npy"), "--engine", "dask")
    assert code == 2 and "columns of one Parquet dataset" in err
