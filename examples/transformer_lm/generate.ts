// Samples text from the trained model (python/generate.py).
//
//   npx tsx examples/transformer_lm/generate.ts --prompt="cats" [--max_new_tokens=60] [--temperature=0.8] [--top_k=10] ...
import { fileURLToPath } from "node:url";
import torch from "torchts";
import { parse_config } from "../common/config";
import { Generator } from "./generator";
import { load_model } from "./trainer";

const args = parse_config({
  prompt: "cats",
  max_new_tokens: 60,
  temperature: 0.8,
  top_k: 10, // 0: no top-k cut
  seed: 1337,
  device: torch.cuda.is_available() ? "cuda" : "cpu",
  out_dir: fileURLToPath(new URL("trained_model", import.meta.url)), // beside this file
});

torch.manual_seed(args.seed);
const [model, tokenizer] = load_model(args.out_dir, args.device);
const generator = new Generator(model, tokenizer, args.device);
console.log(generator.generate(args.prompt, args.max_new_tokens, args.temperature, args.top_k || null));
