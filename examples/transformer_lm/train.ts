// Trains the Transformer language model on the cat-and-dog sentences (python/train.py),
// saving a checkpoint after every epoch and the loss curve beside it.
//
//   npx tsx examples/transformer_lm/train.ts [--epochs=150] [--resume] ...
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import torch from "torchts";
import { parse_config } from "../common/config";
import { Interruption } from "../common/interrupt";
import { save_line_plot } from "../common/plot";
import { TrainingProgress } from "../common/progress";
import { SENTENCES, get_dataloader } from "./data";
import { TransformerLanguageModel } from "./model";
import { Trainer, checkpoint_exists } from "./trainer";
import { CharTokenizer } from "./utils";

const args = parse_config({
  epochs: 150,
  batch_size: 8,
  lr: 3e-3,
  clip: 1.0,
  d_model: 64,
  n_heads: 4,
  n_layers: 2,
  d_ff: 256,
  max_len: 64,
  dropout: 0.1,
  max_steps: 0, // stop after this many steps (0: no cap)
  seed: 1337,
  device: torch.cuda.is_available() ? "cuda" : "cpu",
  out_dir: fileURLToPath(new URL("trained_model", import.meta.url)), // beside this file
  resume: false, // continue from out_dir's checkpoint
  loss_log: "", // write every step's loss (JSON) here
});

torch.manual_seed(args.seed);
const tokenizer = CharTokenizer.from_texts(SENTENCES);
const train_loader = get_dataloader(tokenizer, args.batch_size);
const model = new TransformerLanguageModel(
  tokenizer.vocab_size, args.d_model, args.n_heads, args.n_layers, args.d_ff, args.max_len, args.dropout, tokenizer.pad_idx,
).to(args.device);
const n_params = [...model.parameters()].reduce((n, p) => n + p.numel(), 0);
console.log(`${n_params} parameters, vocabulary of ${tokenizer.vocab_size}`);

const trainer = new Trainer(model, tokenizer, train_loader, {
  lr: args.lr, clip: args.clip, device: args.device, out_dir: args.out_dir, max_steps: args.max_steps,
});
if (args.resume && checkpoint_exists(args.out_dir)) {
  trainer.load_checkpoint();
  console.log(`resuming after epoch ${trainer.epoch}`);
}

const steps_per_epoch = train_loader.length;
const total_steps = args.max_steps > 0 ? Math.min(args.max_steps, args.epochs * steps_per_epoch) : args.epochs * steps_per_epoch;
trainer.progress = new TrainingProgress(total_steps, trainer.epoch * steps_per_epoch);
trainer.interruption = new Interruption();
await trainer.train(args.epochs);
trainer.progress.stop();
trainer.interruption.dispose();

const steps = trainer.step_losses.length;
console.log(`timing: ${steps} steps in ${trainer.step_time.toFixed(3)} s, ${(steps / Math.max(trainer.step_time, 1e-9)).toFixed(2)} steps/s`);
if (args.loss_log) writeFileSync(args.loss_log, JSON.stringify(trainer.step_losses));

await save_line_plot(
  join(args.out_dir, "loss.png"),
  [{ name: "training loss", x: trainer.losses.map((_, i) => i + 1), y: trainer.losses }],
  { title: "training loss", xlabel: "epoch", ylabel: "loss" },
);
