"""A sigmoid output unit with BCELoss and a 0.5 threshold."""
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 12)
        self.fc2 = nn.Linear(12, 1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        return self.sigmoid(self.fc2(x))


model = Net()
loss_fn = nn.BCELoss()
y_pred = model(X)
loss = loss_fn(y_pred, y)
accuracy = (y_pred.round() == y).float().mean()
predictions = (model(X) > 0.5).int()
