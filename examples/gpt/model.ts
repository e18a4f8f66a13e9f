// A GPT language model: nanoGPT's model.py in TS, the same classes, names and initialization
// (python/model.py is the Python original, trimmed the same way: no GPT-2 checkpoints).
import torch from "torchts";

const { nn } = torch;
const F = torch.nn.functional;
type Tensor = InstanceType<typeof torch.Tensor>;
type Module = InstanceType<typeof nn.Module>;

/** LayerNorm but with an optional bias. PyTorch doesn't support simply bias=False */
export class LayerNorm extends nn.Module {
  weight: Tensor;
  bias: Tensor | null;

  constructor(ndim: number, bias: boolean) {
    super();
    this.weight = new nn.Parameter(torch.ones(ndim));
    this.bias = bias ? new nn.Parameter(torch.zeros(ndim)) : null;
  }

  forward(input: Tensor): Tensor {
    return F.layer_norm(input, this.weight.shape, this.weight, this.bias, 1e-5);
  }
}

export class CausalSelfAttention extends nn.Module {
  c_attn;
  c_proj;
  attn_dropout;
  resid_dropout;
  n_head: number;
  n_embd: number;
  dropout: number;

  constructor(config: GPTConfig) {
    super();
    if (config.n_embd % config.n_head !== 0) throw new Error(`n_embd (${config.n_embd}) must be a multiple of n_head (${config.n_head})`);
    // key, query, value projections for all heads, but in a batch
    this.c_attn = new nn.Linear(config.n_embd, 3 * config.n_embd, { bias: config.bias });
    // output projection
    this.c_proj = new nn.Linear(config.n_embd, config.n_embd, { bias: config.bias });
    // regularization
    this.attn_dropout = new nn.Dropout(config.dropout);
    this.resid_dropout = new nn.Dropout(config.dropout);
    this.n_head = config.n_head;
    this.n_embd = config.n_embd;
    this.dropout = config.dropout;
  }

  forward(x: Tensor): Tensor {
    const [B, T, C] = x.shape; // batch size, sequence length, embedding dimensionality (n_embd)
    // calculate query, key, values for all heads in batch and move head forward to be the batch dim
    let [q, k, v] = this.c_attn.forward(x).split(this.n_embd, { dim: 2 });
    k = k.view(B, T, this.n_head, C / this.n_head).transpose(1, 2); // (B, nh, T, hs)
    q = q.view(B, T, this.n_head, C / this.n_head).transpose(1, 2); // (B, nh, T, hs)
    v = v.view(B, T, this.n_head, C / this.n_head).transpose(1, 2); // (B, nh, T, hs)
    // causal self-attention; Self-attend: (B, nh, T, hs) x (B, nh, hs, T) -> (B, nh, T, T)
    let y = F.scaled_dot_product_attention(q, k, v, {
      attn_mask: null,
      dropout_p: this.training ? this.dropout : 0,
      is_causal: true,
    });
    y = y.transpose(1, 2).contiguous().view(B, T, C); // re-assemble all head outputs side by side
    // output projection
    return this.resid_dropout.forward(this.c_proj.forward(y));
  }
}

export class MLP extends nn.Module {
  c_fc;
  gelu;
  c_proj;
  dropout;

  constructor(config: GPTConfig) {
    super();
    this.c_fc = new nn.Linear(config.n_embd, 4 * config.n_embd, { bias: config.bias });
    this.gelu = new nn.GELU();
    this.c_proj = new nn.Linear(4 * config.n_embd, config.n_embd, { bias: config.bias });
    this.dropout = new nn.Dropout(config.dropout);
  }

  forward(x: Tensor): Tensor {
    x = this.c_fc.forward(x);
    x = this.gelu.forward(x);
    x = this.c_proj.forward(x);
    return this.dropout.forward(x);
  }
}

export class Block extends nn.Module {
  ln_1;
  attn;
  ln_2;
  mlp;

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

/** nanoGPT's GPTConfig dataclass: the defaults are GPT-2's. */
export class GPTConfig {
  block_size = 1024;
  vocab_size = 50304; // GPT-2 vocab_size of 50257, padded up to nearest multiple of 64 for efficiency
  n_layer = 12;
  n_head = 12;
  n_embd = 768;
  dropout = 0.0;
  bias = true; // True: bias in Linears and LayerNorms, like GPT-2. False: a bit better and faster

  constructor(args: Partial<GPTConfig> = {}) {
    for (const [key, value] of Object.entries(args)) {
      if (!(key in this)) throw new TypeError(`GPTConfig() got an unexpected keyword argument '${key}'`);
      (this as Record<string, unknown>)[key] = value;
    }
  }
}

export class GPT extends nn.Module {
  config: GPTConfig;
  transformer;
  lm_head;

  constructor(config: GPTConfig) {
    super();
    this.config = config;
    this.transformer = new nn.ModuleDict({
      wte: new nn.Embedding(config.vocab_size, config.n_embd),
      wpe: new nn.Embedding(config.block_size, config.n_embd),
      drop: new nn.Dropout(config.dropout),
      h: new nn.ModuleList(Array.from({ length: config.n_layer }, () => new Block(config))),
      ln_f: new LayerNorm(config.n_embd, config.bias),
    });
    this.lm_head = new nn.Linear(config.n_embd, config.vocab_size, { bias: false });
    this.transformer.wte.weight = this.lm_head.weight; // weight tying

    // init all weights
    this.apply((module) => this._init_weights(module));
    // apply special scaled init to the residual projections, per GPT-2 paper
    for (const [pn, p] of this.named_parameters()) {
      if (pn.endsWith("c_proj.weight")) nn.init.normal_(p, { mean: 0.0, std: 0.02 / Math.sqrt(2 * config.n_layer) });
    }

    // report number of parameters
    console.log(`number of parameters: ${(this.get_num_params() / 1e6).toFixed(2)}M`);
  }

  /**
   * The number of parameters. For non-embedding count (default), the position embeddings get
   * subtracted; the token embeddings would too, but they are shared with lm_head.
   */
  get_num_params(non_embedding = true): number {
    let n_params = 0;
    for (const p of this.parameters()) n_params += p.numel();
    if (non_embedding) n_params -= this.transformer.wpe.weight.numel();
    return n_params;
  }

  _init_weights(module: Module): void {
    if (module instanceof nn.Linear) {
      nn.init.normal_(module.weight, { mean: 0.0, std: 0.02 });
      if (module.bias !== null) nn.init.zeros_(module.bias);
    } else if (module instanceof nn.Embedding) {
      nn.init.normal_(module.weight, { mean: 0.0, std: 0.02 });
    }
  }

  /** Returns [logits, loss]: loss is null without targets, and then only the last position's logits are computed. */
  forward(idx: Tensor, targets: Tensor | null = null): [Tensor, Tensor | null] {
    const device = idx.device;
    const [, t] = idx.shape;
    if (t > this.config.block_size) throw new Error(`Cannot forward sequence of length ${t}, block size is only ${this.config.block_size}`);
    const pos = torch.arange(0, t, { dtype: torch.long, device }); // shape (t)

    // forward the GPT model itself
    const tok_emb = this.transformer.wte.forward(idx); // token embeddings of shape (b, t, n_embd)
    const pos_emb = this.transformer.wpe.forward(pos); // position embeddings of shape (t, n_embd)
    let x = this.transformer.drop.forward(tok_emb.add(pos_emb));
    for (const block of this.transformer.h) x = block.forward(x);
    x = this.transformer.ln_f.forward(x);

    if (targets !== null) {
      // if we are given some desired targets also calculate the loss
      const logits = this.lm_head.forward(x);
      const loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), { ignore_index: -1 });
      return [logits, loss];
    }
    // inference-time mini-optimization: only forward the lm_head on the very last position
    return [this.lm_head.forward(x.index(":", [-1], ":")), null]; // the list [-1] keeps the time dim
  }

  configure_optimizers(weight_decay: number, learning_rate: number, betas: [number, number], device_type: string) {
    // all the parameters that require grad; every 2D one (matmul weights, embeddings) is
    // weight decayed, the others (layernorms, biases) are not
    const params = [...this.named_parameters()].filter(([, p]) => p.requires_grad).map(([, p]) => p);
    const decay_params = params.filter((p) => p.dim() >= 2);
    const nodecay_params = params.filter((p) => p.dim() < 2);
    const optim_groups = [
      { params: decay_params, weight_decay },
      { params: nodecay_params, weight_decay: 0.0 },
    ];
    const count = (ps: Tensor[]) => ps.reduce((n, p) => n + p.numel(), 0).toLocaleString("en-US");
    console.log(`num decayed parameter tensors: ${decay_params.length}, with ${count(decay_params)} parameters`);
    console.log(`num non-decayed parameter tensors: ${nodecay_params.length}, with ${count(nodecay_params)} parameters`);
    void device_type; // nanoGPT picks the fused AdamW on CUDA; torchts has the plain one
    return new torch.optim.AdamW(optim_groups, { lr: learning_rate, betas });
  }

  /**
   * Takes a conditioning sequence of indices idx (a long tensor of shape (b, t)) and completes
   * it max_new_tokens times, feeding the predictions back into the model each time. Call
   * model.eval() first.
   */
  generate(idx: Tensor, max_new_tokens: number, temperature = 1.0, top_k: number | null = null): Tensor {
    return torch.no_grad(() => {
      for (let i = 0; i < max_new_tokens; i++) {
        // if the sequence context is growing too long we must crop it at block_size
        const idx_cond = idx.size(1) <= this.config.block_size ? idx : idx.index(":", `${-this.config.block_size}:`);
        // forward the model to get the logits for the index in the sequence
        let [logits] = this.forward(idx_cond);
        // pluck the logits at the final step and scale by desired temperature
        logits = logits.index(":", -1, ":").div(temperature);
        // optionally crop the logits to only the top k options
        if (top_k !== null) {
          const [v] = torch.topk(logits, Math.min(top_k, logits.size(-1)));
          logits.index_set_(logits.lt(v.index(":", [-1])), -Infinity);
        }
        // apply softmax to convert logits to (normalized) probabilities
        const probs = F.softmax(logits, { dim: -1 });
        // sample from the distribution
        const idx_next = torch.multinomial(probs, { num_samples: 1 });
        // append sampled index to the running sequence and continue
        idx = torch.cat([idx, idx_next], { dim: 1 });
      }
      return idx;
    });
  }
}
