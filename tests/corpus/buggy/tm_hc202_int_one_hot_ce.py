"""Integer one-hot targets (F.one_hot without .float()) given to CrossEntropyLoss."""
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc(x)


model = Net()
criterion = nn.CrossEntropyLoss()  # expect: HC202
for x, y in loader:
    loss = criterion(model(x), F.one_hot(y, num_classes=10))
