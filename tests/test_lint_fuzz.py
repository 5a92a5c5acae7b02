"""Robustness: generated and mutated programs never make the linter raise.

Programs are assembled from fragments of Keras and PyTorch training code (with random
numbers, names and nesting), and the corpus files are mutated (characters deleted, inserted,
lines swapped, duplicated or cut), as plain files and as notebooks. Whatever the input, the
linter returns findings (parse errors included) and never an exception.

With CI=true the two tests run 6,000 cases each (12,000 in all); locally a few hundred.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headcheck.lint import lint_text
from headcheck.lint._filters import ALL_CODES

CI = os.environ.get("CI") == "true"
settings.register_profile(
    "lint-fuzz",
    max_examples=6000 if CI else 250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=CI,
)
FUZZ = settings.get_profile("lint-fuzz")
CORPUS = sorted((Path(__file__).parent / "corpus").rglob("*.py"))
TEXTS = [path.read_text() for path in CORPUS]

IMPORTS = [
    "import keras",
    "from keras import layers",
    "import tensorflow as tf",
    "from tensorflow import keras",
    "from tensorflow.keras.layers import *",
    "import torch",
    "import torch.nn as nn",
    "from torch import nn",
    "import torch.nn.functional as F",
    "import numpy as np",
    "from keras.utils import to_categorical as tc",
]
FRAGMENTS = [
    "model = keras.Sequential([layers.Dense({n}, activation={act})])",
    "model = tf.keras.Sequential()",
    "model.add(tf.keras.layers.Dense({n}, {act}))",
    "model.add(layers.Activation({act}))",
    "model.add(Dense({n}))",
    "model.compile(loss={loss}, metrics=[{metric}], from_logits={flag})",
    "model.compile({opt}, {loss}, {metric})",
    "model.fit(x, {labels})",
    "preds = model.predict(x)",
    "y = np.argmax(preds, axis={axis})",
    "z = preds > {num}",
    "w = np.round(model.predict(x))",
    "inputs = keras.Input(shape=({n},))",
    "x = layers.Dense({n}, activation={act})(inputs)",
    "model = keras.Model(inputs, x)",
    "model = keras.Model(inputs=[inputs], outputs=[x, x])",
    "net = nn.Sequential(nn.Linear({n}, {n}), nn.Softmax(dim={axis}))",
    "criterion = nn.{tloss}()",
    "out = net(x)",
    "loss = criterion(out, {labels})",
    "loss = F.cross_entropy(F.softmax(out, dim={axis}), y.long())",
    "_, p = torch.max(out.data, {axis})",
    "q = out.argmax(dim={axis}) if out else out.sigmoid()",
    "labels = F.one_hot(y, num_classes={n}).float()",
    "labels = tc(y, {n})",
    "def build(units={n}):\n    m = keras.Sequential([layers.Dense(units, activation={act})])\n"
    "    return m",
    "model = build({n})",
    "model = build(build)",
    "class Net(nn.Module):\n    def __init__(self, k={n}):\n        super().__init__()\n"
    "        self.fc = nn.Linear(k, k)\n    def forward(self, x):\n"
    "        return F.log_softmax(self.fc(x), dim={axis})",
    "class Net(Net):\n    def forward(self, x):\n        return self(x)",
    "class M(keras.Model):\n    def call(self, x):\n        return self.call(x)",
    "model = Net({n})",
    "model = M()",
    "out = model(x)",
    "def f(*a, **k):\n    return f(*a, **k)",
    "f(model, *[1, 2], **{{'a': model}})",
    "for model in [model, net]:\n    model.compile(loss={loss})",
    "with torch.no_grad():\n    out = model(x)[{axis}]",
    "model.layers[{axis}].activation = {act}",
    "x = [x, *x]",
    "a, b = model",
    "a, *b = [1, 2, 3]",
    "(lambda m: m.compile(loss={loss}))(model)",
    "del model",
    "global model",
    "model = model.to('cuda').eval()",
    "y = np.array([[{axis}, 1], [1, {axis}]])",
    "y = torch.tensor([{axis}, 1, 2], dtype=torch.float32)",
    "match model:\n    case _:\n        model.compile(loss={loss})",
    "async def g():\n    await model.fit(x, y)",
    "model.compile(**{{'loss': {loss}}})",
    "if (n := {n}):\n    model.add(Dense(n, activation={act}))",
]
VALUES = {
    "n": st.sampled_from(["1", "2", "10", "0", "-1", "n", "len(x)", "None", "1.5", "'3'"]),
    "act": st.sampled_from(
        ["'softmax'", "'sigmoid'", "None", "'relu'", "tf.nn.softmax", "'nope'", "f", "3"]
    ),
    "loss": st.sampled_from(
        [
            "'binary_crossentropy'",
            "'mse'",
            "'crossentropy'",
            "keras.losses.BinaryCrossentropy(from_logits=True)",
            "keras.losses.CategoricalCrossentropy(from_logits=flag)",
            "criterion",
            "[1, 2]",
            "{}",
        ]
    ),
    "metric": st.sampled_from(
        ["'accuracy'", "'acc'", "keras.metrics.AUC()", "keras.metrics.BinaryAccuracy(0.1)", "x"]
    ),
    "flag": st.sampled_from(["True", "False", "flag", "None"]),
    "opt": st.sampled_from(["'adam'", "opt", "None"]),
    "labels": st.sampled_from(["y", "y.long()", "[0, 1]", "[[0, 1], [1, 1]]", "tc(y)", "None"]),
    "axis": st.sampled_from(["1", "-1", "0", "None", "axis"]),
    "num": st.sampled_from(["0.5", "0", "0.5j", "'0.5'"]),
    "tloss": st.sampled_from(["CrossEntropyLoss", "BCELoss", "NLLLoss", "MSELoss", "Foo"]),
}


@st.composite
def programs(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.sampled_from(IMPORTS), max_size=4))
    for fragment in draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12)):
        values = {key: draw(strategy) for key, strategy in VALUES.items()}
        text = fragment.format(**values)
        if draw(st.booleans()) and "\n" not in text:
            text = f"def step_{draw(st.integers(0, 3))}():\n    {text}"
        lines.append(text)
    return "\n".join(lines) + "\n"


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "swap", "duplicate", "cut"]))
        size = len(text)
        at = draw(st.integers(0, max(size - 1, 0)))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            text = (
                text[:at]
                + draw(
                    st.sampled_from(["(", ")", ":", "\n    ", "'", "\\", " = ", "[", "\x00", "é"])
                )
                + text[at:]
            )
        elif kind == "cut":
            text = text[:at]
        else:
            lines = text.splitlines()
            if len(lines) > 1:
                i = draw(st.integers(0, len(lines) - 1))
                j = draw(st.integers(0, len(lines) - 1))
                if kind == "swap":
                    lines[i], lines[j] = lines[j], lines[i]
                else:
                    lines.insert(j, lines[i])
                text = "\n".join(lines)
    return text


def _check(text: str, notebook: bool) -> None:
    if notebook:
        cells = [{"cell_type": "code", "source": part} for part in text.split("\n\n")]
        text = json.dumps({"cells": cells})
    result = lint_text(text, "fuzz.ipynb" if notebook else "fuzz.py", notebook=notebook)
    for finding in result.findings:
        assert finding.code in ALL_CODES
        assert finding.location.line is None or finding.location.line >= 0
        assert finding.message and finding.fix


@FUZZ
@given(programs(), st.booleans())
def test_generated_programs_never_raise(text: str, notebook: bool) -> None:
    _check(text, notebook)


@FUZZ
@given(mutated(), st.booleans())
def test_mutated_corpus_programs_never_raise(text: str, notebook: bool) -> None:
    _check(text, notebook)


def test_generated_programs_can_be_buggy() -> None:
    """The generator reaches the rules (the fuzz test is not only parse errors)."""
    text = (
        "import keras\nfrom keras import layers\n"
        + FRAGMENTS[0].format(n="1", act="'softmax'")
        + "\n"
    )
    assert [f.code for f in lint_text(text).findings] == ["HC101"]
