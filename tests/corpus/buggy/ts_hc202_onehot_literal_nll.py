"""One-hot rows written out, given to NLLLoss after log_softmax."""
import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 3), nn.LogSoftmax(dim=1))
targets = torch.tensor([[0, 1, 0], [1, 0, 0]])
criterion = nn.NLLLoss()  # expect: HC202
loss = criterion(model(torch.randn(2, 4)), targets)
