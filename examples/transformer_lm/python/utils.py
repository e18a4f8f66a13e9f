"""A character tokenizer with a padding token and an end-of-sentence token."""


class CharTokenizer:
    pad_token = "<pad>"
    eos_token = "<eos>"

    def __init__(self, vocab):
        """vocab: the tokens, index order (the special tokens first)."""
        self.itos = list(vocab)
        self.stoi = {token: i for i, token in enumerate(self.itos)}
        self.pad_idx = self.stoi[self.pad_token]
        self.eos_idx = self.stoi[self.eos_token]

    @classmethod
    def from_texts(cls, texts):
        chars = sorted(set("".join(texts)))
        return cls([cls.pad_token, cls.eos_token] + chars)

    @property
    def vocab_size(self):
        return len(self.itos)

    def encode(self, text, add_eos=False):
        ids = []
        for position, ch in enumerate(text):
            if ch not in self.stoi:
                raise ValueError(f"character {ch!r} at position {position} is not in the vocabulary")
            ids.append(self.stoi[ch])
        if add_eos:
            ids.append(self.eos_idx)
        return ids

    def decode(self, ids):
        """The text of the ids, without padding or end tokens."""
        return "".join(self.itos[i] for i in ids if i not in (self.pad_idx, self.eos_idx))

    def pad(self, ids, length):
        """ids followed by pad_idx up to length."""
        if len(ids) > length:
            raise ValueError(f"sequence of {len(ids)} tokens is longer than {length}")
        return ids + [self.pad_idx] * (length - len(ids))
