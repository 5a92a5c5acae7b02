"""tanh outputs in (-1, 1) fed to BCELoss."""
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 1)

    def forward(self, x):
        return torch.tanh(self.fc(x))  # expect: HC106


model = Net()
criterion = nn.BCELoss()
loss = criterion(model(x), y)
