"""forward() returns softmax probabilities, CrossEntropyLoss applies log_softmax again."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc3 = nn.Linear(120, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.fc3(x)
        return F.softmax(x, dim=1)


net = Net()
criterion = nn.CrossEntropyLoss()  # expect: HC104
for data in trainloader:
    inputs, labels = data
    outputs = net(inputs)
    loss = criterion(outputs, labels)
