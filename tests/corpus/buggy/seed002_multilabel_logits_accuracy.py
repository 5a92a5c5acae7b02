"""Seed 002: a multi-label classifier on logits, scored with bare 'accuracy'."""
import tensorflow as tf

inputs = tf.keras.Input(shape=(128,))
x = tf.keras.layers.Dense(64, activation="relu")(inputs)
outputs = tf.keras.layers.Dense(20)(x)
classification_model = tf.keras.Model(inputs, outputs)
classification_model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.0002),
                             loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
                             metrics=['accuracy'])  # expect: HC301
classification_model.fit(train_x, train_y, validation_data=(val_x, val_y), epochs=10, batch_size=10)
