"""A Trainer class holding the model and the loss; methods called from main()."""
import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self, num_classes=3):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(20, 64), nn.GELU(), nn.Dropout(0.1))
        self.head = nn.Linear(64, num_classes)

    def forward(self, x):
        return self.head(self.body(x))


class Trainer:
    def __init__(self, model):
        self.model = model
        self.criterion = nn.CrossEntropyLoss()

    def step(self, x, y):
        logits = self.model(x)
        return self.criterion(logits, y)

    def predict(self, x):
        return torch.softmax(self.model(x), dim=-1).argmax(dim=-1)


def main():
    trainer = Trainer(Classifier())
    trainer.step(torch.randn(4, 20), torch.tensor([0, 1, 2, 1]))
    trainer.predict(torch.randn(2, 20))


main()
