# corpus: target=keras2.2
"""Keras 2.2: multi-label logits scored with 'acc' (rounded per-label accuracy)."""
from keras.layers import Dense, Input
from keras.losses import BinaryCrossentropy
from keras.models import Model

inputs = Input(shape=(50,))
outputs = Dense(20)(inputs)
model = Model(inputs=inputs, outputs=outputs)
model.compile(optimizer="adam", loss=BinaryCrossentropy(from_logits=True), metrics=["acc"])  # expect: HC302, HC303
