"""Twelve raw scores under categorical cross-entropy that expects probabilities."""
import keras

inputs = keras.Input(shape=(96, 96, 1))
x = keras.layers.Conv2D(24, 3, padding="same", activation="relu")(inputs)
x = keras.layers.Flatten()(x)
x = keras.layers.Dense(128, activation="relu")(x)
outputs = keras.layers.Dense(12)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: HC103
