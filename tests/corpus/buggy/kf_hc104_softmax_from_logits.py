"""Functional softmax output with SparseCategoricalCrossentropy(from_logits=True)."""
import keras
from keras import layers

inputs = keras.Input(shape=(28, 28))
x = layers.Flatten()(inputs)
x = layers.Dense(128, activation="relu")(x)
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)  # expect: HC104
model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
