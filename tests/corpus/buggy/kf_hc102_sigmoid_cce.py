"""Five independent sigmoids under categorical cross-entropy."""
import tensorflow as tf

inputs = tf.keras.Input(shape=(32,))
hidden = tf.keras.layers.Dense(16, activation=tf.nn.relu)(inputs)
outputs = tf.keras.layers.Dense(5, activation=tf.nn.sigmoid)(hidden)  # expect: HC102
model = tf.keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy())
