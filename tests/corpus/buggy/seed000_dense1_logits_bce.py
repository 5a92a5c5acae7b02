"""Seed 000: the transfer-learning head Dense(1) without activation, a string loss, 'accuracy'."""
import numpy as np
import tensorflow as tf

base_model = tf.keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False)
model = tf.keras.Sequential([
    base_model,
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(1)
])
base_learning_rate = 0.0001
model.compile(optimizer=tf.keras.optimizers.RMSprop(learning_rate=base_learning_rate),
              loss='binary_crossentropy',  # expect: HC103
              metrics=['accuracy'])  # expect: HC302
model.fit(train_ds, epochs=10, validation_data=validation_ds)
print(np.squeeze(model.predict(test_ds)))
