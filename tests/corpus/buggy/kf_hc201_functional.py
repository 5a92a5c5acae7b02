"""Functional model: from_logits given to compile(), next to a string loss."""
from tensorflow import keras

inputs = keras.Input(shape=(12,))
outputs = keras.layers.Dense(1)(inputs)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", from_logits=True)  # expect: HC201, HC103
