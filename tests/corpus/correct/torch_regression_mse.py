"""Regression with MSELoss on a linear output."""
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(13, 64), nn.ReLU(), nn.Linear(64, 1))
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
y = torch.tensor([[24.0], [21.6], [34.7]])
for epoch in range(100):
    pred = model(x)
    loss = criterion(pred, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
