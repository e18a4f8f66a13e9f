# IMDB reviews as language-model data: basic_english tokens, a vocabulary of the training
# reviews, each review framed <bos> ... <eos> and shifted into (input, target) pairs.
import torch
from torch.nn.utils.rnn import pad_sequence

from torchtext_compat import IMDB, build_vocab_from_iterator, get_tokenizer

specials = ["<unk>", "<pad>", "<bos>", "<eos>"]
tokenizer = get_tokenizer("basic_english")


def load_reviews(root, max_train_reviews, max_test_reviews):
    """The texts of the first reviews of each split, in archive order (labels unused)."""
    train_iter, test_iter = IMDB(root=root, split=("train", "test"))
    train_texts = [text for label, text in train_iter][:max_train_reviews]
    test_texts = [text for label, text in test_iter][:max_test_reviews]
    return train_texts, test_texts


def build_vocab(texts, min_freq):
    vocab = build_vocab_from_iterator(map(tokenizer, texts), min_freq=min_freq, specials=specials)
    vocab.set_default_index(vocab["<unk>"])
    return vocab


def encode_reviews(texts, vocab, max_seq_len):
    """(input, target) pairs: <bos> tokens <eos>, cut to max_seq_len + 1 tokens (a longer
    review loses its <eos>), then shifted by one: both max_seq_len tokens at most."""
    pairs = []
    for text in texts:
        ids = vocab(["<bos>"] + tokenizer(text) + ["<eos>"])[: max_seq_len + 1]
        pairs.append((torch.tensor(ids[:-1], dtype=torch.long), torch.tensor(ids[1:], dtype=torch.long)))
    return pairs


def make_collate_fn(pad_idx):
    def collate_batch(batch):
        inputs, targets = zip(*batch)
        inputs = pad_sequence(inputs, batch_first=True, padding_value=pad_idx)
        targets = pad_sequence(targets, batch_first=True, padding_value=pad_idx)
        return inputs, targets

    return collate_batch
