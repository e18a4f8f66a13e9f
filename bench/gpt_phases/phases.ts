// One side of bench/gpt-phases.mjs: examples/gpt's small model trained on one fixed 12x64
// batch, timing forward, backward, clip_grad_norm_ and step + zero_grad separately; prints one
// JSON line per round of steps (means in ms). Under torchts-run it wraps the model in
// DistributedDataParallel (gloo) and only rank 0 prints.
//   node --import tsx bench/gpt_phases/phases.ts ROUNDS STEPS
import torch from "torchts";
import { GPT, GPTConfig } from "../../examples/gpt/model.ts";

const [rounds, steps] = process.argv.slice(2).map(Number);
const ddp = process.env.RANK !== undefined;
if (ddp) torch.distributed.init_process_group({ backend: "gloo" });
torch.manual_seed(0);
const model = new GPT(new GPTConfig({ n_layer: 4, n_head: 4, n_embd: 128, block_size: 64, vocab_size: 65, dropout: 0, bias: false }));
const optimizer = model.configure_optimizers(0.1, 1e-3, [0.9, 0.99], "cpu");
const ddp_model = ddp ? new torch.nn.parallel.DistributedDataParallel(model) : null;
const X = torch.randint(0, 65, [12, 64]);
const Y = torch.randint(0, 65, [12, 64]);
for (let round = 0; round < rounds; round++) {
  const t = { forward: 0, backward: 0, clip: 0, optimizer: 0 };
  for (let i = 0; i < steps; i++) {
    const a = performance.now();
    const [, loss] = ddp_model ? (ddp_model.forward(X, Y) as ReturnType<GPT["forward"]>) : model.forward(X, Y);
    const b = performance.now();
    loss!.backward();
    const c = performance.now();
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0);
    const d = performance.now();
    optimizer.step();
    optimizer.zero_grad({ set_to_none: true });
    const e = performance.now();
    t.forward += b - a;
    t.backward += c - b;
    t.clip += d - c;
    t.optimizer += e - d;
  }
  if ((process.env.RANK ?? "0") === "0") console.log(JSON.stringify(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v / steps]))));
}
if (ddp) torch.distributed.destroy_process_group();
