// The TS halves of the end-to-end checks, line for line with test/e2e/char_lstm.py and
// test/e2e/gpt.py: the same models, data, seeds and optimizers, 50 training steps each.
import * as fs from "node:fs";
import torch from "torchts";
import { yieldToEventLoop } from "../helpers/python";

const { nn } = torch;
const F = torch.nn.functional;
type Tensor = InstanceType<typeof torch.Tensor>;

export function loadData(path: string) {
  const text = fs.readFileSync(path, "utf8").slice(0, 100_000);
  const chars = [...new Set(text)].sort();
  const stoi = new Map(chars.map((c, i) => [c, i]));
  const data = torch.tensor(Array.from(text, (c) => stoi.get(c)!), { dtype: torch.long });
  return { data, vocab: chars.length };
}

function getBatch(data: Tensor, block: number, batch: number): [Tensor, Tensor] {
  const ix = torch.randint(data.shape[0] - block - 1, [batch]);
  const starts = ix.tolist() as number[];
  const x = torch.stack(starts.map((i) => data.index(`${i}:${i + block}`)));
  const y = torch.stack(starts.map((i) => data.index(`${i + 1}:${i + block + 1}`)));
  return [x, y];
}

class CharLSTM extends nn.Module {
  embed: InstanceType<typeof nn.Embedding>;
  lstm: InstanceType<typeof nn.LSTM>;
  head: InstanceType<typeof nn.Linear>;

  constructor(vocab: number, emb = 32, hidden = 64) {
    super();
    this.embed = new nn.Embedding(vocab, emb);
    this.lstm = new nn.LSTM(emb, hidden, { num_layers: 2, batch_first: true, dropout: 0.2 });
    this.head = new nn.Linear(hidden, vocab);
  }

  forward(x: Tensor): Tensor {
    const [out] = this.lstm.forward(this.embed.forward(x));
    return this.head.forward(out as Tensor);
  }
}

export async function trainCharLSTM(path: string): Promise<number[]> {
  const { data, vocab } = loadData(path);
  const [block, batch] = [32, 8];
  torch.manual_seed(1337);
  const model = new CharLSTM(vocab);
  const optimizer = new torch.optim.Adam(model.parameters(), { lr: 3e-3 });
  const losses: number[] = [];
  for (let step = 0; step < 50; step++) {
    const [x, y] = getBatch(data, block, batch);
    const logits = model.forward(x);
    const loss = F.cross_entropy(logits.view(-1, vocab), y.view(-1));
    optimizer.zero_grad({ set_to_none: true });
    loss.backward();
    nn.utils.clip_grad_norm_(model.parameters(), 1.0);
    optimizer.step();
    losses.push(loss.item() as number);
    await yieldToEventLoop();
  }
  return losses;
}

const [blockSize, nLayer, nHead, nEmbd] = [16, 2, 4, 32];

class CausalSelfAttention extends nn.Module {
  c_attn = new nn.Linear(nEmbd, 3 * nEmbd);
  c_proj = new nn.Linear(nEmbd, nEmbd);

  forward(x: Tensor): Tensor {
    const [B, T, C] = x.shape;
    let [q, k, v] = this.c_attn.forward(x).split(nEmbd, 2);
    k = k.view(B, T, nHead, C / nHead).transpose(1, 2);
    q = q.view(B, T, nHead, C / nHead).transpose(1, 2);
    v = v.view(B, T, nHead, C / nHead).transpose(1, 2);
    let y = F.scaled_dot_product_attention(q, k, v, { attn_mask: null, dropout_p: 0.0, is_causal: true });
    y = y.transpose(1, 2).contiguous().view(B, T, C);
    return this.c_proj.forward(y);
  }
}

class MLP extends nn.Module {
  c_fc = new nn.Linear(nEmbd, 4 * nEmbd);
  gelu = new nn.GELU();
  c_proj = new nn.Linear(4 * nEmbd, nEmbd);

  forward(x: Tensor): Tensor {
    return this.c_proj.forward(this.gelu.forward(this.c_fc.forward(x)));
  }
}

class Block extends nn.Module {
  ln_1 = new nn.LayerNorm(nEmbd);
  attn = new CausalSelfAttention();
  ln_2 = new nn.LayerNorm(nEmbd);
  mlp = new MLP();

  forward(x: Tensor): Tensor {
    x = x.add(this.attn.forward(this.ln_1.forward(x)));
    return x.add(this.mlp.forward(this.ln_2.forward(x)));
  }
}

class GPT extends nn.Module {
  transformer;
  lm_head;

  constructor(vocab: number) {
    super();
    this.transformer = new nn.ModuleDict({
      wte: new nn.Embedding(vocab, nEmbd),
      wpe: new nn.Embedding(blockSize, nEmbd),
      h: new nn.ModuleList(Array.from({ length: nLayer }, () => new Block())),
      ln_f: new nn.LayerNorm(nEmbd),
    });
    this.lm_head = new nn.Linear(nEmbd, vocab, { bias: false });
    this.transformer.wte.weight = this.lm_head.weight;
    this.apply((m) => this._init_weights(m));
    for (const [pn, p] of this.named_parameters()) {
      if (pn.endsWith("c_proj.weight")) nn.init.normal_(p, { mean: 0.0, std: 0.02 / Math.sqrt(2 * nLayer) });
    }
  }

  _init_weights(module: InstanceType<typeof nn.Module>): void {
    if (module instanceof nn.Linear) {
      nn.init.normal_(module.weight, { mean: 0.0, std: 0.02 });
      if (module.bias !== null) nn.init.zeros_(module.bias);
    } else if (module instanceof nn.Embedding) {
      nn.init.normal_(module.weight, { mean: 0.0, std: 0.02 });
    }
  }

  forward(idx: Tensor, targets: Tensor): Tensor {
    const [, t] = idx.shape;
    const pos = torch.arange(0, t, { dtype: torch.long });
    let x = this.transformer.wte.forward(idx).add(this.transformer.wpe.forward(pos));
    for (const block of this.transformer.h) x = block.forward(x);
    const logits = this.lm_head.forward(this.transformer.ln_f.forward(x));
    return F.cross_entropy(logits.view(-1, logits.size(-1) as number), targets.view(-1));
  }
}

export async function trainGPT(path: string): Promise<number[]> {
  const { data, vocab } = loadData(path);
  const batch = 8;
  torch.manual_seed(1337);
  const model = new GPT(vocab);
  const params = [...model.named_parameters()].filter(([, p]) => p.requires_grad);
  const decay = params.filter(([, p]) => p.dim() >= 2).map(([, p]) => p);
  const nodecay = params.filter(([, p]) => p.dim() < 2).map(([, p]) => p);
  const optimizer = new torch.optim.AdamW(
    [
      { params: decay, weight_decay: 0.1 },
      { params: nodecay, weight_decay: 0.0 },
    ],
    { lr: 1e-3, betas: [0.9, 0.95] },
  );
  const scheduler = new torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, { T_max: 50 });
  const losses: number[] = [];
  for (let step = 0; step < 50; step++) {
    const [x, y] = getBatch(data, blockSize, batch);
    const loss = model.forward(x, y);
    optimizer.zero_grad({ set_to_none: true });
    loss.backward();
    nn.utils.clip_grad_norm_(model.parameters(), 1.0);
    optimizer.step();
    scheduler.step();
    losses.push(loss.item() as number);
    await yieldToEventLoop();
  }
  return losses;
}
