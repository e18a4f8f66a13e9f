// The bigram language model of Andrej Karpathy's "Let's build GPT: from scratch, in code,
// spelled out" (ng-video-lecture, bigram.py), in torchts. python/bigram.py is the original;
// both draw the same random numbers in the same order, so with the same seed they print the
// same losses and generate the same text.
//
//   npx tsx examples/bigram/bigram.ts [--max_iters=3000] [--device=cpu] ...
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import torch from "torchts";
import { parse_config } from "../common/config";
import { TrainingProgress } from "../common/progress";

const { nn } = torch;
const F = torch.nn.functional;
type Tensor = InstanceType<typeof torch.Tensor>;

// hyperparameters
const config = parse_config({
  batch_size: 32, // how many independent sequences will we process in parallel?
  block_size: 8, // what is the maximum context length for predictions?
  max_iters: 3000,
  eval_interval: 300,
  learning_rate: 1e-2,
  device: torch.cuda.is_available() ? "cuda" : "cpu",
  eval_iters: 200,
  seed: 1337,
  data: fileURLToPath(new URL("../../data/tinyshakespeare.txt", import.meta.url)),
  loss_log: "", // when set, a JSON array of every training step's loss is written there
  max_new_tokens: 500,
});
const { batch_size, block_size, max_iters, eval_interval, learning_rate, device, eval_iters } = config;
// ------------

torch.manual_seed(config.seed);

const text = readFileSync(config.data, "utf8");

// here are all the unique characters that occur in this text (by code point, as Python sorts)
const chars = [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
const vocab_size = chars.length;
// create a mapping from characters to integers
const stoi = new Map(chars.map((ch, i) => [ch, i]));
const itos = new Map(chars.map((ch, i) => [i, ch]));
const encode = (s: string) => [...s].map((c) => stoi.get(c)!); // encoder: take a string, output a list of integers
const decode = (l: number[]) => l.map((i) => itos.get(i)).join(""); // decoder: take a list of integers, output a string

// Train and test splits
const data = torch.tensor(encode(text), { dtype: torch.long });
const n = Math.trunc(0.9 * data.shape[0]); // first 90% will be train, rest val
const train_data = data.index(torch.slice(null, n));
const val_data = data.index(torch.slice(n, null));

// data loading
function get_batch(split: "train" | "val"): [Tensor, Tensor] {
  // generate a small batch of data of inputs x and targets y
  const data = split === "train" ? train_data : val_data;
  const ix: number[] = torch.randint(data.shape[0] - block_size, [batch_size]).tolist();
  let x = torch.stack(ix.map((i) => data.index(torch.slice(i, i + block_size))));
  let y = torch.stack(ix.map((i) => data.index(torch.slice(i + 1, i + block_size + 1))));
  [x, y] = [x.to(device), y.to(device)];
  return [x, y];
}

function estimate_loss(): Record<"train" | "val", number> {
  return torch.no_grad(() => {
    const out = { train: 0, val: 0 };
    model.eval();
    for (const split of ["train", "val"] as const) {
      const losses = torch.zeros(eval_iters);
      for (let k = 0; k < eval_iters; k++) {
        const [X, Y] = get_batch(split);
        const [, loss] = model.forward(X, Y);
        losses.index_set_([k], loss!.item());
      }
      out[split] = losses.mean().item();
    }
    model.train();
    return out;
  });
}

// super simple bigram model
class BigramLanguageModel extends nn.Module {
  token_embedding_table: InstanceType<typeof nn.Embedding>;

  constructor(vocab_size: number) {
    super();
    // each token directly reads off the logits for the next token from a lookup table
    this.token_embedding_table = new nn.Embedding(vocab_size, vocab_size);
  }

  forward(idx: Tensor, targets: Tensor | null = null): [Tensor, Tensor | null] {
    // idx and targets are both (B,T) tensor of integers
    let logits = this.token_embedding_table.forward(idx); // (B,T,C)

    let loss: Tensor | null;
    if (targets === null) {
      loss = null;
    } else {
      const [B, T, C] = logits.shape;
      logits = logits.view(B * T, C);
      targets = targets.view(B * T);
      loss = F.cross_entropy(logits, targets);
    }

    return [logits, loss];
  }

  generate(idx: Tensor, max_new_tokens: number): Tensor {
    // idx is (B, T) array of indices in the current context
    for (let _ = 0; _ < max_new_tokens; _++) {
      // get the predictions
      let [logits] = this.forward(idx);
      // focus only on the last time step
      logits = logits.index(":", -1, ":"); // becomes (B, C)
      // apply softmax to get probabilities
      const probs = F.softmax(logits, { dim: -1 }); // (B, C)
      // sample from the distribution
      const idx_next = torch.multinomial(probs, { num_samples: 1 }); // (B, 1)
      // append sampled index to the running sequence
      idx = torch.cat([idx, idx_next], { dim: 1 }); // (B, T+1)
    }
    return idx;
  }
}

const model = new BigramLanguageModel(vocab_size);
const m = model.to(device);

// create a PyTorch optimizer
const optimizer = new torch.optim.AdamW(model.parameters(), { lr: learning_rate });

const loss_log: number[] = [];
const progress = new TrainingProgress(max_iters);
let train_seconds = 0; // training steps only: evaluation and generation are not timed
for (let iter = 0; iter < max_iters; iter++) {
  // every once in a while evaluate the loss on train and val sets
  if (iter % eval_interval === 0 || iter === max_iters - 1) {
    const losses = estimate_loss();
    progress.log(`step ${iter}: train loss ${losses.train.toFixed(4)}, val loss ${losses.val.toFixed(4)}`);
  }

  const started = performance.now();
  // sample a batch of data
  const [xb, yb] = get_batch("train");

  // evaluate the loss
  const [, loss] = model.forward(xb, yb);
  optimizer.zero_grad({ set_to_none: true });
  loss!.backward();
  optimizer.step();
  const loss_value = loss!.item(); // waits for the step to finish (on CUDA too)
  train_seconds += (performance.now() - started) / 1000;

  if (config.loss_log) loss_log.push(loss_value);
  progress.update(iter + 1, loss_value);
}
progress.stop();
console.log(`timing: ${max_iters} steps in ${train_seconds.toFixed(2)} s, ${(max_iters / train_seconds).toFixed(2)} steps/s`);
if (config.loss_log) writeFileSync(config.loss_log, JSON.stringify(loss_log));

// generate from the model
const context = torch.zeros([1, 1], { dtype: torch.long, device });
console.log(decode(m.generate(context, config.max_new_tokens).index(0).tolist()));
