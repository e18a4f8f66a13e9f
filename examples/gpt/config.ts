// The options of train.ts and sample.ts, with nanoGPT's names and defaults (python/train.py
// and python/sample.py list the same ones). Every key can be overridden with --key=value;
// train.ts first applies a preset of presets.json (--config=full|small, by default full on
// CUDA and small on the CPU).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import torch from "torchts";
import { parse_config } from "../common/config.ts";

const here = import.meta.dirname;

/** The full shakespeare_char run (nanoGPT's config/train_shakespeare_char.py). */
export const train_defaults = {
  // I/O
  out_dir: join(here, "out"),
  eval_interval: 250,
  log_interval: 10,
  eval_iters: 200,
  eval_only: false, // if true, exit right after the first eval
  always_save_checkpoint: false, // if true, save ckpt.pt after each eval, not only on a better val loss
  init_from: "scratch", // "scratch" or "resume" (from out_dir/last.pt, else out_dir/ckpt.pt)
  // data
  gradient_accumulation_steps: 1, // used to simulate larger batch sizes
  batch_size: 64, // if gradient_accumulation_steps > 1, this is the micro-batch size
  block_size: 256,
  // model
  n_layer: 6,
  n_head: 6,
  n_embd: 384,
  dropout: 0.2,
  bias: false, // do we use bias inside LayerNorm and Linear layers?
  // adamw optimizer
  learning_rate: 1e-3, // max learning rate
  max_iters: 5000, // total number of training iterations
  weight_decay: 1e-1,
  beta1: 0.9,
  beta2: 0.99,
  grad_clip: 1.0, // clip gradients at this value, or disable if == 0.0
  // learning rate decay settings
  decay_lr: true, // whether to decay the learning rate
  warmup_iters: 100, // how many steps to warm up for
  lr_decay_iters: 5000, // should be ~= max_iters per Chinchilla
  min_lr: 1e-4, // minimum learning rate, should be ~= learning_rate/10 per Chinchilla
  // system
  device: "cpu", // "cpu", "cuda", "cuda:0", ... (default: cuda when available)
  dtype: "float32", // "float32", "bfloat16" or "float16" (CUDA only: autocast; float16 adds a GradScaler); default bfloat16 on CUDA
  config: "small", // the preset: "full" or "small" (default: full on CUDA, small on the CPU)
  seed: 1337,
  loss_log: "", // a path: write every training step's loss there as a JSON array
  sample_new_tokens: 300, // length of the sample printed at the end (0: none)
};

export type TrainConfig = typeof train_defaults;

const presets: Record<string, Partial<TrainConfig>> = JSON.parse(readFileSync(join(here, "presets.json"), "utf8"));

function default_device(): string {
  return torch.cuda.is_available() ? "cuda" : "cpu";
}

/** The training configuration: defaults, then the preset, then the command line's --key=value. */
export function train_config(argv = process.argv.slice(2)): TrainConfig {
  // --device and --config decide the preset, which the other options then override
  const { values } = parseArgs({ args: argv, options: { device: { type: "string" }, config: { type: "string" } }, strict: false });
  const device = typeof values.device === "string" ? values.device : default_device();
  const config = typeof values.config === "string" ? values.config : device.startsWith("cuda") ? "full" : "small";
  const preset = presets[config];
  if (preset === undefined) throw new TypeError(`--config: expected one of ${Object.keys(presets).join(", ")}, got ${JSON.stringify(config)}`);
  const dtype = torch.cuda.is_available() ? "bfloat16" : "float32";
  return parse_config({ ...train_defaults, dtype, ...preset, device, config }, argv);
}

/** The options of sample.ts (nanoGPT's sample.py). */
export function sample_config(argv = process.argv.slice(2)) {
  return parse_config(
    {
      out_dir: join(here, "out"), // reads out_dir/ckpt.pt, else out_dir/last.pt
      start: "\n", // the prompt; "FILE:prompt.txt" reads it from a file
      prompt: "", // the same as start; wins when given
      num_samples: 10, // number of samples to draw
      max_new_tokens: 500, // number of tokens generated in each sample
      temperature: 0.8, // 1.0 = no change, < 1.0 = less random, > 1.0 = more random, in predictions
      top_k: 200, // retain only the top_k most likely tokens (0: all)
      seed: 1337,
      device: default_device(),
      dtype: torch.cuda.is_available() ? "bfloat16" : "float32", // "float32", "bfloat16" or "float16" (autocast on CUDA)
    },
    argv,
  );
}
