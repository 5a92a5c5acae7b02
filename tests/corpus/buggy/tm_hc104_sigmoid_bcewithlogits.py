"""torch.sigmoid in forward() and BCEWithLogitsLoss: the sigmoid is applied twice."""
import torch
from torch import nn


class Detector(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(128, 64), nn.ReLU())
        self.head = nn.Linear(64, 1)

    def forward(self, x):
        return torch.sigmoid(self.head(self.backbone(x)))


detector = Detector().to("cuda")
loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))  # expect: HC104
logits = detector(batch)
loss = loss_fn(logits, target)
