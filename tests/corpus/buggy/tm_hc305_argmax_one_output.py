"""argmax over one logit column: every prediction is class 0."""
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 1)

    def forward(self, x):
        return self.fc(x)


model = Net()
criterion = nn.BCEWithLogitsLoss()
with torch.no_grad():
    outputs = model(x_val)
    predicted = outputs.argmax(dim=1)  # expect: HC305
