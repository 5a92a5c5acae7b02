"""Boston housing: regression with mse and mae metrics."""
from keras.layers import Dense
from keras.models import Sequential

model = Sequential()
model.add(Dense(64, activation="relu", input_shape=(13,)))
model.add(Dense(64, activation="relu"))
model.add(Dense(1))
model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
model.fit(train_data, train_targets, epochs=80, batch_size=16)
