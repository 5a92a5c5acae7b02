"""Four label columns, three output units."""
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(12, 24), nn.ReLU(), nn.Linear(24, 3))  # expect: HC108
y = torch.tensor([[1, 0, 0, 1], [0, 1, 1, 0]], dtype=torch.float32)
criterion = nn.BCEWithLogitsLoss()
loss = criterion(model(x), y)
