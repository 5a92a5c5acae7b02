"""Seed 004: ten mutually exclusive classes trained with binary cross-entropy."""
from keras.layers import LSTM, Dense, Dropout, TimeDistributed
from keras.models import Sequential

net = Sequential()
net.add(TimeDistributed(model_A, input_shape=(5, 960, 75, 1)))
net.add(LSTM(100))
net.add(Dropout(0.5))
net.add(Dense(100, activation='relu'))
net.add(Dense(10, activation='softmax'))
net.compile(loss='binary_crossentropy',  # expect: HC102
            optimizer="adam", metrics=['binary_accuracy', 'categorical_accuracy'])
