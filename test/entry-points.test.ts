// `import torch from "torchts"` (ESM, and TS through tsx) and `require("torchts")` (CommonJS)
// give the same namespace, and the shipped types check a consumer's code.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot, runNode, runNodeAsync } from "./helpers/node";
import { pythonJson, pythonJsonAsync } from "./helpers/python";

const probe = "[torch.__version__, String(torch.ones(2).add(torch.ones(2))), typeof torch.Tensor].join('|')";

describe("entry points", () => {
  it("CommonJS: require('torchts')", () => {
    const run = runNode(["-e", `const torch = require("torchts"); console.log(${probe})`]);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toMatch(/^2\.11\.\d+\S*\|tensor\(\[2\., 2\.\]\)\|function$/);
  });

  it("ESM: import torch from 'torchts'", () => {
    const run = runNode(["--input-type=module", "-e", `import torch from "torchts"; console.log(${probe})`]);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toMatch(/^2\.11\.\d+\S*\|tensor\(\[2\., 2\.\]\)\|function$/);
  });

  it("ESM and CommonJS share one namespace object in one process", () => {
    const run = runNode([
      "--input-type=module",
      "-e",
      `import torch from "torchts"; import { createRequire } from "node:module";
       const cjs = createRequire(import.meta.url)("torchts"); console.log(cjs === torch)`,
    ]);
    expect(run.stdout.trim()).toBe("true");
  });

  it("TypeScript run by tsx, and tsc type-checks a consumer against the shipped types", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-consumer-"));
    const program = [
      "const x: InstanceType<typeof torch.Tensor> = torch.ones(2, 3, { dtype: torch.float64 });",
      "const [rows, cols]: number[] = x.shape;",
      "// item() and tolist() in numeric use need no cast",
      "let total = 0;",
      "total += x.sum().item();",
      "const small = x.sum().item() < 1000;",
      "const names = ['a', 'b', 'c'];",
      "const picked = names[torch.tensor(2).item()];",
      "const table: number[][] = x.tolist();",
      "// for (row of x), len(x)",
      "const sums: number[] = [];",
      "for (const row of x) sums.push(row.sum().item());",
      "const n: number = x.__len__();",
      "// Required parameters given by keyword, as in Python's torch.multinomial(probs, num_samples=3, ...)",
      "const draws = torch.multinomial(torch.tensor([0, 1], { dtype: torch.float32 }), { num_samples: 3, replacement: true }).tolist();",
      "const t = x.transpose({ dim0: 0, dim1: 1 }).shape;",
      "using scratch = torch.zeros(1);",
      "// A sample of the generated surface: namespaces, out=, named tuples, options, keyword-given required parameters",
      "const [U, S, Vh] = torch.linalg.svd(x, { full_matrices: false });",
      "const spectrum = torch.fft.rfft(x, 4, { dim: -1, norm: 'ortho' });",
      "const erfcx = torch.special.erfcx(x);",
      "const out = torch.empty(2, 3, { dtype: torch.float64 });",
      "const added: InstanceType<typeof torch.Tensor> = torch.add(x, x, { alpha: 2, out });",
      "const best = torch.max(x, 1, { keepdim: true });",
      "const mixed = best.values.add(best.indices).addcmul(x, x, { value: 0.5 });",
      "const outer = torch.outer(x.flatten(), { vec2: x.flatten() });",
      "const window = torch.hann_window(8, { periodic: false });",
      "const rows2 = torch.triu_indices(3, 3, 1).shape;",
      "const clamped = torch.clamp(x, { min: 0 }).tan().trace().item();",
      "// DataLoader batches are typed from the dataset and collate_fn: default_collate's result type",
      "const td = new torch.utils.data.TensorDataset(torch.arange(4), torch.arange(4));",
      "for (const batch of new torch.utils.data.DataLoader(td, { batch_size: 2 })) { const b: InstanceType<typeof torch.Tensor>[] = batch; b.length; }",
      "class Pairs extends torch.utils.data.Dataset<[InstanceType<typeof torch.Tensor>, number]> { __getitem__(i: number): [InstanceType<typeof torch.Tensor>, number] { return [torch.zeros(2), i]; } __len__() { return 3; } }",
      "for (const [xb, yb] of new torch.utils.data.DataLoader(new Pairs(), { batch_size: 3 })) { const s: number[] = xb.shape; yb.sum().item(); s.length; }",
      "for (const rec of new torch.utils.data.DataLoader([{ v: 1, name: 'a' }])) { const v: InstanceType<typeof torch.Tensor> = rec.v; const names: string[] = rec.name; v.numel(); names.length; }",
      "for (const lens of new torch.utils.data.DataLoader(['ab', 'c'], { batch_size: 2, collate_fn: (b: string[]) => b.map((w) => w.length) })) { const l: number[] = lens; l.length; }",
      "class Untyped extends torch.utils.data.Dataset<[any, any]> { __getitem__(i: number): [any, any] { return [torch.zeros(1), i]; } __len__() { return 2; } }",
      "for (const [ub, uy] of new torch.utils.data.DataLoader(new Untyped(), { batch_size: 2 })) { const n2: number = uy.sum().item() + ub.numel(); n2; }",
      "// @ts-expect-error a [Tensor, number] sample collates to [Tensor, Tensor]: the label is no number",
      "for (const [, yb] of new torch.utils.data.DataLoader(new Pairs())) { const bad: number = yb; bad; }",
      "// @ts-expect-error a TensorDataset batch is Tensor[], not a Tensor",
      "for (const batch of new torch.utils.data.DataLoader(td)) { const bad: InstanceType<typeof torch.Tensor> = batch; bad; }",
      "// @ts-expect-error collate_fn's result is the batch type",
      "for (const lens of new torch.utils.data.DataLoader(['ab'], { collate_fn: (b: string[]) => b.length })) { const bad: string = lens; bad; }",
      "// @ts-expect-error worker_init_fn takes the worker id",
      "new torch.utils.data.DataLoader(td, { num_workers: 1, worker_init_fn: (id: string) => id });",
      "console.log(rows, cols, total, small, picked, table[1][2], sums.join(), n, String(x.dtype), JSON.stringify(draws), JSON.stringify(t), scratch.numel());",
      "console.log(JSON.stringify([[...U.shape], [...S.shape], [...Vh.shape], spectrum.dtype.is_complex, erfcx.numel(), added === out, [...mixed.shape], [...outer.shape], window.numel(), [...rows2], clamped]));",
    ].join("\n");
    // An ES module and a CommonJS consumer, each outside the project, finding torchts as an
    // installed package: a fresh tsconfig, strict, no skipLibCheck, no types of their own
    // (nothing in @types beside them: what the shipped .d.ts need, torchts must bring).
    fs.writeFileSync(path.join(dir, "consumer.mts"), `import torch from "torchts";\n${program}\n`);
    fs.writeFileSync(path.join(dir, "consumer.cts"), `import torch = require("torchts");\n${program}\n`);
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", noEmit: true },
        files: ["consumer.mts", "consumer.cts"],
      }),
    );
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.symlinkSync(projectRoot, path.join(dir, "node_modules", "torchts"));
    fs.writeFileSync(path.join(dir, "package.json"), '{"type": "module"}');
    const expected = "2 3 6 true c 1 3,3 2 torch.float64 [1,1,1] [3,2] 1";
    // The sample of the generated surface, as Python computes it.
    const surface = pythonJson(`
x = torch.ones(2, 3, dtype=torch.float64)
U, S, Vh = torch.linalg.svd(x, full_matrices=False)
spectrum = torch.fft.rfft(x, 4, dim=-1, norm="ortho")
out = torch.empty(2, 3, dtype=torch.float64)
added = torch.add(x, x, alpha=2, out=out)
best = torch.max(x, 1, keepdim=True)
mixed = best.values.add(best.indices).addcmul(x, x, value=0.5)
print(json.dumps([list(U.shape), list(S.shape), list(Vh.shape), spectrum.dtype.is_complex, torch.special.erfcx(x).numel(), added is out,
                  list(mixed.shape), list(torch.outer(x.flatten(), vec2=x.flatten()).shape), torch.hann_window(8, periodic=False).numel(),
                  list(torch.triu_indices(3, 3, 1).shape), torch.clamp(x, min=0).tan().trace().item()]))`);
    for (const file of ["consumer.mts", "consumer.cts"]) {
      const tsx = runNode([path.join(projectRoot, "node_modules", "tsx", "dist", "cli.mjs"), file], {}, dir);
      expect(tsx.stderr).toBe("");
      const [line, sample] = tsx.stdout.trim().split("\n");
      expect(line).toBe(expected);
      expect(JSON.parse(sample)).toEqual(surface);
    }

    const tsc = runNode([path.join(projectRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], {}, dir);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });

  it("a port's nn typing: Sequential positions, Transformer's parts, forward overrides, unions of modules", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-consumer-nn-"));
    const program = [
      "const nn = torch.nn;",
      "type T = InstanceType<typeof torch.Tensor>;",
      "torch.manual_seed(0);",
      "// new nn.Sequential(Linear, ReLU)[0] is a Linear, [1] a ReLU",
      "const seq = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));",
      "const first: InstanceType<typeof nn.Linear> = seq[0];",
      "const width: number = seq[0].out_features + seq[2].in_features;",
      "const act: InstanceType<typeof nn.ReLU> = seq[1];",
      "// type errors (never run): each @ts-expect-error line must fail to check",
      "const typeErrors = () => {",
      "  // @ts-expect-error: seq[0] is a Linear, whose forward takes a tensor",
      "  seq[0].forward('not a tensor');",
      "  // @ts-expect-error: a ReLU has no in_features",
      "  void seq[1].in_features;",
      "  // @ts-expect-error: seq[1] is not a Linear",
      "  const notLinear: InstanceType<typeof nn.Linear> = seq[1];",
      "  // @ts-expect-error: an encoder layer has no cross-attention",
      "  void tr.encoder.layers[0].multihead_attn;",
      "  // @ts-expect-error: Scale.forward needs its shift",
      "  new Scale(2).forward(torch.ones(1));",
      "  return notLinear;",
      "};",
      "void typeErrors;",
      "const y: T = seq.forward(torch.ones(4, 2));",
      "const any: InstanceType<typeof nn.Module> = seq[Number('1')];",
      "// Python's seq[-1] and seq[1:]",
      "const last = seq[-1];",
      "const tail = seq.__getitem__('1:');",
      "const list = new nn.ModuleList([new nn.Linear(1, 1), new nn.Tanh()]);",
      "// nn.Transformer's encoder/decoder and their layers",
      "const tr = new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 2, num_decoder_layers: 1, dim_feedforward: 16, batch_first: true });",
      "const enc: InstanceType<typeof nn.TransformerEncoder> = tr.encoder;",
      "const embed: number = tr.encoder.layers[0].self_attn.embed_dim;",
      "const dec: InstanceType<typeof nn.MultiheadAttention> = tr.decoder.layers[0].multihead_attn;",
      "// a subclass's forward has its own signature (Python's idiom)",
      "class Scale extends nn.Module {",
      "  constructor(readonly k: number) { super(); }",
      "  forward(x: T, shift: number): T { return x.mul(this.k).add(shift); }",
      "}",
      "// a field typed as a union of modules is callable and has .forward",
      "class Block extends nn.Module {",
      "  act: InstanceType<typeof nn.ReLU> | InstanceType<typeof nn.GELU>;",
      "  proj: InstanceType<typeof nn.Linear> | InstanceType<typeof nn.Identity>;",
      "  constructor(gelu: boolean) {",
      "    super();",
      "    this.act = gelu ? new nn.GELU() : new nn.ReLU();",
      "    this.proj = gelu ? new nn.Linear(2, 2) : new nn.Identity();",
      "  }",
      "  forward(x: T): T { return this.proj.forward(this.act.forward(x)); }",
      "}",
      "const b = new Block(false);",
      "const viaCall = b.act.__call__(torch.tensor([-1, 2]));",
      "console.log(JSON.stringify([first.in_features, width, act.inplace, [...y.shape], any.constructor.name, last.constructor.name,",
      "  tail._get_name(), [...tail.named_children()].map(([name]) => name), list[-1].constructor.name, list.__getitem__('::-1').length, enc.num_layers, embed,",
      "  dec.num_heads, new Scale(2).forward(torch.ones(1), 1).item(), b.forward(torch.tensor([-1, 2])).tolist(), String(viaCall)]));",
    ].join("\n");
    fs.writeFileSync(path.join(dir, "consumer.mts"), `import torch from "torchts";\n${program}\n`);
    fs.writeFileSync(path.join(dir, "consumer.cts"), `import torch = require("torchts");\n${program}\n`);
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", noEmit: true },
        files: ["consumer.mts", "consumer.cts"],
      }),
    );
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.symlinkSync(projectRoot, path.join(dir, "node_modules", "torchts"));
    fs.writeFileSync(path.join(dir, "package.json"), '{"type": "module"}');
    const expectedRun = pythonJsonAsync(`
import torch.nn as nn
torch.manual_seed(0)
seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
tail = seq[1:]
lst = nn.ModuleList([nn.Linear(1, 1), nn.Tanh()])
tr = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=16, batch_first=True)
print(json.dumps([seq[0].in_features, seq[0].out_features + seq[2].in_features, seq[1].inplace, list(seq(torch.ones(4, 2)).shape),
                  type(seq[1]).__name__, type(seq[-1]).__name__, type(tail).__name__, [n for n, _ in tail.named_children()], type(lst[-1]).__name__,
                  len(lst[::-1]), tr.encoder.num_layers, tr.encoder.layers[0].self_attn.embed_dim, tr.decoder.layers[0].multihead_attn.num_heads,
                  (torch.ones(1) * 2 + 1).item(), nn.ReLU()(torch.tensor([-1, 2])).tolist(), str(nn.ReLU()(torch.tensor([-1, 2])))]))`);
    const tsx = (file: string) => runNodeAsync([path.join(projectRoot, "node_modules", "tsx", "dist", "cli.mjs"), file], {}, dir);
    // strict tsc: the program checks, and each @ts-expect-error line is an error (tsc reports an unused one)
    const [expected, mts, cts, tsc] = await Promise.all([
      expectedRun,
      tsx("consumer.mts"),
      tsx("consumer.cts"),
      runNodeAsync([path.join(projectRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], {}, dir),
    ]);
    for (const run of [mts, cts]) {
      expect(run.stderr).toBe("");
      expect(JSON.parse(run.stdout.trim())).toStrictEqual(expected);
    }
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  }, 180_000);
});
