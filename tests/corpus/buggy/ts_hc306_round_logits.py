"""torch.round on logits."""
import torch
from torch import nn as tnn

net = tnn.Sequential(tnn.Linear(5, 1))
loss_fn = tnn.BCEWithLogitsLoss()
out = net(features)
loss = loss_fn(out, labels)
labels_pred = torch.round(out)  # expect: HC306
