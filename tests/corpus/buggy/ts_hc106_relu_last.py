"""nn.Sequential whose last module is ReLU, under BCELoss."""
import torch.nn as nn

model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1), nn.ReLU())  # expect: HC106
criterion = nn.BCELoss()
loss = criterion(model(features), labels)
