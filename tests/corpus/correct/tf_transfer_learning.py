"""'Transfer learning and fine-tuning': Dense(1) logits with from_logits and threshold 0."""
import tensorflow as tf

base_model = tf.keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False,
                                               weights="imagenet")
base_model.trainable = False
inputs = tf.keras.Input(shape=(160, 160, 3))
x = base_model(inputs, training=False)
x = tf.keras.layers.GlobalAveragePooling2D()(x)
x = tf.keras.layers.Dropout(0.2)(x)
outputs = tf.keras.layers.Dense(1)(x)
model = tf.keras.Model(inputs, outputs)
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.0001),
              loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0, name="accuracy")])
history = model.fit(train_dataset, epochs=10, validation_data=validation_dataset)
predictions = model.predict_on_batch(image_batch).flatten()
predictions = tf.nn.sigmoid(predictions)
predictions = tf.where(predictions < 0.5, 0, 1)
