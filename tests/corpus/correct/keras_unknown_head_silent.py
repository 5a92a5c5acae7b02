"""A model loaded from disk: the head is unknown, so nothing is claimed about it."""
import numpy as np
import tensorflow as tf

model = tf.keras.models.load_model("model.keras")
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
preds = model.predict(x)
classes = np.argmax(preds, axis=1)
flags = preds > 0.5
