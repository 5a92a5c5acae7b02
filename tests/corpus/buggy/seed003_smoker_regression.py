"""Seed 003: four smoker classes trained as a regression with mse and 'accuracy'."""
import random

import numpy as np
import tensorflow as tf

training_data = []
for i in range(0, 5):
    training_data.append([random.uniform(0, 0.2944)])
for i in range(0, 5):
    training_data.append([random.uniform(0.2944, 1.7394)])
target_data = []
target_data.append([1])
target_data.append([2])
target_data.append([3])
target_data.append([4])
model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Dense(len(target_data), input_dim=1, activation='softmax'))
model.add(tf.keras.layers.Dense(1, activation='relu'))
model.compile(loss='mean_squared_error',  # expect: HC109
              optimizer='adam',
              metrics=['accuracy'])
training_data = np.asarray(training_data)
target_data = np.asarray(target_data)
model.fit(training_data, target_data, epochs=50, verbose=0)
