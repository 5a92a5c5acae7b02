"""Credit-card fraud example: sigmoid output, AUC and precision/recall metrics."""
from tensorflow import keras

metrics = [
    keras.metrics.FalseNegatives(name="fn"),
    keras.metrics.Precision(name="precision"),
    keras.metrics.Recall(name="recall"),
    keras.metrics.AUC(name="auc"),
]
model = keras.Sequential([
    keras.layers.Dense(256, activation="relu", input_shape=(30,)),
    keras.layers.Dropout(0.3),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=metrics)
