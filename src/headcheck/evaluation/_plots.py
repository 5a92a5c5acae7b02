"""Matplotlib figures of a report, each returned as an inline ``<svg>`` string.

Text is drawn as paths (``svg.fonttype = 'path'``), so no user string reaches the SVG as
markup; ``$`` is escaped so class names are never parsed as mathtext.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np

from headcheck.evaluation._calibration import reliability
from headcheck.evaluation._curve import BinaryCurve, binary_curve
from headcheck.evaluation._report import EvalReport
from headcheck.evaluation._thresholds import sweep

__all__ = ["figures"]

MAX_CURVES = 10


def _label(text: str) -> str:
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _figure() -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg", force=True)
    matplotlib.rcParams["svg.fonttype"] = "path"
    matplotlib.rcParams["text.usetex"] = False
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.2, 3.9))
    return fig, ax


def _roc(curves: list[tuple[str, BinaryCurve]]) -> str:
    fig, ax = _figure()
    for name, curve in curves:
        if curve.positives > 0 and curve.negatives > 0:
            fpr = np.r_[0.0, curve.fps] / curve.negatives
            tpr = np.r_[0.0, curve.tps] / curve.positives
            ax.plot(fpr, tpr, label=_label(f"{name} (AUC {curve.roc_auc():.3f})"))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=0.8)
    ax.set(xlabel="false positive rate", ylabel="true positive rate", title="ROC curve")
    ax.legend(fontsize=7, loc="lower right")
    return _svg(fig)


def _pr(curves: list[tuple[str, BinaryCurve]]) -> str:
    fig, ax = _figure()
    for name, curve in curves:
        if curve.positives > 0:
            precision, recall = curve.precision_recall()
            ax.step(
                np.r_[0.0, recall],
                np.r_[1.0, precision],
                where="pre",
                label=_label(f"{name} (AP {curve.average_precision():.3f})"),
            )
    ax.set(xlabel="recall", ylabel="precision", title="Precision-recall curve", ylim=(0, 1.05))
    ax.legend(fontsize=7, loc="lower left")
    return _svg(fig)


def _reliability(y: Any, p: Any, w: Any) -> str:
    table = reliability(y, p, w)
    fig, ax = _figure()
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=0.8)
    filled = table.weight > 0
    ax.plot(table.mean_predicted[filled], table.fraction_positive[filled], marker="o")
    ax.bar(
        (table.edges[:-1] + table.edges[1:]) / 2,
        table.count / max(1, table.count.sum()),
        width=0.09,
        alpha=0.25,
        color="grey",
    )
    ax.set(
        xlabel="mean predicted probability",
        ylabel="observed frequency",
        title=f"Reliability (ECE {table.ece:.3f})",
        xlim=(0, 1),
        ylim=(0, 1.02),
    )
    return _svg(fig)


def _distributions(groups: list[tuple[str, Any]], xlabel: str) -> str:
    fig, ax = _figure()
    every = np.concatenate([g for _, g in groups]) if groups else np.zeros(1)
    bins = np.linspace(float(every.min()), float(every.max()) + 1e-12, 30)
    for name, values in groups:
        ax.hist(values, bins=bins, alpha=0.5, label=_label(name))
    ax.set(xlabel=xlabel, ylabel="samples", title="Score distribution per class")
    ax.legend(fontsize=7)
    return _svg(fig)


def _heatmap(matrix: Any, rows: list[str], columns: list[str], title: str) -> str:
    fig, ax = _figure()
    image = ax.imshow(matrix, cmap="Blues")
    fig.colorbar(image, ax=ax)
    ax.set_xticks(range(len(columns)), [_label(c) for c in columns], rotation=45, fontsize=7)
    ax.set_yticks(range(len(rows)), [_label(r) for r in rows], fontsize=7)
    if matrix.size <= 100:
        for (i, j), value in np.ndenumerate(matrix):
            ax.text(j, i, f"{value:g}", ha="center", va="center", fontsize=7)
    ax.set(title=title)
    return _svg(fig)


def _versus_threshold(curve: BinaryCurve, cut: float | None) -> str:
    s = sweep(curve)
    fig, ax = _figure()
    for name in ("accuracy", "precision", "recall", "f1"):
        ax.plot(s.thresholds, getattr(s, name), label=name)
    if cut is not None:
        ax.axvline(cut, color="grey", linestyle=":", label=f"rule > {cut:g}")
    ax.set(xlabel="threshold", ylabel="value", title="Metrics versus threshold", ylim=(0, 1.02))
    ax.legend(fontsize=7)
    return _svg(fig)


def figures(report: EvalReport, weights: Any = None) -> list[tuple[str, str]]:
    """``(title, svg)`` for every plot the report calls for."""
    prep = report.prepared
    names = report.class_names
    out: list[tuple[str, str]] = []
    if not report.has_labels:
        scores = prep.scores if prep.scores is not None else np.zeros(1)
        out.append(("Outputs", _distributions([("all outputs", np.ravel(scores))], "output")))
        return out
    y = prep.y
    assert y is not None
    if report.binary is not None:
        b = report.binary
        curve = b.curve
        scores = prep.scores if prep.scores is not None else np.zeros(y.shape[0])
        out.append(("ROC curve", _roc([("positive class", curve)])))
        out.append(("Precision-recall curve", _pr([("positive class", curve)])))
        if prep.probabilities is not None:
            out.append(("Reliability diagram", _reliability(y, prep.probabilities, weights)))
        groups = [(names[c], scores[y == c]) for c in (0, 1) if np.any(y == c)]
        out.append(("Score distributions", _distributions(groups, "score")))
        out.append(
            ("Confusion matrix", _heatmap(b.confusion, names[:2], names[:2], "Confusion matrix"))
        )
        out.append(("Metrics versus threshold", _versus_threshold(curve, b.cut)))
    elif report.multiclass is not None:
        m = report.multiclass
        shown = [c for c in range(m.num_classes) if np.any(y == c)][:MAX_CURVES]
        if prep.probabilities is not None:
            p = prep.probabilities
            curves = [(names[c], binary_curve(y == c, p[:, c], weights)) for c in shown]
            out.append(("ROC curves (one-vs-rest)", _roc(curves)))
            out.append(("Precision-recall curves (one-vs-rest)", _pr(curves)))
            top = np.max(p, axis=1)
            hit = (np.argmax(p, axis=1) == y).astype(float)
            out.append(
                ("Reliability diagram (top-class confidence)", _reliability(hit, top, weights))
            )
            groups = [(names[c], p[y == c, c]) for c in shown]
            out.append(
                ("Probability of the true class, per class", _distributions(groups, "probability"))
            )
            out.append(
                (
                    "Accuracy versus confidence threshold",
                    _versus_threshold(binary_curve(hit, top, weights), None),
                )
            )
        keep = np.argsort(-m.support)[:50] if m.num_classes > 50 else np.arange(m.num_classes)
        keep = np.sort(keep)
        sub = m.confusion[np.ix_(keep, keep)]
        labels = [names[i] for i in keep]
        out.append(("Confusion matrix", _heatmap(sub, labels, labels, "Confusion matrix")))
    elif report.multilabel is not None:
        ml = report.multilabel
        scores = prep.scores if prep.scores is not None else np.zeros(y.shape, np.float64)
        if ml.micro_curve is not None:
            shown = [j for j in range(y.shape[1]) if 0 < y[:, j].sum() < y.shape[0]][:MAX_CURVES]
            curves = [("micro", ml.micro_curve)] + [
                (names[j], binary_curve(y[:, j], scores[:, j], weights)) for j in shown
            ]
            out.append(("ROC curves", _roc(curves)))
            out.append(("Precision-recall curves", _pr(curves)))
            if prep.probabilities is not None:
                wr = None if weights is None else np.repeat(weights, y.shape[1])
                out.append(
                    (
                        "Reliability diagram (all labels)",
                        _reliability(y.ravel(), prep.probabilities.ravel(), wr),
                    )
                )
            out.append(
                ("Metrics versus threshold (micro)", _versus_threshold(ml.micro_curve, ml.cut))
            )
        groups = [("label off", scores[y == 0]), ("label on", scores[y == 1])]
        out.append(
            ("Score distributions", _distributions([g for g in groups if g[1].size], "score"))
        )
        counts = np.column_stack([ml.tp, ml.fp, ml.fn, ml.tn])[:50]
        out.append(
            (
                "Per-label counts",
                _heatmap(counts, names[:50], ["TP", "FP", "FN", "TN"], "Per-label counts"),
            )
        )
    return out
