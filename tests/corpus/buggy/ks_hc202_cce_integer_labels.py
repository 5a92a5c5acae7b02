"""Integer class labels under categorical cross-entropy."""
import numpy as np
import keras

x = np.random.rand(5, 4)
y = np.array([0, 2, 1, 2, 0])
model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: HC202
model.fit(x, y)
