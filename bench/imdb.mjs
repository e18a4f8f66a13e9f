// IMDB text pipeline, torchts/text next to Python (bench/imdb.py) on the same LibTorch, in
// one run: read the train split from aclImdb_v1.tar.gz, tokenize it (basic_english), build
// the vocabulary, numericalize every review to an int64 tensor, and iterate it once in
// padded batches of 32 (torch.nn.utils.rnn.pad_sequence). Best of --repeats for each phase.
//   node bench/imdb.mjs [--archive ../shared/data/imdb/aclImdb_v1.tar.gz] [--repeats 3]
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import torch from "torchts";
import { IMDB, build_vocab_from_iterator, get_tokenizer } from "torchts/text";

const require = createRequire(import.meta.url);
const { findLibtorch } = require("../scripts/libtorch.cjs");
const here = path.dirname(fileURLToPath(import.meta.url));

const { values } = parseArgs({
  options: {
    archive: { type: "string", default: path.join(here, "..", "..", "shared", "data", "imdb", "aclImdb_v1.tar.gz") },
    repeats: { type: "string", default: "3" },
  },
});
const repeats = Number(values.repeats);

function best(fn) {
  let min = Infinity;
  let out;
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    out = fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return [min, out];
}

const [tLoad, train] = best(() => IMDB({ root: values.archive, split: "train" }));
const tokenizer = get_tokenizer("basic_english");
const [tTok, tokenized] = best(() => train.map(([, t]) => tokenizer(t)));
const [tVocab, vocab] = best(() => {
  const v = build_vocab_from_iterator(tokenized, { specials: ["<unk>", "<pad>"] });
  v.set_default_index(v.get("<unk>"));
  return v;
});
const [tNum, seqs] = best(() => tokenized.map((toks) => torch.tensor(vocab.forward(toks), { dtype: torch.int64 })));
const labels = torch.tensor(train.map(([l]) => l - 1));
const [tIter, check] = best(() =>
  torch.no_grad(() => {
    let total = 0;
    for (let i = 0; i < seqs.length; i += 32) {
      const x = torch.nn.utils.rnn.pad_sequence(seqs.slice(i, i + 32), { batch_first: true, padding_value: 1 });
      const y = labels.index(`${i}:${i + 32}`);
      total += x.shape[1] + y.shape[0];
      x.dispose();
      y.dispose();
    }
    return total;
  }),
);
const ts = {
  load: tLoad, tokenize: tTok, vocab: tVocab, numericalize: tNum, iterate: tIter,
  reviews: train.length, tokens: tokenized.reduce((a, t) => a + t.length, 0), vocab_size: vocab.length, check,
};

const python = findLibtorch().python || process.env.TORCHTS_PYTHON || "python3";
const py = JSON.parse(execFileSync(python, [path.join(here, "imdb.py"), values.archive, String(repeats)], { encoding: "utf8" }));

for (const key of ["reviews", "tokens", "vocab_size", "check"]) {
  if (ts[key] !== py[key]) console.warn(`warning: ${key} differs: torchts ${ts[key]}, Python ${py[key]}`);
}
console.log(`IMDB train: ${ts.reviews} reviews, ${ts.tokens} tokens, vocabulary ${ts.vocab_size}; best of ${repeats}, CPU`);
console.log(`${"phase".padEnd(44)}${"torchts".padStart(10)}${"Python".padStart(10)}${"ratio".padStart(8)}`);
const rows = [
  ["read the train split from the .tar.gz", "load"],
  ["tokenize (basic_english)", "tokenize"],
  ["build vocab (Counter, specials <unk> <pad>)", "vocab"],
  ["numericalize to int64 tensors", "numericalize"],
  ["iterate once, pad_sequence batches of 32", "iterate"],
];
for (const [label, key] of rows) {
  console.log(`${label.padEnd(44)}${`${ts[key].toFixed(3)} s`.padStart(10)}${`${py[key].toFixed(3)} s`.padStart(10)}${`${(ts[key] / py[key]).toFixed(2)}x`.padStart(8)}`);
}
const sum = (o) => o.tokenize + o.vocab + o.numericalize + o.iterate;
console.log(`${"tokenize + vocab + numericalize + iterate".padEnd(44)}${`${sum(ts).toFixed(3)} s`.padStart(10)}${`${sum(py).toFixed(3)} s`.padStart(10)}${`${(sum(ts) / sum(py)).toFixed(2)}x`.padStart(8)}`);
