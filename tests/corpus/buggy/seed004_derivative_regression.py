"""Seed 004: a regression of y = (x - 5)^2 / 25 scored with 'accuracy'."""
from keras.layers import Activation, Dense
from keras.models import Sequential

model = Sequential()
model.add(Dense(64, input_dim=1, activation='relu'))
model.add(Activation("linear"))
model.add(Dense(32, activation='relu'))
model.add(Dense(1))
model.compile(loss='mse', optimizer='adam', metrics=["accuracy"])  # expect: HC304
model.fit(x, y, batch_size=10, epochs=25, verbose=0, validation_data=(x_test, y_test))
