// Samples from a trained model: nanoGPT's sample.py in TS (python/sample.py is the original).
//
//   npm run sample -- --prompt="ROMEO:" --num_samples=2 --max_new_tokens=200
//
// Reads out_dir/ckpt.pt (the best model train.ts saved), else out_dir/last.pt; checkpoints the
// Python version wrote load too (--out_dir=examples/gpt/out-python).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import torch from "torchts";
import { sample_config } from "./config.ts";
import { load_shakespeare_char } from "./data.ts";
import { GPT, GPTConfig } from "./model.ts";

const config = sample_config();
const { out_dir, num_samples, max_new_tokens, temperature, top_k, seed, device, dtype, prompt } = config;
let { start } = config;

torch.manual_seed(seed);
const device_type = device.includes("cuda") ? "cuda" : "cpu"; // for later use in torch.autocast
const ptdtype = { float32: torch.float32, bfloat16: torch.bfloat16, float16: torch.float16 }[dtype];
if (ptdtype === undefined) throw new TypeError(`--dtype: expected float32, bfloat16 or float16, got ${JSON.stringify(dtype)}`);
// Python's `with ctx:` (nullcontext on the CPU, else autocast) as a function around the block
const ctx = <T>(fn: () => T): T => (device_type === "cpu" ? fn() : torch.autocast(device_type, { dtype: ptdtype }, fn));

// model
let ckpt_path = join(out_dir, "ckpt.pt");
if (!existsSync(ckpt_path)) ckpt_path = join(out_dir, "last.pt");
if (!existsSync(ckpt_path)) throw new Error(`no checkpoint in ${out_dir}: train one first (npm run train)`);
const checkpoint = torch.load(ckpt_path, { map_location: device });
const model = new GPT(new GPTConfig(checkpoint.model_args));
model.load_state_dict(checkpoint.model);

model.eval();
model.to(device);

// the character vocabulary of Tiny Shakespeare (nanoGPT reads it from meta.pkl)
const { encode, decode } = load_shakespeare_char();

// encode the beginning of the prompt
if (prompt) start = prompt;
if (start.startsWith("FILE:")) start = readFileSync(start.slice(5), "utf8");
const start_ids = encode(start);
const x = torch.tensor(start_ids, { dtype: torch.long, device }).index(null, "...");

// run generation
torch.no_grad(() =>
  ctx(() => {
    for (let k = 0; k < num_samples; k++) {
      const y = model.generate(x, max_new_tokens, temperature, top_k > 0 ? top_k : null);
      console.log(decode(y.index(0).tolist()));
      console.log("---------------");
    }
  }),
);
