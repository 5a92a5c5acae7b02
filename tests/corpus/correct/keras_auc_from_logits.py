"""Imbalanced classification on logits: every metric knows they are logits."""
import keras

model = keras.Sequential([keras.layers.Dense(256, activation="relu"), keras.layers.Dense(1)])
metrics = [
    keras.metrics.AUC(name="auc", from_logits=True),
    keras.metrics.BinaryAccuracy(name="accuracy", threshold=0.0),
]
model.compile(optimizer=keras.optimizers.Adam(1e-2),
              loss=keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=metrics)
predicted = model.predict(x_val) > 0.0
