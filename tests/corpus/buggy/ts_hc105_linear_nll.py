"""nn.NLLLoss on raw logits from nn.Sequential."""
import torch
from torch import nn

model = nn.Sequential(nn.Linear(20, 50), nn.ReLU(), nn.Linear(50, 3))
criterion = nn.NLLLoss()  # expect: HC105
output = model(torch.randn(4, 20))
loss = criterion(output, torch.tensor([0, 2, 1, 1]))
