"""'Basic text classification': one logit, BinaryCrossentropy(from_logits=True),
BinaryAccuracy(threshold=0.0); the exported model adds a sigmoid."""
import tensorflow as tf
from tensorflow.keras import layers, losses

embedding_dim = 16
model = tf.keras.Sequential([
    layers.Embedding(10001, embedding_dim),
    layers.Dropout(0.2),
    layers.GlobalAveragePooling1D(),
    layers.Dropout(0.2),
    layers.Dense(1)])
model.compile(loss=losses.BinaryCrossentropy(from_logits=True),
              optimizer="adam",
              metrics=[tf.metrics.BinaryAccuracy(threshold=0.0)])
history = model.fit(train_ds, validation_data=val_ds, epochs=10)
export_model = tf.keras.Sequential([vectorize_layer, model, layers.Activation("sigmoid")])
export_model.compile(loss=losses.BinaryCrossentropy(from_logits=False), optimizer="adam",
                     metrics=["accuracy"])
print(export_model.predict(examples) > 0.5)
