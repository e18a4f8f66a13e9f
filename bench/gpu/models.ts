// The benchmark's models, self-contained (bench/gpu/models.py is their Python twin):
//   GPT     nanoGPT's model.py (bias-free LayerNorm and Linears, weight tying, its init)
//   Bigram  a 65 x 65 embedding table (Karpathy's bigram language model)
//   LSTMLM  a 2-layer LSTM language model
import torch from "torchts";

const { nn } = torch;
const F = torch.nn.functional;
type Tensor = InstanceType<typeof torch.Tensor>;

export interface GPTConfig {
  block_size: number;
  vocab_size: number;
  n_layer: number;
  n_head: number;
  n_embd: number;
  dropout: number;
  bias: boolean;
}

class LayerNorm extends nn.Module {
  weight: InstanceType<typeof nn.Parameter>;
  bias: InstanceType<typeof nn.Parameter> | null;
  constructor(ndim: number, bias: boolean) {
    super();
    this.weight = new nn.Parameter(torch.ones(ndim));
    this.bias = bias ? new nn.Parameter(torch.zeros(ndim)) : null;
  }
  forward(input: Tensor): Tensor {
    return F.layer_norm(input, this.weight.shape, this.weight, this.bias, 1e-5);
  }
}

class CausalSelfAttention extends nn.Module {
  c_attn: InstanceType<typeof nn.Linear>;
  c_proj: InstanceType<typeof nn.Linear>;
  resid_dropout: InstanceType<typeof nn.Dropout>;
  n_head: number;
  n_embd: number;
  dropout: number;
  constructor(config: GPTConfig) {
    super();
    this.c_attn = new nn.Linear(config.n_embd, 3 * config.n_embd, { bias: config.bias });
    this.c_proj = new nn.Linear(config.n_embd, config.n_embd, { bias: config.bias });
    this.resid_dropout = new nn.Dropout(config.dropout);
    this.n_head = config.n_head;
    this.n_embd = config.n_embd;
    this.dropout = config.dropout;
  }
  forward(x: Tensor): Tensor {
    const [B, T, C] = x.shape;
    const [q, k, v] = this.c_attn
      .forward(x)
      .split(this.n_embd, 2)
      .map((t: Tensor) => t.view(B, T, this.n_head, C / this.n_head).transpose(1, 2));
    const y = F.scaled_dot_product_attention(q, k, v, { dropout_p: this.training ? this.dropout : 0, is_causal: true });
    return this.resid_dropout.forward(this.c_proj.forward(y.transpose(1, 2).contiguous().view(B, T, C)));
  }
}

class MLP extends nn.Module {
  c_fc: InstanceType<typeof nn.Linear>;
  gelu: InstanceType<typeof nn.GELU>;
  c_proj: InstanceType<typeof nn.Linear>;
  dropout: InstanceType<typeof nn.Dropout>;
  constructor(config: GPTConfig) {
    super();
    this.c_fc = new nn.Linear(config.n_embd, 4 * config.n_embd, { bias: config.bias });
    this.gelu = new nn.GELU();
    this.c_proj = new nn.Linear(4 * config.n_embd, config.n_embd, { bias: config.bias });
    this.dropout = new nn.Dropout(config.dropout);
  }
  forward(x: Tensor): Tensor {
    return this.dropout.forward(this.c_proj.forward(this.gelu.forward(this.c_fc.forward(x))));
  }
}

class Block extends nn.Module {
  ln_1: LayerNorm;
  attn: CausalSelfAttention;
  ln_2: LayerNorm;
  mlp: MLP;
  constructor(config: GPTConfig) {
    super();
    this.ln_1 = new LayerNorm(config.n_embd, config.bias);
    this.attn = new CausalSelfAttention(config);
    this.ln_2 = new LayerNorm(config.n_embd, config.bias);
    this.mlp = new MLP(config);
  }
  forward(x: Tensor): Tensor {
    x = x.add(this.attn.forward(this.ln_1.forward(x)));
    return x.add(this.mlp.forward(this.ln_2.forward(x)));
  }
}

export class GPT extends nn.Module {
  config: GPTConfig;
  wte: InstanceType<typeof nn.Embedding>;
  wpe: InstanceType<typeof nn.Embedding>;
  drop: InstanceType<typeof nn.Dropout>;
  h: InstanceType<typeof nn.ModuleList>;
  ln_f: LayerNorm;
  lm_head: InstanceType<typeof nn.Linear>;
  constructor(config: GPTConfig) {
    super();
    this.config = config;
    this.wte = new nn.Embedding(config.vocab_size, config.n_embd);
    this.wpe = new nn.Embedding(config.block_size, config.n_embd);
    this.drop = new nn.Dropout(config.dropout);
    this.h = new nn.ModuleList(Array.from({ length: config.n_layer }, () => new Block(config)));
    this.ln_f = new LayerNorm(config.n_embd, config.bias);
    this.lm_head = new nn.Linear(config.n_embd, config.vocab_size, { bias: false });
    this.wte.weight = this.lm_head.weight; // weight tying
    this.apply((module) => {
      if (module instanceof nn.Linear) {
        nn.init.normal_(module.weight, { mean: 0.0, std: 0.02 });
        if (module.bias) nn.init.zeros_(module.bias);
      } else if (module instanceof nn.Embedding) {
        nn.init.normal_(module.weight, { mean: 0.0, std: 0.02 });
      }
    });
    for (const [pn, p] of this.named_parameters()) {
      if (pn.endsWith("c_proj.weight")) {
        nn.init.normal_(p, { mean: 0.0, std: 0.02 / Math.sqrt(2 * config.n_layer) });
      }
    }
  }

  /** Parameters without the position embeddings (nanoGPT's get_num_params(non_embedding=True)). */
  get_num_params(): number {
    let n = 0;
    for (const p of this.parameters()) n += p.numel();
    return n - this.wpe.weight.numel();
  }

  forward(idx: Tensor, targets: Tensor): [Tensor, Tensor] {
    const [, t] = idx.shape;
    const pos = torch.arange(0, t, { dtype: torch.long, device: idx.device });
    let x = this.drop.forward(this.wte.forward(idx).add(this.wpe.forward(pos)));
    for (const block of this.h) x = (block as Block).forward(x);
    x = this.ln_f.forward(x);
    const logits = this.lm_head.forward(x);
    const loss = F.cross_entropy(logits.view(-1, logits.size(-1) as number), targets.view(-1), { ignore_index: -1 });
    return [logits, loss];
  }

  /** nanoGPT's configure_optimizers: weight decay on matrices only; fused AdamW on CUDA. */
  configure_optimizers(weight_decay: number, learning_rate: number, betas: [number, number], device_type: string) {
    const params = [...this.parameters()];
    const decay_params = params.filter((p) => p.dim() >= 2);
    const nodecay_params = params.filter((p) => p.dim() < 2);
    return new torch.optim.AdamW(
      [
        { params: decay_params, weight_decay },
        { params: nodecay_params, weight_decay: 0.0 },
      ],
      { lr: learning_rate, betas, fused: device_type === "cuda" },
    );
  }

  /** nanoGPT's estimate_mfu: model FLOPs utilization against `peak_flops`. */
  estimate_mfu(fwdbwd_per_iter: number, dt: number, peak_flops: number): number {
    const N = this.get_num_params();
    const { n_layer: L, n_head: H, block_size: T } = this.config;
    const Q = this.config.n_embd / H;
    const flops_per_token = 6 * N + 12 * L * H * Q * T;
    const flops_per_iter = flops_per_token * T * fwdbwd_per_iter;
    return (flops_per_iter * (1.0 / dt)) / peak_flops;
  }
}

export class Bigram extends nn.Module {
  table: InstanceType<typeof nn.Embedding>;
  constructor(vocab: number) {
    super();
    this.table = new nn.Embedding(vocab, vocab);
  }
  forward(idx: Tensor, targets: Tensor): [Tensor, Tensor] {
    const logits = this.table.forward(idx);
    const [B, T, C] = logits.shape;
    return [logits, F.cross_entropy(logits.view(B * T, C), targets.view(B * T))];
  }
}

export class LSTMLM extends nn.Module {
  embed: InstanceType<typeof nn.Embedding>;
  lstm: InstanceType<typeof nn.LSTM>;
  head: InstanceType<typeof nn.Linear>;
  constructor(vocab: number, emb: number, hidden: number) {
    super();
    this.embed = new nn.Embedding(vocab, emb);
    this.lstm = new nn.LSTM(emb, hidden, { num_layers: 2, batch_first: true });
    this.head = new nn.Linear(hidden, vocab);
  }
  forward(idx: Tensor, targets: Tensor): [Tensor, Tensor] {
    const [out] = this.lstm.forward(this.embed.forward(idx));
    const logits = this.head.forward(out);
    const [B, T, C] = logits.shape;
    return [logits, F.cross_entropy(logits.view(B * T, C), targets.view(B * T))];
  }
}
