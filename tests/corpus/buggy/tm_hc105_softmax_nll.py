"""NLLLoss on softmax probabilities (no log)."""
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        return F.softmax(self.fc(x.view(-1, 784)), dim=1)


model = Net()
for data, target in train_loader:
    output = model(data)
    loss = F.nll_loss(output, target)  # expect: HC105
