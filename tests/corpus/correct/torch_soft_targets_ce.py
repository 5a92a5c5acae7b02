"""Float one-hot (class probability) targets are valid for CrossEntropyLoss."""
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Linear(16, 5)
criterion = nn.CrossEntropyLoss()
targets = F.one_hot(labels, num_classes=5).float()
loss = criterion(model(x), targets)
