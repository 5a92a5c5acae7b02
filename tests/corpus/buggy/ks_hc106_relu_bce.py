"""A relu output unit under binary cross-entropy."""
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense

model = Sequential([
    Dense(32, activation="relu", input_shape=(10,)),
    Dense(1, activation="relu"),  # expect: HC106
])
model.compile(optimizer="adam", loss="binary_crossentropy")
