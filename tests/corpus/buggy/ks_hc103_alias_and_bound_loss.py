"""Any alias: the loss is bound to a name first and passed to compile later."""
from tensorflow import keras as tfk
from tensorflow.keras.layers import Dense as D

bce = tfk.losses.BinaryCrossentropy(label_smoothing=0.1)  # expect: HC103
net = tfk.models.Sequential()
net.add(D(8, activation="relu"))
net.add(D(1))
net.compile("adam", bce)
