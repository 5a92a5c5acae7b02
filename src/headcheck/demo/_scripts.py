"""The seed documents' configurations as short training scripts on real data.

The data sets ship inside scikit-learn: breast cancer (569 samples, binary), digits (1,797
8×8 images, 10 classes), and a multi-label set derived from digits with three labels per
image: *even*, *five or more*, *prime* (a 7 is odd, ≥ 5 and prime: ``[0, 1, 1]``). Each
script is what a user would write; the demo lints it, fixes a copy, and trains both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["KERAS_FOOTER", "SCRIPTS", "TORCH_FOOTER", "TrainingScript"]

Framework = Literal["keras", "torch"]
DataSet = Literal["breast_cancer", "digits", "digits_multilabel"]


@dataclass(frozen=True)
class TrainingScript:
    """One configuration: which seed it comes from, what it asks, and its code."""

    seed: str
    question: str
    framework: Framework
    data: DataSet
    code: str


#: appended to a Keras script: evaluate and predict on the test split
KERAS_FOOTER: Final = """
import json as _json
import os as _os
import numpy as _np
_reported = model.evaluate(X_test, y_test, verbose=0, return_dict=True)
_np.save(_os.environ["HEADCHECK_OUTPUTS"], _np.asarray(model.predict(X_test, verbose=0)))
print("HEADCHECK-RESULT " + _json.dumps({k: float(v) for k, v in _reported.items()}))
"""
#: appended to a PyTorch script, which computes ``outputs`` and ``reported`` itself
TORCH_FOOTER: Final = """
import json as _json
import os as _os
import numpy as _np
_np.save(_os.environ["HEADCHECK_OUTPUTS"], outputs.numpy())
print("HEADCHECK-RESULT " + _json.dumps(reported))
"""

_BREAST_CANCER = """\
keras.utils.set_random_seed(0)
X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
"""

_DIGITS = """\
keras.utils.set_random_seed(0)
X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X / 16.0, y, test_size=0.3, random_state=0)
"""

_KERAS_BREAST_CANCER_IMPORTS = """\
import keras
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

"""

SCRIPTS: Final = (
    TrainingScript(
        "000",
        "A Dense(1) without activation outputs logits: is 'accuracy' right with "
        "loss='binary_crossentropy'?",
        "keras",
        "breast_cancer",
        _KERAS_BREAST_CANCER_IMPORTS
        + _BREAST_CANCER
        + """
model = keras.Sequential([
    keras.Input(shape=(30,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate=0.002),
    loss="binary_crossentropy",
    metrics=["accuracy"],
)
model.fit(X_train, y_train, epochs=10, batch_size=32, verbose=0)
""",
    ),
    TrainingScript(
        "002",
        "Multi-label logits with BinaryCrossentropy(from_logits=True): what does 'accuracy' "
        "measure?",
        "keras",
        "digits_multilabel",
        """\
import keras
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

"""
        + _DIGITS
        + """# three labels per image: even, five or more, prime
y_train = np.stack([y_train % 2 == 0, y_train >= 5, np.isin(y_train, [2, 3, 5, 7])], 1)
y_test = np.stack([y_test % 2 == 0, y_test >= 5, np.isin(y_test, [2, 3, 5, 7])], 1)
y_train, y_test = y_train.astype("float32"), y_test.astype("float32")

model = keras.Sequential([
    keras.Input(shape=(64,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(3),
])
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.002),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
model.fit(X_train, y_train, epochs=8, batch_size=32, verbose=0)
""",
    ),
    TrainingScript(
        "003",
        "How does a 10-class softmax classifier pick its class?",
        "keras",
        "digits",
        """\
import keras
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

"""
        + _DIGITS
        + """
model = keras.Sequential([
    keras.Input(shape=(64,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=8, batch_size=32, verbose=0)
""",
    ),
    TrainingScript(
        "004",
        "Softmax over two units with binary_crossentropy: which loss and activation for a "
        "binary task?",
        "keras",
        "breast_cancer",
        _KERAS_BREAST_CANCER_IMPORTS
        + _BREAST_CANCER
        + """y_train = keras.utils.to_categorical(y_train, 2)
y_test = keras.utils.to_categorical(y_test, 2)

model = keras.Sequential()
model.add(keras.Input(shape=(30,)))
model.add(keras.layers.Dense(10, activation="sigmoid"))
model.add(keras.layers.Dense(10, activation="sigmoid"))
model.add(keras.layers.Dense(2, activation="softmax"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=10, batch_size=32, verbose=0)
""",
    ),
    TrainingScript(
        "000",
        "The same logits in PyTorch, classified with '> 0.5'.",
        "torch",
        "breast_cancer",
        """\
import torch
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch import nn

torch.manual_seed(0)
X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train = torch.tensor(scaler.transform(X_train), dtype=torch.float32)
X_test = torch.tensor(scaler.transform(X_test), dtype=torch.float32)
y_train = torch.tensor(y_train, dtype=torch.float32).unsqueeze(1)

model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for _ in range(100):
    optimizer.zero_grad()
    loss = criterion(model(X_train), y_train)
    loss.backward()
    optimizer.step()

with torch.no_grad():
    logits = model(X_test)
    predicted = (logits > 0.5).long()
outputs = logits
reported = {"accuracy": float((predicted[:, 0].numpy() == y_test).mean())}
""",
    ),
    TrainingScript(
        "",
        "The classic: one unit with softmax.",
        "keras",
        "breast_cancer",
        _KERAS_BREAST_CANCER_IMPORTS
        + _BREAST_CANCER
        + """
model = keras.Sequential([
    keras.Input(shape=(30,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="softmax"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=10, batch_size=32, verbose=0)
""",
    ),
)
