"""Softmax over dim=0 on a one-unit output is a different question: not reported as HC101."""
import torch
from torch import nn

scores = nn.Linear(16, 1)
weights = torch.softmax(scores(torch.randn(5, 16)), dim=0)
