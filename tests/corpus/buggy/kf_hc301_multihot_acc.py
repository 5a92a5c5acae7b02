"""Keras 3: multi-hot labels with 'acc' resolve to categorical accuracy."""
import numpy as np
import keras

y = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]])
inputs = keras.Input(shape=(8,))
outputs = keras.layers.Dense(3, activation="sigmoid")(inputs)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])  # expect: HC301
model.fit(np.random.rand(3, 8), y)
