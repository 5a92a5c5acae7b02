"""0/1 labels fitted with mean absolute error on a linear unit."""
import numpy as np
import keras

x = np.random.rand(6, 3)
y = np.array([0, 1, 1, 0, 1, 0])
model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mae")  # expect: HC109
model.fit(x, y)
