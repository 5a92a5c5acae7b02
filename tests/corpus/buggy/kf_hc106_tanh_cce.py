"""tanh outputs under categorical cross-entropy."""
import keras

inputs = keras.Input(shape=(4,))
x = keras.layers.Dense(8, activation="relu")(inputs)
outputs = keras.layers.Dense(3, activation="tanh")(x)  # expect: HC106
model = keras.Model(inputs, outputs)
model.compile(optimizer="sgd", loss=keras.losses.CategoricalCrossentropy())
