"""
Tiny Shakespeare at the character level: nanoGPT's data/shakespeare_char/prepare.py, kept in
memory. The text is the copy shipped with torchts (data/tinyshakespeare.txt), so no download;
the vocabulary is its sorted characters (65), the first 90% of it is train, the rest val.
"""
import os

import torch

TEXT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'data', 'tinyshakespeare.txt')

def load_shakespeare_char():
    with open(TEXT_PATH, 'r', encoding='utf-8') as f:
        data = f.read()
    # get all the unique characters that occur in this text
    chars = sorted(list(set(data)))
    vocab_size = len(chars)
    # create a mapping from characters to integers
    stoi = { ch:i for i,ch in enumerate(chars) }
    itos = { i:ch for i,ch in enumerate(chars) }
    def encode(s):
        return [stoi[c] for c in s] # encoder: take a string, output a list of integers
    def decode(l):
        return ''.join([itos[i] for i in l]) # decoder: take a list of integers, output a string
    # create the train and test splits
    n = len(data)
    ids = torch.tensor(encode(data), dtype=torch.long)
    train_data = ids[:int(n*0.9)]
    val_data = ids[int(n*0.9):]
    return train_data, val_data, vocab_size, encode, decode
