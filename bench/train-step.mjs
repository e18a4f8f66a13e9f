// Time of one training step (forward, loss, backward, clip_grad_norm_, optimizer step), on
// CPU, torchts and Python torch (bench/train_step.py) in one run, for:
//   bigram:  Embedding(65, 65) table, batch 32, block 8, AdamW
//   lstm:    2-layer LSTM LM, embedding 128, hidden 256, batch 32, sequence 64, vocab 10,000, Adam
//   gpt:     4-layer GPT, n_embd 128, 4 heads, block 64, batch 12, vocab 65, AdamW
//   node bench/train-step.mjs [--steps N]
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import torch from "torchts";

const { nn } = torch;
const F = torch.nn.functional;
const require = createRequire(import.meta.url);
const { findLibtorch } = require("../scripts/libtorch.cjs");
const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { steps: { type: "string", default: "20" } } });
const STEPS = Number(values.steps);

class Bigram extends nn.Module {
  constructor(vocab) {
    super();
    this.table = new nn.Embedding(vocab, vocab);
  }
  forward(x) {
    return this.table.forward(x);
  }
}

class LSTMLM extends nn.Module {
  constructor(vocab, emb, hidden) {
    super();
    this.embed = new nn.Embedding(vocab, emb);
    this.lstm = new nn.LSTM(emb, hidden, { num_layers: 2, batch_first: true });
    this.head = new nn.Linear(hidden, vocab);
  }
  forward(x) {
    const [out] = this.lstm.forward(this.embed.forward(x));
    return this.head.forward(out);
  }
}

class Attention extends nn.Module {
  constructor(nEmbd, nHead) {
    super();
    this.c_attn = new nn.Linear(nEmbd, 3 * nEmbd);
    this.c_proj = new nn.Linear(nEmbd, nEmbd);
    this.n_head = nHead;
    this.n_embd = nEmbd;
  }
  forward(x) {
    const [B, T, C] = x.shape;
    const [q, k, v] = this.c_attn
      .forward(x)
      .split(this.n_embd, 2)
      .map((t) => t.view(B, T, this.n_head, C / this.n_head).transpose(1, 2));
    const y = F.scaled_dot_product_attention(q, k, v, { is_causal: true });
    return this.c_proj.forward(y.transpose(1, 2).contiguous().view(B, T, C));
  }
}

class Block extends nn.Module {
  constructor(nEmbd, nHead) {
    super();
    this.ln_1 = new nn.LayerNorm(nEmbd);
    this.attn = new Attention(nEmbd, nHead);
    this.ln_2 = new nn.LayerNorm(nEmbd);
    this.mlp = new nn.Sequential(new nn.Linear(nEmbd, 4 * nEmbd), new nn.GELU(), new nn.Linear(4 * nEmbd, nEmbd));
  }
  forward(x) {
    x = x.add(this.attn.forward(this.ln_1.forward(x)));
    return x.add(this.mlp.forward(this.ln_2.forward(x)));
  }
}

class GPT extends nn.Module {
  constructor(vocab, block, nLayer, nEmbd, nHead) {
    super();
    this.wte = new nn.Embedding(vocab, nEmbd);
    this.wpe = new nn.Embedding(block, nEmbd);
    this.h = new nn.ModuleList(Array.from({ length: nLayer }, () => new Block(nEmbd, nHead)));
    this.ln_f = new nn.LayerNorm(nEmbd);
    this.lm_head = new nn.Linear(nEmbd, vocab, { bias: false });
    this.wte.weight = this.lm_head.weight;
  }
  forward(idx) {
    let x = this.wte.forward(idx).add(this.wpe.forward(torch.arange(idx.shape[1])));
    for (const b of this.h) x = b.forward(x);
    return this.lm_head.forward(this.ln_f.forward(x));
  }
}

function bench(model, vocab, batch, block, optimizer) {
  const x = torch.randint(vocab, [batch, block]);
  const y = torch.randint(vocab, [batch, block]);
  const step = () => {
    const logits = model.forward(x);
    const loss = F.cross_entropy(logits.view(-1, vocab), y.view(-1));
    optimizer.zero_grad({ set_to_none: true });
    loss.backward();
    nn.utils.clip_grad_norm_(model.parameters(), 1.0);
    optimizer.step();
  };
  for (let i = 0; i < 3; i++) step();
  const start = process.hrtime.bigint();
  for (let i = 0; i < STEPS; i++) step();
  return Number(process.hrtime.bigint() - start) / 1e6 / STEPS;
}

torch.manual_seed(0);
const ts = {};
let m = new Bigram(65);
ts.bigram = bench(m, 65, 32, 8, new torch.optim.AdamW(m.parameters(), { lr: 1e-3 }));
m = new LSTMLM(10_000, 128, 256);
ts.lstm = bench(m, 10_000, 32, 64, new torch.optim.Adam(m.parameters(), { lr: 1e-3 }));
m = new GPT(65, 64, 4, 128, 4);
ts.gpt = bench(m, 65, 12, 64, new torch.optim.AdamW(m.parameters(), { lr: 1e-3 }));

const python = findLibtorch().python;
const py = python
  ? JSON.parse(execFileSync(python, [path.join(here, "train_step.py"), String(torch.get_num_threads()), String(STEPS)], { encoding: "utf8" }))
  : {};
console.log(`one training step on CPU, ${torch.get_num_threads()} threads, mean of ${STEPS} steps, torch ${torch.__version__}, Node ${process.version}`);
console.log("model".padEnd(10), "torchts ms".padStart(11), "python ms".padStart(10), "ratio".padStart(7));
for (const name of Object.keys(ts)) {
  console.log(name.padEnd(10), ts[name].toFixed(2).padStart(11), (py[name] ?? NaN).toFixed(2).padStart(10), (ts[name] / py[name]).toFixed(2).padStart(7));
}
