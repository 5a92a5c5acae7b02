"""Multi-hot labels written out, trained with a softmax head."""
import numpy as np
from tensorflow import keras

x = np.random.rand(4, 6)
y = np.array([[1, 0, 1], [0, 1, 1], [1, 1, 0], [0, 0, 1]])
model = keras.Sequential([
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),  # expect: HC107
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y, epochs=3)
