"""A sigmoid output under a loss told it receives logits."""
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(
    optimizer="adam",
    loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),  # expect: HC104
    metrics=[tf.keras.metrics.BinaryAccuracy()],
)
