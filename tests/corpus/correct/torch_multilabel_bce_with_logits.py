"""Multi-label tagging: many logits, BCEWithLogitsLoss, multi-hot float targets, > 0 threshold."""
import torch
import torch.nn as nn

targets = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
model = nn.Sequential(nn.Linear(50, 64), nn.ReLU(), nn.Linear(64, 3))
criterion = nn.BCEWithLogitsLoss()
outputs = model(torch.randn(2, 50))
loss = criterion(outputs, targets)
predicted_tags = outputs > 0
