"""Raw outputs into BCELoss (which expects probabilities)."""
import torch
import torch.nn as nn


class LogisticRegression(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.fc = nn.Linear(n_features, 1)

    def forward(self, x):
        return self.fc(x)


model = LogisticRegression(30)
criterion = nn.BCELoss()  # expect: HC103
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)


def train(loader, epochs=10):
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()


train(train_loader)
