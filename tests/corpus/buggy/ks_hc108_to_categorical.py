"""Labels one-hot encoded over 12 classes, a head with 10 units."""
from tensorflow import keras

y_train = keras.utils.to_categorical(y_train_int, 12)
model = keras.Sequential([
    keras.layers.Flatten(input_shape=(28, 28)),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),  # expect: HC108
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)
