"""Softmax over four classes fed to a per-class BCELoss."""
import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self, in_features, num_classes=4):
        super().__init__()
        self.linear = nn.Linear(in_features, num_classes)
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x):
        return self.softmax(self.linear(x))


model = Classifier(16)
criterion = nn.BCELoss()  # expect: HC102
for inputs, targets in loader:
    outputs = model(inputs)
    loss = criterion(outputs, targets)
