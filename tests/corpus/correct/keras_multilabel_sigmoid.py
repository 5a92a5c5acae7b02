"""Multi-label: many sigmoid units with binary cross-entropy, named per-label metrics."""
import numpy as np
import keras

y = np.array([[1, 0, 1, 0], [0, 1, 1, 1], [1, 1, 0, 0]])
model = keras.Sequential([
    keras.Input(shape=(300,)),
    keras.layers.Dense(256, activation="relu"),
    keras.layers.Dense(4, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy",
              metrics=[keras.metrics.BinaryAccuracy(name="per_label_accuracy"),
                       keras.metrics.AUC(multi_label=True)])
model.fit(np.random.rand(3, 300), y)
tags = model.predict(x_new) > 0.5
