"""F.one_hot over 6 classes, a network with 5 outputs."""
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(100, 5)  # expect: HC108

    def forward(self, x):
        return self.out(x)


net = Net()
target = F.one_hot(labels, num_classes=6).float()
loss = F.binary_cross_entropy_with_logits(net(x), target)
