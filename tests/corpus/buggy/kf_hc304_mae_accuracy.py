"""A price regressor scored with accuracy."""
import keras

inputs = keras.Input(shape=(13,))
x = keras.layers.Dense(64, activation="relu")(inputs)
price = keras.layers.Dense(1, activation="relu")(x)
model = keras.Model(inputs, price)
model.compile(optimizer="adam", loss="mean_absolute_error", metrics=["mae", "acc"])  # expect: HC304
