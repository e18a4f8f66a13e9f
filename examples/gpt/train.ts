// Trains a character-level GPT on Tiny Shakespeare: nanoGPT's train.py with its
// shakespeare_char configuration, in TS (python/train.py is the Python original, trimmed to one
// GPU or the CPU in the same way). Same options, same random draws: the same seed gives the same
// losses as the Python version.
//
//   npm run train                                   # full on CUDA, small on the CPU
//   npm run train -- --config=small --max_iters=500
//   npm run train -- --init_from=resume             # continue from out_dir/last.pt
//
// Writes to out_dir: ckpt.pt (the best validation loss so far, as nanoGPT), last.pt (the latest
// state: at every evaluation, at the end, and on Ctrl-C) and loss.png (the losses at each
// evaluation). Checkpoints hold torch.get_rng_state() from before the pending batch was drawn
// (and on CUDA torch.cuda.get_rng_state(), which dropout draws from there), so a resumed run
// draws the batches and dropout masks an uninterrupted one would. The first
// Ctrl-C stops after the current step, saves last.pt and exits with status 0; a second one
// quits at once (status 130).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import torch from "torchts";
import { Interruption } from "../common/interrupt.ts";
import { TrainingProgress } from "../common/progress.ts";
import { train_config } from "./config.ts";
import { load_shakespeare_char } from "./data.ts";
import { GPT, GPTConfig } from "./model.ts";

type Tensor = InstanceType<typeof torch.Tensor>;

const config = train_config();
const { out_dir, eval_interval, log_interval, eval_iters, eval_only, always_save_checkpoint, init_from } = config;
const { batch_size, n_layer, n_head, n_embd, dropout, bias } = config;
let { block_size } = config;
const { learning_rate, max_iters, weight_decay, beta1, beta2, grad_clip } = config;
const { decay_lr, warmup_iters, lr_decay_iters, min_lr, dtype, seed, loss_log, sample_new_tokens } = config;

let { gradient_accumulation_steps, device } = config;

// data parallel (nanoGPT's ddp mode): started by torchts-run (or torchrun's environment), one
// process per rank, each on its own batches (seed + rank), gradients averaged by DDP
const ddp = Number(process.env.RANK ?? -1) !== -1; // is this a ddp run?
let master_process = true; // the process that logs and writes checkpoints
let seed_offset = 0;
let ddp_world_size = 1;
let ddp_local_rank = 0;
if (ddp) {
  torch.distributed.init_process_group(device.includes("cuda") ? "nccl" : "gloo");
  const ddp_rank = Number(process.env.RANK);
  ddp_local_rank = Number(process.env.LOCAL_RANK);
  ddp_world_size = Number(process.env.WORLD_SIZE);
  if (device.includes("cuda")) {
    device = `cuda:${ddp_local_rank}`;
    torch.cuda.set_device(device);
  }
  master_process = ddp_rank === 0;
  seed_offset = ddp_rank; // each process gets a different seed
  // the ranks train simultaneously: each does its share of the gradient accumulation steps
  if (gradient_accumulation_steps % ddp_world_size !== 0) throw new Error("gradient_accumulation_steps must be divisible by the world size");
  gradient_accumulation_steps = Math.floor(gradient_accumulation_steps / ddp_world_size);
}
const tokens_per_iter = gradient_accumulation_steps * ddp_world_size * batch_size * block_size;
if (master_process) {
  console.log(`config ${config.config}, device ${device}, tokens per iteration will be: ${tokens_per_iter.toLocaleString("en-US")}`);
  mkdirSync(out_dir, { recursive: true });
}
torch.manual_seed(seed + seed_offset);
torch.backends.cuda.matmul.allow_tf32 = true; // allow tf32 on matmul
torch.backends.cudnn.allow_tf32 = true; // allow tf32 on cudnn
const device_type = device.includes("cuda") ? "cuda" : "cpu"; // for later use in torch.autocast
// note: float16 data type will automatically use a GradScaler
const ptdtype = { float32: torch.float32, bfloat16: torch.bfloat16, float16: torch.float16 }[dtype];
if (ptdtype === undefined) throw new TypeError(`--dtype: expected float32, bfloat16 or float16, got ${JSON.stringify(dtype)}`);
// Python's `with ctx:` (nullcontext on the CPU, else autocast) as a function around the block
const ctx = <T>(fn: () => T): T => (device_type === "cpu" ? fn() : torch.autocast(device_type, { dtype: ptdtype }, fn));

// poor man's data loader: the encoded text as a tensor, random windows of it
const { train_data, val_data, vocab_size: meta_vocab_size, encode, decode } = load_shakespeare_char();
function get_batch(split: "train" | "val"): [Tensor, Tensor] {
  const data = split === "train" ? train_data : val_data;
  const ix: number[] = torch.randint(data.shape[0] - block_size, [batch_size]).tolist();
  const x = torch.stack(ix.map((i) => data.index(`${i}:${i + block_size}`)));
  const y = torch.stack(ix.map((i) => data.index(`${i + 1}:${i + 1 + block_size}`)));
  return [x.to(device), y.to(device)];
}

// init these up here, can override if init_from="resume" (i.e. from a checkpoint)
let iter_num = 0;
let best_val_loss = 1e9;
// the losses of each evaluation, for loss.png (kept in checkpoints so a resumed run plots them all)
let eval_log = { iters: [] as number[], train: [] as number[], val: [] as number[] };

// model init
const model_args = { n_layer, n_head, n_embd, block_size, bias, vocab_size: meta_vocab_size, dropout };
let model: GPT;
let checkpoint: any = null;
if (init_from === "scratch") {
  console.log("Initializing a new model from scratch");
  model = new GPT(new GPTConfig(model_args));
} else if (init_from === "resume") {
  // the latest state (last.pt) if there is one, else the best (ckpt.pt)
  let ckpt_path = join(out_dir, "last.pt");
  if (!existsSync(ckpt_path)) ckpt_path = join(out_dir, "ckpt.pt");
  if (!existsSync(ckpt_path)) throw new Error(`--init_from=resume: no last.pt or ckpt.pt in ${out_dir}`);
  console.log(`Resuming training from ${ckpt_path}`);
  checkpoint = torch.load(ckpt_path, { map_location: device });
  // force these config attributes to be equal otherwise we can't even resume training;
  // the rest (e.g. dropout) can stay as desired from the command line
  for (const k of ["n_layer", "n_head", "n_embd", "block_size", "bias", "vocab_size"] as const) {
    (model_args as Record<string, unknown>)[k] = checkpoint.model_args[k];
  }
  block_size = model_args.block_size; // the batches have the model's context length
  model = new GPT(new GPTConfig(model_args));
  model.load_state_dict(checkpoint.model);
  iter_num = checkpoint.iter_num;
  best_val_loss = checkpoint.best_val_loss;
  if (checkpoint.eval_log) eval_log = checkpoint.eval_log;
} else {
  throw new TypeError(`--init_from: expected "scratch" or "resume", got ${JSON.stringify(init_from)}`);
}
model.to(device);

// initialize a GradScaler. If enabled=false scaler is a no-op
const scaler = new torch.amp.GradScaler(device_type, { enabled: dtype === "float16" });

// optimizer
const optimizer = model.configure_optimizers(weight_decay, learning_rate, [beta1, beta2], device);
if (init_from === "resume") {
  optimizer.load_state_dict(checkpoint.optimizer);
  torch.set_rng_state(checkpoint.rng_state.cpu());
  if (device_type === "cuda" && checkpoint.cuda_rng_state) torch.cuda.set_rng_state(checkpoint.cuda_rng_state.cpu());
}
checkpoint = null; // free up memory

// wrap the model into DDP (Python's `model = DDP(model)`; `model` stays the raw one here)
const ddp_model = ddp ? new torch.nn.parallel.DistributedDataParallel(model, { device_ids: device.includes("cuda") ? [ddp_local_rank] : null }) : null;
const forward = (X: Tensor, Y: Tensor) => (ddp_model ? (ddp_model.forward(X, Y) as ReturnType<GPT["forward"]>) : model.forward(X, Y));

// helps estimate an arbitrarily accurate loss over either split using many batches
function estimate_loss(): { train: number; val: number } {
  return torch.no_grad(() => {
    const out = { train: 0, val: 0 };
    model.eval();
    for (const split of ["train", "val"] as const) {
      const losses = torch.zeros(eval_iters);
      for (let k = 0; k < eval_iters; k++) {
        const [X, Y] = get_batch(split);
        const [, loss] = ctx(() => forward(X, Y));
        losses.index_set_([k], loss!.item());
      }
      out[split] = losses.mean().item();
    }
    model.train();
    return out;
  });
}

// learning rate decay scheduler (cosine with warmup)
function get_lr(it: number): number {
  // 1) linear warmup for warmup_iters steps
  if (it < warmup_iters) return (learning_rate * (it + 1)) / (warmup_iters + 1);
  // 2) if it > lr_decay_iters, return min learning rate
  if (it > lr_decay_iters) return min_lr;
  // 3) in between, use cosine decay down to min learning rate
  const decay_ratio = (it - warmup_iters) / (lr_decay_iters - warmup_iters);
  const coeff = 0.5 * (1.0 + Math.cos(Math.PI * decay_ratio)); // coeff ranges 0..1
  return min_lr + coeff * (learning_rate - min_lr);
}

let rng_state = torch.get_rng_state(); // the random state before the pending batch was drawn

function save_checkpoint(name: string): void {
  torch.save(
    {
      model: model.state_dict(),
      optimizer: optimizer.state_dict(),
      model_args,
      iter_num,
      best_val_loss,
      config,
      rng_state,
      cuda_rng_state: device_type === "cuda" ? torch.cuda.get_rng_state() : null,
      eval_log,
    },
    join(out_dir, name),
  );
}

async function plot_losses(): Promise<void> {
  const { save_line_plot } = await import("../common/plot.ts"); // loaded on first use: vega is slow to import
  await save_line_plot(
    join(out_dir, "loss.png"),
    [
      { name: "train", x: eval_log.iters, y: eval_log.train },
      { name: "val", x: eval_log.iters, y: eval_log.val },
    ],
    { title: "GPT on Tiny Shakespeare (characters)", xlabel: "iteration", ylabel: "loss" },
  );
}

// training loop
let [X, Y] = get_batch("train"); // fetch the very first batch
const losses_log: number[] = [];
let train_time = 0; // seconds spent in training steps (evaluation excluded)
let steps = 0;
const interruption = new Interruption();
const progress = new TrainingProgress(max_iters + 1, iter_num);
while (true) {
  // determine and set the learning rate for this iteration
  const lr = decay_lr ? get_lr(iter_num) : learning_rate;
  for (const param_group of optimizer.param_groups) param_group.lr = lr;

  // evaluate the loss on train/val sets and write checkpoints
  if ((iter_num % eval_interval === 0 || eval_only) && master_process) {
    const losses = estimate_loss();
    progress.log(`step ${iter_num}: train loss ${losses.train.toFixed(4)}, val loss ${losses.val.toFixed(4)}`);
    eval_log.iters.push(iter_num);
    eval_log.train.push(losses.train);
    eval_log.val.push(losses.val);
    if (losses.val < best_val_loss || always_save_checkpoint) {
      best_val_loss = losses.val;
      if (iter_num > 0) {
        progress.log(`saving checkpoint to ${out_dir}`);
        save_checkpoint("ckpt.pt");
      }
    }
    save_checkpoint("last.pt");
    await plot_losses();
  }
  if (eval_only) break;

  // forward backward update, with optional gradient accumulation to simulate larger batch size
  const t0 = performance.now();
  let loss!: Tensor;
  for (let micro_step = 0; micro_step < gradient_accumulation_steps; micro_step++) {
    // in DDP training gradients are synced only at the last micro step (nanoGPT's idiom; ddp_model.no_sync(fn) does the same)
    if (ddp_model) ddp_model.require_backward_grad_sync = micro_step === gradient_accumulation_steps - 1;
    loss = ctx(() => {
      const [, loss] = forward(X, Y);
      return loss!.div(gradient_accumulation_steps); // scale the loss to account for gradient accumulation
    });
    // prefetch the next batch (on CUDA, while the GPU works on this one)
    rng_state = torch.get_rng_state();
    [X, Y] = get_batch("train");
    // backward pass, with gradient scaling if training in fp16
    scaler.scale(loss).backward();
  }
  // clip the gradient
  if (grad_clip !== 0.0) {
    scaler.unscale_(optimizer);
    torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip);
  }
  // step the optimizer and scaler if training in fp16
  scaler.step(optimizer);
  scaler.update();
  // flush the gradients as soon as we can, no need for this memory anymore
  optimizer.zero_grad({ set_to_none: true });

  // timing and logging
  const lossf = loss.item() * gradient_accumulation_steps;
  const dt = (performance.now() - t0) / 1000;
  train_time += dt;
  steps += 1;
  losses_log.push(lossf);
  if (iter_num % log_interval === 0 && master_process) progress.log(`iter ${iter_num}: loss ${lossf.toFixed(4)}, time ${(dt * 1000).toFixed(2)}ms`);
  iter_num += 1;
  progress.update(iter_num, lossf);

  // termination conditions
  await interruption.tick(); // lets a Ctrl-C in
  if (interruption.requested) {
    if (master_process) {
      save_checkpoint("last.pt");
      await plot_losses();
    }
    break;
  }
  if (iter_num > max_iters) {
    if (master_process) save_checkpoint("last.pt");
    break;
  }
}
progress.stop();
interruption.dispose();
if (interruption.requested) {
  console.log(`interrupted at iteration ${iter_num}: saved ${join(out_dir, "last.pt")} (continue with --init_from=resume)`);
}

console.log(`best val loss ${best_val_loss.toFixed(4)}`);
console.log(`timing: ${steps} steps in ${train_time.toFixed(2)} s, ${(train_time > 0 ? steps / train_time : 0).toFixed(2)} steps/s`);
if (ddp) torch.distributed.destroy_process_group();
if (loss_log && master_process) writeFileSync(loss_log, JSON.stringify(losses_log));

if (sample_new_tokens > 0 && !interruption.requested && master_process) {
  model.eval();
  const x = torch.tensor(encode("\n"), { dtype: torch.long, device }).index(null, "...");
  const y = torch.no_grad(() => ctx(() => model.generate(x, sample_new_tokens, 0.8, 200)));
  console.log("sample:");
  console.log(decode(y.index(0).tolist()));
}
