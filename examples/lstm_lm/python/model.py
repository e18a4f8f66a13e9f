import torch.nn as nn


class LSTM_LanguageModel(nn.Module):
    """Embedding -> LSTM (batch_first) -> linear head: next-token logits at every position."""

    def __init__(self, vocab_size, embedding_dim, hidden_dim, num_layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_dim, vocab_size)

    def forward(self, x):
        embedded = self.embedding(x)  # (B, T, embedding_dim)
        output, _ = self.lstm(embedded)  # (B, T, hidden_dim)
        return self.fc(output)  # (B, T, vocab_size)
