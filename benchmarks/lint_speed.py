"""How long `headcheck lint` takes on 1,000 generated training scripts of realistic size.

Not a test: run it by hand and read the numbers.

    .venv/bin/python benchmarks/lint_speed.py [--files 1000] [--jobs N]

It writes the scripts (Keras Sequential / functional and PyTorch nn.Module programs of
about 90 lines, with argument parsing, data loading, training loops, evaluation and
plotting code around the head) into a temporary directory, then times the whole `headcheck lint` run
(discovery, reading, parsing, analysis, rules, JSON rendering) in this process, as the CLI
does it. The target is at most 4 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from headcheck import __version__
from headcheck.lint import Options
from headcheck.lint._command import lint_files
from headcheck.lint._files import discover
from headcheck.lint._formats import render

PREAMBLE = '''"""Training script {n}: generated for the lint benchmark."""
import os
import json
import argparse
import numpy as np
import matplotlib.pyplot as plt
{imports}

SEED = {seed}
BATCH_SIZE = {batch}
EPOCHS = {epochs}
DATA_DIR = os.path.join("data", "run_{n}")


def parse_args():
    parser = argparse.ArgumentParser(description="train model {n}")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--lr", type=float, default={lr})
    parser.add_argument("--out", default="out_{n}")
    return parser.parse_args()


def load_data(split):
    path = os.path.join(DATA_DIR, split + ".npz")
    with np.load(path) as data:
        x, y = data["x"], data["y"]
    x = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-8)
    return x.astype("float32"), y


def plot_history(history, out):
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, key in zip(axes, ("loss", "accuracy")):
        ax.plot(history.get(key, []), label="train")
        ax.plot(history.get("val_" + key, []), label="validation")
        ax.set_title(key)
        ax.legend()
    fig.savefig(os.path.join(out, "history.png"))
    plt.close(fig)
'''

KERAS_SEQUENTIAL = """

def build_model(input_dim, num_classes={classes}):
    model = keras.Sequential([
        layers.Input(shape=(input_dim,)),
        layers.Dense({hidden}, activation="relu"),
        layers.Dropout(0.{drop}),
        layers.Dense({hidden2}, activation="relu"),
        layers.Dense({units}, activation="{act}"),
    ])
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate={lr}),
        loss="{loss}",
        metrics=["accuracy"],
    )
    return model


def main():
    args = parse_args()
    os.makedirs(args.out, exist_ok=True)
    x_train, y_train = load_data("train")
    x_val, y_val = load_data("val")
    {labels}
    model = build_model(x_train.shape[1])
    model.summary()
    callbacks = [
        keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True),
        keras.callbacks.ModelCheckpoint(os.path.join(args.out, "best.keras")),
    ]
    history = model.fit(x_train, y_train, validation_data=(x_val, y_val),
                        epochs=args.epochs, batch_size=args.batch_size, callbacks=callbacks)
    plot_history(history.history, args.out)
    x_test, y_test = load_data("test")
    preds = model.predict(x_test)
    {post}
    with open(os.path.join(args.out, "metrics.json"), "w") as handle:
        json.dump({{"n": int(len(x_test))}}, handle)


if __name__ == "__main__":
    main()
"""

KERAS_FUNCTIONAL = """

def block(x, width, rate):
    x = layers.Dense(width, activation="relu")(x)
    x = layers.BatchNormalization()(x)
    return layers.Dropout(rate)(x)


def build_model(input_dim):
    inputs = keras.Input(shape=(input_dim,))
    x = block(inputs, {hidden}, 0.{drop})
    x = block(x, {hidden2}, 0.{drop})
    outputs = layers.Dense({units}, activation="{act}")(x)
    model = keras.Model(inputs, outputs, name="model_{n}")
    model.compile(optimizer="adam", loss=keras.losses.{loss_cls}(), metrics=["accuracy"])
    return model


def main():
    args = parse_args()
    x_train, y_train = load_data("train")
    {labels}
    model = build_model(x_train.shape[1])
    history = model.fit(x_train, y_train, epochs=args.epochs, validation_split=0.2)
    plot_history(history.history, args.out)
    x_test, _ = load_data("test")
    preds = model.predict(x_test)
    {post}


if __name__ == "__main__":
    main()
"""

TORCH_MODULE = """

class Net(nn.Module):
    def __init__(self, in_features, num_classes={units}):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(in_features, {hidden}),
            nn.ReLU(),
            nn.Dropout(0.{drop}),
            nn.Linear({hidden}, {hidden2}),
            nn.ReLU(),
        )
        self.head = nn.Linear({hidden2}, num_classes)

    def forward(self, x):
        x = self.body(x)
        return {forward}


def make_loader(x, y, shuffle):
    dataset = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    return torch.utils.data.DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=shuffle)


def train_one_epoch(model, loader, criterion, optimizer, device):
    model.train()
    total = 0.0
    for inputs, targets in loader:
        inputs, targets = inputs.to(device), targets.to(device)
        optimizer.zero_grad()
        outputs = model(inputs)
        loss = criterion(outputs, targets{target_cast})
        loss.backward()
        optimizer.step()
        total += loss.item() * inputs.size(0)
    return total / len(loader.dataset)


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    correct = 0
    for inputs, targets in loader:
        outputs = model(inputs.to(device))
        {post}
        correct += (predicted.cpu() == targets).sum().item()
    return correct / len(loader.dataset)


def main():
    args = parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    x_train, y_train = load_data("train")
    x_val, y_val = load_data("val")
    model = Net(x_train.shape[1]).to(device)
    criterion = nn.{loss_cls}()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    train_loader = make_loader(x_train, y_train, True)
    val_loader = make_loader(x_val, y_val, False)
    history = {{"loss": [], "accuracy": []}}
    for epoch in range(args.epochs):
        loss = train_one_epoch(model, train_loader, criterion, optimizer, device)
        acc = evaluate(model, val_loader, device)
        history["loss"].append(loss)
        history["accuracy"].append(acc)
        print(f"epoch {{epoch}}: loss {{loss:.4f}} accuracy {{acc:.4f}}")
    plot_history(history, args.out)
    torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))


if __name__ == "__main__":
    main()
"""


def _script(n: int, rng: random.Random) -> str:
    kind = rng.choice(("sequential", "functional", "torch"))
    common = {
        "n": n,
        "seed": rng.randint(0, 9999),
        "batch": rng.choice((16, 32, 64, 128)),
        "epochs": rng.randint(5, 50),
        "lr": rng.choice((0.001, 0.0003, 0.01)),
        "hidden": rng.choice((64, 128, 256)),
        "hidden2": rng.choice((32, 64)),
        "drop": rng.randint(1, 5),
    }
    if kind == "torch":
        units = rng.choice((1, 2, 10))
        loss_cls = rng.choice(("CrossEntropyLoss", "BCEWithLogitsLoss", "NLLLoss"))
        forward = rng.choice(
            ("self.head(x)", "F.log_softmax(self.head(x), dim=1)", "torch.sigmoid(self.head(x))")
        )
        post = rng.choice(
            (
                "_, predicted = torch.max(outputs, 1)",
                "predicted = outputs.argmax(dim=1)",
                "predicted = (outputs > 0.5).long().squeeze(1)",
            )
        )
        imports = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F"
        body = TORCH_MODULE.format(
            units=units,
            forward=forward,
            post=post,
            loss_cls=loss_cls,
            target_cast=".float()" if loss_cls.startswith("BCE") else "",
            **{k: v for k, v in common.items() if k != "n"},
        )
    else:
        units = rng.choice((1, 3, 10))
        act = rng.choice(("softmax", "sigmoid", "linear"))
        loss = rng.choice(
            ("binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy")
        )
        loss_cls = {
            "binary_crossentropy": "BinaryCrossentropy",
            "categorical_crossentropy": "CategoricalCrossentropy",
            "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
        }[loss]
        labels = rng.choice((f"y_train = keras.utils.to_categorical(y_train, {units})", "pass"))
        post = rng.choice(
            ("classes = np.argmax(preds, axis=1)", "classes = (preds > 0.5).astype(int)")
        )
        imports = rng.choice(
            (
                "import keras\nfrom keras import layers",
                "import tensorflow as tf\nfrom tensorflow import keras\n"
                "from tensorflow.keras import layers",
            )
        )
        template = KERAS_SEQUENTIAL if kind == "sequential" else KERAS_FUNCTIONAL
        body = template.format(
            units=units,
            act=act,
            loss=loss,
            loss_cls=loss_cls,
            labels=labels,
            post=post,
            classes=units,
            **common,
        )
    return PREAMBLE.format(imports=imports, **common) + body


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        lines = 0
        for n in range(args.files):
            text = _script(n, rng)
            lines += text.count("\n")
            (root / f"train_{n:04d}.py").write_text(text)
        start = time.perf_counter()
        files = discover([tmp])
        results = lint_files(files, Options(), args.jobs)
        render(results, "json")
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        lint_files(files, Options(), 1)
        single = time.perf_counter() - start
    findings = sum(len(r.findings) for r in results)
    print(
        f"headcheck {__version__}, Python {platform.python_version()} ({sys.implementation.name})"
    )
    print(f"machine: {_cpu_model()}, {os.cpu_count()} cores, {platform.system()}")
    print(f"scripts: {len(files)} files, {lines} lines ({lines / max(len(files), 1):.0f} per file)")
    print(f"findings: {findings}")
    print(f"lint with {args.jobs} worker(s): {elapsed:.2f} s (target: <= 4 s on 2 cores)")
    print(f"lint in one process:      {single:.2f} s")


if __name__ == "__main__":
    main()
