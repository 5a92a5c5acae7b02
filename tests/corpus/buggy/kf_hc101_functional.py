"""Functional API: a one-unit softmax output."""
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(784,))
x = layers.Dense(64, activation="relu")(inputs)
outputs = layers.Dense(1, activation=keras.activations.softmax)(x)  # expect: HC101
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(loss=keras.losses.BinaryCrossentropy(), optimizer="rmsprop")
