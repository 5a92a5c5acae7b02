"""Class indices 0-3 regressed with MSELoss on one linear output."""
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Linear(32, 1))
y = torch.tensor([0, 2, 1, 3, 3, 0])
criterion = nn.MSELoss()  # expect: HC109
loss = criterion(model(x).squeeze(1), y.float())
