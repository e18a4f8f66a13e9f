// Autoregressive sampling with temperature and top-k (python/generator.py). The class is
// named Generator as in the tutorial; torch's own random-number Generator stays
// torch.Generator, so the two never meet in an import.
import torch from "torchts";
import type { TransformerLanguageModel } from "./model";
import type { CharTokenizer } from "./utils";

const F = torch.nn.functional;

export class Generator {
  model: TransformerLanguageModel;
  tokenizer: CharTokenizer;
  device: string;

  constructor(model: TransformerLanguageModel, tokenizer: CharTokenizer, device = "cpu") {
    this.model = model;
    this.tokenizer = tokenizer;
    this.device = device;
  }

  /** The prompt and up to max_new_tokens sampled characters, ending early at the end token. */
  generate(prompt: string, max_new_tokens = 60, temperature = 1.0, top_k: number | null = null): string {
    return torch.no_grad(() => {
      this.model.eval();
      let ids = torch.tensor([this.tokenizer.encode(prompt)], { dtype: torch.long, device: this.device });
      for (let i = 0; i < max_new_tokens; i++) {
        const context = ids.index(":", torch.slice(-this.model.max_len, null));
        const logits = this.model.forward(context).index(":", -1, ":").div(temperature);
        logits.index_set_([":", this.tokenizer.pad_idx], -Infinity); // padding is never a next token
        if (top_k !== null) {
          const [v] = torch.topk(logits, Math.min(top_k, logits.shape.at(-1)!));
          logits.index_set_(logits.lt(v.index(":", [-1])), -Infinity);
        }
        const probs = F.softmax(logits, { dim: -1 });
        const next_id = torch.multinomial(probs, { num_samples: 1 });
        if (next_id.item() === this.tokenizer.eos_idx) break;
        ids = torch.cat([ids, next_id], { dim: 1 });
      }
      return this.tokenizer.decode(ids.index(0).tolist());
    });
  }
}
