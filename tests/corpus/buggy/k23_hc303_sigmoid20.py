# corpus: target=keras2.3
"""Keras 2.3: 20 sigmoid labels scored with bare 'accuracy' (per-label accuracy)."""
from keras.layers import Dense
from keras.models import Sequential

model = Sequential([Dense(64, activation="relu", input_shape=(100,)), Dense(20, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])  # expect: HC303
