"""Two classes as two logits with CrossEntropyLoss and integer labels."""
import torch
from torch import nn

model = nn.Sequential(nn.Linear(10, 2))
y = torch.tensor([0, 1, 1, 0])
loss = nn.CrossEntropyLoss()(model(torch.randn(4, 10)), y)
_, predicted = torch.max(model(torch.randn(4, 10)), 1)
