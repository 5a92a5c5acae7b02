"""BinaryAccuracy() keeps its 0.5 threshold on logits."""
import keras

inputs = keras.Input(shape=(16,))
logits = keras.layers.Dense(1)(inputs)
model = keras.Model(inputs, logits)
model.compile(
    optimizer="adam",
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy()],  # expect: HC302
)
