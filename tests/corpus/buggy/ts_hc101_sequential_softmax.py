"""nn.Sequential ending in Linear(10, 1) and Softmax(dim=1)."""
from torch import nn

model = nn.Sequential(
    nn.Linear(10, 32),
    nn.ReLU(),
    nn.Linear(32, 1),
    nn.Softmax(dim=1),  # expect: HC101
)
