"""A subclassed Keras model whose call() returns logits, under a probability loss."""
import tensorflow as tf


class Classifier(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(32, activation="relu")
        self.out = tf.keras.layers.Dense(1)

    def call(self, inputs, training=False):
        x = self.hidden(inputs)
        return self.out(x)


model = Classifier()
model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy())  # expect: HC103
