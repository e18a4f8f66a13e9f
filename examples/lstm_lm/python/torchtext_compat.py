# The three pieces of torchtext this example uses, reproduced from torchtext's source.
#
# Why: torchtext is retired (its last release, 0.18, supports torch 2.3 at most) and cannot
# be installed beside the torch 2.11 this project compares against. The rules below are
# torchtext's own (torchtext/data/utils.py, torchtext/vocab/vocab_factory.py,
# torchtext/datasets/imdb.py), and they are the ones torchts/text follows, so the Python
# original and the TypeScript port tokenize, number and order the reviews alike.
import os
import re
import tarfile
from collections import Counter, OrderedDict

# --- torchtext.data.utils.get_tokenizer("basic_english") ----------------------------------

_patterns = [r"\'", r"\"", r"\.", r"<br \/>", r",", r"\(", r"\)", r"\!", r"\?", r"\;", r"\:", r"\s+"]
_replacements = [" \'  ", "", " . ", " ", " , ", " ( ", " ) ", " ! ", " ? ", " ", " ", " "]
_patterns_dict = list((re.compile(p), r) for p, r in zip(_patterns, _replacements))


def _basic_english_normalize(line):
    line = line.lower()
    for pattern_re, replaced_str in _patterns_dict:
        line = pattern_re.sub(replaced_str, line)
    return line.split()


def get_tokenizer(tokenizer, language="en"):
    if tokenizer is None:
        return str.split
    if tokenizer == "basic_english":
        if language != "en":
            raise ValueError("Basic normalization is only available for Enlish(en)")
        return _basic_english_normalize
    raise ValueError(f"only None and 'basic_english' are reproduced here, not {tokenizer!r}")


# --- torchtext.vocab.build_vocab_from_iterator ---------------------------------------------

class Vocab:
    """The part of torchtext.vocab.Vocab used here: lookups both ways and a default index."""

    def __init__(self, tokens):
        self.itos = list(tokens)
        self.stoi = {token: i for i, token in enumerate(self.itos)}
        self.default_index = None

    def __len__(self):
        return len(self.itos)

    def __contains__(self, token):
        return token in self.stoi

    def __getitem__(self, token):
        if token in self.stoi:
            return self.stoi[token]
        if self.default_index is None:
            raise RuntimeError(f"Token {token} not found and default index is not set")
        return self.default_index

    def __call__(self, tokens):
        return self.lookup_indices(tokens)

    def lookup_indices(self, tokens):
        return [self[token] for token in tokens]

    def lookup_tokens(self, indices):
        return [self.itos[i] for i in indices]

    def set_default_index(self, index):
        self.default_index = index

    def get_default_index(self):
        return self.default_index

    def get_itos(self):
        return list(self.itos)

    def get_stoi(self):
        return dict(self.stoi)


def build_vocab_from_iterator(iterator, min_freq=1, specials=None, special_first=True, max_tokens=None):
    counter = Counter()
    for tokens in iterator:
        counter.update(tokens)
    specials = specials or []
    # First sort by descending frequency, then lexicographically
    sorted_by_freq_tuples = sorted(counter.items(), key=lambda x: x[0])
    sorted_by_freq_tuples.sort(key=lambda x: x[1], reverse=True)
    if max_tokens is None:
        ordered_dict = OrderedDict(sorted_by_freq_tuples)
    else:
        assert len(specials) < max_tokens, "len(specials) >= max_tokens, so the vocab will be entirely special tokens."
        ordered_dict = OrderedDict(sorted_by_freq_tuples[: max_tokens - len(specials)])
    for token in specials:
        ordered_dict.pop(token, None)
    tokens = [token for token, freq in ordered_dict.items() if freq >= min_freq]
    if special_first:
        tokens[0:0] = specials
    else:
        tokens.extend(specials)
    return Vocab(tokens)


# --- torchtext.datasets.IMDB -----------------------------------------------------------------

_MEMBER = re.compile(r"^(?:\./)?aclImdb/(train|test)/(neg|pos)/[^/]+\.txt$")
_LABELS = {"neg": 1, "pos": 2}


def _find_archive(root):
    if os.path.isfile(root):
        return root
    for sub in ["", "IMDB", "imdb"]:
        archive = os.path.join(root, sub, "aclImdb_v1.tar.gz")
        if os.path.isfile(archive):
            return archive
    raise RuntimeError(f"IMDB not found: put aclImdb_v1.tar.gz at {os.path.join(root, 'IMDB', 'aclImdb_v1.tar.gz')}")


def IMDB(root, split=("train", "test")):
    """(label, text) pairs, label 1 = neg, 2 = pos (torchtext >= 0.14), read from the
    aclImdb_v1.tar.gz in archive order, as torchts/text's IMDB reads it. (torchtext orders
    the two labels by iterating a Python set, which varies with the hash seed; the archive
    order is the one reproducible choice.) A split name gives a list; a tuple of names, one
    list per name."""
    names = [split] if isinstance(split, str) else list(split)
    out = {name: [] for name in names}
    with tarfile.open(_find_archive(root), "r:gz") as archive:
        for member in archive:
            m = _MEMBER.match(member.name)
            if not m or not member.isfile() or m.group(1) not in out:
                continue
            text = archive.extractfile(member).read().decode("utf-8", errors="replace")
            out[m.group(1)].append((_LABELS[m.group(2)], text))
    return out[split] if isinstance(split, str) else tuple(out[name] for name in names)
