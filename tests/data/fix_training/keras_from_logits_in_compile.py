# Digits: logits, with from_logits given to compile() instead of the loss.
import keras
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)
X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X / 16.0, y, test_size=0.3, random_state=0)

model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10),
    ]
)
model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    from_logits=True,
    metrics=["accuracy"],
)
model.fit(X_train, y_train, epochs=20, batch_size=32, verbose=0)
