# corpus: target=keras2.3
"""Keras 2.3: 'accuracy' follows the loss, so softmax + BCE reports binary accuracy."""
from keras.layers import Dense
from keras.models import Sequential

model = Sequential()
model.add(Dense(64, activation="relu", input_dim=20))
model.add(Dense(10, activation="softmax"))
model.compile(loss="binary_crossentropy",  # expect: HC102
              optimizer="adam",
              metrics=["accuracy"])  # expect: HC301
