"""±1 labels with a hinge loss on a tanh unit."""
import numpy as np
import keras

y = np.array([-1, 1, 1, -1])
model = keras.Sequential([keras.layers.Dense(1, activation="tanh")])
model.compile(optimizer="adam", loss="hinge")
model.fit(np.random.rand(4, 2), y)
