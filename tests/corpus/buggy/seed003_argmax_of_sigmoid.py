"""Seed 003: argmax over the one column of a sigmoid output is always 0."""
import numpy as np
from tensorflow.keras import layers, models

model = models.Sequential()
model.add(layers.Conv2D(32, 3, activation="relu", input_shape=(64, 64, 3)))
model.add(layers.Flatten())
model.add(layers.Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["AUC"])
model.fit(x_train, y_train, epochs=5)
preds = model.predict(img)
y_classes = np.argmax(preds, axis=1)  # expect: HC305
