"""No framework at all: nothing to say."""
import numpy as np

def accuracy(pred, y):
    return np.mean(np.argmax(pred, axis=1) == y)

threshold = 0.5
print(accuracy(np.zeros((3, 1)), np.zeros(3)) > threshold)
