"""'Image classification' tutorial: integer labels, logits, sparse loss from_logits=True."""
import tensorflow as tf
from tensorflow.keras import layers
from tensorflow.keras.models import Sequential

train_ds = tf.keras.utils.image_dataset_from_directory(data_dir, validation_split=0.2,
                                                       subset="training", seed=123)
class_names = train_ds.class_names
num_classes = len(class_names)
model = Sequential([
    layers.Rescaling(1.0 / 255, input_shape=(180, 180, 3)),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(num_classes),
])
model.compile(optimizer="adam",
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(train_ds, epochs=10)
score = tf.nn.softmax(model.predict(img_array)[0])
