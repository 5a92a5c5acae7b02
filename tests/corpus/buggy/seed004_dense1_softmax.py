"""Seed 004: one softmax unit, the classic 'stuck at 50%'."""
from keras.layers import Dense
from keras.models import Sequential

model = Sequential()
model.add(Dense(16, activation="relu", input_shape=(10,)))
model.add(Dense(1, activation='softmax'))  # expect: HC101
model.compile(optimizer="adam", loss='binary_crossentropy', metrics=['accuracy'])
