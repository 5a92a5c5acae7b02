"""A 0.5 threshold on the logits of a BCEWithLogitsLoss model."""
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(30, 16), nn.ReLU())
        self.out = nn.Linear(16, 1)

    def forward(self, x):
        return self.out(self.layers(x))


model = Net()
criterion = nn.BCEWithLogitsLoss()


def evaluate(loader):
    correct = 0
    for x, y in loader:
        logits = model(x)
        preds = (logits > 0.5).float()  # expect: HC306
        correct += (preds == y).sum().item()
    return correct


evaluate(val_loader)
