"""tf.argmax over the last axis of a one-unit sigmoid output."""
import tensorflow as tf

inputs = tf.keras.Input(shape=(10,))
outputs = tf.keras.layers.Dense(1, activation="sigmoid")(inputs)
model = tf.keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
predicted = tf.argmax(model.predict(x_test), axis=-1)  # expect: HC305
