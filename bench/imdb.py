# The Python side of bench/imdb.mjs: the IMDB train split read from aclImdb_v1.tar.gz
# (tarfile), tokenized with torchtext's basic_english rules (the same regexes, written out:
# torchtext is not installed), a Counter vocabulary built as torchtext's
# build_vocab_from_iterator does, numericalized to int64 tensors, then iterated once in
# padded batches of 32 (torch.nn.utils.rnn.pad_sequence). Prints the timings as JSON.
#   python bench/imdb.py ARCHIVE [REPEATS]
import json, re, sys, tarfile, time
from collections import Counter, OrderedDict
import torch
from torch.nn.utils.rnn import pad_sequence

archive = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3

_patterns = [r"\'", r"\"", r"\.", r"<br \/>", r",", r"\(", r"\)", r"\!", r"\?", r"\;", r"\:", r"\s+"]
_replacements = [" \'  ", "", " . ", " ", " , ", " ( ", " ) ", " ! ", " ? ", " ", " ", " "]
_patterns_dict = list((re.compile(p), r) for p, r in zip(_patterns, _replacements))

def basic_english(line):
    line = line.lower()
    for pattern_re, replaced_str in _patterns_dict:
        line = pattern_re.sub(replaced_str, line)
    return line.split()

def build_vocab(iterator, specials):
    counter = Counter()
    for tokens in iterator:
        counter.update(tokens)
    ordered = sorted(counter.items(), key=lambda x: x[0])
    ordered.sort(key=lambda x: x[1], reverse=True)
    d = OrderedDict(ordered)
    for s in specials:
        d.pop(s, None)
    return specials + list(d)

def best(fn):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out

def load():
    out = []
    with tarfile.open(archive) as t:
        for m in t:
            parts = m.name.split("/")
            if m.isfile() and len(parts) == 4 and parts[1] == "train" and parts[2] in ("neg", "pos"):
                out.append(({"neg": 1, "pos": 2}[parts[2]], t.extractfile(m).read().decode("utf-8")))
    return out

t_load, train = best(load)
texts = [t for _, t in train]
t_tok, tokenized = best(lambda: [basic_english(t) for t in texts])
t_vocab, itos = best(lambda: build_vocab(tokenized, ["<unk>", "<pad>"]))
stoi = {t: i for i, t in enumerate(itos)}

def numericalize():
    return [torch.tensor([stoi.get(t, 0) for t in toks], dtype=torch.int64) for toks in tokenized]

t_num, seqs = best(numericalize)
labels = torch.tensor([l - 1 for l, _ in train])

def iterate():
    total = 0
    for i in range(0, len(seqs), 32):
        x = pad_sequence(seqs[i:i + 32], batch_first=True, padding_value=1)
        y = labels[i:i + 32]
        total += x.shape[1] + y.shape[0]
    return total

t_iter, check = best(iterate)
print(json.dumps({
    "load": t_load, "tokenize": t_tok, "vocab": t_vocab, "numericalize": t_num, "iterate": t_iter,
    "reviews": len(train), "tokens": sum(len(t) for t in tokenized), "vocab_size": len(itos), "check": check,
}))
