"""A custom training loop: the loss object is called on the model's outputs."""
import keras
import tensorflow as tf

model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
loss_fn = keras.losses.BinaryCrossentropy()  # expect: HC103
optimizer = keras.optimizers.Adam()


def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss_value = loss_fn(y, logits)
    grads = tape.gradient(loss_value, model.trainable_weights)
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return loss_value
