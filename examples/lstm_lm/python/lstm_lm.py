# An LSTM language model trained on IMDB movie reviews: the classic torchtext recipe
# (basic_english tokens, build_vocab_from_iterator, pad_sequence in a collate_fn, a shuffling
# DataLoader, CrossEntropyLoss ignoring the padding) with the same --key=value options as
# ../lstm_lm.ts, its torchts port.
#
#   python examples/lstm_lm/python/lstm_lm.py [--max_train_reviews=2000] [--device=cpu] ...
import json
import math
import os
import sys
import time
from ast import literal_eval

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader

from dataset import build_vocab, encode_reviews, load_reviews, make_collate_fn
from model import LSTM_LanguageModel

project_root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..')
# configuration
data = os.path.join(project_root, '..', 'shared', 'data', 'imdb') # aclImdb_v1.tar.gz, or a folder holding it
max_train_reviews = 2000
max_test_reviews = 500
max_seq_len = 64
min_freq = 3
epochs = 1
batch_size = 32
embedding_dim = 64
hidden_dim = 128
num_layers = 2
lr = 1e-3
log_interval = 10 # print the loss every log_interval batches
max_steps = 0 # stop training after this many batches (0: no cap)
seed = 0
device = 'cuda' if torch.cuda.is_available() else 'cpu'
loss_log = '' # when set, a JSON array of every training step's loss is written there
# command-line overrides (nanoGPT's configurator): --key=value
for arg in sys.argv[1:]:
    assert arg.startswith('--') and '=' in arg, f"expected --key=value, got {arg}"
    key, val = arg[2:].split('=', 1)
    assert key in globals(), f"unknown option --{key}"
    try:
        val = literal_eval(val)
    except (SyntaxError, ValueError):
        pass # a string
    globals()[key] = type(globals()[key])(val)
# ------------

torch.manual_seed(seed)

if data and not os.path.exists(data): # (the default exists only beside the project's own checkouts)
    print(f"error: no IMDB data at {data}: pass --data=<aclImdb_v1.tar.gz, or a folder holding it> "
          "(https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz)", file=sys.stderr)
    sys.exit(2)
train_texts, test_texts = load_reviews(data, max_train_reviews, max_test_reviews)
vocab = build_vocab(train_texts, min_freq)
vocab_size = len(vocab)
pad_idx = vocab['<pad>']
train_data = encode_reviews(train_texts, vocab, max_seq_len)
test_data = encode_reviews(test_texts, vocab, max_seq_len)
print(f"{len(train_data)} training reviews, {len(test_data)} test reviews, vocabulary of {vocab_size} tokens")

collate_batch = make_collate_fn(pad_idx)
train_loader = DataLoader(train_data, batch_size=batch_size, shuffle=True, collate_fn=collate_batch)
test_loader = DataLoader(test_data, batch_size=batch_size, shuffle=False, collate_fn=collate_batch)

model = LSTM_LanguageModel(vocab_size, embedding_dim, hidden_dim, num_layers).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=lr)
criterion = nn.CrossEntropyLoss(ignore_index=pad_idx)

losses = []
step = 0
train_seconds = 0.0 # training steps only: the evaluation is not timed
for epoch in range(epochs):
    model.train()
    for i, (inputs, targets) in enumerate(train_loader):
        started = time.perf_counter()
        inputs, targets = inputs.to(device), targets.to(device)
        optimizer.zero_grad()
        output = model(inputs)
        loss = criterion(output.view(-1, vocab_size), targets.view(-1))
        loss.backward()
        optimizer.step()
        loss_value = loss.item()
        train_seconds += time.perf_counter() - started
        losses.append(loss_value)
        step += 1
        if i % log_interval == 0:
            print(f"epoch {epoch + 1} batch {i}/{len(train_loader)}: loss {loss_value:.4f}")
        if step == max_steps:
            break
    if step == max_steps:
        break
print(f"timing: {step} steps in {train_seconds:.2f} s, {step / train_seconds:.2f} steps/s")
if loss_log:
    with open(loss_log, 'w') as f:
        json.dump(losses, f)

# test perplexity: exp of the mean loss over every non-pad target token of the test reviews
model.eval()
total_loss, total_tokens = 0.0, 0
with torch.no_grad():
    for inputs, targets in test_loader:
        inputs, targets = inputs.to(device), targets.to(device)
        output = model(inputs)
        total_loss += F.cross_entropy(output.view(-1, vocab_size), targets.view(-1), ignore_index=pad_idx, reduction='sum').item()
        total_tokens += (targets != pad_idx).sum().item()
test_loss = total_loss / total_tokens
print(f"test loss {test_loss:.4f} over {total_tokens} tokens, perplexity {math.exp(test_loss):.2f}")
