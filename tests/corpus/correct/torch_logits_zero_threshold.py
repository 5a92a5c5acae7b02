"""One logit, BCEWithLogitsLoss, thresholded at 0."""
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(40, 1)

    def forward(self, x):
        return self.out(x).squeeze(1)


net = Net()
criterion = nn.BCEWithLogitsLoss()
logits = net(x)
loss = criterion(logits, y)
predicted = (logits > 0).long()
