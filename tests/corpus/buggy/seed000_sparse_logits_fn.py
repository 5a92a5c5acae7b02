"""Seed 000, second snippet: Dense(len(label_names)) with the sparse loss function."""
import tensorflow as tf

label_names = ["daisy", "dandelion", "roses", "sunflowers", "tulips"]
mobile_net = tf.keras.applications.MobileNetV2(input_shape=(192, 192, 3), include_top=False)
model = tf.keras.Sequential([
    mobile_net,
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(len(label_names))])
model.compile(optimizer=tf.keras.optimizers.Adam(),
              loss=tf.keras.losses.sparse_categorical_crossentropy,  # expect: HC103
              metrics=["accuracy"])
