"""Tensor.softmax() method before NLLLoss."""
import torch
import torch.nn as nn


class TextClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, num_class):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, embed_dim)
        self.fc = nn.Linear(embed_dim, num_class)

    def forward(self, text, offsets):
        return self.fc(self.embedding(text, offsets)).softmax(dim=1)


model = TextClassifier(20000, 64, 4)
criterion = torch.nn.NLLLoss()  # expect: HC105
predicted = model(text, offsets)
loss = criterion(predicted, label)
