"""num_classes given to to_categorical by keyword; the functional head has fewer units."""
import keras

num_classes = 5
labels = keras.utils.to_categorical(raw_labels, num_classes=num_classes)
inputs = keras.Input(shape=(40,))
outputs = keras.layers.Dense(4, activation="softmax")(inputs)  # expect: HC108
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(features, labels)
