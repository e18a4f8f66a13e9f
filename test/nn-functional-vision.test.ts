// torch.nn.functional's vision functions against Python torch 2.11 on the same inputs:
// interpolate (every mode, antialias, recompute_scale_factor) and the deprecated upsample
// functions, grid_sample, affine_grid, pixel and channel shuffles, unfold and fold: values,
// gradients, warnings and errors (class and message).
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { F, type T, call, R, G, SEEDED_PRELUDE, weightedGrad } from "./helpers/seeded";
import { Case, warningsOf, describeAgainstPython } from "./helpers/compare";



const PRELUDE = SEEDED_PRELUDE;

const grad = weightedGrad;

const interpolation: Case[] = [
  grad("nearest 1-d scale 2", [1, 2, 5], (x) => F.interpolate(x, { scale_factor: 2 }), "F.interpolate(x, scale_factor=2)"),
  grad("nearest 2-d size", [1, 2, 3, 4], (x) => F.interpolate(x, [5, 7]), "F.interpolate(x, (5, 7))"),
  grad("nearest 3-d scale 1.5", [1, 2, 3, 2, 4], (x) => F.interpolate(x, null, 1.5), "F.interpolate(x, None, 1.5)"),
  grad("nearest-exact 2-d", [1, 2, 3, 4], (x) => F.interpolate(x, { size: 7, mode: "nearest-exact" }), "F.interpolate(x, size=7, mode='nearest-exact')"),
  grad("nearest-exact 1-d", [1, 2, 5], (x) => F.interpolate(x, { scale_factor: 0.6, mode: "nearest-exact" }), "F.interpolate(x, scale_factor=0.6, mode='nearest-exact')"),
  grad("nearest-exact 3-d", [1, 1, 2, 3, 4], (x) => F.interpolate(x, { size: [3, 4, 5], mode: "nearest-exact" }), "F.interpolate(x, size=(3, 4, 5), mode='nearest-exact')"),
  grad("linear", [1, 2, 5], (x) => F.interpolate(x, { size: 8, mode: "linear" }), "F.interpolate(x, size=8, mode='linear')"),
  grad("linear align_corners", [1, 2, 5], (x) => F.interpolate(x, { size: 8, mode: "linear", align_corners: true }), "F.interpolate(x, size=8, mode='linear', align_corners=True)"),
  grad("bilinear scale", [2, 2, 3, 4], (x) => F.interpolate(x, { scale_factor: [1.5, 2], mode: "bilinear" }), "F.interpolate(x, scale_factor=(1.5, 2), mode='bilinear')"),
  grad("bilinear align_corners", [1, 2, 3, 4], (x) => F.interpolate(x, [6, 5], null, "bilinear", true), "F.interpolate(x, (6, 5), None, 'bilinear', True)"),
  grad("bilinear antialias down", [1, 2, 8, 9], (x) => F.interpolate(x, { size: [3, 4], mode: "bilinear", antialias: true }), "F.interpolate(x, size=(3, 4), mode='bilinear', antialias=True)"),
  grad("bicubic", [1, 2, 4, 4], (x) => F.interpolate(x, { scale_factor: 2, mode: "bicubic" }), "F.interpolate(x, scale_factor=2, mode='bicubic')"),
  grad("bicubic antialias", [1, 2, 8, 8], (x) => F.interpolate(x, { scale_factor: 0.5, mode: "bicubic", antialias: true, align_corners: true }), "F.interpolate(x, scale_factor=0.5, mode='bicubic', antialias=True, align_corners=True)"),
  grad("trilinear", [1, 1, 2, 3, 4], (x) => F.interpolate(x, { size: [3, 4, 6], mode: "trilinear" }), "F.interpolate(x, size=(3, 4, 6), mode='trilinear')"),
  grad("area size", [1, 2, 6, 7], (x) => F.interpolate(x, { size: [3, 2], mode: "area" }), "F.interpolate(x, size=(3, 2), mode='area')"),
  grad("area scale (recomputed size)", [1, 2, 7], (x) => F.interpolate(x, { scale_factor: 0.5, mode: "area" }), "F.interpolate(x, scale_factor=0.5, mode='area')"),
  grad("area 3-d", [1, 1, 4, 4, 4], (x) => F.interpolate(x, { size: 2, mode: "area" }), "F.interpolate(x, size=2, mode='area')"),
  grad("recompute_scale_factor", [1, 2, 5, 5], (x) => F.interpolate(x, { scale_factor: 1.7, mode: "bilinear", recompute_scale_factor: true }), "F.interpolate(x, scale_factor=1.7, mode='bilinear', recompute_scale_factor=True)"),
  grad("scale without recompute", [1, 2, 5, 5], (x) => F.interpolate(x, { scale_factor: 1.7, mode: "bilinear" }), "F.interpolate(x, scale_factor=1.7, mode='bilinear')"),
  { name: "size as tensor elements", ts: () => F.interpolate(R(1, 1, 1, 2, 3), [torch.tensor(4), 5] as never), py: "r = F.interpolate(R(1, 1, 1, 2, 3), [torch.tensor(4), 5])" },
  { name: "align_corners with nearest", ts: () => F.interpolate(R(1, 1, 2, 3), { size: 4, align_corners: false }), py: "r = F.interpolate(R(1, 1, 2, 3), size=4, align_corners=False)" },
  { name: "size and scale_factor", ts: () => F.interpolate(R(1, 1, 2, 3), 4, 2), py: "r = F.interpolate(R(1, 1, 2, 3), 4, 2)" },
  { name: "neither size nor scale_factor", ts: () => F.interpolate(R(1, 1, 2, 3)), py: "r = F.interpolate(R(1, 1, 2, 3))" },
  { name: "size of the wrong length", ts: () => F.interpolate(R(1, 1, 2, 3), [4, 5, 6]), py: "r = F.interpolate(R(1, 1, 2, 3), [4, 5, 6])" },
  { name: "scale_factor of the wrong length", ts: () => F.interpolate(R(1, 1, 2, 3), { scale_factor: [2] }), py: "r = F.interpolate(R(1, 1, 2, 3), scale_factor=[2])" },
  { name: "float size", ts: () => F.interpolate(R(1, 1, 2, 3), [4, 5.5]), py: "r = F.interpolate(R(1, 1, 2, 3), [4, 5.5])" },
  { name: "recompute_scale_factor with size", ts: () => F.interpolate(R(1, 1, 2, 3), { size: 4, recompute_scale_factor: true }), py: "r = F.interpolate(R(1, 1, 2, 3), size=4, recompute_scale_factor=True)" },
  { name: "antialias with nearest", ts: () => F.interpolate(R(1, 1, 2, 3), { size: 4, antialias: true }), py: "r = F.interpolate(R(1, 1, 2, 3), size=4, antialias=True)" },
  { name: "bilinear of a 3-d input", ts: () => F.interpolate(R(1, 1, 2, 3), { size: 4, mode: "bilinear" }), py: "r = F.interpolate(R(1, 1, 2, 3), size=4, mode='bilinear')" },
  { name: "linear of a 5-d input", ts: () => F.interpolate(R(1, 1, 1, 2, 2, 3), { size: 4, mode: "linear" }), py: "r = F.interpolate(R(1, 1, 1, 2, 2, 3), size=4, mode='linear')" },
  { name: "unknown mode", ts: () => call(F.interpolate, R(1, 1, 2, 3), { size: 4, mode: "cubic" }), py: "r = F.interpolate(R(1, 1, 2, 3), size=4, mode='cubic')" },
  { name: "2-d input", ts: () => F.interpolate(R(1, 2, 3), { size: [] }), py: "r = F.interpolate(R(1, 2, 3), size=[])" },
  { name: "upsample", ts: () => F.upsample(R(1, 1, 2, 3), null, 2, "bilinear", true), py: "r = F.upsample(R(1, 1, 2, 3), None, 2, 'bilinear', True)" },
  { name: "upsample_nearest", ts: () => F.upsample_nearest(R(1, 1, 1, 2, 3), [3, 5]), py: "r = F.upsample_nearest(R(1, 1, 1, 2, 3), (3, 5))" },
  { name: "upsample_nearest size of the wrong length", ts: () => F.upsample_nearest(R(1, 1, 2, 3), [3, 5]), py: "r = F.upsample_nearest(R(1, 1, 2, 3), [3, 5])" },
  { name: "upsample_bilinear", ts: () => F.upsample_bilinear(R(1, 1, 2, 3), { scale_factor: 2 }), py: "r = F.upsample_bilinear(R(1, 1, 2, 3), scale_factor=2)" },
  { name: "upsample_bilinear takes no mode", ts: () => call(F.upsample_bilinear, R(1, 1, 2, 3), { size: 4, mode: "nearest" }), py: "r = F.upsample_bilinear(R(1, 1, 2, 3), size=4, mode='nearest')" },
];

const THETA2 = "torch.tensor([[[0.9, -0.2, 0.1], [0.3, 1.1, -0.2]], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]])";
const theta2 = () => torch.tensor([[[0.9, -0.2, 0.1], [0.3, 1.1, -0.2]], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]]);
const grids: Case[] = [
  {
    name: "grid_sample bilinear zeros grads",
    ts: () => {
      const x = G(1, 2, 3, 4, 5), g = R(2, 2, 3, 2, 2).mul(0.7).requires_grad_();
      const y = F.grid_sample(x, g, { align_corners: false });
      y.mul(R(9, ...y.shape)).sum().backward();
      return [y, x.grad, g.grad];
    },
    py: "x, g = G(1, 2, 3, 4, 5), R(2, 2, 3, 2, 2).mul(0.7).requires_grad_(); y = F.grid_sample(x, g, align_corners=False); y.mul(R(9, *y.shape)).sum().backward(); r = [y, x.grad, g.grad]",
  },
  { name: "grid_sample nearest border", ts: () => F.grid_sample(R(1, 1, 2, 4, 5), R(2, 1, 3, 3, 2), "nearest", "border", true), py: "r = F.grid_sample(R(1, 1, 2, 4, 5), R(2, 1, 3, 3, 2), 'nearest', 'border', True)" },
  {
    name: "grid_sample bicubic reflection grads",
    ts: () => {
      const x = G(1, 1, 2, 4, 5), g = R(2, 1, 3, 3, 2).requires_grad_();
      const y = F.grid_sample(x, g, { mode: "bicubic", padding_mode: "reflection", align_corners: true });
      y.sum().backward();
      return [y, x.grad, g.grad];
    },
    py: "x, g = G(1, 1, 2, 4, 5), R(2, 1, 3, 3, 2).requires_grad_(); y = F.grid_sample(x, g, mode='bicubic', padding_mode='reflection', align_corners=True); y.sum().backward(); r = [y, x.grad, g.grad]",
    atol: 1e-6,
  },
  { name: "grid_sample 3-d (volumetric)", ts: () => F.grid_sample(R(1, 1, 2, 3, 4, 5), R(2, 1, 2, 2, 2, 3), { align_corners: false }), py: "r = F.grid_sample(R(1, 1, 2, 3, 4, 5), R(2, 1, 2, 2, 2, 3), align_corners=False)" },
  { name: "grid_sample bad mode", ts: () => call(F.grid_sample, R(1, 1, 2, 4, 5), R(2, 1, 3, 3, 2), "cubic"), py: "r = F.grid_sample(R(1, 1, 2, 4, 5), R(2, 1, 3, 3, 2), 'cubic')" },
  { name: "grid_sample bad padding_mode", ts: () => call(F.grid_sample, R(1, 1, 2, 4, 5), R(2, 1, 3, 3, 2), { padding_mode: "wrap" }), py: "r = F.grid_sample(R(1, 1, 2, 4, 5), R(2, 1, 3, 3, 2), padding_mode='wrap')" },
  { name: "grid_sample bicubic of a 5-d input", ts: () => F.grid_sample(R(1, 1, 2, 3, 4, 5), R(2, 1, 2, 2, 2, 3), { mode: "bicubic", align_corners: false }), py: "r = F.grid_sample(R(1, 1, 2, 3, 4, 5), R(2, 1, 2, 2, 2, 3), mode='bicubic', align_corners=False)" },
  {
    name: "affine_grid 2-d grads",
    ts: () => { const th = theta2().requires_grad_(); const g = F.affine_grid(th, [2, 3, 4, 5], false); g.mul(R(9, 2, 4, 5, 2)).sum().backward(); return [g, th.grad]; },
    py: `th = ${THETA2}.requires_grad_(); g = F.affine_grid(th, [2, 3, 4, 5], False); g.mul(R(9, 2, 4, 5, 2)).sum().backward(); r = [g, th.grad]`,
  },
  { name: "affine_grid 2-d align_corners", ts: () => F.affine_grid(theta2(), [2, 1, 3, 2], { align_corners: true }), py: `r = F.affine_grid(${THETA2}, [2, 1, 3, 2], align_corners=True)` },
  { name: "affine_grid 3-d", ts: () => F.affine_grid(R(1, 1, 3, 4), [1, 2, 2, 3, 4], false), py: "r = F.affine_grid(R(1, 1, 3, 4), [1, 2, 2, 3, 4], False)" },
  { name: "affine_grid integer theta", ts: () => F.affine_grid(torch.ones(1, 2, 3, { dtype: torch.int64 }), [1, 1, 2, 2], false), py: "r = F.affine_grid(torch.ones(1, 2, 3, dtype=torch.int64), [1, 1, 2, 2], False)" },
  { name: "affine_grid 2-d theta of the wrong shape", ts: () => F.affine_grid(R(1, 1, 3, 3), [1, 1, 2, 2], false), py: "r = F.affine_grid(R(1, 1, 3, 3), [1, 1, 2, 2], False)" },
  { name: "affine_grid 3-d theta of the wrong shape", ts: () => F.affine_grid(R(1, 1, 2, 3), [1, 1, 2, 2, 2], false), py: "r = F.affine_grid(R(1, 1, 2, 3), [1, 1, 2, 2, 2], False)" },
  { name: "affine_grid 3-element size", ts: () => F.affine_grid(R(1, 1, 2, 3), [1, 1, 2], false), py: "r = F.affine_grid(R(1, 1, 2, 3), [1, 1, 2], False)" },
  { name: "affine_grid zero size", ts: () => F.affine_grid(R(1, 1, 2, 3), [1, 1, 0, 2], false), py: "r = F.affine_grid(R(1, 1, 2, 3), [1, 1, 0, 2], False)" },
];

const shuffles: Case[] = [
  grad("pixel_shuffle", [2, 8, 2, 3], (x) => F.pixel_shuffle(x, 2), "F.pixel_shuffle(x, 2)"),
  grad("pixel_unshuffle", [2, 2, 4, 6], (x) => F.pixel_unshuffle(x, 2), "F.pixel_unshuffle(x, 2)"),
  { name: "pixel_shuffle channels not divisible", ts: () => F.pixel_shuffle(R(1, 1, 6, 2, 2), 2), py: "r = F.pixel_shuffle(R(1, 1, 6, 2, 2), 2)" },
  { name: "pixel_unshuffle size not divisible", ts: () => F.pixel_unshuffle(R(1, 1, 2, 3, 4), 2), py: "r = F.pixel_unshuffle(R(1, 1, 2, 3, 4), 2)" },
  { name: "pixel_shuffle missing factor", ts: () => call(F.pixel_shuffle, R(1, 1, 4, 2, 2)), py: "r = F.pixel_shuffle(R(1, 1, 4, 2, 2))" },
  grad("channel_shuffle", [2, 6, 2, 2], (x) => F.channel_shuffle(x, 3), "F.channel_shuffle(x, 3)"),
  { name: "native_channel_shuffle", ts: () => F.native_channel_shuffle(R(1, 1, 6, 2, 2), 2), py: "r = F.native_channel_shuffle(R(1, 1, 6, 2, 2), 2)" },
  { name: "channel_shuffle groups not dividing", ts: () => F.channel_shuffle(R(1, 1, 6, 2, 2), 4), py: "r = F.channel_shuffle(R(1, 1, 6, 2, 2), 4)" },
];

const folds: Case[] = [
  grad("unfold", [2, 3, 5, 6], (x) => F.unfold(x, [2, 3]), "F.unfold(x, (2, 3))"),
  grad("unfold dilation padding stride", [1, 2, 5, 6], (x) => F.unfold(x, 2, 2, 1, [2, 1]), "F.unfold(x, 2, 2, 1, (2, 1))"),
  grad("unfold by name", [1, 2, 5, 6], (x) => F.unfold(x, { kernel_size: 3, stride: 2 }), "F.unfold(x, kernel_size=3, stride=2)"),
  grad("fold", [2, 12, 12], (x) => F.fold(x, [4, 5], 2), "F.fold(x, (4, 5), 2)"),
  grad("fold stride padding", [1, 8, 6], (x) => F.fold(x, 5, 2, 1, 1, 2), "F.fold(x, 5, 2, 1, 1, 2)"),
  {
    name: "fold of unfold",
    ts: () => { const x = R(1, 1, 2, 4, 5); return F.fold(F.unfold(x, 2, { padding: 1 }), [4, 5], 2, { padding: 1 }); },
    py: "x = R(1, 1, 2, 4, 5); r = F.fold(F.unfold(x, 2, padding=1), (4, 5), 2, padding=1)",
  },
  { name: "unfold kernel too large", ts: () => F.unfold(R(1, 1, 2, 3, 3), 4), py: "r = F.unfold(R(1, 1, 2, 3, 3), 4)" },
  { name: "fold wrong block count", ts: () => F.fold(R(1, 1, 4, 5), [3, 3], 2), py: "r = F.fold(R(1, 1, 4, 5), (3, 3), 2)" },
  { name: "unfold missing kernel_size", ts: () => call(F.unfold, R(1, 1, 2, 3, 3)), py: "r = F.unfold(R(1, 1, 2, 3, 3))" },
];

describe("F vision: warnings", () => {
  it("warns as Python does", async () => {
    const alignWarning =
      "UserWarning: Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. " +
      "Please specify align_corners=True if the old behavior is desired. See the documentation of grid_sample for details.";
    expect(await warningsOf(() => F.grid_sample(R(1, 1, 1, 3, 3), R(2, 1, 2, 2, 2)))).toStrictEqual([alignWarning]);
    expect(await warningsOf(() => F.affine_grid(R(1, 1, 2, 3), [1, 1, 2, 2]))).toStrictEqual([]); // once per message
    expect(await warningsOf(() => F.affine_grid(R(1, 1, 2, 3), [1, 1, 1, 2], true))).toStrictEqual([
      "UserWarning: Since version 1.3.0, affine_grid behavior has changed for unit-size grids when align_corners=True. " +
        "This is not an intended use case of affine_grid. See the documentation of affine_grid for details.",
    ]);
    expect(await warningsOf(() => F.upsample(R(1, 1, 1, 1, 3), 4))).toStrictEqual([
      "UserWarning: `nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.",
    ]);
    expect(await warningsOf(() => F.upsample_nearest(R(1, 1, 1, 1, 3), 4))).toStrictEqual([
      "UserWarning: `nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` instead.",
    ]);
    expect(await warningsOf(() => F.upsample_bilinear(R(1, 1, 1, 1, 3), 4))).toStrictEqual([
      "UserWarning: `nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` instead.",
    ]);
  });
});

const families: [string, Case[]][] = [
  ["interpolate and upsample", interpolation],
  ["grid_sample and affine_grid", grids],
  ["pixel and channel shuffles", shuffles],
  ["unfold and fold", folds],
];
describeAgainstPython(families, PRELUDE, (family) => `F ${family} against Python torch 2.11`);
