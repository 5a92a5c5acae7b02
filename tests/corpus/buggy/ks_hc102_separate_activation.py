"""Standalone Keras 2 style: Activation('softmax') layer after Dense(5), per-class BCE."""
from keras.layers import Activation, Dense
from keras.models import Sequential

model = Sequential()
model.add(Dense(64, input_dim=100))
model.add(Activation('relu'))
model.add(Dense(5))
model.add(Activation('softmax'))
model.compile(optimizer='sgd', loss='binary_crossentropy')  # expect: HC102
