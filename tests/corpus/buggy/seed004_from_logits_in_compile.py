"""Seed 004: from_logits passed to compile() instead of the loss."""
from keras.layers import LSTM, Dense, Dropout
from keras.models import Sequential

n_timesteps, n_features = 30, 4
model = Sequential()
model.add(LSTM(units=128, input_shape=(n_timesteps, n_features), return_sequences=True))
model.add(Dropout(0.3))
model.add(LSTM(units=32))
model.add(Dense(16, activation='relu'))
model.add(Dropout(0.3))
model.add(Dense(1, activation='sigmoid'))
model.compile(optimizer="adam",
              loss='binary_crossentropy',
              metrics=['accuracy'],
              from_logits=True)  # expect: HC201
