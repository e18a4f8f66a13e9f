// The convolution layers (nn.Conv1d/2d/3d, nn.ConvTranspose1d/2d/3d) and F.conv*/F.conv_transpose*
// against Python torch 2.11: the same layer built after the same torch.manual_seed has bitwise-
// equal parameters, the same state_dict keys, prints the same, and gives the same outputs and
// input/weight/bias gradients; bad arguments raise Python's class and message. Exact (fp32 CPU:
// LibTorch runs the same kernels) unless a case states a tolerance. Last, the 60-minute blitz's
// LeNet trained 5 SGD steps in both languages.
import { beforeAll, describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, close, expectSame, pythonResults, raisedLikePython } from "./helpers/compare";
import { pythonJsonAsync } from "./helpers/python";

const nn = torch.nn;
const F = torch.nn.functional;
type T = InstanceType<typeof torch.Tensor>;
type Module = InstanceType<typeof nn.Module>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (f: (...a: any[]) => unknown, ...a: unknown[]) => f(...a);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const make = (C: new (...a: any[]) => unknown, ...a: unknown[]) => new C(...a);

const R = (seed: number, ...shape: number[]): T => (torch.manual_seed(seed), torch.randn(...shape));
const PRELUDE = [
  "from torch import nn",
  "import torch.nn.functional as F",
  "def R(s, *shape):\n    torch.manual_seed(s)\n    return torch.randn(*shape)",
].join("\n");

/** Python prints its sets of padding strings and modes in hash order, which changes from run to run: sort them. */
const sortSets = (m: string) =>
  m.replace(/\{('[a-z]+'(?:, '[a-z]+')*)\}/g, (_, items: string) => `{${items.split(", ").sort().join(", ")}}`);

// ---- layers built, run and differentiated in both languages ----

interface LayerCase {
  name: string;
  /** The Python expression that builds the layer (torch and nn in scope). */
  py: string;
  ts: () => Module;
  /** torch.manual_seed before building (default 0). */
  seed?: number;
  /** The input: randn of this shape after manual_seed(1), requiring grad. */
  input?: number[];
  float64?: boolean;
  /** forward's further arguments: TS values, and Python's text after the input (", output_size=[9, 9]"). */
  args?: { ts: unknown[]; py: string };
  /** Relative tolerance for outputs and gradients; exact when absent. */
  rtol?: number;
}

const c1 = (...a: unknown[]) => make(nn.Conv1d, ...a) as Module;
const c2 = (...a: unknown[]) => make(nn.Conv2d, ...a) as Module;
const c3 = (...a: unknown[]) => make(nn.Conv3d, ...a) as Module;
const t1 = (...a: unknown[]) => make(nn.ConvTranspose1d, ...a) as Module;
const t2 = (...a: unknown[]) => make(nn.ConvTranspose2d, ...a) as Module;
const t3 = (...a: unknown[]) => make(nn.ConvTranspose3d, ...a) as Module;

const layers: LayerCase[] = [
  // Conv1d
  { name: "Conv1d", py: "nn.Conv1d(4, 6, 3)", ts: () => c1(4, 6, 3), input: [2, 4, 10] },
  { name: "Conv1d stride padding", seed: 3, py: "nn.Conv1d(4, 6, 3, stride=2, padding=1)", ts: () => c1(4, 6, 3, { stride: 2, padding: 1 }), input: [2, 4, 11] },
  { name: "Conv1d tuples", py: "nn.Conv1d(4, 6, (3,), (2,), (2,), (2,))", ts: () => c1(4, 6, [3], [2], [2], [2]), input: [2, 4, 11] },
  { name: "Conv1d padding='same' dilation", py: "nn.Conv1d(4, 6, 4, padding='same', dilation=3)", ts: () => c1(4, 6, 4, { padding: "same", dilation: 3 }), input: [2, 4, 12] },
  { name: "Conv1d padding='valid'", py: "nn.Conv1d(4, 6, 3, padding='valid')", ts: () => c1(4, 6, 3, { padding: "valid" }), input: [2, 4, 9] },
  { name: "Conv1d groups bias=False", py: "nn.Conv1d(4, 6, 3, groups=2, bias=False)", ts: () => c1(4, 6, 3, { groups: 2, bias: false }), input: [3, 4, 8] },
  { name: "Conv1d reflect", py: "nn.Conv1d(3, 2, 3, padding=2, padding_mode='reflect')", ts: () => c1(3, 2, 3, { padding: 2, padding_mode: "reflect" }), input: [2, 3, 7] },
  { name: "Conv1d replicate same", py: "nn.Conv1d(3, 2, 4, padding='same', padding_mode='replicate')", ts: () => c1(3, 2, 4, { padding: "same", padding_mode: "replicate" }), input: [2, 3, 7] },
  { name: "Conv1d circular valid", py: "nn.Conv1d(3, 2, 3, padding='valid', padding_mode='circular')", ts: () => c1(3, 2, 3, { padding: "valid", padding_mode: "circular" }), input: [2, 3, 7] },
  { name: "Conv1d unbatched", py: "nn.Conv1d(3, 5, 2)", ts: () => c1(3, 5, 2), input: [3, 6] },
  { name: "Conv1d all positional", py: "nn.Conv1d(2, 4, 3, 1, 1, 1, 2, False, 'circular', 'cpu', torch.float32)", ts: () => c1(2, 4, 3, 1, 1, 1, 2, false, "circular", "cpu", torch.float32), input: [1, 2, 5] },
  // Conv2d
  { name: "Conv2d", py: "nn.Conv2d(1, 6, 5)", ts: () => c2(1, 6, 5), input: [2, 1, 12, 12] },
  { name: "Conv2d seed 7 3x3", seed: 7, py: "nn.Conv2d(3, 8, 3)", ts: () => c2(3, 8, 3), input: [2, 3, 9, 9] },
  { name: "Conv2d tuples", py: "nn.Conv2d(3, 4, (3, 5), stride=(2, 1), padding=(1, 2), dilation=(2, 1))", ts: () => c2(3, 4, [3, 5], { stride: [2, 1], padding: [1, 2], dilation: [2, 1] }), input: [2, 3, 11, 10] },
  { name: "Conv2d padding='same' even kernel", py: "nn.Conv2d(2, 3, 4, padding='same')", ts: () => c2(2, 3, 4, { padding: "same" }), input: [2, 2, 7, 6] },
  { name: "Conv2d padding='same' tuples dilation", py: "nn.Conv2d(2, 3, (2, 3), padding='same', dilation=(3, 2))", ts: () => c2(2, 3, [2, 3], { padding: "same", dilation: [3, 2] }), input: [1, 2, 8, 9] },
  { name: "Conv2d padding='valid'", py: "nn.Conv2d(2, 3, 3, padding='valid')", ts: () => c2(2, 3, 3, { padding: "valid" }), input: [1, 2, 6, 6] },
  { name: "Conv2d depthwise", py: "nn.Conv2d(3, 6, 3, groups=3, padding=1)", ts: () => c2(3, 6, 3, { groups: 3, padding: 1 }), input: [2, 3, 7, 7] },
  { name: "Conv2d groups bias=False", py: "nn.Conv2d(4, 6, 3, groups=2, bias=False)", ts: () => c2(4, 6, 3, { groups: 2, bias: false }), input: [2, 4, 6, 6] },
  { name: "Conv2d reflect", py: "nn.Conv2d(2, 3, 3, padding=(1, 2), padding_mode='reflect')", ts: () => c2(2, 3, 3, { padding: [1, 2], padding_mode: "reflect" }), input: [2, 2, 6, 7] },
  { name: "Conv2d replicate stride", py: "nn.Conv2d(2, 3, 3, stride=2, padding=1, padding_mode='replicate')", ts: () => c2(2, 3, 3, { stride: 2, padding: 1, padding_mode: "replicate" }), input: [2, 2, 7, 7] },
  { name: "Conv2d circular same", py: "nn.Conv2d(2, 3, (3, 4), padding='same', padding_mode='circular')", ts: () => c2(2, 3, [3, 4], { padding: "same", padding_mode: "circular" }), input: [2, 2, 6, 7] },
  { name: "Conv2d reflect unbatched", py: "nn.Conv2d(2, 3, 3, padding=1, padding_mode='reflect')", ts: () => c2(2, 3, 3, { padding: 1, padding_mode: "reflect" }), input: [2, 5, 5] },
  { name: "Conv2d unbatched", py: "nn.Conv2d(2, 3, 2)", ts: () => c2(2, 3, 2), input: [2, 4, 5] },
  { name: "Conv2d float64", py: "nn.Conv2d(2, 3, 3, dtype=torch.float64)", ts: () => c2(2, 3, 3, { dtype: torch.float64 }), input: [2, 2, 5, 5], float64: true },
  { name: "Conv2d one-element padding tuple", py: "nn.Conv2d(2, 3, 3, padding=(1,))", ts: () => c2(2, 3, 3, { padding: [1] }), input: [1, 2, 4, 4] },
  { name: "Conv2d 1x1", py: "nn.Conv2d(8, 4, 1)", ts: () => c2(8, 4, 1), input: [2, 8, 3, 3] },
  // Conv3d
  { name: "Conv3d", py: "nn.Conv3d(2, 4, 3)", ts: () => c3(2, 4, 3), input: [1, 2, 5, 6, 7] },
  { name: "Conv3d stride padding tuple", py: "nn.Conv3d(2, 4, (2, 3, 1), stride=2, padding=(1, 0, 1))", ts: () => c3(2, 4, [2, 3, 1], { stride: 2, padding: [1, 0, 1] }), input: [2, 2, 5, 6, 5] },
  { name: "Conv3d same circular", py: "nn.Conv3d(2, 2, (1, 2, 3), padding='same', padding_mode='circular')", ts: () => c3(2, 2, [1, 2, 3], { padding: "same", padding_mode: "circular" }), input: [1, 2, 3, 4, 5] },
  { name: "Conv3d reflect groups bias=False", py: "nn.Conv3d(4, 2, 3, padding=1, groups=2, bias=False, padding_mode='reflect')", ts: () => c3(4, 2, 3, { padding: 1, groups: 2, bias: false, padding_mode: "reflect" }), input: [1, 4, 4, 4, 4] },
  { name: "Conv3d dilation unbatched", py: "nn.Conv3d(2, 3, 2, dilation=2)", ts: () => c3(2, 3, 2, { dilation: 2 }), input: [2, 4, 5, 4] },
  // ConvTranspose1d
  { name: "ConvTranspose1d", py: "nn.ConvTranspose1d(4, 3, 3)", ts: () => t1(4, 3, 3), input: [2, 4, 6] },
  { name: "ConvTranspose1d stride output_padding", py: "nn.ConvTranspose1d(4, 3, 3, stride=2, padding=1, output_padding=1)", ts: () => t1(4, 3, 3, { stride: 2, padding: 1, output_padding: 1 }), input: [2, 4, 6] },
  { name: "ConvTranspose1d groups dilation bias=False", py: "nn.ConvTranspose1d(4, 6, 3, groups=2, bias=False, dilation=2)", ts: () => t1(4, 6, 3, { groups: 2, bias: false, dilation: 2 }), input: [2, 4, 5] },
  { name: "ConvTranspose1d output_size", py: "nn.ConvTranspose1d(2, 3, 3, stride=3)", ts: () => t1(2, 3, 3, { stride: 3 }), input: [2, 2, 4], args: { ts: [[14]], py: ", [14]" } },
  { name: "ConvTranspose1d positional", py: "nn.ConvTranspose1d(2, 4, 3, 2, 1, 1, 2, False, 2)", ts: () => t1(2, 4, 3, 2, 1, 1, 2, false, 2), input: [1, 2, 5] },
  // ConvTranspose2d
  { name: "ConvTranspose2d", py: "nn.ConvTranspose2d(4, 2, 3)", ts: () => t2(4, 2, 3), input: [2, 4, 5, 5] },
  { name: "ConvTranspose2d stride padding output_padding", py: "nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1)", ts: () => t2(4, 2, 3, { stride: 2, padding: 1, output_padding: 1 }), input: [2, 4, 5, 5] },
  { name: "ConvTranspose2d tuples", py: "nn.ConvTranspose2d(2, 3, (3, 2), stride=(2, 3), padding=(1, 0), output_padding=(0, 2), dilation=(1, 2))", ts: () => t2(2, 3, [3, 2], { stride: [2, 3], padding: [1, 0], output_padding: [0, 2], dilation: [1, 2] }), input: [1, 2, 4, 5] },
  { name: "ConvTranspose2d groups bias=False", py: "nn.ConvTranspose2d(4, 6, 3, groups=2, bias=False)", ts: () => t2(4, 6, 3, { groups: 2, bias: false }), input: [2, 4, 4, 4] },
  { name: "ConvTranspose2d output_size spatial", py: "nn.ConvTranspose2d(2, 2, 3, stride=2)", ts: () => t2(2, 2, 3, { stride: 2 }), input: [1, 2, 4, 4], args: { ts: [[10, 9]], py: ", [10, 9]" } },
  { name: "ConvTranspose2d output_size full by name", py: "nn.ConvTranspose2d(2, 2, 3, stride=2, padding=1)", ts: () => t2(2, 2, 3, { stride: 2, padding: 1 }), input: [2, 2, 4, 4], args: { ts: [{ output_size: [2, 2, 8, 8] }], py: ", output_size=[2, 2, 8, 8]" } },
  { name: "ConvTranspose2d output_size unbatched", py: "nn.ConvTranspose2d(2, 2, 3, stride=2)", ts: () => t2(2, 2, 3, { stride: 2 }), input: [2, 4, 4], args: { ts: [[2, 10, 10]], py: ", [2, 10, 10]" } },
  { name: "ConvTranspose2d output_size None", py: "nn.ConvTranspose2d(2, 2, 3, stride=2, output_padding=1)", ts: () => t2(2, 2, 3, { stride: 2, output_padding: 1 }), input: [1, 2, 3, 3], args: { ts: [null], py: ", None" } },
  // ConvTranspose3d
  { name: "ConvTranspose3d", py: "nn.ConvTranspose3d(2, 3, 2)", ts: () => t3(2, 3, 2), input: [1, 2, 3, 4, 3] },
  { name: "ConvTranspose3d stride output_padding", py: "nn.ConvTranspose3d(2, 2, 3, stride=(2, 1, 2), padding=1, output_padding=(1, 0, 1))", ts: () => t3(2, 2, 3, { stride: [2, 1, 2], padding: 1, output_padding: [1, 0, 1] }), input: [2, 2, 3, 3, 3] },
  { name: "ConvTranspose3d output_size", py: "nn.ConvTranspose3d(2, 2, 2, stride=2, groups=2)", ts: () => t3(2, 2, 2, { stride: 2, groups: 2 }), input: [1, 2, 2, 3, 2], args: { ts: [[5, 6, 4]], py: ", [5, 6, 4]" } },
  // in a Sequential
  {
    name: "a small CNN in a Sequential",
    seed: 42,
    py: "nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 8, 3, stride=2, groups=4, padding_mode='reflect', padding=1), nn.ReLU(), nn.ConvTranspose2d(8, 4, 2, stride=2), nn.Flatten(), nn.Linear(4 * 8 * 8, 5))",
    ts: () =>
      new nn.Sequential(
        c2(3, 8, 3, { padding: 1 }), new nn.ReLU(), c2(8, 8, 3, { stride: 2, groups: 4, padding_mode: "reflect", padding: 1 }), new nn.ReLU(),
        t2(8, 4, 2, { stride: 2 }), new nn.Flatten(), new nn.Linear(4 * 8 * 8, 5),
      ),
    input: [2, 3, 8, 8],
  },
];

const PY_LAYER_RUNNER = `
import sys
from torch import nn
cases = json.load(sys.stdin)
def T(t):
    return None if t is None else {"shape": list(t.shape), "dtype": str(t.dtype)[6:], "values": t.tolist()}
out = []
for c in cases:
    r = {}
    try:
        torch.manual_seed(c["seed"])
        m = eval(c["py"], {"torch": torch, "nn": nn})
        r["str"] = str(m)
        r["state"] = [[k, T(v)] for k, v in m.state_dict().items()]
        if c["input"] is not None:
            torch.manual_seed(1)
            x = torch.randn(*c["input"], dtype=torch.float64 if c["float64"] else torch.float32, requires_grad=True)
            y = eval("m(x" + c["args"] + ")", {"m": m, "x": x})
            r["out"] = T(y)
            torch.manual_seed(77)
            (y * torch.randn(*y.shape, dtype=y.dtype)).sum().backward()
            r["grads"] = [["input", T(x.grad)]] + [[n, T(p.grad)] for n, p in m.named_parameters()]
    except Exception as e:
        r["error"] = {"type": type(e).__name__, "message": str(e)}
    out.append(r)
print(json.dumps(out))
`;

interface PyT {
  shape: number[];
  dtype: string;
  values: unknown;
}
interface PyLayer {
  str: string;
  state: [string, PyT][];
  out?: PyT;
  grads?: [string, PyT | null][];
  error?: { type: string; message: string };
}

function sameTensor(actual: T | null, expected: PyT | null, rtol: number, what: string): void {
  if (expected === null) return expect(actual, what).toBeNull();
  expect(actual, what).not.toBeNull();
  expect(actual!.shape, `${what} shape`).toStrictEqual(expected.shape);
  expect(actual!.dtype.name, `${what} dtype`).toBe(expected.dtype);
  if (rtol === 0) return close(actual!.tolist(), expected.values, 0, what);
  const e = torch.tensor(expected.values as number[], { dtype: actual!.dtype });
  const scale = e.abs().max().item() || 1;
  expect(actual!.sub(e).abs().max().item(), what).toBeLessThanOrEqual(rtol * scale);
}

// Python's processes start at once and run beside each other (and beside the TS side).
const layerResults = pythonJsonAsync<PyLayer[]>(
  `import sys, io\nsys.stdin = io.StringIO(${JSON.stringify(JSON.stringify(layers.map((c) => ({ py: c.py, seed: c.seed ?? 0, input: c.input ?? null, float64: c.float64 ?? false, args: c.args?.py ?? "" }))))})\n${PY_LAYER_RUNNER}`,
);

describe("conv layers against Python: init, state_dict, printing, forward, backward", () => {
  let results: PyLayer[];
  beforeAll(async () => {
    results = await layerResults;
  });
  layers.forEach((c, i) =>
    it(c.name, () => {
      const py = results[i];
      if (py.error) throw new Error(`Python raised ${py.error.type}: ${py.error.message}`);
      torch.manual_seed(c.seed ?? 0);
      const m = c.ts();
      expect(String(m)).toBe(py.str);
      const state = Object.entries(m.state_dict());
      expect(state.map(([k]) => k)).toStrictEqual(py.state.map(([k]) => k));
      state.forEach(([k, v], j) => sameTensor(v, py.state[j][1], 0, `state_dict ${k}`));
      if (!c.input) return;
      torch.manual_seed(1);
      const x = torch.randn(c.input, { dtype: c.float64 ? torch.float64 : torch.float32, requires_grad: true });
      const y = (m.forward as (...a: unknown[]) => T)(x, ...(c.args?.ts ?? []));
      const rtol = c.rtol ?? 0;
      sameTensor(y, py.out!, rtol, "output");
      torch.manual_seed(77);
      y.mul(torch.randn(y.shape, { dtype: y.dtype })).sum().backward();
      const grads: [string, T | null][] = [["input", x.grad], ...[...m.named_parameters()].map(([n, p]) => [n, p.grad] as [string, T | null])];
      expect(grads.map(([n]) => n)).toStrictEqual(py.grads!.map(([n]) => n));
      grads.forEach(([n, g], j) => sameTensor(g, py.grads![j][1], rtol, `${n}.grad`));
    }),
  );
});

// ---- the functional forms ----

const W = (seed: number, ...shape: number[]) => R(seed, ...shape);
const functional: Case[] = [
  { name: "conv1d", ts: () => F.conv1d(R(1, 2, 4, 9), W(2, 3, 4, 3)), py: "r = F.conv1d(R(1, 2, 4, 9), R(2, 3, 4, 3))" },
  { name: "conv1d all positional", ts: () => F.conv1d(R(1, 2, 4, 9), W(2, 6, 2, 3), R(3, 6), 2, 1, 2, 2), py: "r = F.conv1d(R(1, 2, 4, 9), R(2, 6, 2, 3), R(3, 6), 2, 1, 2, 2)" },
  { name: "conv1d padding='same' by name", ts: () => F.conv1d(R(1, 2, 4, 9), W(2, 3, 4, 4), { padding: "same", dilation: 2 }), py: "r = F.conv1d(R(1, 2, 4, 9), R(2, 3, 4, 4), padding='same', dilation=2)" },
  { name: "conv2d", ts: () => F.conv2d(R(1, 2, 3, 8, 8), W(2, 4, 3, 3, 3)), py: "r = F.conv2d(R(1, 2, 3, 8, 8), R(2, 4, 3, 3, 3))" },
  { name: "conv2d bias stride tuple padding", ts: () => F.conv2d(R(1, 2, 3, 8, 7), W(2, 4, 3, 3, 2), R(3, 4), [2, 1], [1, 0]), py: "r = F.conv2d(R(1, 2, 3, 8, 7), R(2, 4, 3, 3, 2), R(3, 4), (2, 1), (1, 0))" },
  { name: "conv2d padding='same' positional", ts: () => F.conv2d(R(1, 1, 2, 6, 6), W(2, 2, 2, 4, 4), null, 1, "same"), py: "r = F.conv2d(R(1, 1, 2, 6, 6), R(2, 2, 2, 4, 4), None, 1, 'same')" },
  { name: "conv2d padding='valid'", ts: () => F.conv2d(R(1, 1, 2, 6, 6), W(2, 2, 2, 3, 3), { padding: "valid" }), py: "r = F.conv2d(R(1, 1, 2, 6, 6), R(2, 2, 2, 3, 3), padding='valid')" },
  { name: "conv2d groups by name", ts: () => F.conv2d(R(1, 2, 4, 5, 5), W(2, 6, 2, 3, 3), { groups: 2, bias: R(3, 6) }), py: "r = F.conv2d(R(1, 2, 4, 5, 5), R(2, 6, 2, 3, 3), groups=2, bias=R(3, 6))" },
  { name: "conv2d every argument by name", ts: () => F.conv2d({ input: R(1, 1, 1, 5, 5), weight: W(2, 1, 1, 2, 2), stride: 2 }), py: "r = F.conv2d(input=R(1, 1, 1, 5, 5), weight=R(2, 1, 1, 2, 2), stride=2)" },
  { name: "conv3d", ts: () => F.conv3d(R(1, 1, 2, 4, 5, 6), W(2, 3, 2, 2, 3, 2), R(3, 3), 1, [1, 0, 1]), py: "r = F.conv3d(R(1, 1, 2, 4, 5, 6), R(2, 3, 2, 2, 3, 2), R(3, 3), 1, (1, 0, 1))" },
  { name: "conv3d padding='same'", ts: () => F.conv3d(R(1, 1, 2, 4, 5, 6), W(2, 3, 2, 2, 3, 2), { padding: "same" }), py: "r = F.conv3d(R(1, 1, 2, 4, 5, 6), R(2, 3, 2, 2, 3, 2), padding='same')" },
  { name: "conv_transpose1d", ts: () => F.conv_transpose1d(R(1, 2, 4, 5), W(2, 4, 3, 3), R(3, 3), 2, 1, 1), py: "r = F.conv_transpose1d(R(1, 2, 4, 5), R(2, 4, 3, 3), R(3, 3), 2, 1, 1)" },
  { name: "conv_transpose2d groups dilation by name", ts: () => F.conv_transpose2d(R(1, 2, 4, 3, 3), W(2, 4, 1, 3, 3), { groups: 2, dilation: 2, stride: 2 }), py: "r = F.conv_transpose2d(R(1, 2, 4, 3, 3), R(2, 4, 1, 3, 3), groups=2, dilation=2, stride=2)" },
  { name: "conv_transpose2d output_padding", ts: () => F.conv_transpose2d(R(1, 1, 2, 3, 3), W(2, 2, 3, 3, 3), null, 2, 0, [1, 0]), py: "r = F.conv_transpose2d(R(1, 1, 2, 3, 3), R(2, 2, 3, 3, 3), None, 2, 0, (1, 0))" },
  { name: "conv_transpose3d", ts: () => F.conv_transpose3d(R(1, 1, 2, 2, 3, 2), W(2, 2, 3, 2, 2, 2), { stride: 2, output_padding: 1 }), py: "r = F.conv_transpose3d(R(1, 1, 2, 2, 3, 2), R(2, 2, 3, 2, 2, 2), stride=2, output_padding=1)" },
  {
    name: "conv2d grads",
    ts: () => {
      const [x, w, b] = [R(1, 2, 3, 6, 6), R(2, 4, 3, 3, 3), R(3, 4)].map((t) => t.requires_grad_());
      F.conv2d(x, w, b, 1, "same").pow(2).sum().backward();
      return [x.grad, w.grad, b.grad];
    },
    py: "x, w, b = [t.requires_grad_() for t in (R(1, 2, 3, 6, 6), R(2, 4, 3, 3, 3), R(3, 4))]\nF.conv2d(x, w, b, 1, 'same').pow(2).sum().backward()\nr = [x.grad, w.grad, b.grad]",
  },
  {
    name: "conv_transpose1d grads",
    ts: () => {
      const [x, w] = [R(1, 2, 2, 5), R(2, 2, 3, 3)].map((t) => t.requires_grad_());
      F.conv_transpose1d(x, w, null, 2).pow(2).sum().backward();
      return [x.grad, w.grad];
    },
    py: "x, w = [t.requires_grad_() for t in (R(1, 2, 2, 5), R(2, 2, 3, 3))]\nF.conv_transpose1d(x, w, None, 2).pow(2).sum().backward()\nr = [x.grad, w.grad]",
  },
  // errors: the op's own, through the same binder as torch.conv2d
  { name: "conv2d padding='same' strided", ts: () => F.conv2d(R(1, 1, 2, 6, 6), W(2, 2, 2, 3, 3), { stride: 2, padding: "same" }), py: "r = F.conv2d(R(1, 1, 2, 6, 6), R(2, 2, 2, 3, 3), stride=2, padding='same')" },
  { name: "conv2d invalid padding string", ts: () => F.conv2d(R(1, 1, 2, 6, 6), W(2, 2, 2, 3, 3), { padding: "full" as "same" }), py: "r = F.conv2d(R(1, 1, 2, 6, 6), R(2, 2, 2, 3, 3), padding='full')" },
  { name: "conv2d channels mismatch", ts: () => F.conv2d(R(1, 1, 3, 6, 6), W(2, 2, 2, 3, 3)), py: "r = F.conv2d(R(1, 1, 3, 6, 6), R(2, 2, 2, 3, 3))" },
  { name: "conv1d kernel larger than input", ts: () => F.conv1d(R(1, 1, 2, 2), W(2, 2, 2, 3)), py: "r = F.conv1d(R(1, 1, 2, 2), R(2, 2, 2, 3))" },
  { name: "conv2d 5-d input", ts: () => F.conv2d(R(1, 1, 2, 2, 6, 6), W(2, 2, 2, 3, 3)), py: "r = F.conv2d(R(1, 1, 2, 2, 6, 6), R(2, 2, 2, 3, 3))" },
  { name: "conv_transpose2d output_padding too large", ts: () => F.conv_transpose2d(R(1, 1, 2, 3, 3), W(2, 2, 3, 3, 3), { output_padding: 1 }), py: "r = F.conv_transpose2d(R(1, 1, 2, 3, 3), R(2, 2, 3, 3, 3), output_padding=1)" },
];

describe("F.conv* and F.conv_transpose* against Python", () => {
  let expected: ReturnType<typeof pythonResults>;
  beforeAll(() => {
    expected = pythonResults(functional, PRELUDE);
  });
  functional.forEach((c, i) => it(c.name, () => expectSame(c, expected[i])));

  // The generated binder's wording differs from Python's argument parser here (not this file's
  // code): it prints the defaults of int[2] parameters as [1,1] where Python prints 1, and for
  // an op of several overloads it names an unknown keyword where Python lists the signatures.
  // The class is Python's; the message is checked to name the function.
  it.each([
    ["missing weight", () => call(F.conv2d, R(1, 1, 2, 6, 6)), "r = F.conv2d(R(1, 1, 2, 6, 6))"],
    ["unknown keyword", () => call(F.conv2d, R(1, 1, 2, 6, 6), W(2, 2, 2, 3, 3), { pad: 1 }), "r = F.conv2d(R(1, 1, 2, 6, 6), R(2, 2, 2, 3, 3), pad=1)"],
  ] as const)("conv2d %s: Python's TypeError (the binder's wording)", (_, ts, py) => {
    const [expectedError] = pythonResults([{ name: "", ts, py }], PRELUDE);
    expect(expectedError).toMatchObject({ kind: "error", type: "TypeError" });
    expect(ts).toThrow(torch.TypeError);
    expect(ts).toThrow(/^conv2d\(\) /);
  });
});

// ---- bad arguments: Python's class and message ----

interface ErrorCase {
  name: string;
  ts: () => unknown;
  /** Python statements that raise. */
  py: string;
  /** The module printout that forward's errors carry in front of Python's message. */
  module?: string;
}

const errors: ErrorCase[] = [
  { name: "groups not dividing in_channels", ts: () => c2(4, 4, 3, { groups: 3 }), py: "nn.Conv2d(4, 4, 3, groups=3)" },
  { name: "groups not dividing out_channels", ts: () => c1(4, 6, 3, { groups: 4 }), py: "nn.Conv1d(4, 6, 3, groups=4)" },
  { name: "groups 0", ts: () => c3(4, 4, 3, { groups: 0 }), py: "nn.Conv3d(4, 4, 3, groups=0)" },
  { name: "ConvTranspose groups negative", ts: () => t2(4, 4, 3, { groups: -2 }), py: "nn.ConvTranspose2d(4, 4, 3, groups=-2)" },
  { name: "invalid padding string", ts: () => c2(4, 4, 3, { padding: "full" }), py: "nn.Conv2d(4, 4, 3, padding='full')" },
  { name: "padding='same' strided", ts: () => c2(4, 4, 3, { stride: [1, 2], padding: "same" }), py: "nn.Conv2d(4, 4, 3, stride=(1, 2), padding='same')" },
  { name: "invalid padding_mode", ts: () => c1(4, 4, 3, { padding_mode: "mirror" }), py: "nn.Conv1d(4, 4, 3, padding_mode='mirror')" },
  { name: "ConvTranspose padding_mode", ts: () => t3(4, 4, 3, { padding_mode: "reflect" }), py: "nn.ConvTranspose3d(4, 4, 3, padding_mode='reflect')" },
  { name: "ConvTranspose padding_mode before groups", ts: () => t1(4, 4, 3, { padding_mode: "circular", groups: 3 }), py: "nn.ConvTranspose1d(4, 4, 3, padding_mode='circular', groups=3)" },
  { name: "missing kernel_size", ts: () => c2(4, 4), py: "nn.Conv2d(4, 4)" },
  { name: "missing everything", ts: () => t2(), py: "nn.ConvTranspose2d()" },
  { name: "unknown option", ts: () => c2(4, 4, 3, { padding_modes: "zeros" }), py: "nn.Conv2d(4, 4, 3, padding_modes='zeros')" },
  { name: "stride both positional and by name", ts: () => t1(4, 4, 3, 1, { stride: 2 }), py: "nn.ConvTranspose1d(4, 4, 3, 1, stride=2)" },
  { name: "too many arguments", ts: () => c1(1, 1, 1, 1, 0, 1, 1, true, "zeros", null, null, 5), py: "nn.Conv1d(1, 1, 1, 1, 0, 1, 1, True, 'zeros', None, None, 5)" },
  // forward
  { name: "forward channel mismatch", module: "Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1))", ts: () => c2(3, 4, 3).forward(R(1, 1, 2, 8, 8)), py: "nn.Conv2d(3, 4, 3)(R(1, 1, 2, 8, 8))" },
  { name: "forward input too small", module: "Conv1d(2, 2, kernel_size=(5,), stride=(1,))", ts: () => c1(2, 2, 5).forward(R(1, 1, 2, 3)), py: "nn.Conv1d(2, 2, 5)(R(1, 1, 2, 3))" },
  { name: "forward wrong rank", module: "Conv3d(2, 2, kernel_size=(1, 1, 1), stride=(1, 1, 1))", ts: () => c3(2, 2, 1).forward(R(1, 2, 3, 3)), py: "nn.Conv3d(2, 2, 1)(R(1, 2, 3, 3))" },
  { name: "forward reflect padding too large", module: "Conv1d(1, 1, kernel_size=(3,), stride=(1,), padding=(4,), padding_mode=reflect)", ts: () => c1(1, 1, 3, { padding: 4, padding_mode: "reflect" }).forward(R(1, 1, 1, 4)), py: "nn.Conv1d(1, 1, 3, padding=4, padding_mode='reflect')(R(1, 1, 1, 4))" },
  { name: "output_size out of range", module: "ConvTranspose2d(2, 2, kernel_size=(3, 3), stride=(2, 2))", ts: () => (t2(2, 2, 3, { stride: 2 }) as InstanceType<typeof nn.ConvTranspose2d>).forward(R(1, 1, 2, 4, 4), [20, 20]), py: "nn.ConvTranspose2d(2, 2, 3, stride=2)(R(1, 1, 2, 4, 4), [20, 20])" },
  { name: "output_size too small", module: "ConvTranspose1d(2, 2, kernel_size=(3,), stride=(3,), padding=(1,))", ts: () => (t1(2, 2, 3, { stride: 3, padding: 1 }) as InstanceType<typeof nn.ConvTranspose1d>).forward(R(1, 2, 4), { output_size: [2] }), py: "nn.ConvTranspose1d(2, 2, 3, stride=3, padding=1)(R(1, 2, 4), output_size=[2])" },
  { name: "output_size of the wrong length", module: "ConvTranspose2d(2, 2, kernel_size=(3, 3), stride=(2, 2))", ts: () => (t2(2, 2, 3, { stride: 2 }) as InstanceType<typeof nn.ConvTranspose2d>).forward(R(1, 1, 2, 4, 4), [1, 20, 20]), py: "nn.ConvTranspose2d(2, 2, 3, stride=2)(R(1, 1, 2, 4, 4), [1, 20, 20])" },
  { name: "output_size of the wrong length, unbatched", module: "ConvTranspose3d(2, 2, kernel_size=(1, 1, 1), stride=(1, 1, 1))", ts: () => (t3(2, 2, 1) as InstanceType<typeof nn.ConvTranspose3d>).forward(R(1, 2, 2, 2, 2), [1, 2]), py: "nn.ConvTranspose3d(2, 2, 1)(R(1, 2, 2, 2, 2), [1, 2])" },
  { name: "forward unknown keyword", ts: () => { const m = t1(2, 2, 3) as InstanceType<typeof nn.ConvTranspose1d>; return call((...a) => m.forward(...(a as [T])), R(1, 2, 4), { size: [6] }); }, py: "nn.ConvTranspose1d(2, 2, 3)(R(1, 2, 4), size=[6])" },
];

describe("bad arguments raise Python's exception class and message", () => {
  let expected: ReturnType<typeof pythonResults>;
  beforeAll(() => {
    expected = pythonResults(errors.map((c) => ({ name: c.name, ts: c.ts, py: `${c.py}\nr = None` }) as Case), PRELUDE);
  });
  errors.forEach((c, i) =>
    it(c.name, () => {
      const [raised, pyMessage] = raisedLikePython(c.ts, expected[i], c.py);
      const message = sortSets(pyMessage);
      expect(sortSets(raised)).toBe(c.module ? `${c.module}: ${message}` : message);
    }),
  );

  it("the classes are torchts's: ValueError for arguments, TypeError for binding", () => {
    expect(() => c2(4, 4, 3, { groups: 3 })).toThrow(torch.ValueError);
    expect(() => c2(4, 4)).toThrow(torch.TypeError);
    expect(() => c2(3, 4, 3).forward(R(1, 1, 2, 8, 8))).toThrow(torch.RuntimeError);
  });
});

// ---- reset_parameters, attributes, and the 60-minute blitz's LeNet ----

class Net extends nn.Module {
  conv1 = new nn.Conv2d(1, 6, 5);
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);

  forward(input: T): T {
    const c1 = F.relu(this.conv1.forward(input));
    const s2 = torch.max_pool2d(c1, [2, 2]);
    const c3 = F.relu(this.conv2.forward(s2));
    const s4 = torch.flatten(torch.max_pool2d(c3, 2), 1);
    const f5 = F.relu(this.fc1.forward(s4));
    const f6 = F.relu(this.fc2.forward(f5));
    return this.fc3.forward(f6);
  }
}

const PY_MISC = `
from torch import nn
import torch.nn.functional as F
out = {}
torch.manual_seed(0); m = nn.Conv2d(3, 4, 3); torch.manual_seed(1); m.reset_parameters()
torch.manual_seed(2); t = nn.ConvTranspose1d(4, 6, 2, groups=2); torch.manual_seed(3); t.reset_parameters()
out["reset"] = [m.weight.tolist(), m.bias.tolist(), t.weight.tolist(), t.bias.tolist()]
out["attrs"] = [[list(c._reversed_padding_repeated_twice), c.padding if isinstance(c.padding, str) else list(c.padding), list(c.output_padding), c.transposed] for c in [
    nn.Conv3d(1, 1, (1, 2, 3), padding="same", dilation=(1, 2, 3)), nn.Conv2d(1, 1, 3, padding=(1, 2)),
    nn.Conv1d(1, 1, 4, padding="valid"), nn.ConvTranspose2d(1, 1, 3, output_padding=(0, 1), stride=2)]]
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
    def forward(self, input):
        c1 = F.relu(self.conv1(input))
        s2 = F.max_pool2d(c1, (2, 2))
        c3 = F.relu(self.conv2(s2))
        s4 = torch.flatten(F.max_pool2d(c3, 2), 1)
        f5 = F.relu(self.fc1(s4))
        f6 = F.relu(self.fc2(f5))
        return self.fc3(f6)
torch.manual_seed(0)
net = Net()
out["str"] = str(net)
out["keys"] = list(net.state_dict().keys())
out["nparams"] = sum(p.numel() for p in net.parameters())
optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
criterion = nn.MSELoss()
losses = []
for step in range(5):
    input = torch.randn(4, 1, 32, 32)
    target = torch.randn(4, 10)
    optimizer.zero_grad()
    loss = criterion(net(input), target)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
out["losses"] = losses
out["conv1_after"] = net.conv1.weight.sum().item()
print(json.dumps(out))
`;
const miscResults = pythonJsonAsync<Record<string, unknown>>(PY_MISC);

describe("reset_parameters, attributes, and LeNet trained as in Python", () => {
  let py: Record<string, unknown>;
  beforeAll(async () => {
    py = await miscResults;
  });

  it("reset_parameters() redraws as Python's does", () => {
    torch.manual_seed(0);
    const m = new nn.Conv2d(3, 4, 3);
    torch.manual_seed(1);
    m.reset_parameters();
    torch.manual_seed(2);
    const t = new nn.ConvTranspose1d(4, 6, 2, { groups: 2 });
    torch.manual_seed(3);
    t.reset_parameters();
    expect([m.weight.tolist(), m.bias!.tolist(), t.weight.tolist(), t.bias!.tolist()]).toStrictEqual(py.reset);
  });

  it("_reversed_padding_repeated_twice, padding, output_padding and transposed are Python's", () => {
    const convs = [
      new nn.Conv3d(1, 1, [1, 2, 3], { padding: "same", dilation: [1, 2, 3] }), new nn.Conv2d(1, 1, 3, { padding: [1, 2] }),
      new nn.Conv1d(1, 1, 4, { padding: "valid" }), new nn.ConvTranspose2d(1, 1, 3, { output_padding: [0, 1], stride: 2 }),
    ];
    expect(convs.map((c) => [c._reversed_padding_repeated_twice, c.padding, c.output_padding, c.transposed])).toStrictEqual(py.attrs);
  });

  it("LeNet: same printout, state_dict keys, and losses over 5 SGD steps", () => {
    torch.manual_seed(0);
    const net = new Net();
    expect(String(net)).toBe(py.str);
    expect(Object.keys(net.state_dict())).toStrictEqual(py.keys);
    expect([...net.parameters()].reduce((n, p) => n + p.numel(), 0)).toBe(py.nparams);
    const optimizer = new torch.optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.9 });
    const criterion = new nn.MSELoss();
    const losses: number[] = [];
    for (let step = 0; step < 5; step++) {
      const input = torch.randn(4, 1, 32, 32);
      const target = torch.randn(4, 10);
      optimizer.zero_grad();
      const loss = criterion.forward(net.forward(input), target);
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
    }
    const expected = py.losses as number[];
    losses.forEach((l, i) => expect(Math.abs(l - expected[i]), `step ${i}: ${l} vs ${expected[i]}`).toBeLessThanOrEqual(1e-6 * Math.abs(expected[i])));
    expect(Math.abs(net.conv1.weight.sum().item() - (py.conv1_after as number))).toBeLessThanOrEqual(1e-5);
  });
});
