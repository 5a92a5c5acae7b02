"""Dense(10) then a separate Softmax layer, categorical cross-entropy."""
import keras
from keras import layers

model = keras.Sequential([layers.Dense(64), layers.ReLU(), layers.Dense(10), layers.Softmax()])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
