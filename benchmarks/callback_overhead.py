"""Overhead of ``headcheck.keras.HeadCheck`` on a 10-epoch ``fit`` of a small model.

Runs Keras 3 on its configured backend (``KERAS_BACKEND``, default tensorflow): the same
model is fitted with and without the callback, alternately, several times; the medians are
compared. Target: ≤ 1 %.

    python benchmarks/callback_overhead.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rows", type=int, default=4096)
    args = parser.parse_args()

    import keras
    import numpy as np

    import headcheck
    from headcheck.keras import HeadCheck

    rng = np.random.default_rng(0)
    x = rng.normal(size=(args.rows, 16)).astype("float32")
    y = (x[:, :1] + 0.1 * rng.normal(size=(args.rows, 1)) > 0).astype("float32")

    def fit(callbacks: list[object]) -> float:
        keras.utils.set_random_seed(0)
        model = keras.Sequential(
            [
                keras.Input((16,)),
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        start = time.perf_counter()
        model.fit(x, y, epochs=10, batch_size=32, verbose=0, callbacks=callbacks)
        return time.perf_counter() - start

    fit([])  # warm-up: imports, tracing caches
    plain: list[float] = []
    checked: list[float] = []
    for _ in range(args.repeats):
        plain.append(fit([]))
        checked.append(fit([HeadCheck(verbose=False)]))
    base, with_cb = statistics.median(plain), statistics.median(checked)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}")
    print(
        f"python {platform.python_version()}, keras {keras.__version__} "
        f"({keras.backend.backend()} backend), numpy {np.__version__}, "
        f"headcheck {headcheck.__version__}"
    )
    steps = 10 * -(-args.rows // 32)
    print(f"10 epochs × {steps // 10} steps, {args.repeats} repeats (median)")
    print(f"fit without callback: {base:.3f} s   runs: {', '.join(f'{t:.3f}' for t in plain)}")
    print(f"fit with HeadCheck:   {with_cb:.3f} s   runs: {', '.join(f'{t:.3f}' for t in checked)}")
    print(f"overhead: {100 * (with_cb - base) / base:+.2f} % (target ≤ 1 %)")

    # the callback's own work, timed inside its hooks (wall-clock noise between whole fits is
    # larger than the effect, so this is the figure to read)
    spent = [0.0]

    class Timed(HeadCheck):
        def on_train_begin(self, logs: dict[str, object] | None = None) -> None:
            start = time.perf_counter()
            super().on_train_begin(logs)
            spent[0] += time.perf_counter() - start

        def on_train_batch_end(self, batch: int, logs: dict[str, object] | None = None) -> None:
            start = time.perf_counter()
            super().on_train_batch_end(batch, logs)
            spent[0] += time.perf_counter() - start

        def on_train_batch_begin(self, batch: int, logs: dict[str, object] | None = None) -> None:
            start = time.perf_counter()
            super().on_train_batch_begin(batch, logs)
            spent[0] += time.perf_counter() - start

    total = fit([Timed(verbose=False)])
    print(
        f"time inside the callback's hooks: {1000 * spent[0]:.2f} ms of {total:.3f} s "
        f"= {100 * spent[0] / total:.3f} % (target ≤ 1 %)"
    )


if __name__ == "__main__":
    main()
