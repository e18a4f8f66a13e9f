// torchts/vision's color and rotation transforms against torchvision 0.26 on tensor images:
// F.adjust_brightness/contrast/saturation/hue, rgb_to_grayscale, rotate (v1 functional) and
// v2.functional's color kernels and rotate, ColorJitter and RandomRotation (v1 and v2) with the same
// seeds. uint8 results are compared exactly except where noted; float results within 1e-6
// (hue goes through HSV: 1e-5 float, 1 level uint8 where a value sits on a rounding edge).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import torch from "torchts";
import * as vision from "torchts/vision";
import { pythonJsonAsync, runPython } from "./helpers/python";

type T = InstanceType<typeof torch.Tensor>;
const T_ = vision.transforms;
const F = T_.functional;
const F2 = T_.v2.functional;

let hasTorchvision = false;
try {
  runPython("import torchvision");
  hasTorchvision = true;
} catch {
  hasTorchvision = false;
}
const withTv = hasTorchvision ? describe : describe.skip;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-vcolor-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Case {
  name: string;
  /** Python expression over `img` (T, F, v2, F2 in scope); seeded with manual_seed(seed) first */
  py: string;
  ts: (img: T) => unknown;
  /** which input: u8 (3x20x17 uint8), f (3x20x17 float), g (1x20x17 uint8), b (2x3x9x8 float batch) */
  input: "u8" | "f" | "g" | "b";
  seed?: number;
  atol?: number;
}

const fn = (f: unknown) => f as (img: T, ...a: unknown[]) => T;
const cases: Case[] = [];
for (const input of ["u8", "f", "b"] as const) {
  for (const k of [0.0, 0.3, 1.0, 1.7]) {
    cases.push({ name: `adjust_brightness ${input} ${k}`, input, py: `F.adjust_brightness(img, ${k})`, ts: (i) => fn(F.adjust_brightness)(i, k) });
    cases.push({ name: `adjust_contrast ${input} ${k}`, input, py: `F.adjust_contrast(img, ${k})`, ts: (i) => fn(F.adjust_contrast)(i, k), atol: input === "u8" ? 0 : 1e-6 });
    cases.push({ name: `adjust_saturation ${input} ${k}`, input, py: `F.adjust_saturation(img, ${k})`, ts: (i) => fn(F.adjust_saturation)(i, k) });
    cases.push({ name: `v2 adjust_brightness ${input} ${k}`, input, py: `F2.adjust_brightness(img, ${k})`, ts: (i) => fn(F2.adjust_brightness)(i, k) });
    cases.push({ name: `v2 adjust_contrast ${input} ${k}`, input, py: `F2.adjust_contrast(img, ${k})`, ts: (i) => fn(F2.adjust_contrast)(i, k), atol: input === "u8" ? 0 : 1e-6 });
    cases.push({ name: `v2 adjust_saturation ${input} ${k}`, input, py: `F2.adjust_saturation(img, ${k})`, ts: (i) => fn(F2.adjust_saturation)(i, k) });
  }
  for (const h of [-0.5, -0.2, 0.0, 0.13, 0.5]) {
    cases.push({ name: `adjust_hue ${input} ${h}`, input, py: `F.adjust_hue(img, ${h})`, ts: (i) => fn(F.adjust_hue)(i, h), atol: input === "u8" ? 1 : 1e-5 });
    cases.push({ name: `v2 adjust_hue ${input} ${h}`, input, py: `F2.adjust_hue(img, ${h})`, ts: (i) => fn(F2.adjust_hue)(i, h), atol: input === "u8" ? 1 : 1e-5 });
  }
  cases.push({ name: `rgb_to_grayscale ${input}`, input, py: "F.rgb_to_grayscale(img)", ts: (i) => F.rgb_to_grayscale(i) });
  cases.push({ name: `rgb_to_grayscale ${input} 3 channels`, input, py: "F.rgb_to_grayscale(img, 3)", ts: (i) => F.rgb_to_grayscale(i, 3) });
}
for (const input of ["g"] as const) {
  cases.push({ name: "adjust_contrast gray", input, py: "F.adjust_contrast(img, 0.6)", ts: (i) => fn(F.adjust_contrast)(i, 0.6) });
  cases.push({ name: "adjust_saturation gray (unchanged)", input, py: "F.adjust_saturation(img, 0.6)", ts: (i) => fn(F.adjust_saturation)(i, 0.6) });
  cases.push({ name: "adjust_hue gray (unchanged)", input, py: "F.adjust_hue(img, 0.2)", ts: (i) => fn(F.adjust_hue)(i, 0.2) });
}
// rotations: nearest is exact on uint8; bilinear within 1e-5 on floats and 1 level on uint8
for (const input of ["u8", "f", "b"] as const) {
  const tol = (bil: boolean) => (bil ? (input === "u8" ? 1 : 1e-5) : 0);
  for (const [angle, opts, py] of [
    [30, {}, ""],
    [-45.5, { expand: true }, ", expand=True"],
    [90, {}, ""],
    [17, { center: [3, 5] }, ", center=[3, 5]"],
    [200, { fill: [10, 20, 30] }, ", fill=[10, 20, 30]"],
    [33, { interpolation: "bilinear" }, ", interpolation=T.InterpolationMode.BILINEAR"],
    [-12, { interpolation: "bilinear", expand: true, fill: [1, 2, 3] }, ", interpolation=T.InterpolationMode.BILINEAR, expand=True, fill=[1, 2, 3]"],
  ] as [number, object, string][]) {
    const bil = py.includes("BILINEAR");
    cases.push({ name: `rotate ${input} ${angle}${py}`, input, py: `F.rotate(img, ${angle}${py})`, ts: (i) => fn(F.rotate)(i, angle, opts), atol: tol(bil) });
    cases.push({ name: `v2 rotate ${input} ${angle}${py}`, input, py: `F2.rotate(img, ${angle}${py})`, ts: (i) => fn(F2.rotate)(i, angle, opts), atol: tol(bil) });
  }
  cases.push({ name: `v2 rotate ${input} -270 expand (rot90)`, input, py: "F2.rotate(img, -270, expand=True)", ts: (i) => fn(F2.rotate)(i, -270, { expand: true }) });
  for (const seed of [0, 1]) {
    cases.push({
      name: `v2.RandomRotation([-90, 10], bilinear, expand, fill=7) ${input} seed ${seed}`, input, seed, atol: input === "u8" ? 1 : 1e-5,
      py: "v2.RandomRotation([-90, 10], interpolation=T.InterpolationMode.BILINEAR, expand=True, fill=7)(img)",
      ts: (i) => new T_.v2.RandomRotation([-90, 10], { interpolation: "bilinear", expand: true, fill: 7 }).forward(i),
    });
  }
  for (const seed of [0, 1, 2]) {
    cases.push({ name: `RandomRotation(25) ${input} seed ${seed}`, input, seed, py: "T.RandomRotation(25)(img)", ts: (i) => new T_.RandomRotation(25).forward(i) });
    cases.push({
      name: `RandomRotation([-90, 10], bilinear, expand, fill=7) ${input} seed ${seed}`, input, seed, atol: input === "u8" ? 1 : 1e-5,
      py: "T.RandomRotation([-90, 10], interpolation=T.InterpolationMode.BILINEAR, expand=True, fill=7)(img)",
      ts: (i) => new T_.RandomRotation([-90, 10], { interpolation: "bilinear", expand: true, fill: 7 }).forward(i),
    });
  }
}
for (const input of ["u8", "f"] as const) {
  for (const seed of [0, 1, 2, 3]) {
    const atol = input === "u8" ? 1 : 1e-5;
    cases.push({ name: `ColorJitter(0.4, 0.4, 0.4, 0.1) ${input} seed ${seed}`, input, seed, atol, py: "T.ColorJitter(0.4, 0.4, 0.4, 0.1)(img)", ts: (i) => new T_.ColorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 }).forward(i) });
    cases.push({ name: `v2.ColorJitter(0.4, 0.4, 0.4, 0.1) ${input} seed ${seed}`, input, seed, atol, py: "v2.ColorJitter(0.4, 0.4, 0.4, 0.1)(img)", ts: (i) => new T_.v2.ColorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 }).forward(i) });
    cases.push({ name: `ColorJitter(brightness=(0.2, 0.9), saturation=2) ${input} seed ${seed}`, input, seed, py: "T.ColorJitter(brightness=(0.2, 0.9), saturation=2)(img)", ts: (i) => new T_.ColorJitter({ brightness: [0.2, 0.9], saturation: 2 }).forward(i) });
  }
}

withTv("color and rotation transforms against torchvision", () => {
  const inputs = path.join(dir, "inputs.pt");
  const results = path.join(dir, "results.pt");
  beforeAll(async () => {
    await pythonJsonAsync(`
import torchvision.transforms as T, torchvision.transforms.functional as F
from torchvision.transforms import v2
import torchvision.transforms.v2.functional as F2
g = torch.Generator().manual_seed(0)
inputs = {"u8": torch.randint(0, 256, (3, 20, 17), generator=g, dtype=torch.uint8),
          "f": torch.rand(3, 20, 17, generator=g), "g": torch.randint(0, 256, (1, 20, 17), generator=g, dtype=torch.uint8),
          "b": torch.rand(2, 3, 9, 8, generator=g)}
inputs["u8"][:, :3, :3] = 77  # gray pixels: HSV's max == min branch
torch.save(inputs, ${JSON.stringify(inputs)})
cases = json.loads(${JSON.stringify(JSON.stringify(cases.map((c) => ({ py: c.py, input: c.input, seed: c.seed ?? 0 }))))})
out = []
for c in cases:
    img = inputs[c["input"]].clone()
    torch.manual_seed(c["seed"])
    out.append(eval(c["py"]))
torch.save(out, ${JSON.stringify(results)})
print(json.dumps(True))`);
  }, 120_000);

  it.each(cases.map((c, i) => [c.name, c, i] as const))("%s", (_n, c, i) => {
    const imgs = torch.load(inputs) as Record<string, T>;
    const want = (torch.load(results) as T[])[i];
    torch.manual_seed(c.seed ?? 0);
    const got = c.ts(imgs[c.input].clone()) as T;
    expect(got.dtype).toBe(want.dtype);
    expect(got.shape).toEqual(want.shape);
    const diff = got.double().sub(want.double()).abs().max().item() as number;
    expect(diff).toBeLessThanOrEqual(c.atol ?? 0);
  });

  it("the same seed draws the same ColorJitter and RandomRotation parameters", async () => {
    const want = await pythonJsonAsync<unknown[]>(`
import torchvision.transforms as T
torch.manual_seed(5)
out = []
for _ in range(3):
    idx, b, c, s, h = T.ColorJitter.get_params((0.5, 1.5), None, (0.0, 2.0), (-0.2, 0.1))
    out.append([idx.tolist(), b, c, s, h, T.RandomRotation.get_params([-30.0, 60.0])])
print(json.dumps(out))`);
    torch.manual_seed(5);
    const got: unknown[] = [];
    for (let k = 0; k < 3; k++) {
      const [idx, b, c, s, h] = T_.ColorJitter.get_params([0.5, 1.5], null, [0.0, 2.0], [-0.2, 0.1]);
      got.push([idx.tolist(), b, c, s, h, T_.RandomRotation.get_params([-30, 60])]);
    }
    expect(got).toEqual(want);
  });

  it("bad arguments raise Python's errors", () => {
    expect(() => new T_.ColorJitter({ brightness: -1 })).toThrow("If brightness is a single number, it must be non negative.");
    expect(() => new T_.ColorJitter({ hue: 0.7 })).toThrow("hue values should be between (-0.5, 0.5), but got [-0.7, 0.7].");
    expect(() => F.adjust_hue(torch.rand(3, 4, 4), 0.6)).toThrow("hue_factor (0.6) is not in [-0.5, 0.5].");
    expect(() => F.adjust_brightness(torch.rand(3, 4, 4), -0.1)).toThrow("brightness_factor (-0.1) is not non-negative.");
    expect(() => F.adjust_saturation(torch.rand(4, 4, 4), 0.5)).toThrow("Input image tensor permitted channel values are [1, 3], but found 4");
    expect(() => new T_.RandomRotation(-3)).toThrow("If degrees is a single number, it must be positive.");
    expect(() => F.rotate(torch.rand(3, 4, 4), 10, { interpolation: "bicubic" })).toThrow("Interpolation mode 'bicubic' is unsupported with Tensor input");
  });

  it("prints as Python prints ColorJitter", async () => {
    const want = await pythonJsonAsync<string[]>(`
import torchvision.transforms as T
print(json.dumps([repr(T.ColorJitter(0.4, 0.4, 0.4, 0.1)), repr(T.ColorJitter(brightness=(0.2, 0.9)))]))`);
    expect([String(new T_.ColorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 })), String(new T_.ColorJitter({ brightness: [0.2, 0.9] }))]).toEqual(want);
  });
});
