"""class_mode='binary' with one sigmoid unit."""
from keras.layers import Dense, Flatten
from keras.models import Sequential
from keras.preprocessing.image import ImageDataGenerator

generator = ImageDataGenerator(rescale=1.0 / 255).flow_from_directory(
    "data/train", target_size=(150, 150), batch_size=20, class_mode="binary")
model = Sequential()
model.add(Flatten(input_shape=(150, 150, 3)))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="rmsprop", metrics=["acc"])
model.fit(generator, epochs=30)
