"""Two classes as two softmax units with integer labels."""
import numpy as np
from tensorflow import keras

y = np.array([0, 1, 1, 0, 1])
model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(np.random.rand(5, 3), y)
classes = np.argmax(model.predict(x), axis=-1)
