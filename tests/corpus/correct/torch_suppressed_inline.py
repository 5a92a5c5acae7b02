"""An intentional head, suppressed inline: no finding is reported."""
import torch.nn as nn

probe = nn.Sequential(nn.Linear(4, 1), nn.Softmax(dim=1))  # headcheck: ignore[HC101]
constant = nn.Sequential(nn.Linear(4, 1), nn.Softmax(dim=-1))  # headcheck: ignore
