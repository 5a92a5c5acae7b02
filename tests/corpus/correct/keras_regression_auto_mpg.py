"""'Basic regression: Predict fuel efficiency': Dense(1), mse, no accuracy."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def build_and_compile_model(norm):
    model = keras.Sequential([
        norm,
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(loss="mean_absolute_error", optimizer=tf.keras.optimizers.Adam(0.001))
    return model


dnn_model = build_and_compile_model(normalizer)
history = dnn_model.fit(train_features, train_labels, validation_split=0.2, epochs=100)
test_predictions = dnn_model.predict(test_features).flatten()
