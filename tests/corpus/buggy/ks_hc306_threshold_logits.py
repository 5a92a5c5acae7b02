"""A 0.5 threshold on the logits returned by predict()."""
import keras

model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
scores = model.predict(x_test)
classes = (scores > 0.5).astype("int32")  # expect: HC306
