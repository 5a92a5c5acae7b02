"""np.round on the predictions of a logit head."""
import numpy as np
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
model.fit(x, y)
labels = np.round(model.predict(x_new))  # expect: HC306
