"""BCEWithLogitsLoss on logits; a sigmoid computed only for reporting and thresholding."""
import torch
import torch.nn as nn


class BinaryClassifier(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_features, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x):
        return self.net(x)


model = BinaryClassifier(20)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters())
for x, y in train_loader:
    logits = model(x)
    loss = criterion(logits, y.float())
    probs = torch.sigmoid(logits)
    preds = (probs > 0.5).float()
    accuracy = (preds == y).float().mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
