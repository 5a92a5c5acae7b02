"""One-hot labels from to_categorical under the sparse loss."""
import tensorflow as tf

y_onehot = tf.keras.utils.to_categorical(y, num_classes=10)
inputs = tf.keras.Input(shape=(64,))
outputs = tf.keras.layers.Dense(10, activation="softmax")(inputs)
model = tf.keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # expect: HC202
model.fit(x, y_onehot, epochs=2)
