"""log_softmax before CrossEntropyLoss is redundant but harmless (idempotent)."""
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(32, 4)

    def forward(self, x):
        return F.log_softmax(self.fc(x), dim=1)


model = Net()
loss = nn.CrossEntropyLoss()(model(x), y)
