"""nn.LogSoftmax module with nn.NLLLoss."""
import torch
from torch import nn

model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10), nn.LogSoftmax(dim=1))
criterion = nn.NLLLoss()
logps = model(images)
loss = criterion(logps, labels)
ps = torch.exp(logps)
top_p, top_class = ps.topk(1, dim=1)
