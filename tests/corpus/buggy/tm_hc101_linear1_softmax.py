"""A one-output network with softmax over dim=1."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 64)
        self.fc2 = nn.Linear(64, 1)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        return F.softmax(self.fc2(x), dim=1)  # expect: HC101


model = Net()
criterion = nn.BCELoss()
loss = criterion(model(torch.randn(8, 20)), torch.rand(8, 1))
