"""A multi-label AUC on logits without from_logits."""
import keras

inputs = keras.Input(shape=(32,))
outputs = keras.layers.Dense(5)(inputs)
model = keras.Model(inputs, outputs)
model.compile(
    optimizer="adam",
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.AUC(multi_label=True)],  # expect: HC307
)
