// One timed training run of a benchmark model in torchts; bench/gpu/bench.py is the same run
// in Python torch. Prints one line `RESULT {json}` for bench/gpu/report.py.
//
//   npx tsx bench/gpu/bench.ts --model=gpt --precision=bf16 --steps=50 [--device=cuda]
//
// A step is nanoGPT's: forward (under autocast for bf16/fp16) and loss, GradScaler.scale(loss)
// .backward() (the scaler is enabled for fp16 only, as nanoGPT's), unscale_ and
// clip_grad_norm_(1.0), scaler.step(optimizer), scaler.update(), zero_grad(set_to_none).
// Timings span `steps` steps after `warmup` ones, between two torch.cuda.synchronize() calls.
// With --mem_steps, more steps follow, sampling torch.cuda.memory_allocated() every --mem_every.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import torch from "torchts";
import { Bigram, GPT, LSTMLM } from "./models";

type Tensor = InstanceType<typeof torch.Tensor>;

const { values: args } = parseArgs({
  options: {
    device: { type: "string", default: "cuda" },
    model: { type: "string", default: "gpt" },
    precision: { type: "string", default: "fp32" },
    steps: { type: "string", default: "50" },
    warmup: { type: "string", default: "10" },
    mem_steps: { type: "string", default: "0" },
    mem_every: { type: "string", default: "10" },
    // Smaller GPT for trying the script on CPU (the full configuration is the default).
    n_layer: { type: "string", default: "6" },
    n_embd: { type: "string", default: "384" },
    n_head: { type: "string", default: "6" },
    block_size: { type: "string", default: "256" },
    batch_size: { type: "string", default: "64" },
  },
});

const device = args.device!;
const device_type = device.startsWith("cuda") ? "cuda" : "cpu";
const precision = args.precision!;
const steps = Number(args.steps);
const warmup = Number(args.warmup);
const mem_steps = Number(args.mem_steps);
const mem_every = Number(args.mem_every);

const here = path.dirname(fileURLToPath(import.meta.url));
const text = fs.readFileSync(path.join(here, "..", "..", "data", "tinyshakespeare.txt"), "utf8");

/** nanoGPT's peak bfloat16 FLOPs for the cards the device tool lends; null where unknown. */
function peak_flops(name: string | null): number | null {
  if (name === null) return null;
  if (/H100.*PCIe/.test(name)) return 756e12;
  if (/H100|H200/.test(name)) return 989e12;
  if (/A100/.test(name)) return 312e12;
  return null;
}

function sync(): void {
  if (device_type === "cuda") torch.cuda.synchronize();
}

// Tiny Shakespeare as character codes (vocab 65), batches at random offsets, as nanoGPT's
// get_batch: pinned, then copied to the GPU without blocking.
const chars = [...new Set(text)].sort();
const stoi = new Map(chars.map((c, i) => [c, i]));
const data = torch.tensor(Int32Array.from(text, (c) => stoi.get(c)!)).long();

function char_batch(batch_size: number, block_size: number): [Tensor, Tensor] {
  const ix = torch.randint(data.numel() - block_size - 1, [batch_size, 1]);
  const idx = ix.add(torch.arange(block_size));
  let x = data.index(idx);
  let y = data.index(idx.add(1));
  if (device_type === "cuda") {
    x = x.pin_memory().to(device, { non_blocking: true });
    y = y.pin_memory().to(device, { non_blocking: true });
  } else {
    x = x.to(device);
    y = y.to(device);
  }
  return [x, y];
}

torch.manual_seed(1337);
torch.backends.cuda.matmul.allow_tf32 = true;
torch.backends.cudnn.allow_tf32 = true;

interface Setup {
  model: GPT | Bigram | LSTMLM;
  optimizer: InstanceType<typeof torch.optim.Optimizer>;
  get_batch: () => [Tensor, Tensor];
  tokens_per_step: number;
  grad_clip: number;
}

function setup(): Setup {
  if (args.model === "gpt") {
    const block_size = Number(args.block_size);
    const batch_size = Number(args.batch_size);
    const model = new GPT({
      block_size,
      vocab_size: chars.length,
      n_layer: Number(args.n_layer),
      n_head: Number(args.n_head),
      n_embd: Number(args.n_embd),
      dropout: 0.2,
      bias: false,
    });
    model.to(device);
    const optimizer = model.configure_optimizers(0.1, 1e-3, [0.9, 0.99], device_type);
    return { model, optimizer, get_batch: () => char_batch(batch_size, block_size), tokens_per_step: batch_size * block_size, grad_clip: 1.0 };
  }
  if (args.model === "bigram") {
    const model = new Bigram(chars.length).to(device);
    const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 1e-3 });
    return { model, optimizer, get_batch: () => char_batch(32, 8), tokens_per_step: 32 * 8, grad_clip: 0 };
  }
  if (args.model === "lstm") {
    const model = new LSTMLM(10000, 128, 256).to(device);
    const optimizer = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
    const get_batch = (): [Tensor, Tensor] => [
      torch.randint(0, 10000, [32, 64], { device }),
      torch.randint(0, 10000, [32, 64], { device }),
    ];
    return { model, optimizer, get_batch, tokens_per_step: 32 * 64, grad_clip: 1.0 };
  }
  throw new Error(`unknown --model=${args.model}`);
}

const { model, optimizer, get_batch, tokens_per_step, grad_clip } = setup();
const autocast_dtype = precision === "bf16" ? torch.bfloat16 : precision === "fp16" ? torch.float16 : null;
const scaler = new torch.amp.GradScaler(device_type, { enabled: precision === "fp16" });
model.train();

let loss: Tensor | null = null;
function step(): void {
  const [X, Y] = get_batch();
  const forward = () => model.forward(X, Y)[1];
  loss = autocast_dtype === null ? forward() : torch.autocast(device_type, { dtype: autocast_dtype }, forward);
  scaler.scale(loss).backward();
  if (grad_clip !== 0) {
    scaler.unscale_(optimizer);
    torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip);
  }
  scaler.step(optimizer);
  scaler.update();
  optimizer.zero_grad({ set_to_none: true });
}

for (let i = 0; i < warmup; i++) step();
sync();
const t0 = performance.now();
for (let i = 0; i < steps; i++) step();
sync();
const dt = (performance.now() - t0) / 1000 / steps;

// Memory over more steps: flat after warm-up if tensors are freed as they go.
const memory: [number, number][] = [];
if (device_type === "cuda" && mem_steps > 0) {
  for (let i = 1; i <= mem_steps; i++) {
    step();
    if (i % mem_every === 0) memory.push([i, torch.cuda.memory_allocated()]);
  }
}

const device_name = device_type === "cuda" ? torch.cuda.get_device_name() : null;
const peak = peak_flops(device_name);
const result = {
  impl: "ts",
  model: args.model,
  precision,
  device,
  device_name,
  steps,
  warmup,
  ms_per_step: dt * 1000,
  steps_per_s: 1 / dt,
  tokens_per_s: tokens_per_step / dt,
  mfu: model instanceof GPT && peak !== null ? model.estimate_mfu(tokens_per_step / model.config.block_size, dt, peak) : null,
  params: model instanceof GPT ? model.get_num_params() : null,
  final_loss: (loss as Tensor | null)?.item() ?? null,
  scale: scaler.get_scale(),
  memory,
  max_memory_allocated: device_type === "cuda" ? torch.cuda.max_memory_allocated() : null,
};
console.log(`RESULT ${JSON.stringify(result)}`);
