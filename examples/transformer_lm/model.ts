// A Transformer language model written from scratch: embeddings, sinusoidal positions,
// masked multi-head self-attention, feed-forward layers, residual connections and LayerNorm.
// python/model.py is the original, layer for layer (the same parameters, made in the same
// order, so the same seed gives the same weights).
import torch from "torchts";

const { nn } = torch;
const F = torch.nn.functional;
type Tensor = InstanceType<typeof torch.Tensor>;

/** Adds the sinusoidal position signal of "Attention Is All You Need" (batch first). */
export class PositionalEncoding extends nn.Module {
  dropout: InstanceType<typeof nn.Dropout>;
  declare pe: Tensor; // (1, max_len, d_model), a buffer: saved in the state dict, never trained

  constructor(d_model: number, dropout = 0.1, max_len = 5000) {
    super();
    this.dropout = new nn.Dropout({ p: dropout });
    const position = torch.arange(max_len).unsqueeze(1);
    const div_term = torch.exp(torch.arange(0, d_model, 2).mul(-Math.log(10000.0) / d_model));
    const pe = torch.zeros(max_len, d_model);
    pe.index_set_([":", "0::2"], torch.sin(position.mul(div_term)));
    pe.index_set_([":", "1::2"], torch.cos(position.mul(div_term)));
    this.register_buffer("pe", pe.unsqueeze(0));
  }

  forward(x: Tensor): Tensor {
    x = x.add(this.pe.index(":", torch.slice(null, x.shape[1])));
    return this.dropout.forward(x);
  }
}

/** Causal self-attention: each position attends to itself and the positions before it. */
export class MultiHeadAttention extends nn.Module {
  n_heads: number;
  d_k: number;
  q_proj: InstanceType<typeof nn.Linear>;
  k_proj: InstanceType<typeof nn.Linear>;
  v_proj: InstanceType<typeof nn.Linear>;
  out_proj: InstanceType<typeof nn.Linear>;
  dropout: InstanceType<typeof nn.Dropout>;

  constructor(d_model: number, n_heads: number, dropout = 0.1) {
    super();
    if (d_model % n_heads !== 0) throw new Error(`d_model (${d_model}) must be divisible by n_heads (${n_heads})`);
    this.n_heads = n_heads;
    this.d_k = d_model / n_heads;
    this.q_proj = new nn.Linear(d_model, d_model);
    this.k_proj = new nn.Linear(d_model, d_model);
    this.v_proj = new nn.Linear(d_model, d_model);
    this.out_proj = new nn.Linear(d_model, d_model);
    this.dropout = new nn.Dropout(dropout);
  }

  forward(x: Tensor): Tensor {
    const [B, T, C] = x.shape;
    // (B, T, C) -> (B, n_heads, T, d_k)
    const q = this.q_proj.forward(x).view(B, T, this.n_heads, this.d_k).transpose(1, 2);
    const k = this.k_proj.forward(x).view(B, T, this.n_heads, this.d_k).transpose(1, 2);
    const v = this.v_proj.forward(x).view(B, T, this.n_heads, this.d_k).transpose(1, 2);

    let scores = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(this.d_k));
    // True above the diagonal: the future, which a position may not see.
    const mask = torch.triu(torch.ones(T, T, { dtype: torch.bool, device: x.device }), { diagonal: 1 });
    scores = scores.masked_fill(mask, -Infinity);
    let attn = F.softmax(scores, { dim: -1 });
    attn = this.dropout.forward(attn);

    const out = attn.matmul(v).transpose(1, 2).contiguous().view(B, T, C);
    return this.out_proj.forward(out);
  }
}

export class FeedForward extends nn.Module {
  linear1: InstanceType<typeof nn.Linear>;
  linear2: InstanceType<typeof nn.Linear>;
  dropout: InstanceType<typeof nn.Dropout>;

  constructor(d_model: number, d_ff: number, dropout = 0.1) {
    super();
    this.linear1 = new nn.Linear(d_model, d_ff);
    this.linear2 = new nn.Linear(d_ff, d_model);
    this.dropout = new nn.Dropout(dropout);
  }

  forward(x: Tensor): Tensor {
    return this.linear2.forward(this.dropout.forward(F.relu(this.linear1.forward(x))));
  }
}

/** Attention then feed-forward, each wrapped in a residual connection and LayerNorm. */
export class TransformerBlock extends nn.Module {
  attention: MultiHeadAttention;
  feed_forward: FeedForward;
  norm1: InstanceType<typeof nn.LayerNorm>;
  norm2: InstanceType<typeof nn.LayerNorm>;
  dropout: InstanceType<typeof nn.Dropout>;

  constructor(d_model: number, n_heads: number, d_ff: number, dropout = 0.1) {
    super();
    this.attention = new MultiHeadAttention(d_model, n_heads, dropout);
    this.feed_forward = new FeedForward(d_model, d_ff, dropout);
    this.norm1 = new nn.LayerNorm(d_model);
    this.norm2 = new nn.LayerNorm(d_model);
    this.dropout = new nn.Dropout(dropout);
  }

  forward(x: Tensor): Tensor {
    x = this.norm1.forward(x.add(this.dropout.forward(this.attention.forward(x))));
    x = this.norm2.forward(x.add(this.dropout.forward(this.feed_forward.forward(x))));
    return x;
  }
}

/** What a checkpoint keeps to rebuild the model (Python's keyword arguments). */
export interface ModelConfig {
  vocab_size: number;
  d_model: number;
  n_heads: number;
  n_layers: number;
  d_ff: number;
  max_len: number;
  dropout: number;
  pad_idx: number;
}

export class TransformerLanguageModel extends nn.Module {
  config: ModelConfig;
  d_model: number;
  max_len: number;
  embedding: InstanceType<typeof nn.Embedding>;
  pos_encoding: PositionalEncoding;
  layers: InstanceType<typeof nn.ModuleList<TransformerBlock>>;
  output: InstanceType<typeof nn.Linear>;

  constructor(vocab_size: number, d_model = 64, n_heads = 4, n_layers = 2, d_ff = 256, max_len = 64, dropout = 0.1, pad_idx = 0) {
    super();
    // Kept so that a checkpoint can rebuild the same model.
    this.config = { vocab_size, d_model, n_heads, n_layers, d_ff, max_len, dropout, pad_idx };
    this.d_model = d_model;
    this.max_len = max_len;
    this.embedding = new nn.Embedding(vocab_size, d_model, { padding_idx: pad_idx });
    this.pos_encoding = new PositionalEncoding(d_model, dropout, max_len);
    this.layers = new nn.ModuleList(Array.from({ length: n_layers }, () => new TransformerBlock(d_model, n_heads, d_ff, dropout)));
    this.output = new nn.Linear(d_model, vocab_size);
    this.init_weights();
  }

  init_weights(): void {
    // As the PyTorch tutorial does: small embeddings, so that after the scaling by sqrt(d_model)
    // the position signal is not drowned out.
    const initrange = 0.1;
    torch.no_grad(() => {
      this.embedding.weight.uniform_(-initrange, initrange);
      this.embedding.weight.index(this.config.pad_idx).zero_(); // padding stays zero, as padding_idx makes it
      this.output.bias!.zero_();
      this.output.weight.uniform_(-initrange, initrange);
    });
  }

  /** Builds the model a checkpoint's config describes. */
  static from_config(config: ModelConfig): TransformerLanguageModel {
    const { vocab_size, d_model, n_heads, n_layers, d_ff, max_len, dropout, pad_idx } = config;
    return new TransformerLanguageModel(vocab_size, d_model, n_heads, n_layers, d_ff, max_len, dropout, pad_idx);
  }

  /** x: (B, T) token indices -> (B, T, vocab_size) logits of the next token. */
  forward(x: Tensor): Tensor {
    x = this.embedding.forward(x).mul(Math.sqrt(this.d_model));
    x = this.pos_encoding.forward(x);
    for (const layer of this.layers) x = layer.forward(x);
    return this.output.forward(x);
  }
}
