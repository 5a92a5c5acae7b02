"""ImageDataGenerator with class_mode='categorical' and a softmax head."""
from tensorflow.keras.layers import Dense, Flatten
from tensorflow.keras.models import Sequential
from tensorflow.keras.preprocessing.image import ImageDataGenerator

datagen = ImageDataGenerator(rescale=1.0 / 255)
train_generator = datagen.flow_from_directory("data/train", target_size=(64, 64),
                                              class_mode="categorical")
model = Sequential([Flatten(input_shape=(64, 64, 3)), Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(train_generator, epochs=5)
