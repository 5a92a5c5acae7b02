"""-1/+1 labels under binary cross-entropy."""
import numpy as np
from tensorflow import keras

y = np.array([-1, 1, 1, -1, 1])
model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")  # expect: HC202
model.fit(np.random.rand(5, 2), y)
