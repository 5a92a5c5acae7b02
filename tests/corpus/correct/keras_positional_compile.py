"""compile() with positional arguments and a loss class reference."""
import keras
from keras import losses

model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
model.compile("adam", losses.SparseCategoricalCrossentropy(), ["accuracy"])
