"""One-hot labels, softmax, CategoricalCrossentropy with label smoothing."""
import tensorflow as tf

y_train = tf.one_hot(labels, depth=5)
model = tf.keras.Sequential([tf.keras.layers.Dense(5, activation=tf.nn.softmax)])
model.compile(optimizer="adam",
              loss=tf.keras.losses.CategoricalCrossentropy(label_smoothing=0.1),
              metrics=[tf.keras.metrics.CategoricalAccuracy()])
model.fit(x_train, y_train)
