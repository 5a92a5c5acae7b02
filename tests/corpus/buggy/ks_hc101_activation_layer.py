"""One unit followed by a separate Softmax layer."""
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1),
    layers.Activation("softmax"),  # expect: HC101
])
model.compile(optimizer="adam", loss="binary_crossentropy")
