"""headcheck.evaluate and `headcheck eval`: the seeds, bad input, JSON and the HTML report."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import headcheck
from headcheck.cli import cli
from headcheck.demo._cases import seed_array

HEADCHECK = [sys.executable, "-m", "headcheck.cli"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HEADCHECK, *args], capture_output=True, text=True, check=False)


# -- seeds ----------------------------------------------------------------------------------


def test_seed000_outputs_are_not_sigmoid_probabilities_and_thresholds_are_counted() -> None:
    logits = seed_array("seed000_logits.csv")
    report = headcheck.evaluate(None, logits)
    assert report.inference.kind == "logits"
    assert report.prepared.cut == 0.0
    text = " ".join(report.analysis)
    assert "not probabilities of a trained sigmoid" in text
    above_half = int(np.sum(logits > 0.5))
    assert f"Threshold 0.5 calls {above_half} of 96" in text
    assert "threshold 0.0 calls 96 of 96" in text


def test_seed002_multilabel_logits_half_versus_zero_and_exact_match() -> None:
    y = [[0, 0, 0], [0, 1, 1]]
    z = [[-0.1, -0.1, -0.1], [0.1, 0.1, 0.1]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = headcheck.evaluate(y, z)
    assert report.task == "multilabel" and report.inference.kind == "logits"
    assert report.multilabel is not None
    assert round(report.multilabel.hamming_accuracy, 4) == 0.8333
    assert report.multilabel.exact_match == 0.5
    assert (
        "these logits give per-label accuracy 0.6667; at 0.0, the right threshold for logits, "
        "0.8333" in " ".join(report.analysis)
    )
    told = {(t.reported.target, t.reported.backend): t for t in report.told}
    assert round(told[("torchmetrics", None)].reported.value or 0, 4) == 0.8333
    # scikit-learn's accuracy_score on multi-label classes is subset accuracy, as it says
    from sklearn.metrics import accuracy_score

    subset = accuracy_score(np.array(y), (np.array(z) > 0).astype(int))
    assert f"subset (exact-match) accuracy, {subset:.4f}" in told[("sklearn", None)].difference
    # what Keras would say with an explicit BinaryAccuracy() (threshold 0.5) on these logits:
    binary = headcheck.resolve_metric(
        "binary_accuracy", target="keras3", y_true_shape=(2, 3), y_pred_shape=(2, 3)
    )
    assert round(binary.compute(np.array(y, float), np.array(z)), 4) == 0.6667
    data = report.to_dict()
    assert data["metrics"]["exact_match_accuracy"] == 0.5
    assert "not a multi-label accuracy" in told[("keras3", "tensorflow")].difference


def seed003() -> tuple[np.ndarray, np.ndarray]:
    positives = np.linspace(0.0, 0.15, 10)
    negatives = np.r_[np.linspace(0.01, 0.14, 7), 0.51, 0.74, 0.79]
    return np.r_[np.ones(10), np.zeros(10)], np.r_[positives, negatives]


def test_seed003_external_set_ranking_is_inverted_and_threshold_effects_are_said() -> None:
    from sklearn.metrics import roc_auc_score

    y, p = seed003()
    report = headcheck.evaluate(y, p)
    auc = roc_auc_score(y, p)
    assert auc < 0.5
    assert report.binary is not None and abs(report.binary.roc_auc - auc) < 1e-12
    text = " ".join(report.analysis)
    assert f"ROC AUC on this set is {auc:.4f}, below 0.5: the ranking is inverted" in text
    assert "The 3 highest-scored samples are all negatives" in text
    assert "0 true positives, 3 false positives, accuracy 0.3500" in text
    assert "Catching all 10 positives needs a threshold at or below 0" in text
    assert report.binary.tp == 0 and report.binary.fp == 3


# -- the frameworks -------------------------------------------------------------------------


def test_logits_thresholded_at_half_are_explained_with_counts() -> None:
    y = np.array([1, 1, 0, 1, 0])
    z = np.array([0.3, 2.0, -1.0, 0.1, -0.2])
    report = headcheck.evaluate(y, z)
    assert report.correct_accuracy == 1.0
    told = {(t.reported.target, t.reported.backend): t for t in report.told}
    keras3 = told[("keras3", "tensorflow")]
    assert keras3.reported.value == pytest.approx(0.6)
    assert "the 2 outputs between 0 and 0.5 were counted as class 0" in keras3.difference
    assert "refuses raw scores" in told[("sklearn", None)].difference


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preds", "labels", "message"),
    [
        ([0.1, float("nan")], [0, 1], "NaN"),
        ([0.1, float("inf")], [0, 1], "infinite"),
        ([0.1, 0.2, 0.3], [0, 1], "3 rows but y_true has 2"),
        ([], [], "empty"),
        (np.zeros((2, 2, 2)), [0, 1], "expected (samples,) or (samples, columns)"),
        ([[0.2, 0.8], [0.5, 0.5]], [0, 2], "class 2"),
        ([0.2, 0.4], [0.5, 0.7], "not whole numbers"),
    ],
)
def test_bad_input_raises_input_error(preds: object, labels: object, message: str) -> None:
    with pytest.raises(headcheck.InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        headcheck.evaluate(labels, preds)


def test_single_class_gives_a_warned_nan_auc() -> None:
    with pytest.warns(headcheck.UndefinedMetricWarning, match="one class"):
        report = headcheck.evaluate([1, 1, 1], [0.2, 0.7, 0.9])
    assert report.binary is not None and np.isnan(report.binary.roc_auc)
    assert report.to_dict()["metrics"]["roc_auc"] is None


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    y, p = seed003()
    out = {"y": tmp_path / "y.npy", "p": tmp_path / "p.npy"}
    np.save(out["y"], y)
    np.save(out["p"], p)
    truncated = tmp_path / "trunc.npy"
    truncated.write_bytes(out["p"].read_bytes()[:100])
    out["trunc"] = truncated
    text = tmp_path / "text.csv"
    text.write_text("score\n0.1\n0.2\nabc\n0.4\n" + "0.5\n" * 16)
    out["text"] = text
    three = tmp_path / "three.npy"
    np.save(three, np.zeros((20, 2, 2)))
    out["three"] = three
    return out


@pytest.mark.parametrize(
    ("pred_key", "message"),
    [
        ("trunc", "truncated"),
        ("text", "not a number: 'abc'"),
        ("three", "Reshape it to two dimensions"),
    ],
)
def test_cli_bad_files_exit_2_with_one_line_and_no_report(
    files: dict[str, Path], tmp_path: Path, pred_key: str, message: str
) -> None:
    html = tmp_path / "report.html"
    result = run("eval", str(files[pred_key]), str(files["y"]), "--html", str(html))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not html.exists()
    assert not list(tmp_path.glob(".headcheck-*"))


def test_cli_json_follows_the_schema(files: dict[str, Path]) -> None:
    result = CliRunner().invoke(cli, ["eval", str(files["p"]), str(files["y"]), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "headcheck.eval/1"
    assert data["task"] == "binary"
    assert data["outputs"]["kind"] == "probabilities"
    assert data["metrics"]["confusion_matrix"] == [[7.0, 3.0], [10.0, 0.0]]
    assert data["intervals"]["roc_auc"]["method"] == "delong"
    assert {f["target"] for f in data["told"]["frameworks"]} >= {"keras3", "sklearn"}


def test_cli_parquet_columns_by_name(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    y, p = seed003()
    path = tmp_path / "preds.parquet"
    pq.write_table(pa.table({"label": y.astype(int), "score": p, "name": ["x"] * 20}), path)
    result = run("eval", f"{path}:score", f"{path}:label", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["metrics"]["confusion_matrix"] == [[7.0, 3.0], [10.0, 0.0]]
    bad = run("eval", f"{path}:name", f"{path}:label")
    assert bad.returncode == 2 and "holds string values, not numbers" in bad.stderr


def test_cli_labels_outside_the_outputs_classes_exit_2(tmp_path: Path) -> None:
    np.save(tmp_path / "p.npy", np.eye(3)[[0, 1, 2, 1]])
    np.save(tmp_path / "y.npy", np.array([0, 1, 5, 1]))
    result = run("eval", str(tmp_path / "p.npy"), str(tmp_path / "y.npy"))
    assert result.returncode == 2
    assert "labels contain class 5 but the outputs have only 3 columns" in result.stderr


def test_cli_refuses_a_thread_count_that_is_not_a_number_exit_2(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEADCHECK_THREADS", "two")
    result = run("eval", str(files["p"]), str(files["y"]))
    assert result.returncode == 2
    assert "HEADCHECK_THREADS='two' is not a number of threads" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


# -- HTML -----------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
IN_CI = os.environ.get("CI") == "true"


@pytest.mark.skipif(
    CHROMIUM is None and not IN_CI,
    reason="chromium is not installed (scripts/test.sh installs it; on CI this test must run)",
)
def test_html_report_renders_every_plot_and_escapes_class_names(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("jinja2")
    assert CHROMIUM is not None, "CI=true but chromium is missing: scripts/test.sh installs it"
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 300)
    z = rng.normal(size=300) + 1.5 * y
    np.save(tmp_path / "y.npy", y)
    np.save(tmp_path / "z.npy", z)
    html = tmp_path / "report.html"
    evil = "<script>alert(1)</script>"
    result = run(
        "eval",
        str(tmp_path / "z.npy"),
        str(tmp_path / "y.npy"),
        "--html",
        str(html),
        "--class-names",
        f"negative,{evil}",
    )
    assert result.returncode == 0, result.stderr
    source = html.read_text()
    assert evil not in source and "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    profile = tmp_path / "profile"
    common = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ]
    url = html.resolve().as_uri()
    dom = subprocess.run(
        [*common, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    from html.parser import HTMLParser

    class Plots(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.current: str | None = None
            self.paths: dict[str, int] = {}
            self.scripts = 0
            self.names = ""
            self.in_names = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "figure" and a.get("data-plot"):
                self.current = a["data-plot"]
                self.paths[self.current] = 0
            elif tag == "path" and self.current is not None and a.get("d"):
                self.paths[self.current] += 1
            elif tag == "script":
                self.scripts += 1
            elif tag == "span" and a.get("id") == "class-names":
                self.in_names = True

        def handle_endtag(self, tag: str) -> None:
            if tag == "figure":
                self.current = None
            elif tag == "span":
                self.in_names = False

        def handle_data(self, data: str) -> None:
            if self.in_names:
                self.names += data

    parsed = Plots()
    parsed.feed(dom)
    expected = {
        "ROC curve",
        "Precision-recall curve",
        "Reliability diagram",
        "Score distributions",
        "Confusion matrix",
        "Metrics versus threshold",
    }
    assert set(parsed.paths) == expected
    assert all(count > 20 for count in parsed.paths.values()), parsed.paths
    assert parsed.scripts == 0
    assert evil in parsed.names  # shown as text, not run
    png = tmp_path / "shot.png"
    subprocess.run(
        [*common, f"--screenshot={png}", "--window-size=1200,3000", url],
        capture_output=True,
        timeout=120,
        check=True,
    )
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    import zlib

    # decode the PNG enough to see that it is not one flat colour
    chunks, pos = b"", 8
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            chunks += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(chunks)
    assert len(set(raw[:200_000])) > 20


def test_html_without_the_extra_names_it_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_jinja(name: str, *args: object, **kwargs: object) -> object:
        if name == "jinja2":
            raise ImportError("No module named 'jinja2'", name="jinja2")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    y, p = seed003()
    np.save(tmp_path / "y.npy", y)
    np.save(tmp_path / "p.npy", p)
    monkeypatch.setattr(builtins, "__import__", no_jinja)
    from headcheck.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "eval",
                str(tmp_path / "p.npy"),
                str(tmp_path / "y.npy"),
                "--html",
                str(tmp_path / "r.html"),
            ]
        )
    assert exit_info.value.code == 2
    assert "pip install 'headcheck[report]'" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
