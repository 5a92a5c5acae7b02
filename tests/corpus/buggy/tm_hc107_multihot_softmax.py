"""Multi-hot targets (several labels per sample) with a softmax head and BCELoss."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(32, 4)

    def forward(self, x):
        return F.softmax(self.fc(x), dim=-1)  # expect: HC107


targets = torch.tensor([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 1.0, 1.0]])
model = Tagger()
loss = nn.BCELoss()(model(torch.randn(2, 32)), targets)
