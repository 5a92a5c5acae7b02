"""torch.max(outputs, 1) on a one-unit sigmoid output."""
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())
criterion = nn.BCELoss()
outputs = model(inputs)
loss = criterion(outputs, labels)
_, predicted = torch.max(outputs.data, 1)  # expect: HC305
