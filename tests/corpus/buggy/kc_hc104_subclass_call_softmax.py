"""A subclassed model applying tf.nn.softmax in call(), trained with from_logits=True."""
import tensorflow as tf
from tensorflow import keras


class MyModel(keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.flatten = keras.layers.Flatten()
        self.d1 = keras.layers.Dense(128, activation="relu")
        self.d2 = keras.layers.Dense(num_classes)

    def call(self, x):
        x = self.d1(self.flatten(x))
        return tf.nn.softmax(self.d2(x))


model = MyModel()
model.compile(
    optimizer="adam",
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),  # expect: HC104
)
