# The Python twin of test/e2e/models.ts CharLSTM: a 2-layer character LSTM (batch_first,
# dropout) trained 50 steps with Adam and clip_grad_norm_ on Tiny Shakespeare. Prints the
# loss of every step as JSON. Usage: python char_lstm.py <input.txt> <threads>
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(int(sys.argv[2]))
text = open(sys.argv[1], encoding="utf-8").read()[:100_000]
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
vocab, block, batch = len(chars), 32, 8


class CharLSTM(nn.Module):
    def __init__(self, vocab, emb=32, hidden=64):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, hidden, num_layers=2, batch_first=True, dropout=0.2)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x):
        out, _ = self.lstm(self.embed(x))
        return self.head(out)


torch.manual_seed(1337)
model = CharLSTM(vocab)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
losses = []
for step in range(50):
    ix = torch.randint(len(data) - block - 1, (batch,))
    x = torch.stack([data[i : i + block] for i in ix])
    y = torch.stack([data[i + 1 : i + block + 1] for i in ix])
    logits = model(x)
    loss = F.cross_entropy(logits.view(-1, vocab), y.view(-1))
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    losses.append(loss.item())
print(json.dumps(losses))
