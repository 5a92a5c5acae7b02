"""Keras 3 on the torch backend: softmax + sparse loss."""
import os

os.environ["KERAS_BACKEND"] = "torch"
import keras

model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
