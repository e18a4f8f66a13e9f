// Pooling, batch / instance / group normalisation and channel dropout (torch.nn.functional and
// the nn modules) against Python torch 2.11 on the same inputs and seeds: outputs and indices
// over a grid of configurations, gradients, BatchNorm's running statistics over training
// steps, state_dict keys and values, dropout masks (the same RNG draws), printing, warnings
// and errors (class and message). Exact equality throughout: both run LibTorch's CPU kernels.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults, raisedLikePython, warningsOf } from "./helpers/compare";

const nn = torch.nn;
const F = torch.nn.functional;
type T = InstanceType<typeof torch.Tensor>;
type Module = InstanceType<typeof nn.Module>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any;

const R = (seed: number, ...shape: number[]): T => (torch.manual_seed(seed), torch.randn(...shape));
const PRELUDE = [
  "import warnings",
  "import torch.nn.functional as F",
  "from torch import nn",
  "def R(s, *shape):\n    torch.manual_seed(s)\n    return torch.randn(*shape)",
].join("\n");

/** A tensor made the same way in both languages. */
class In {
  constructor(readonly ts: () => T, readonly py: string, readonly shape: number[]) {}
}
/** randn after manual_seed(seed), in both languages. */
const X = (seed: number, ...shape: number[]) => new In(() => R(seed, ...shape), `R(${seed}, ${shape.join(", ")})`, shape);
/** An argument as the TS call takes it: an In made into its tensor. */
const arg = (a: unknown): unknown => (a instanceof In ? a.ts() : a);

/** A JS value as Python source: arrays as tuples, a trailing plain object as keyword arguments. */
function py(value: unknown): string {
  if (value instanceof In) return value.py;
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return value.length === 1 ? `(${py(value[0])},)` : `(${value.map(py).join(", ")})`;
  return String(value);
}
function pyArgs(args: unknown[]): string {
  return args
    .map((a) => (a !== null && typeof a === "object" && !Array.isArray(a) && !(a instanceof In) ? Object.entries(a).map(([k, v]) => `${k}=${py(v)}`).join(", ") : py(a)))
    .join(", ");
}


/** F.fn(input, ...args) in both languages. */
function fcase(fn: string, x: In, ...args: unknown[]): Case {
  return {
    name: `${fn}([${x.shape}], ${pyArgs(args)})`,
    ts: () => (F as unknown as Record<string, AnyFn>)[fn](x.ts(), ...args.map(arg)),
    py: `r = F.${fn}(${x.py}, ${pyArgs(args)})`,
  };
}

/** F.fn's output and the gradient of its input under random output weights. */
function gcase(fn: string, x: In, ...args: unknown[]): Case {
  return {
    name: `${fn} gradient ([${x.shape}], ${pyArgs(args)})`,
    ts: () => {
      const input = x.ts().requires_grad_();
      let y = (F as unknown as Record<string, AnyFn>)[fn](input, ...args.map(arg));
      if (Array.isArray(y)) y = y[0];
      y.mul(R(99, ...y.shape)).sum().backward();
      return [y.detach(), input.grad];
    },
    py: [
      `x = ${x.py}.requires_grad_()`,
      `y = F.${fn}(x, ${pyArgs(args)})`,
      "y = y[0] if isinstance(y, tuple) else y",
      "y.mul(R(99, *y.shape)).sum().backward()",
      "r = [y.detach(), x.grad]",
    ].join("\n"),
  };
}

// ---- functional: grids of configurations ----

const INPUTS: Record<1 | 2 | 3, In> = { 1: X(1, 2, 3, 9), 2: X(2, 2, 3, 7, 6), 3: X(3, 1, 2, 5, 6, 4) };
const ABS = Object.fromEntries(Object.entries(INPUTS).map(([n, x]) => [n, new In(() => x.ts().abs(), `${x.py}.abs()`, x.shape)])) as Record<1 | 2 | 3, In>;
const TUPLE_KERNEL = { 1: [3], 2: [2, 3], 3: [2, 3, 2] };
const dims = [1, 2, 3] as const;

const maxPoolGrid: Case[] = [];
for (const n of dims) {
  let i = 0;
  for (const kernel of [2, 3, TUPLE_KERNEL[n]]) {
    for (const stride of [null, 2, n === 2 ? [1, 2] : 1]) {
      for (const padding of [0, 1]) {
        for (const dilation of [1, 2]) {
          for (const ceil_mode of [false, true]) {
            const return_indices = i++ % 2 === 0;
            maxPoolGrid.push(fcase(`max_pool${n}d`, INPUTS[n], kernel, stride, padding, dilation, { ceil_mode, return_indices }));
          }
        }
      }
    }
  }
}

const avgPoolGrid: Case[] = [];
for (const n of dims) {
  let i = 0;
  for (const kernel of [2, TUPLE_KERNEL[n]]) {
    for (const stride of [null, 2]) {
      for (const padding of [0, 1]) {
        for (const ceil_mode of [false, true]) {
          for (const count_include_pad of [true, false]) {
            const options: Record<string, unknown> = { ceil_mode, count_include_pad };
            if (n > 1) options.divisor_override = i++ % 2 === 0 ? null : 3;
            avgPoolGrid.push(fcase(`avg_pool${n}d`, INPUTS[n], kernel, stride, padding, options));
          }
        }
      }
    }
  }
}

const ADAPTIVE_SIZES = { 1: [1, 4, 9, 12, [5]], 2: [3, [2, null], [null, 5], [7, 8], [4, 4]], 3: [2, [null, 3, 2], [5, 6, 4], [1, 1, 1]] };
const adaptiveGrid: Case[] = [];
for (const n of dims) {
  for (const size of ADAPTIVE_SIZES[n]) {
    adaptiveGrid.push(fcase(`adaptive_avg_pool${n}d`, INPUTS[n], size));
    adaptiveGrid.push(fcase(`adaptive_max_pool${n}d`, INPUTS[n], size));
    adaptiveGrid.push(fcase(`adaptive_max_pool${n}d`, INPUTS[n], size, true));
    adaptiveGrid.push(fcase(`adaptive_max_pool${n}d_with_indices`, INPUTS[n], size));
  }
}

const poolOthers: Case[] = [
  // positional return_indices, the _with_indices forms, keyword-only calls, unbatched inputs
  fcase("max_pool2d", INPUTS[2], 3, 2, 1, 1, false, true),
  fcase("max_pool2d", INPUTS[2], { kernel_size: 3, stride: 2, return_indices: true }),
  fcase("max_pool1d_with_indices", INPUTS[1], 3),
  fcase("max_pool2d_with_indices", INPUTS[2], [3, 2], { stride: 1 }),
  fcase("max_pool3d_with_indices", INPUTS[3], 2, { ceil_mode: true }),
  fcase("max_pool2d", X(4, 3, 7, 6), 2),
  fcase("max_pool1d", X(4, 3, 9), 2, { return_indices: true }),
  fcase("max_pool3d", X(4, 2, 5, 6, 4), 2),
  fcase("avg_pool2d", X(4, 3, 7, 6), 3, { padding: 1 }),
  fcase("adaptive_avg_pool2d", X(4, 3, 7, 6), [2, null]),
  // power-average pooling
  fcase("lp_pool1d", INPUTS[1], 2, 3),
  // (positive inputs for odd and fractional powers: a root of a negative number is nan, which JSON does not carry)
  fcase("lp_pool1d", ABS[1], 1.5, 2, 1, true),
  fcase("lp_pool2d", INPUTS[2], 2, 2),
  fcase("lp_pool2d", ABS[2], 3, [2, 3], { stride: 1, ceil_mode: true }),
  fcase("lp_pool3d", INPUTS[3], 1, 2),
  // gradients
  gcase("max_pool1d", INPUTS[1], 3, 2, 1),
  gcase("max_pool2d", INPUTS[2], 3, { stride: 1, dilation: 2, return_indices: true }),
  gcase("max_pool3d", INPUTS[3], 2, { ceil_mode: true }),
  gcase("avg_pool1d", INPUTS[1], 3, 2, 1, true, false),
  gcase("avg_pool2d", INPUTS[2], 3, 2, 1, { divisor_override: 4 }),
  gcase("avg_pool3d", INPUTS[3], [2, 3, 2], { padding: 1, count_include_pad: false }),
  gcase("adaptive_avg_pool2d", INPUTS[2], [4, 5]),
  gcase("adaptive_max_pool3d", INPUTS[3], [3, null, 3], true),
  gcase("lp_pool2d", INPUTS[2], 2, 2),
];

/** max_unpool{n}d of max_pool{n}d's output and indices. */
function unpool(n: 1 | 2 | 3, x: In, kernel: unknown, stride: unknown, padding: number, output_size: unknown): Case {
  const out = output_size === undefined ? "" : `, output_size=${py(output_size)}`;
  return {
    name: `max_unpool${n}d([${x.shape}], ${py(kernel)}, ${py(stride)}, ${padding}${out})`,
    ts: () => {
      const [o, i] = (F as unknown as Record<string, AnyFn>)[`max_pool${n}d`](x.ts(), kernel, stride, padding, { return_indices: true });
      const options = output_size === undefined ? {} : { output_size };
      return (F as unknown as Record<string, AnyFn>)[`max_unpool${n}d`](o, i, kernel, stride, padding, options);
    },
    py: `o, i = F.max_pool${n}d(${x.py}, ${py(kernel)}, ${py(stride)}, ${padding}, return_indices=True)\nr = F.max_unpool${n}d(o, i, ${py(kernel)}, ${py(stride)}, ${padding}${out})`,
  };
}
const unpooling: Case[] = [
  unpool(1, X(5, 2, 3, 8), 2, null, 0, undefined),
  unpool(1, X(5, 2, 3, 9), 3, 2, 1, [9]),
  unpool(2, X(6, 2, 3, 8, 6), 2, null, 0, undefined),
  unpool(2, X(6, 2, 3, 7, 7), 2, 2, 0, [2, 3, 7, 7]),
  unpool(2, X(6, 2, 3, 7, 6), [3, 2], [2, 1], 1, [7, 6]),
  unpool(3, X(7, 1, 2, 4, 6, 4), 2, null, 0, undefined),
  unpool(3, X(7, 1, 2, 5, 5, 5), 3, 2, 1, [5, 5, 5]),
];

// ---- functional: normalisation and dropout ----

const norms: Case[] = [
  {
    name: "batch_norm training updates the running statistics in place",
    ts: () => {
      const rm = torch.zeros(3), rv = torch.ones(3);
      const y = F.batch_norm(R(1, 4, 3, 5), rm, rv, R(2, 3), R(3, 3), true, 0.3, 1e-3);
      return [y, rm, rv];
    },
    py: "rm, rv = torch.zeros(3), torch.ones(3)\ny = F.batch_norm(R(1, 4, 3, 5), rm, rv, R(2, 3), R(3, 3), True, 0.3, 1e-3)\nr = [y, rm, rv]",
  },
  fcase("batch_norm", X(1, 4, 3, 5), new In(() => R(2, 3).abs(), "R(2, 3).abs()", [3]), new In(() => R(3, 3).abs(), "R(3, 3).abs()", [3]), { training: false }),
  fcase("batch_norm", X(1, 6, 2), null, null, { training: true }),
  fcase("batch_norm", X(1, 2, 2, 3, 3, 2), null, null, null, null, true, 0.1, 1e-2),
  fcase("instance_norm", X(1, 2, 3, 5)),
  fcase("instance_norm", X(1, 2, 3, 4, 4), { eps: 1e-3 }),
  {
    name: "instance_norm with running statistics",
    ts: () => {
      const rm = torch.zeros(3), rv = torch.ones(3);
      const y = F.instance_norm(R(1, 2, 3, 5, 2), rm, rv, R(2, 3), R(3, 3), { momentum: 0.5 });
      return [y, rm, rv, F.instance_norm(R(4, 2, 3, 5), rm, rv, { use_input_stats: false })];
    },
    py: "rm, rv = torch.zeros(3), torch.ones(3)\ny = F.instance_norm(R(1, 2, 3, 5, 2), rm, rv, R(2, 3), R(3, 3), momentum=0.5)\nr = [y, rm, rv, F.instance_norm(R(4, 2, 3, 5), rm, rv, use_input_stats=False)]",
  },
  fcase("group_norm", X(1, 2, 6, 5), 3),
  fcase("group_norm", X(1, 2, 6, 3, 4), 2, X(2, 6), X(3, 6), 1e-3),
  fcase("group_norm", X(1, 4, 4), 1),
  fcase("group_norm", X(1, 2, 6, 2, 2, 2), { num_groups: 6 }),
  gcase("batch_norm", X(1, 4, 3, 5), null, null, null, null, true),
  gcase("group_norm", X(1, 2, 6, 5), 2),
  gcase("instance_norm", X(1, 2, 3, 4, 2)),
];

/** F.fn(x, ...args) after manual_seed(seed): the same mask as Python's. */
function dropcase(fn: string, x: In, seed: number, ...args: unknown[]): Case {
  return {
    name: `${fn}([${x.shape}], ${pyArgs(args)}) seed ${seed}`,
    ts: () => {
      const input = x.ts();
      torch.manual_seed(seed);
      return (F as unknown as Record<string, AnyFn>)[fn](input, ...args);
    },
    py: `x = ${x.py}\ntorch.manual_seed(${seed})\nr = F.${fn}(x, ${pyArgs(args)})`,
  };
}
const dropouts: Case[] = [
  dropcase("dropout1d", X(1, 4, 8, 3), 1),
  dropcase("dropout1d", X(1, 8, 3), 2, 0.3),
  dropcase("dropout1d", X(1, 4, 8, 3), 3, { p: 0.5, training: false }),
  dropcase("dropout2d", X(1, 4, 8, 3, 2), 4, 0.25),
  dropcase("dropout2d", X(1, 4, 8, 3, 2), 5, 1.0),
  dropcase("dropout2d", X(1, 4, 8, 3, 2), 5, 0.0),
  dropcase("dropout3d", X(1, 2, 8, 3, 2, 2), 6, 0.4),
  dropcase("dropout3d", X(1, 8, 3, 2, 2), 7),
  dropcase("alpha_dropout", X(1, 4, 16), 8, 0.2, true),
  dropcase("alpha_dropout", X(1, 4, 16), 8, 0.2),
  dropcase("feature_alpha_dropout", X(1, 4, 6, 3), 9, { p: 0.3, training: true }),
  dropcase("feature_alpha_dropout", X(1, 4, 6, 3), 9),
  {
    name: "dropout1d inplace on an unbatched input keeps its shape",
    ts: () => {
      const x = R(1, 8, 3);
      torch.manual_seed(4);
      const y = F.dropout1d(x, 0.5, true, true);
      return [y, x];
    },
    py: "x = R(1, 8, 3)\ntorch.manual_seed(4)\ny = F.dropout1d(x, 0.5, True, True)\nr = [y, x]",
  },
  {
    name: "dropout2d and feature_alpha_dropout inplace",
    ts: () => {
      const x = R(1, 4, 8, 3, 2), z = R(2, 4, 6, 3);
      torch.manual_seed(5);
      F.dropout2d(x, { inplace: true });
      F.feature_alpha_dropout(z, 0.5, true, true);
      return [x, z];
    },
    py: "x, z = R(1, 4, 8, 3, 2), R(2, 4, 6, 3)\ntorch.manual_seed(5)\nF.dropout2d(x, inplace=True)\nF.feature_alpha_dropout(z, 0.5, True, True)\nr = [x, z]",
  },
  {
    name: "dropout3d gradient",
    ts: () => {
      const x = R(1, 2, 4, 3, 2, 2).requires_grad_();
      torch.manual_seed(6);
      F.dropout3d(x, 0.5).mul(R(99, 2, 4, 3, 2, 2)).sum().backward();
      return x.grad;
    },
    py: "x = R(1, 2, 4, 3, 2, 2).requires_grad_()\ntorch.manual_seed(6)\nF.dropout3d(x, 0.5).mul(R(99, 2, 4, 3, 2, 2)).sum().backward()\nr = x.grad",
  },
];

// ---- functional: errors ----

const call = (fn: string, ...args: unknown[]) => (F as unknown as Record<string, AnyFn>)[fn](...args);
function ecase(fn: string, x: In | null, ...args: unknown[]): Case {
  return {
    name: `${fn}(${x ? `[${x.shape}]` : ""}${x && args.length ? ", " : ""}${pyArgs(args)}) raises`,
    ts: () => call(fn, ...(x === null ? args : [x.ts(), ...args]).map(arg)),
    py: `warnings.simplefilter('ignore')\nr = F.${fn}(${[x?.py, pyArgs(args)].filter((s) => s).join(", ")})`,
  };
}
const x2 = INPUTS[2];
const functionalErrors: Case[] = [
  ecase("max_pool2d", x2, 2.5),
  ecase("max_pool2d", x2, [2, 2, 2]),
  ecase("max_pool2d", x2, 2, { padding: 2 }),
  ecase("max_pool2d", x2, 2, { foo: 1 }),
  ecase("max_pool2d", x2, 2, { return_indices: true, foo: 1 }),
  ecase("max_pool2d", x2),
  ecase("max_pool2d", x2, 8),
  ecase("max_pool2d", x2, 2, 0),
  ecase("max_pool1d", INPUTS[1], [2, 2]),
  ecase("max_pool3d", x2, 2, 2, 0, 1, false, false, 1),
  ecase("avg_pool2d", x2),
  ecase("avg_pool2d", null),
  ecase("avg_pool2d", x2, 2, 2, 0, false, true, null, 3),
  ecase("avg_pool2d", x2, 2, { divisor_override: 0 }),
  ecase("avg_pool2d", x2, 2, { divisor_override: 2.5 }),
  ecase("avg_pool2d", x2, 2, { foo: 1 }),
  ecase("avg_pool1d", INPUTS[1], [2, 2]),
  ecase("avg_pool1d", INPUTS[1], 2, { divisor_override: 2 }),
  ecase("avg_pool3d", INPUTS[3], 2, { padding: 2 }),
  ecase("adaptive_avg_pool1d", INPUTS[1]),
  ecase("adaptive_avg_pool2d", x2),
  ecase("adaptive_avg_pool2d", x2, [2, 3, 4]),
  ecase("adaptive_avg_pool2d", X(1, 5), [null, 2]),
  ecase("adaptive_max_pool2d", x2),
  ecase("adaptive_max_pool2d", x2, [2, 3, 4]),
  ecase("adaptive_max_pool3d", X(1, 4, 5), 2),
  ecase("avg_pool2d", x2, 2, 2, 0, false, true, 2.5),
  ecase("avg_pool1d", INPUTS[1], 2, { stride: 1.5 }),
  ecase("adaptive_avg_pool1d", INPUTS[1], { output_size: [2, 2] }),
  ecase("lp_pool2d", x2, 2),
  ecase("batch_norm", X(1, 1, 3), null, null, { training: true }),
  ecase("batch_norm", X(1, 1, 3, 1), null, null, { training: true }),
  ecase("batch_norm", X(1, 2, 3), null, null, { training: true, eps: -1.5 }),
  ecase("batch_norm", X(1, 2, 3), null, null),
  ecase("batch_norm", X(1, 2, 3), new In(() => torch.zeros(4), "torch.zeros(4)", [4]), new In(() => torch.ones(4), "torch.ones(4)", [4])),
  ecase("batch_norm", X(1, 2, 3)),
  ecase("instance_norm", X(1, 2, 4)),
  ecase("instance_norm", X(1, 2, 4, 1, 1)),
  ecase("group_norm", X(1, 3), 1),
  ecase("group_norm", X(1, 2, 4), 3),
  ecase("group_norm", X(1, 1, 4), 4),
  ecase("group_norm", X(1, 1, 4, 1), 4),
  ecase("dropout1d", x2, 0.5),
  ecase("dropout1d", X(1, 3), 0.5),
  ecase("dropout2d", x2, 1.5),
  ecase("dropout3d", x2, -0.25),
  ecase("alpha_dropout", x2, 1.25, true),
  ecase("feature_alpha_dropout", x2, { q: 0.5 }),
];
{
  // max_unpool's checks of output_size
  const pooled = "o, i = F.max_pool2d(R(6, 1, 2, 6, 6), 2, return_indices=True)";
  const tsPooled = () => F.max_pool2d(R(6, 1, 2, 6, 6), 2, { return_indices: true });
  for (const output_size of [[9, 6], [6, 6, 6], [1, 2, 3, 4, 6]]) {
    functionalErrors.push({
      name: `max_unpool2d output_size ${py(output_size)} raises`,
      ts: () => F.max_unpool2d(...tsPooled(), 2, { output_size }),
      py: `${pooled}\nr = F.max_unpool2d(o, i, 2, output_size=${py(output_size)})`,
    });
  }
  functionalErrors.push({
    name: "max_unpool2d with indices past the output raises",
    ts: () => F.max_unpool2d(...F.max_pool2d(R(6, 1, 2, 5, 5), 2, { return_indices: true }), 2),
    py: "o, i = F.max_pool2d(R(6, 1, 2, 5, 5), 2, return_indices=True)\nr = F.max_unpool2d(o, i, 2)",
  });
}

// ---- modules ----

/** A module built after manual_seed(0), run on the inputs in training (or eval) mode. */
function mcase(pyModule: string, tsModule: () => Module, inputs: In[], options: { eval?: boolean; grad?: boolean; fseed?: number } = {}): Case {
  const grad = options.grad ?? true;
  return {
    name: `${pyModule}${options.eval ? " eval" : ""} on ${inputs.map((x) => `[${x.shape}]`).join(", ")}`,
    ts: () => {
      torch.manual_seed(0);
      const m = tsModule();
      if (options.eval) m.eval();
      const xs = inputs.map((x) => (grad ? x.ts().requires_grad_() : x.ts()));
      torch.manual_seed(options.fseed ?? 0);
      let y = (m as unknown as { forward: AnyFn }).forward(...xs);
      const outs: (T | null)[] = Array.isArray(y) ? y.map((t: T) => t.detach()) : [y.detach()];
      if (Array.isArray(y)) y = y[0];
      if (grad && y.requires_grad) {
        y.mul(R(99, ...y.shape)).sum().backward();
        outs.push(...xs.map((x) => x.grad), ...[...m.parameters()].map((p) => p.grad));
      }
      return [...outs, ...Object.values(m.state_dict())];
    },
    py: [
      "torch.manual_seed(0)",
      `m = nn.${pyModule}`,
      options.eval ? "m.eval()" : "",
      `xs = [${inputs.map((x) => (grad ? `${x.py}.requires_grad_()` : x.py)).join(", ")}]`,
      `torch.manual_seed(${options.fseed ?? 0})`,
      "y = m(*xs)",
      "outs = [t.detach() for t in y] if isinstance(y, tuple) else [y.detach()]",
      "y = y[0] if isinstance(y, tuple) else y",
      `if ${grad ? "True" : "False"} and y.requires_grad:`,
      "    y.mul(R(99, *y.shape)).sum().backward()",
      "    outs += [x.grad for x in xs] + [p.grad for p in m.parameters()]",
      "r = outs + list(m.state_dict().values())",
    ].join("\n"),
  };
}

const poolModules: Case[] = [
  mcase("MaxPool1d(3, 2, 1)", () => new nn.MaxPool1d(3, 2, 1), [INPUTS[1]]),
  mcase("MaxPool2d(3, stride=2, dilation=2, return_indices=True, ceil_mode=True)", () => new nn.MaxPool2d(3, { stride: 2, dilation: 2, return_indices: true, ceil_mode: true }), [INPUTS[2]]),
  mcase("MaxPool2d((2, 3))", () => new nn.MaxPool2d([2, 3]), [X(4, 3, 7, 6)]),
  mcase("MaxPool3d(2, None, 0, 1, True)", () => new nn.MaxPool3d(2, null, 0, 1, true), [INPUTS[3]]),
  mcase("AvgPool1d(3, 2, 1, True, False)", () => new nn.AvgPool1d(3, 2, 1, true, false), [INPUTS[1]]),
  mcase("AvgPool2d(3, padding=1, divisor_override=2)", () => new nn.AvgPool2d(3, { padding: 1, divisor_override: 2 }), [INPUTS[2]]),
  mcase("AvgPool3d((2, 3, 2), ceil_mode=True, count_include_pad=False)", () => new nn.AvgPool3d([2, 3, 2], { ceil_mode: true, count_include_pad: false }), [INPUTS[3]]),
  mcase("LPPool1d(2, 3)", () => new nn.LPPool1d(2, 3), [INPUTS[1]]),
  mcase("LPPool2d(1.5, (2, 3), 1)", () => new nn.LPPool2d(1.5, [2, 3], 1), [ABS[2]]),
  mcase("LPPool3d(3, 2, ceil_mode=True)", () => new nn.LPPool3d(3, 2, { ceil_mode: true }), [ABS[3]]),
  mcase("AdaptiveAvgPool1d(4)", () => new nn.AdaptiveAvgPool1d(4), [INPUTS[1]]),
  mcase("AdaptiveAvgPool2d((None, 4))", () => new nn.AdaptiveAvgPool2d([null, 4]), [INPUTS[2]]),
  mcase("AdaptiveAvgPool3d(3)", () => new nn.AdaptiveAvgPool3d(3), [INPUTS[3]]),
  mcase("AdaptiveMaxPool1d(4, True)", () => new nn.AdaptiveMaxPool1d(4, true), [INPUTS[1]]),
  mcase("AdaptiveMaxPool2d((3, None))", () => new nn.AdaptiveMaxPool2d([3, null]), [INPUTS[2]]),
  mcase("AdaptiveMaxPool3d((2, 3, 2), return_indices=True)", () => new nn.AdaptiveMaxPool3d([2, 3, 2], { return_indices: true }), [INPUTS[3]]),
];
for (const [n, x, kernel, stride] of [[1, X(5, 2, 3, 9), 3, 2], [2, X(6, 2, 3, 8, 6), 2, null], [3, X(7, 1, 2, 5, 5, 5), 3, 2]] as const) {
  const pyStride = stride === null ? "" : `, ${stride}`;
  poolModules.push({
    name: `MaxUnpool${n}d of MaxPool${n}d`,
    ts: () => {
      const Pool = [nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d][n - 1] as unknown as new (...a: unknown[]) => { forward: AnyFn };
      const Unpool = [nn.MaxUnpool1d, nn.MaxUnpool2d, nn.MaxUnpool3d][n - 1] as unknown as new (...a: unknown[]) => { forward: AnyFn };
      const input = x.ts();
      const [o, i] = new Pool(kernel, stride, { return_indices: true }).forward(input);
      const unpool = new Unpool(kernel, stride);
      return [unpool.forward(o, i), unpool.forward(o, i, input.shape)];
    },
    py: [
      `x = ${x.py}`,
      `o, i = nn.MaxPool${n}d(${kernel}${pyStride}, return_indices=True)(x)`,
      `u = nn.MaxUnpool${n}d(${kernel}${pyStride})`,
      "r = [u(o, i), u(o, i, x.size())]",
    ].join("\n"),
  });
}

const BN_X = { 1: X(11, 6, 3), 2: X(12, 4, 3, 5, 5), 3: X(13, 2, 3, 4, 3, 3) };
const normModules: Case[] = [
  mcase("BatchNorm1d(3)", () => new nn.BatchNorm1d(3), [BN_X[1]]),
  mcase("BatchNorm1d(3)", () => new nn.BatchNorm1d(3), [X(11, 4, 3, 7)]),
  mcase("BatchNorm2d(3, eps=1e-3, momentum=0.5)", () => new nn.BatchNorm2d(3, { eps: 1e-3, momentum: 0.5 }), [BN_X[2]]),
  mcase("BatchNorm3d(3, affine=False)", () => new nn.BatchNorm3d(3, { affine: false }), [BN_X[3]]),
  mcase("BatchNorm2d(3, track_running_stats=False)", () => new nn.BatchNorm2d(3, { track_running_stats: false }), [BN_X[2]]),
  mcase("BatchNorm2d(3, track_running_stats=False)", () => new nn.BatchNorm2d(3, { track_running_stats: false }), [BN_X[2]], { eval: true }),
  mcase("BatchNorm2d(3)", () => new nn.BatchNorm2d(3), [BN_X[2]], { eval: true }),
  mcase("BatchNorm1d(3, 1e-5, None, True, True, None, torch.float64)", () => new nn.BatchNorm1d(3, 1e-5, null, true, true, null, torch.float64), [
    new In(() => R(11, 6, 3).double(), "R(11, 6, 3).double()", [6, 3]),
  ]),
  mcase("InstanceNorm1d(3)", () => new nn.InstanceNorm1d(3), [X(14, 2, 3, 5)]),
  mcase("InstanceNorm1d(3, affine=True)", () => new nn.InstanceNorm1d(3, { affine: true }), [X(14, 3, 5)]),
  mcase("InstanceNorm2d(3, affine=True, track_running_stats=True)", () => new nn.InstanceNorm2d(3, { affine: true, track_running_stats: true }), [BN_X[2]]),
  mcase("InstanceNorm2d(3, track_running_stats=True)", () => new nn.InstanceNorm2d(3, { track_running_stats: true }), [BN_X[2]], { eval: true }),
  mcase("InstanceNorm2d(3, track_running_stats=True, momentum=None)", () => new nn.InstanceNorm2d(3, { track_running_stats: true, momentum: null }), [X(15, 3, 4, 4)]),
  mcase("InstanceNorm3d(3, eps=1e-3)", () => new nn.InstanceNorm3d(3, { eps: 1e-3 }), [BN_X[3]]),
  mcase("InstanceNorm3d(3)", () => new nn.InstanceNorm3d(3), [X(16, 3, 4, 3, 3)], { eval: true }),
  mcase("GroupNorm(3, 6)", () => new nn.GroupNorm(3, 6), [X(17, 4, 6, 5)]),
  mcase("GroupNorm(2, 6, 1e-3, False)", () => new nn.GroupNorm(2, 6, 1e-3, false), [X(17, 4, 6, 2, 3)]),
  mcase("GroupNorm(1, 4, affine=True)", () => new nn.GroupNorm(1, 4, { affine: true }), [X(17, 3, 4)]),
  mcase("GroupNorm(4, 4)", () => new nn.GroupNorm(4, 4), [X(17, 2, 4, 2, 2, 2)], { eval: true }),
];

const dropoutModules: Case[] = [
  mcase("Dropout1d()", () => new nn.Dropout1d(), [X(1, 4, 8, 3)], { fseed: 3 }),
  mcase("Dropout1d(0.3)", () => new nn.Dropout1d(0.3), [X(1, 8, 3)], { fseed: 4 }),
  mcase("Dropout2d(p=0.25)", () => new nn.Dropout2d({ p: 0.25 }), [X(1, 4, 8, 3, 3)], { fseed: 5 }),
  mcase("Dropout2d()", () => new nn.Dropout2d(), [X(1, 4, 8, 3, 3)], { eval: true }),
  mcase("Dropout3d(0.4)", () => new nn.Dropout3d(0.4), [X(1, 2, 8, 3, 2, 2)], { fseed: 6 }),
  mcase("Dropout3d(0.4)", () => new nn.Dropout3d(0.4), [X(1, 8, 3, 2, 2)], { fseed: 6 }),
  mcase("AlphaDropout(0.2)", () => new nn.AlphaDropout(0.2), [X(1, 4, 16)], { fseed: 7 }),
  mcase("AlphaDropout(0.2)", () => new nn.AlphaDropout(0.2), [X(1, 4, 16)], { eval: true }),
  mcase("FeatureAlphaDropout(0.3)", () => new nn.FeatureAlphaDropout(0.3), [X(1, 4, 6, 3)], { fseed: 8 }),
  mcase("Dropout2d(0.5, True)", () => new nn.Dropout2d(0.5, true), [X(1, 4, 8, 3, 3)], { fseed: 9, grad: false }),
];

/** BatchNorm over several training steps, then eval: running statistics, counts, outputs, gradients. */
function bnSteps(pyModule: string, tsModule: () => Module, shape: number[], steps: number): Case {
  return {
    name: `${pyModule}: ${steps} training steps, then eval`,
    ts: () => {
      torch.manual_seed(0);
      const m = tsModule() as Module & { forward: AnyFn; running_mean: T; running_var: T; num_batches_tracked: T };
      const outs: (T | null)[] = [];
      for (let s = 0; s < steps; s++) {
        const x = R(20 + s, ...shape).mul(s + 1).add(s).requires_grad_();
        const y = m.forward(x);
        y.mul(R(40 + s, ...y.shape)).sum().backward();
        outs.push(...[y, x.grad, m.running_mean, m.running_var, m.num_batches_tracked].map((t) => t!.detach().clone()));
      }
      outs.push(...[...m.parameters()].map((p) => p.grad));
      m.eval();
      outs.push(m.forward(R(60, ...shape)).detach());
      return [...outs, ...Object.values(m.state_dict())];
    },
    py: [
      "torch.manual_seed(0)",
      `m = nn.${pyModule}`,
      "outs = []",
      `for s in range(${steps}):`,
      `    x = R(20 + s, ${shape.join(", ")}).mul(s + 1).add(s).requires_grad_()`,
      "    y = m(x)",
      "    y.mul(R(40 + s, *y.shape)).sum().backward()",
      "    outs += [t.detach().clone() for t in (y, x.grad, m.running_mean, m.running_var, m.num_batches_tracked)]",
      "outs += [p.grad for p in m.parameters()]",
      "m.eval()",
      `outs.append(m(R(60, ${shape.join(", ")})).detach())`,
      "r = outs + list(m.state_dict().values())",
    ].join("\n"),
  };
}
const bnTraining: Case[] = [
  bnSteps("BatchNorm2d(3)", () => new nn.BatchNorm2d(3), [4, 3, 5, 5], 4),
  bnSteps("BatchNorm2d(3, momentum=None)", () => new nn.BatchNorm2d(3, { momentum: null }), [4, 3, 5, 5], 4),
  bnSteps("BatchNorm1d(5, momentum=0.3, affine=False)", () => new nn.BatchNorm1d(5, { momentum: 0.3, affine: false }), [8, 5], 3),
  bnSteps("BatchNorm1d(3, momentum=None)", () => new nn.BatchNorm1d(3, { momentum: null }), [4, 3, 6], 5),
  bnSteps("BatchNorm3d(2, 1e-4, 0.2)", () => new nn.BatchNorm3d(2, 1e-4, 0.2), [2, 2, 3, 4, 3], 3),
  {
    name: "BatchNorm2d reset_running_stats and reset_parameters",
    ts: () => {
      const m = new nn.BatchNorm2d(3);
      m.forward(R(1, 4, 3, 2, 2));
      init_weights(m);
      const trained = Object.values(m.state_dict()).map((t) => t.clone());
      m.reset_running_stats();
      const reset = Object.values(m.state_dict()).map((t) => t.clone());
      m.forward(R(2, 4, 3, 2, 2));
      m.reset_parameters();
      return [...trained, ...reset, ...Object.values(m.state_dict())];
    },
    py: [
      "m = nn.BatchNorm2d(3)",
      "m(R(1, 4, 3, 2, 2))",
      "with torch.no_grad():\n    m.weight.copy_(R(3, 3))\n    m.bias.copy_(R(4, 3))",
      "trained = [t.clone() for t in m.state_dict().values()]",
      "m.reset_running_stats()",
      "reset = [t.clone() for t in m.state_dict().values()]",
      "m(R(2, 4, 3, 2, 2))",
      "m.reset_parameters()",
      "r = trained + reset + list(m.state_dict().values())",
    ].join("\n"),
  },
];
function init_weights(m: Module & { weight?: T | null; bias?: T | null }): void {
  torch.no_grad(() => {
    m.weight!.copy_(R(3, 3));
    m.bias!.copy_(R(4, 3));
  });
}

/** What Python reports about a module: str, state_dict keys, parameter and buffer names. */
function describeCase(pyModule: string, tsModule: () => Module): Case {
  return {
    name: `nn.${pyModule} prints and registers as Python's`,
    ts: () => {
      const m = tsModule();
      return [String(m), Object.keys(m.state_dict()), [...m.named_parameters()].map(([n]) => n), [...m.named_buffers()].map(([n]) => n)];
    },
    py: `m = nn.${pyModule}\nr = [str(m), list(m.state_dict().keys()), [n for n, _ in m.named_parameters()], [n for n, _ in m.named_buffers()]]`,
  };
}
const described: Case[] = [
  describeCase("MaxPool1d(3)", () => new nn.MaxPool1d(3)),
  describeCase("MaxPool2d(2, 1, 1, 2, True, True)", () => new nn.MaxPool2d(2, 1, 1, 2, true, true)),
  describeCase("MaxPool2d((2, 3), stride=(1, 2))", () => new nn.MaxPool2d([2, 3], { stride: [1, 2] })),
  describeCase("MaxPool3d(2, padding=1, ceil_mode=True)", () => new nn.MaxPool3d(2, { padding: 1, ceil_mode: true })),
  describeCase("MaxUnpool1d(2)", () => new nn.MaxUnpool1d(2)),
  describeCase("MaxUnpool2d(3, 2, 1)", () => new nn.MaxUnpool2d(3, 2, 1)),
  describeCase("MaxUnpool3d((2, 3, 2), padding=(1, 0, 1))", () => new nn.MaxUnpool3d([2, 3, 2], { padding: [1, 0, 1] })),
  describeCase("AvgPool1d(3)", () => new nn.AvgPool1d(3)),
  describeCase("AvgPool1d(3, 2, 1, True, False)", () => new nn.AvgPool1d(3, 2, 1, true, false)),
  describeCase("AvgPool2d(3, stride=2, divisor_override=2)", () => new nn.AvgPool2d(3, { stride: 2, divisor_override: 2 })),
  describeCase("AvgPool3d((2, 2, 3))", () => new nn.AvgPool3d([2, 2, 3])),
  describeCase("LPPool1d(2, 3)", () => new nn.LPPool1d(2, 3)),
  describeCase("LPPool2d(1.5, (2, 3), stride=1, ceil_mode=True)", () => new nn.LPPool2d(1.5, [2, 3], { stride: 1, ceil_mode: true })),
  describeCase("LPPool3d(3, 2)", () => new nn.LPPool3d(3, 2)),
  describeCase("AdaptiveAvgPool1d(4)", () => new nn.AdaptiveAvgPool1d(4)),
  describeCase("AdaptiveAvgPool2d((5, None))", () => new nn.AdaptiveAvgPool2d([5, null])),
  describeCase("AdaptiveAvgPool3d(output_size=2)", () => new nn.AdaptiveAvgPool3d({ output_size: 2 } as never)),
  describeCase("AdaptiveMaxPool1d(4, True)", () => new nn.AdaptiveMaxPool1d(4, true)),
  describeCase("AdaptiveMaxPool2d((None, 7))", () => new nn.AdaptiveMaxPool2d([null, 7])),
  describeCase("AdaptiveMaxPool3d(3, return_indices=True)", () => new nn.AdaptiveMaxPool3d(3, { return_indices: true })),
  describeCase("BatchNorm1d(4)", () => new nn.BatchNorm1d(4)),
  describeCase("BatchNorm2d(3, eps=1e-3, momentum=None)", () => new nn.BatchNorm2d(3, { eps: 1e-3, momentum: null })),
  describeCase("BatchNorm3d(8, 0.001, 0.01, False, False)", () => new nn.BatchNorm3d(8, 0.001, 0.01, false, false)),
  describeCase("BatchNorm2d(3, affine=False)", () => new nn.BatchNorm2d(3, { affine: false })),
  describeCase("InstanceNorm1d(4)", () => new nn.InstanceNorm1d(4)),
  describeCase("InstanceNorm2d(3, affine=True, track_running_stats=True)", () => new nn.InstanceNorm2d(3, { affine: true, track_running_stats: true })),
  describeCase("InstanceNorm3d(2, 1e-6, 0.5, True)", () => new nn.InstanceNorm3d(2, 1e-6, 0.5, true)),
  describeCase("GroupNorm(2, 4)", () => new nn.GroupNorm(2, 4)),
  describeCase("GroupNorm(3, 6, 1e-6, False)", () => new nn.GroupNorm(3, 6, 1e-6, false)),
  describeCase("Dropout1d()", () => new nn.Dropout1d()),
  describeCase("Dropout2d(0.25, True)", () => new nn.Dropout2d(0.25, true)),
  describeCase("Dropout3d(p=0.1)", () => new nn.Dropout3d({ p: 0.1 })),
  describeCase("AlphaDropout(0.2)", () => new nn.AlphaDropout(0.2)),
  describeCase("FeatureAlphaDropout(inplace=True)", () => new nn.FeatureAlphaDropout({ inplace: true })),
  {
    name: "nn.Sequential of pooling and normalisation layers prints as Python's",
    ts: () => String(new nn.Sequential(new nn.BatchNorm2d(3), new nn.MaxPool2d(2), new nn.Dropout2d(0.1), new nn.GroupNorm(1, 3), new nn.AdaptiveAvgPool2d(1))),
    py: "r = str(nn.Sequential(nn.BatchNorm2d(3), nn.MaxPool2d(2), nn.Dropout2d(0.1), nn.GroupNorm(1, 3), nn.AdaptiveAvgPool2d(1)))",
  },
];

// ---- modules: errors ----

interface ModuleError {
  name: string;
  ts: () => unknown;
  py: string;
  /** The module's printed form, which torchts puts in front of errors raised by forward. */
  module?: string;
}
const moduleErrors: ModuleError[] = [
  { name: "BatchNorm1d of 4-D", module: "BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", ts: () => new nn.BatchNorm1d(3).forward(R(1, 2, 3, 4, 4)), py: "nn.BatchNorm1d(3)(R(1, 2, 3, 4, 4))" },
  { name: "BatchNorm2d of 3-D", module: "BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", ts: () => new nn.BatchNorm2d(3).forward(R(1, 2, 3, 4)), py: "nn.BatchNorm2d(3)(R(1, 2, 3, 4))" },
  { name: "BatchNorm3d of 4-D", module: "BatchNorm3d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", ts: () => new nn.BatchNorm3d(3).forward(R(1, 2, 3, 4, 4)), py: "nn.BatchNorm3d(3)(R(1, 2, 3, 4, 4))" },
  { name: "BatchNorm1d training on one value per channel", module: "BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", ts: () => new nn.BatchNorm1d(3).forward(R(1, 1, 3)), py: "nn.BatchNorm1d(3)(R(1, 1, 3))" },
  { name: "BatchNorm2d of the wrong channel count", module: "BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", ts: () => new nn.BatchNorm2d(4).forward(R(1, 2, 3, 4, 4)), py: "nn.BatchNorm2d(4)(R(1, 2, 3, 4, 4))" },
  { name: "InstanceNorm2d of 2-D", module: "InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)", ts: () => new nn.InstanceNorm2d(3).forward(R(1, 3, 4)), py: "nn.InstanceNorm2d(3)(R(1, 3, 4))" },
  { name: "InstanceNorm3d of 6-D", module: "InstanceNorm3d(3, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)", ts: () => new nn.InstanceNorm3d(3).forward(R(1, 1, 3, 2, 2, 2, 2)), py: "nn.InstanceNorm3d(3)(R(1, 1, 3, 2, 2, 2, 2))" },
  { name: "InstanceNorm1d affine of the wrong channel count", module: "InstanceNorm1d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=False)", ts: () => new nn.InstanceNorm1d(4, { affine: true }).forward(R(1, 2, 3, 5)), py: "nn.InstanceNorm1d(4, affine=True)(R(1, 2, 3, 5))" },
  { name: "InstanceNorm1d of one spatial element", module: "InstanceNorm1d(3, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)", ts: () => new nn.InstanceNorm1d(3).forward(R(1, 2, 3, 1)), py: "nn.InstanceNorm1d(3)(R(1, 2, 3, 1))" },
  { name: "GroupNorm of the wrong channel count", module: "GroupNorm(2, 4, eps=1e-05, affine=True)", ts: () => new nn.GroupNorm(2, 4).forward(R(1, 2, 6, 3)), py: "nn.GroupNorm(2, 4)(R(1, 2, 6, 3))" },
  { name: "MaxPool2d of a too small input", module: "MaxPool2d(kernel_size=5, stride=5, padding=0, dilation=1, ceil_mode=False)", ts: () => new nn.MaxPool2d(5).forward(R(1, 1, 3, 3)), py: "nn.MaxPool2d(5)(R(1, 1, 3, 3))" },
  { name: "AvgPool1d padding too large", module: "AvgPool1d(kernel_size=(2,), stride=(2,), padding=(2,))", ts: () => new nn.AvgPool1d(2, { padding: 2 }).forward(R(1, 1, 3, 8)), py: "nn.AvgPool1d(2, padding=2)(R(1, 1, 3, 8))" },
  { name: "AdaptiveAvgPool2d of 1-D", module: "AdaptiveAvgPool2d(output_size=(None, 2))", ts: () => new nn.AdaptiveAvgPool2d([null, 2]).forward(R(1, 5)), py: "nn.AdaptiveAvgPool2d((None, 2))(R(1, 5))" },
  { name: "MaxUnpool2d bad output_size", module: "MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))", ts: () => new nn.MaxUnpool2d(2).forward(...F.max_pool2d(R(1, 1, 1, 4, 4), 2, { return_indices: true }), [9, 9]), py: "nn.MaxUnpool2d(2)(*F.max_pool2d(R(1, 1, 1, 4, 4), 2, return_indices=True), (9, 9))" },
  { name: "Dropout1d of 4-D", module: "Dropout1d(p=0.5, inplace=False)", ts: () => new nn.Dropout1d().forward(R(1, 2, 3, 4, 4)), py: "nn.Dropout1d()(R(1, 2, 3, 4, 4))" },
  // constructors
  { name: "BatchNorm2d unknown option", ts: () => new nn.BatchNorm2d(3, { momentom: 0.1 } as never), py: "nn.BatchNorm2d(3, momentom=0.1)" },
  { name: "BatchNorm1d missing num_features", ts: () => new (nn.BatchNorm1d as unknown as new (...a: unknown[]) => unknown)(), py: "nn.BatchNorm1d()" },
  { name: "BatchNorm1d too many arguments", ts: () => new (nn.BatchNorm1d as unknown as new (...a: unknown[]) => unknown)(3, 1e-5, 0.1, true, true, null, null, 1), py: "nn.BatchNorm1d(3, 1e-5, 0.1, True, True, None, None, 1)" },
  { name: "InstanceNorm1d unknown option", ts: () => new nn.InstanceNorm1d(3, { bias: true } as never), py: "nn.InstanceNorm1d(3, bias=True)" },
  { name: "GroupNorm channels not divisible", ts: () => new nn.GroupNorm(4, 6), py: "nn.GroupNorm(4, 6)" },
  { name: "GroupNorm missing num_channels", ts: () => new (nn.GroupNorm as unknown as new (...a: unknown[]) => unknown)(2), py: "nn.GroupNorm(2)" },
  { name: "MaxPool2d missing kernel_size", ts: () => new (nn.MaxPool2d as unknown as new (...a: unknown[]) => unknown)(), py: "nn.MaxPool2d()" },
  { name: "MaxPool1d unknown option", ts: () => new nn.MaxPool1d(2, { indices: true } as never), py: "nn.MaxPool1d(2, indices=True)" },
  { name: "AvgPool1d divisor_override", ts: () => new nn.AvgPool1d(2, { divisor_override: 2 } as never), py: "nn.AvgPool1d(2, divisor_override=2)" },
  { name: "AvgPool2d too many arguments", ts: () => new (nn.AvgPool2d as unknown as new (...a: unknown[]) => unknown)(2, 2, 0, false, true, null, 1), py: "nn.AvgPool2d(2, 2, 0, False, True, None, 1)" },
  { name: "MaxUnpool3d unknown option", ts: () => new nn.MaxUnpool3d(2, { dilation: 1 } as never), py: "nn.MaxUnpool3d(2, dilation=1)" },
  { name: "LPPool2d missing kernel_size", ts: () => new (nn.LPPool2d as unknown as new (...a: unknown[]) => unknown)(2), py: "nn.LPPool2d(2)" },
  { name: "AdaptiveMaxPool2d unknown option", ts: () => new nn.AdaptiveMaxPool2d(2, { indices: true } as never), py: "nn.AdaptiveMaxPool2d(2, indices=True)" },
  { name: "AdaptiveAvgPool1d return_indices", ts: () => new (nn.AdaptiveAvgPool1d as unknown as new (...a: unknown[]) => unknown)(2, true), py: "nn.AdaptiveAvgPool1d(2, True)" },
  { name: "Dropout2d p > 1", ts: () => new nn.Dropout2d(1.5), py: "nn.Dropout2d(1.5)" },
  { name: "AlphaDropout unknown option", ts: () => new nn.AlphaDropout({ rate: 0.1 } as never), py: "nn.AlphaDropout(rate=0.1)" },
];

// ---- the comparisons: one Python process for all ----

const families: [string, Case[]][] = [
  ["F.max_pool1d/2d/3d grid", maxPoolGrid],
  ["F.avg_pool1d/2d/3d grid", avgPoolGrid],
  ["F.adaptive_avg/max_pool1d/2d/3d grid", adaptiveGrid],
  ["F pooling: other forms, lp_pool, gradients", poolOthers],
  ["F.max_unpool1d/2d/3d", unpooling],
  ["F.batch_norm, instance_norm, group_norm", norms],
  ["F.dropout1d/2d/3d, alpha_dropout, feature_alpha_dropout", dropouts],
  ["F errors", functionalErrors],
  ["pooling modules", poolModules],
  ["normalisation modules", normModules],
  ["dropout modules", dropoutModules],
  ["BatchNorm training", bnTraining],
  ["printing and registration", described],
  ["module errors", moduleErrors.map((c) => ({ name: c.name, ts: c.ts, py: `warnings.simplefilter('ignore')\n${c.py}\nr = None` }))],
];

// Before the comparisons, some of which raise the same warnings (shown once per message).
describe("warnings", () => {
  const PY_WARNINGS = [
    "F.dropout2d(R(1, 2, 3), 0.5)",
    "F.dropout2d(R(1, 2, 3, 4), 0.5)",
    "F.dropout3d(R(1, 2, 3), 0.5)",
    "nn.InstanceNorm1d(4)(R(1, 2, 3, 5))",
    "F.dropout3d(R(1, 2, 3, 4, 5), 0.5)",
  ];
  const expected = pythonResults(
    PY_WARNINGS.map((code) => ({
      name: code,
      ts: () => null,
      py: `with warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n    ${code}\nr = [f'{x.category.__name__}: {x.message}' for x in w]`,
    })),
    PRELUDE,
  );
  const runs = [
    () => F.dropout2d(R(1, 2, 3), 0.5),
    () => F.dropout2d(R(1, 2, 3, 4), 0.5),
    () => F.dropout3d(R(1, 2, 3), 0.5),
    () => new nn.InstanceNorm1d(4).forward(R(1, 2, 3, 5)),
    () => F.dropout3d(R(1, 2, 3, 4, 5), 0.5),
  ];
  it("warns as Python does", async () => {
    for (let i = 0; i < runs.length; i++) {
      const py = expected[i];
      if (py.kind !== "value") throw new Error(`Python failed for ${PY_WARNINGS[i]}`);
      expect(await warningsOf(runs[i]), PY_WARNINGS[i]).toStrictEqual(py.value);
    }
  });
});

const all = families.flatMap(([, cases]) => cases);
const expected = pythonResults(all, PRELUDE);
let offset = 0;
for (const [family, cases] of families) {
  const start = offset;
  offset += cases.length;
  describe(`${family} against Python torch 2.11`, () => {
    if (family === "module errors") {
      it.each(moduleErrors.map((c, i) => [c.name, c, start + i] as const))("%s", (_name, c, i) => {
        const [raised, message] = raisedLikePython(c.ts, expected[i], c.py);
        expect(raised).toBe(c.module ? `${c.module}: ${message}` : message);
      });
      return;
    }
    it.each(cases.map((c, i) => [c.name, c, start + i] as const))("%s", (_name, c, i) => {
      const py = expected[i];
      if (family === "F errors" && py.kind !== "error") throw new Error(`Python did not raise for ${c.py}`);
      expectSame(c, py);
    });
  });
}

const same = (a: T, b: T) => Boolean(a.eq(b).all().item());

describe("TS-only behaviour", () => {
  it("positional and named arguments bind alike", () => {
    const x = R(1, 2, 3, 7, 6);
    const [a, ai] = F.max_pool2d(x, 3, 2, 1, 1, true, true);
    const [b, bi] = F.max_pool2d(x, { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true, return_indices: true } as never) as unknown as [T, T];
    expect(same(a, b) && same(ai, bi)).toBe(true);
    expect(same(F.avg_pool2d(x, 3, null, 1), F.avg_pool2d(x, 3, { padding: 1 }))).toBe(true);
    expect(same(F.adaptive_avg_pool1d(R(1, 2, 6), 3), F.adaptive_avg_pool1d(R(1, 2, 6), { output_size: 3 }))).toBe(true);
  });

  it("a pooling layer returns [output, indices] only with return_indices", () => {
    const x = R(1, 1, 2, 4, 4);
    expect(new nn.MaxPool2d(2).forward(x)).toBeInstanceOf(torch.Tensor);
    const out = new nn.MaxPool2d(2, { return_indices: true }).forward(x);
    expect(Array.isArray(out) && out.length === 2 && out[1].dtype === torch.int64).toBe(true);
    expect(new nn.AdaptiveMaxPool1d(2).forward(R(1, 2, 6))).toBeInstanceOf(torch.Tensor);
  });

  it("BatchNorm's buffers move and cast with the module, num_batches_tracked stays int64", () => {
    const m = new nn.BatchNorm1d(3).double();
    expect(m.running_mean!.dtype).toBe(torch.float64);
    expect(m.num_batches_tracked!.dtype).toBe(torch.int64);
    m.forward(R(1, 4, 3).double());
    expect(m.num_batches_tracked!.item()).toBe(1);
    const loaded = new nn.BatchNorm1d(3).double();
    loaded.load_state_dict(m.state_dict());
    expect(same(loaded.running_var!, m.running_var!)).toBe(true);
    expect(loaded.num_batches_tracked!.item()).toBe(1);
  });

  it("errors keep their class", () => {
    expect(() => new nn.BatchNorm2d(3).forward(R(1, 3, 4))).toThrow(torch.ValueError);
    expect(() => F.group_norm(R(1, 3), 1)).toThrow(torch.RuntimeError);
    expect(() => F.max_pool2d(R(1, 1, 4, 4), 2.5)).toThrow(torch.TypeError);
  });
});
