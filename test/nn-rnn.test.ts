// The recurrent layers (nn.RNN, nn.LSTM, nn.GRU, the cells) and nn.utils.rnn against Python
// torch 2.11 on the same LibTorch, fp32 on the CPU. Tolerance: none. Parameters after the same
// manual_seed, outputs, final states and the gradients of the input, the initial states and
// every parameter are compared for exact (bitwise) equality, dropout between layers included;
// the same kernels run on both sides in the same order.
import { describe, expect, expectTypeOf, it, vi } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";
import { pythonJson } from "./helpers/python";

const { nn } = torch;
const U = torch.nn.utils.rnn;
type T = InstanceType<typeof torch.Tensor>;
type Mod = InstanceType<typeof nn.Module>;

// ---- one harness, both languages ----

interface Config {
  name: string;
  /** The module, in Python (evaluated with `nn` = torch.nn) and in TS. */
  py: string;
  ts: () => Mod;
  kind: "RNN" | "GRU" | "LSTM" | "RNNCell" | "GRUCell" | "LSTMCell";
  seed: number;
  /** Input shape ((T, B, in), (B, T, in) with batch_first, (T, in) unbatched; cells: steps first). */
  shape: number[];
  /** Shapes of the initial states (one for RNN/GRU/cells, two for LSTM); none: defaults. */
  hx?: number[][];
  eval?: boolean;
  packed?: { lengths: number[]; batch_first: boolean; enforce_sorted: boolean; total_length?: number };
  /** Cast the module and the inputs to float64 first (checks _apply and _flat_weights). */
  double?: boolean;
}

interface Report {
  repr: string;
  keys: string[];
  params: Record<string, unknown>;
  out: unknown;
  states: unknown[];
  grads: Record<string, unknown>;
  packed?: Record<string, unknown>;
}

const PY_HARNESS = `
import sys
from torch import nn
from torch.nn.utils import rnn as U
L = lambda t: None if t is None else t.tolist()
out_all = []
for cfg in json.load(sys.stdin):
    torch.manual_seed(cfg["seed"])
    m = eval(cfg["py"])
    if cfg.get("double"):
        m.double()
    if cfg.get("eval"):
        m.eval()
    params = {n: L(p) for n, p in m.named_parameters()}
    dt = torch.float64 if cfg.get("double") else torch.float32
    torch.manual_seed(cfg["seed"] + 1)
    x = torch.randn(*cfg["shape"], dtype=dt, requires_grad=True)
    hx = [torch.randn(*s, dtype=dt, requires_grad=True) for s in cfg["hx"]] if cfg.get("hx") else None
    kind = cfg["kind"]
    pair = kind in ("LSTM", "LSTMCell")
    state = None if hx is None else (tuple(hx) if pair else hx[0])
    torch.manual_seed(cfg["seed"] + 2)
    packed_info = None
    if kind.endswith("Cell"):
        outs = []
        for t in range(x.shape[0]):
            state = m(x.select(0, t), state) if state is not None else m(x.select(0, t))
            outs.append(state[0] if pair else state)
        out = torch.stack(outs)
        states = list(state) if pair else [state]
    else:
        inp = x
        p = cfg.get("packed")
        if p:
            inp = U.pack_padded_sequence(x, p["lengths"], batch_first=p["batch_first"], enforce_sorted=p["enforce_sorted"])
        out, hidden = m(inp, state) if state is not None else m(inp)
        states = list(hidden) if pair else [hidden]
        if p:
            packed_info = {"data": L(out.data), "batch_sizes": L(out.batch_sizes), "sorted_indices": L(out.sorted_indices),
                           "unsorted_indices": L(out.unsorted_indices), "in_data": L(inp.data)}
            out, lengths = U.pad_packed_sequence(out, batch_first=p["batch_first"], total_length=p.get("total_length"))
            packed_info["lengths"] = L(lengths)
    torch.manual_seed(cfg["seed"] + 3)
    loss = sum((t * torch.randn_like(t)).sum() for t in [out] + states)
    loss.backward()
    grads = {"input": L(x.grad)}
    for i, h in enumerate(hx or []):
        grads[f"hx{i}"] = L(h.grad)
    for n, p in m.named_parameters():
        grads[n] = L(p.grad)
    r = {"repr": str(m), "keys": list(m.state_dict().keys()), "params": params, "out": L(out),
         "states": [L(s) for s in states], "grads": grads}
    if packed_info is not None:
        r["packed"] = packed_info
    out_all.append(r)
print(json.dumps(out_all))
`;

const L = (t: T | null): unknown => (t === null ? null : t.tolist());

function runTs(cfg: Config): Report {
  torch.manual_seed(cfg.seed);
  const m = cfg.ts();
  if (cfg.double) m.double();
  if (cfg.eval) m.eval();
  const params: Record<string, unknown> = {};
  for (const [n, p] of m.named_parameters()) params[n] = L(p);
  const dt = cfg.double ? torch.float64 : torch.float32;
  torch.manual_seed(cfg.seed + 1);
  const x = torch.randn(cfg.shape, { dtype: dt, requires_grad: true });
  const hx = cfg.hx ? cfg.hx.map((s) => torch.randn(s, { dtype: dt, requires_grad: true })) : null;
  const pair = cfg.kind === "LSTM" || cfg.kind === "LSTMCell";
  torch.manual_seed(cfg.seed + 2);
  let out: T;
  let states: T[];
  let packed: Record<string, unknown> | undefined;
  if (cfg.kind.endsWith("Cell")) {
    const outs: T[] = [];
    let state: T | [T, T] | null = hx === null ? null : pair ? [hx[0], hx[1]] : hx[0];
    for (let t = 0; t < x.shape[0]; t++) {
      if (pair) {
        state = (m as InstanceType<typeof nn.LSTMCell>).forward(x.select(0, t), state as [T, T] | null);
        outs.push(state[0]);
      } else {
        state = (m as InstanceType<typeof nn.GRUCell>).forward(x.select(0, t), state as T | null);
        outs.push(state);
      }
    }
    out = torch.stack(outs);
    states = pair ? [...(state as [T, T])] : [state as T];
  } else {
    const p = cfg.packed;
    const input = p ? U.pack_padded_sequence(x, p.lengths, { batch_first: p.batch_first, enforce_sorted: p.enforce_sorted }) : x;
    if (cfg.kind === "LSTM") {
      const lstm = m as InstanceType<typeof nn.LSTM>;
      const h0 = hx === null ? null : ([hx[0], hx[1]] as [T, T]);
      if (input instanceof U.PackedSequence) {
        const [o, [h, c]] = lstm.forward(input, h0);
        [out, packed] = unpackOutput(o, input, p!);
        states = [h, c];
      } else {
        const [o, [h, c]] = h0 === null ? lstm.forward(input) : lstm.forward(input, h0);
        out = o;
        states = [h, c];
      }
    } else {
      const rnn = m as InstanceType<typeof nn.GRU>;
      const h0 = hx === null ? null : hx[0];
      if (input instanceof U.PackedSequence) {
        const [o, h] = rnn.forward(input, h0);
        [out, packed] = unpackOutput(o, input, p!);
        states = [h];
      } else {
        const [o, h] = h0 === null ? rnn.forward(input) : rnn.forward(input, h0);
        out = o;
        states = [h];
      }
    }
  }
  torch.manual_seed(cfg.seed + 3);
  let loss: T | null = null;
  for (const t of [out, ...states]) {
    const term = t.mul(torch.randn_like(t)).sum();
    loss = loss === null ? term : loss.add(term);
  }
  loss!.backward();
  const grads: Record<string, unknown> = { input: L(x.grad) };
  (hx ?? []).forEach((h, i) => (grads[`hx${i}`] = L(h.grad)));
  for (const [n, p] of m.named_parameters()) grads[n] = L(p.grad);
  const report: Report = {
    repr: String(m),
    keys: Object.keys(m.state_dict()),
    params,
    out: L(out),
    states: states.map(L),
    grads,
  };
  if (packed) report.packed = packed;
  return report;
}

function unpackOutput(
  o: InstanceType<typeof U.PackedSequence>,
  input: InstanceType<typeof U.PackedSequence>,
  p: NonNullable<Config["packed"]>,
): [T, Record<string, unknown>] {
  const info: Record<string, unknown> = {
    data: L(o.data),
    batch_sizes: L(o.batch_sizes),
    sorted_indices: L(o.sorted_indices),
    unsorted_indices: L(o.unsorted_indices),
    in_data: L(input.data),
  };
  const [padded, lengths] = U.pad_packed_sequence(o, { batch_first: p.batch_first, total_length: p.total_length ?? null });
  info.lengths = L(lengths);
  return [padded, info];
}

/** Compares two reports field by field (exact), so that a failure names what differs. */
function expectSameReport(actual: Report, expected: Report): void {
  expect(actual.repr).toBe(expected.repr);
  expect(actual.keys).toStrictEqual(expected.keys);
  expect(Object.keys(actual.params)).toStrictEqual(Object.keys(expected.params));
  for (const k of Object.keys(expected.params)) expect(actual.params[k], `parameter ${k}`).toStrictEqual(expected.params[k]);
  expect(actual.out, "output").toStrictEqual(expected.out);
  expect(actual.states, "final states").toStrictEqual(expected.states);
  expect(Object.keys(actual.grads)).toStrictEqual(Object.keys(expected.grads));
  for (const k of Object.keys(expected.grads)) expect(actual.grads[k], `gradient of ${k}`).toStrictEqual(expected.grads[k]);
  expect(actual.packed, "packed sequence").toStrictEqual(expected.packed);
}

const configs: Config[] = [
  // LSTM
  { name: "LSTM 1 layer", py: "nn.LSTM(4, 6)", ts: () => new nn.LSTM(4, 6), kind: "LSTM", seed: 1, shape: [5, 3, 4] },
  { name: "LSTM 1 layer with (h0, c0)", py: "nn.LSTM(4, 6)", ts: () => new nn.LSTM(4, 6), kind: "LSTM", seed: 2, shape: [5, 3, 4], hx: [[1, 3, 6], [1, 3, 6]] },
  { name: "LSTM 2 layers", py: "nn.LSTM(4, 6, 2)", ts: () => new nn.LSTM(4, 6, 2), kind: "LSTM", seed: 3, shape: [5, 3, 4], hx: [[2, 3, 6], [2, 3, 6]] },
  {
    name: "LSTM 2 layers bidirectional batch_first",
    py: "nn.LSTM(4, 6, num_layers=2, batch_first=True, bidirectional=True)",
    ts: () => new nn.LSTM(4, 6, { num_layers: 2, batch_first: true, bidirectional: true }),
    kind: "LSTM", seed: 4, shape: [3, 5, 4], hx: [[4, 3, 6], [4, 3, 6]],
  },
  { name: "LSTM proj_size", py: "nn.LSTM(4, 6, proj_size=3)", ts: () => new nn.LSTM(4, 6, { proj_size: 3 }), kind: "LSTM", seed: 5, shape: [5, 2, 4] },
  {
    name: "LSTM proj_size 2 layers bidirectional with states",
    py: "nn.LSTM(4, 6, 2, True, False, 0.0, True, 3)",
    ts: () => new nn.LSTM(4, 6, 2, true, false, 0.0, true, 3),
    kind: "LSTM", seed: 6, shape: [5, 2, 4], hx: [[4, 2, 3], [4, 2, 6]],
  },
  { name: "LSTM no bias", py: "nn.LSTM(4, 6, bias=False)", ts: () => new nn.LSTM(4, 6, { bias: false }), kind: "LSTM", seed: 7, shape: [4, 2, 4] },
  { name: "LSTM unbatched", py: "nn.LSTM(4, 6, 2)", ts: () => new nn.LSTM(4, 6, 2), kind: "LSTM", seed: 8, shape: [5, 4] },
  { name: "LSTM unbatched with states", py: "nn.LSTM(4, 6, batch_first=True)", ts: () => new nn.LSTM(4, 6, { batch_first: true }), kind: "LSTM", seed: 9, shape: [5, 4], hx: [[1, 6], [1, 6]] },
  { name: "LSTM eval mode", py: "nn.LSTM(4, 6, 2, dropout=0.5)", ts: () => new nn.LSTM(4, 6, 2, { dropout: 0.5 }), kind: "LSTM", seed: 10, shape: [5, 3, 4], eval: true },
  { name: "LSTM float64 (module.double())", py: "nn.LSTM(4, 6, 2, bidirectional=True)", ts: () => new nn.LSTM(4, 6, 2, { bidirectional: true }), kind: "LSTM", seed: 11, shape: [5, 3, 4], double: true },
  // dropout between layers, in training mode: the kernel draws from the same generator
  { name: "LSTM dropout between layers (train)", py: "nn.LSTM(4, 6, 3, dropout=0.5)", ts: () => new nn.LSTM(4, 6, 3, { dropout: 0.5 }), kind: "LSTM", seed: 12, shape: [5, 3, 4] },
  {
    name: "LSTM dropout bidirectional batch_first (train)",
    py: "nn.LSTM(4, 6, 2, batch_first=True, dropout=0.3, bidirectional=True)",
    ts: () => new nn.LSTM(4, 6, 2, { batch_first: true, dropout: 0.3, bidirectional: true }),
    kind: "LSTM", seed: 13, shape: [3, 5, 4],
  },
  { name: "GRU dropout between layers (train)", py: "nn.GRU(4, 6, 2, dropout=0.4)", ts: () => new nn.GRU(4, 6, 2, { dropout: 0.4 }), kind: "GRU", seed: 14, shape: [5, 3, 4] },
  { name: "RNN dropout between layers (train)", py: "nn.RNN(4, 6, 2, dropout=0.4)", ts: () => new nn.RNN(4, 6, 2, { dropout: 0.4 }), kind: "RNN", seed: 15, shape: [5, 3, 4] },
  // GRU
  { name: "GRU 1 layer", py: "nn.GRU(4, 6)", ts: () => new nn.GRU(4, 6), kind: "GRU", seed: 20, shape: [5, 3, 4] },
  { name: "GRU 2 layers with h0", py: "nn.GRU(4, 6, 2)", ts: () => new nn.GRU(4, 6, 2), kind: "GRU", seed: 21, shape: [5, 3, 4], hx: [[2, 3, 6]] },
  {
    name: "GRU bidirectional batch_first",
    py: "nn.GRU(4, 6, num_layers=2, batch_first=True, bidirectional=True)",
    ts: () => new nn.GRU(4, 6, { num_layers: 2, batch_first: true, bidirectional: true }),
    kind: "GRU", seed: 22, shape: [3, 5, 4], hx: [[4, 3, 6]],
  },
  { name: "GRU unbatched with h0", py: "nn.GRU(4, 6, 2)", ts: () => new nn.GRU(4, 6, 2), kind: "GRU", seed: 23, shape: [5, 4], hx: [[2, 6]] },
  { name: "GRU no bias", py: "nn.GRU(4, 6, bias=False)", ts: () => new nn.GRU(4, 6, { bias: false }), kind: "GRU", seed: 24, shape: [5, 2, 4] },
  // RNN
  { name: "RNN tanh", py: "nn.RNN(4, 6)", ts: () => new nn.RNN(4, 6), kind: "RNN", seed: 30, shape: [5, 3, 4] },
  { name: "RNN relu positional", py: "nn.RNN(4, 6, 2, 'relu')", ts: () => new nn.RNN(4, 6, 2, "relu"), kind: "RNN", seed: 31, shape: [5, 3, 4], hx: [[2, 3, 6]] },
  {
    name: "RNN relu bidirectional batch_first",
    py: "nn.RNN(4, 6, num_layers=2, nonlinearity='relu', batch_first=True, bidirectional=True)",
    ts: () => new nn.RNN(4, 6, { num_layers: 2, nonlinearity: "relu", batch_first: true, bidirectional: true }),
    kind: "RNN", seed: 32, shape: [3, 5, 4],
  },
  { name: "RNN unbatched", py: "nn.RNN(4, 6)", ts: () => new nn.RNN(4, 6), kind: "RNN", seed: 33, shape: [5, 4], hx: [[1, 6]] },
  // packed sequences: pack_padded_sequence -> layer -> pad_packed_sequence
  {
    name: "LSTM packed (sorted)",
    py: "nn.LSTM(4, 6, 2)", ts: () => new nn.LSTM(4, 6, 2), kind: "LSTM", seed: 40, shape: [5, 3, 4],
    packed: { lengths: [5, 3, 2], batch_first: false, enforce_sorted: true },
  },
  {
    name: "LSTM packed (unsorted, batch_first, bidirectional, with states)",
    py: "nn.LSTM(4, 6, 2, batch_first=True, bidirectional=True)",
    ts: () => new nn.LSTM(4, 6, 2, { batch_first: true, bidirectional: true }),
    kind: "LSTM", seed: 41, shape: [4, 5, 4], hx: [[4, 4, 6], [4, 4, 6]],
    packed: { lengths: [2, 5, 1, 4], batch_first: true, enforce_sorted: false },
  },
  {
    name: "LSTM packed with proj_size and total_length",
    py: "nn.LSTM(4, 6, proj_size=2)", ts: () => new nn.LSTM(4, 6, { proj_size: 2 }), kind: "LSTM", seed: 42, shape: [5, 3, 4],
    packed: { lengths: [3, 5, 3], batch_first: false, enforce_sorted: false, total_length: 7 },
  },
  {
    name: "LSTM packed with dropout (train)",
    py: "nn.LSTM(4, 6, 2, dropout=0.5)", ts: () => new nn.LSTM(4, 6, 2, { dropout: 0.5 }), kind: "LSTM", seed: 43, shape: [5, 3, 4],
    packed: { lengths: [4, 5, 2], batch_first: false, enforce_sorted: false },
  },
  {
    name: "GRU packed (unsorted, with h0)",
    py: "nn.GRU(4, 6, 2, bidirectional=True)", ts: () => new nn.GRU(4, 6, 2, { bidirectional: true }), kind: "GRU", seed: 44, shape: [5, 3, 4], hx: [[4, 3, 6]],
    packed: { lengths: [2, 5, 3], batch_first: false, enforce_sorted: false },
  },
  {
    name: "RNN packed (batch_first)",
    py: "nn.RNN(4, 6, nonlinearity='relu', batch_first=True)", ts: () => new nn.RNN(4, 6, { nonlinearity: "relu", batch_first: true }), kind: "RNN", seed: 45, shape: [3, 5, 4],
    packed: { lengths: [5, 4, 4], batch_first: true, enforce_sorted: true },
  },
  // cells, stepped over time
  { name: "LSTMCell", py: "nn.LSTMCell(4, 6)", ts: () => new nn.LSTMCell(4, 6), kind: "LSTMCell", seed: 50, shape: [3, 2, 4] },
  { name: "LSTMCell with (h, c)", py: "nn.LSTMCell(4, 6)", ts: () => new nn.LSTMCell(4, 6), kind: "LSTMCell", seed: 51, shape: [3, 2, 4], hx: [[2, 6], [2, 6]] },
  { name: "LSTMCell unbatched no bias", py: "nn.LSTMCell(4, 6, bias=False)", ts: () => new nn.LSTMCell(4, 6, { bias: false }), kind: "LSTMCell", seed: 52, shape: [3, 4], hx: [[6], [6]] },
  { name: "GRUCell", py: "nn.GRUCell(4, 6)", ts: () => new nn.GRUCell(4, 6), kind: "GRUCell", seed: 53, shape: [3, 2, 4], hx: [[2, 6]] },
  { name: "GRUCell unbatched", py: "nn.GRUCell(4, 6, False)", ts: () => new nn.GRUCell(4, 6, false), kind: "GRUCell", seed: 54, shape: [3, 4] },
  { name: "RNNCell tanh", py: "nn.RNNCell(4, 6)", ts: () => new nn.RNNCell(4, 6), kind: "RNNCell", seed: 55, shape: [3, 2, 4] },
  { name: "RNNCell relu with h", py: "nn.RNNCell(4, 6, nonlinearity='relu')", ts: () => new nn.RNNCell(4, 6, { nonlinearity: "relu" }), kind: "RNNCell", seed: 56, shape: [3, 2, 4], hx: [[2, 6]] },
];

describe("recurrent layers against Python: parameters, state_dict, outputs, states and gradients (exact)", () => {
  const expected = pythonJson<Report[]>(
    PY_HARNESS,
    JSON.stringify(configs.map(({ ts: _ts, name: _name, ...rest }) => rest)),
  );
  it.each(configs.map((c, i) => [c.name, c, i] as const))("%s", (_name, cfg, i) => {
    expectSameReport(runTs(cfg), expected[i]);
  });

  it("dropout in training mode draws: two seeds differ, the same seed repeats", () => {
    const run = (seed: number): unknown => {
      torch.manual_seed(0);
      const m = new nn.LSTM(4, 6, 3, { dropout: 0.5 });
      const x = torch.ones(5, 2, 4);
      torch.manual_seed(seed);
      return m.forward(x)[0].tolist();
    };
    expect(run(1)).toStrictEqual(run(1));
    expect(run(1)).not.toStrictEqual(run(2));
  });
});

// ---- construction, printing, state_dict, all_weights ----

describe("construction as Python's", () => {
  const structure = pythonJson<Record<string, { repr: string; keys: string[]; shapes: number[][]; all_weights: number[][][] }>>(`
from torch import nn
ms = {
  "lstm": nn.LSTM(128, 256, num_layers=2, batch_first=True, dropout=0.2),
  "lstm_proj": nn.LSTM(10, 20, 2, bias=False, bidirectional=True, proj_size=5),
  "gru": nn.GRU(3, 4, 3, dropout=1),
  "rnn": nn.RNN(3, 4, nonlinearity="relu", bias=False),
  "rnn_cell": nn.RNNCell(3, 4, False, "relu"),
  "lstm_cell": nn.LSTMCell(3, 4),
  "gru_cell": nn.GRUCell(3, 4, bias=False),
}
def aw(m):
    return [[list(w.shape) for w in ws] for ws in m.all_weights] if hasattr(m, "all_weights") else []
print(json.dumps({k: {"repr": str(m), "keys": list(m.state_dict().keys()), "shapes": [list(p.shape) for p in m.parameters()],
                      "all_weights": aw(m)} for k, m in ms.items()}))
`);
  const made: Record<string, () => Mod> = {
    lstm: () => new nn.LSTM(128, 256, { num_layers: 2, batch_first: true, dropout: 0.2 }),
    lstm_proj: () => new nn.LSTM(10, 20, 2, { bias: false, bidirectional: true, proj_size: 5 }),
    gru: () => new nn.GRU(3, 4, 3, { dropout: 1 }),
    rnn: () => new nn.RNN(3, 4, { nonlinearity: "relu", bias: false }),
    rnn_cell: () => new nn.RNNCell(3, 4, false, "relu"),
    lstm_cell: () => new nn.LSTMCell(3, 4),
    gru_cell: () => new nn.GRUCell(3, 4, { bias: false }),
  };
  it.each(Object.keys(made))("%s: printing, state_dict keys, parameter shapes, all_weights", (key) => {
    const m = made[key]();
    const e = structure[key];
    expect(String(m)).toBe(e.repr);
    expect(Object.keys(m.state_dict())).toStrictEqual(e.keys);
    expect([...m.parameters()].map((p) => p.shape)).toStrictEqual(e.shapes);
    const aw = "all_weights" in m ? (m as InstanceType<typeof nn.LSTM>).all_weights.map((ws) => ws.map((w) => w.shape)) : [];
    expect(aw).toStrictEqual(e.all_weights);
  });

  it("prints as Python inside a model", () => {
    expect(String(new nn.LSTM(128, 256, { num_layers: 2, batch_first: true, dropout: 0.2 }))).toBe(
      "LSTM(128, 256, num_layers=2, batch_first=True, dropout=0.2)",
    );
    class Net extends nn.Module {
      rnn = new nn.GRU(3, 4);
      forward(x: T): T {
        return this.rnn.forward(x)[0];
      }
    }
    expect(String(new Net())).toBe("Net(\n  (rnn): GRU(3, 4)\n)");
  });

  it("forward has static types: [output, [h_n, c_n]] for LSTM, [output, h_n] for RNN and GRU", () => {
    type P = InstanceType<typeof U.PackedSequence>;
    const x = torch.randn(2, 1, 3);
    const m = new nn.LSTM(3, 4);
    expectTypeOf(m.forward(x)).toEqualTypeOf<[T, [T, T]]>();
    expectTypeOf(m.forward(x, [torch.zeros(1, 1, 4), torch.zeros(1, 1, 4)])).toEqualTypeOf<[T, [T, T]]>();
    const packed = U.pack_padded_sequence(x, [2]);
    expectTypeOf(m.forward(packed)).toEqualTypeOf<[P, [T, T]]>();
    expectTypeOf(new nn.GRU(3, 4).forward(x)).toEqualTypeOf<[T, T]>();
    expectTypeOf(new nn.RNN(3, 4).forward(packed, torch.zeros(1, 1, 4))).toEqualTypeOf<[P, T]>();
    expectTypeOf(new nn.LSTMCell(3, 4).forward(x.select(0, 0))).toEqualTypeOf<[T, T]>();
    expectTypeOf(new nn.GRUCell(3, 4).forward(x.select(0, 0))).toEqualTypeOf<T>();
    const [out, [h, c]] = m.forward(packed);
    expect(out).toBeInstanceOf(U.PackedSequence);
    expect([h.shape, c.shape]).toStrictEqual([[1, 1, 4], [1, 1, 4]]);
  });

  it("parameters are reachable by Python's names and are Parameters", () => {
    const m = new nn.LSTM(3, 4, { bidirectional: true, proj_size: 2 });
    expect(m.weight_ih_l0).toBeInstanceOf(nn.Parameter);
    expect(m.weight_hr_l0_reverse.shape).toStrictEqual([2, 4]);
    expect(m.bias_hh_l0_reverse.shape).toStrictEqual([16]);
    const cell = new nn.GRUCell(3, 4, false);
    expect(cell.bias_ih).toBeNull();
    expect(cell.weight_hh.shape).toStrictEqual([12, 4]);
  });

  it("assigning a weight updates what forward uses (Python's __setattr__)", () => {
    torch.manual_seed(0);
    const m = new nn.RNN(2, 3);
    const x = torch.randn(4, 1, 2);
    const before = m.forward(x)[0];
    m.weight_ih_l0 = new nn.Parameter(torch.zeros(3, 2));
    const after = m.forward(x)[0];
    expect(after.tolist()).not.toStrictEqual(before.tolist());
    expect((m as unknown as { _flat_weights: unknown[] })._flat_weights[0]).toBe(m.weight_ih_l0);
    // zero input weights: the input no longer matters
    expect(m.forward(torch.randn(4, 1, 2))[0].tolist()).toStrictEqual(after.tolist());
  });

  it("load_state_dict from a Python-shaped dict and a second module", () => {
    torch.manual_seed(1);
    const a = new nn.LSTM(3, 4, 2);
    torch.manual_seed(2);
    const b = new nn.LSTM(3, 4, 2);
    b.load_state_dict(a.state_dict());
    const x = torch.randn(2, 1, 3);
    expect(b.forward(x)[0].tolist()).toStrictEqual(a.forward(x)[0].tolist());
  });

  it("warns when dropout > 0 with one layer, as Python", () => {
    const message = pythonJson<string>(`
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    torch.nn.LSTM(3, 4, dropout=0.5)
print(json.dumps(str(w[0].message)))
`);
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      new nn.LSTM(3, 4, { dropout: 0.5 });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0][0]).toBe(message);
      expect(spy.mock.calls[0][1]).toBe("UserWarning");
    } finally {
      spy.mockRestore();
    }
  });
});

// ---- pad_sequence and packing helpers, and errors ----

const PRELUDE = `
from torch import nn
from torch.nn.utils import rnn as U
def R(s, *shape):
    torch.manual_seed(s)
    return torch.randn(*shape)
`;
const R = (seed: number, ...shape: number[]): T => (torch.manual_seed(seed), torch.randn(...shape));
const seqs = (): T[] => [R(1, 3, 2), R(2, 5, 2), R(3, 1, 2)];
const SEQS = "[R(1, 3, 2), R(2, 5, 2), R(3, 1, 2)]";

const utilsCases: Case[] = [
  { name: "pad_sequence", ts: () => U.pad_sequence(seqs()), py: `r = U.pad_sequence(${SEQS})` },
  { name: "pad_sequence batch_first", ts: () => U.pad_sequence(seqs(), true), py: `r = U.pad_sequence(${SEQS}, True)` },
  {
    name: "pad_sequence padding_value, left",
    ts: () => U.pad_sequence(seqs(), { padding_value: -1.5, padding_side: "left" }),
    py: `r = U.pad_sequence(${SEQS}, padding_value=-1.5, padding_side='left')`,
  },
  {
    name: "pad_sequence batch_first left",
    ts: () => U.pad_sequence(seqs(), true, 0, "left"),
    py: `r = U.pad_sequence(${SEQS}, True, 0, 'left')`,
  },
  { name: "pad_sequence 1-D int", ts: () => U.pad_sequence([torch.tensor([1, 2, 3]), torch.tensor([4])], { batch_first: true, padding_value: 9 }), py: "r = U.pad_sequence([torch.tensor([1, 2, 3]), torch.tensor([4])], batch_first=True, padding_value=9)" },
  { name: "pad_sequence of a tensor", ts: () => U.pad_sequence(R(4, 2, 3, 2)), py: "r = U.pad_sequence(R(4, 2, 3, 2))" },
  {
    name: "pad_sequence gradient",
    ts: () => {
      const s = seqs().map((t) => t.requires_grad_());
      U.pad_sequence(s, true, 0, "left").mul(R(9, 3, 5, 2)).sum().backward();
      return s.map((t) => t.grad!);
    },
    py: `s = [t.requires_grad_() for t in ${SEQS}]\nU.pad_sequence(s, True, 0, 'left').mul(R(9, 3, 5, 2)).sum().backward()\nr = [t.grad for t in s]`,
  },
  { name: "pad_sequence empty list", ts: () => U.pad_sequence([]), py: "r = U.pad_sequence([])" },
  { name: "pad_sequence bad side", ts: () => U.pad_sequence(seqs(), { padding_side: "up" as "left" }), py: `r = U.pad_sequence(${SEQS}, padding_side='up')` },
  { name: "pad_sequence mismatched trailing", ts: () => U.pad_sequence([R(1, 3, 2), R(2, 2, 3)]), py: "r = U.pad_sequence([R(1, 3, 2), R(2, 2, 3)])" },
  {
    name: "pack_padded_sequence fields",
    ts: () => {
      const p = U.pack_padded_sequence(R(1, 4, 3, 2), torch.tensor([2, 4, 1]), false, false);
      return [p.data, p.batch_sizes, p.sorted_indices!, p.unsorted_indices!];
    },
    py: "p = U.pack_padded_sequence(R(1, 4, 3, 2), torch.tensor([2, 4, 1]), False, False)\nr = [p.data, p.batch_sizes, p.sorted_indices, p.unsorted_indices]",
  },
  {
    name: "pack then pad round trip",
    ts: () => U.pad_packed_sequence(U.pack_padded_sequence(R(2, 3, 4, 2), [2, 4, 3], { batch_first: true, enforce_sorted: false }), true, -1),
    py: "r = U.pad_packed_sequence(U.pack_padded_sequence(R(2, 3, 4, 2), [2, 4, 3], batch_first=True, enforce_sorted=False), True, -1)",
  },
  {
    name: "pack_sequence",
    ts: () => { const [d, b, s, u] = U.pack_sequence(seqs(), false); return [d!, b!, s!, u!]; },
    py: `p = U.pack_sequence(${SEQS}, False)\nr = [p.data, p.batch_sizes, p.sorted_indices, p.unsorted_indices]`,
  },
  { name: "unpack_sequence", ts: () => U.unpack_sequence(U.pack_sequence(seqs(), false)), py: `r = U.unpack_sequence(U.pack_sequence(${SEQS}, False))` },
  { name: "invert_permutation", ts: () => U.invert_permutation(torch.tensor([2, 0, 3, 1])), py: "r = U.invert_permutation(torch.tensor([2, 0, 3, 1]))" },
  { name: "pack_padded_sequence unsorted lengths", ts: () => U.pack_padded_sequence(R(1, 4, 3, 2), [2, 4, 1]), py: "r = U.pack_padded_sequence(R(1, 4, 3, 2), [2, 4, 1])" },
  { name: "pack_padded_sequence zero length", ts: () => U.pack_padded_sequence(R(1, 4, 3, 2), [4, 2, 0]), py: "r = U.pack_padded_sequence(R(1, 4, 3, 2), [4, 2, 0])" },
  {
    name: "pad_packed_sequence total_length too small",
    ts: () => U.pad_packed_sequence(U.pack_padded_sequence(R(1, 4, 3, 2), [4, 2, 1]), { total_length: 3 }),
    py: "r = U.pad_packed_sequence(U.pack_padded_sequence(R(1, 4, 3, 2), [4, 2, 1]), total_length=3)",
  },
];

const lstm = (...a: ConstructorParameters<typeof nn.LSTM>) => (torch.manual_seed(0), new nn.LSTM(...a));
const errorCases: Case[] = [
  { name: "input.size(-1) != input_size", ts: () => lstm(10, 20).forward(R(1, 5, 3, 5)), py: "torch.manual_seed(0); r = nn.LSTM(10, 20)(R(1, 5, 3, 5))" },
  { name: "GRU input size", ts: () => new nn.GRU(10, 20).forward(R(1, 5, 3, 5)), py: "r = nn.GRU(10, 20)(R(1, 5, 3, 5))" },
  { name: "LSTM 4-D input", ts: () => lstm(5, 4).forward(R(1, 2, 2, 2, 5)), py: "r = nn.LSTM(5, 4)(R(1, 2, 2, 2, 5))" },
  { name: "GRU 1-D input", ts: () => new nn.GRU(5, 4).forward(R(1, 5)), py: "r = nn.GRU(5, 4)(R(1, 5))" },
  { name: "RNN 4-D input", ts: () => new nn.RNN(5, 4).forward(R(1, 2, 2, 2, 5)), py: "r = nn.RNN(5, 4)(R(1, 2, 2, 2, 5))" },
  { name: "LSTM wrong h0 shape", ts: () => lstm(5, 4).forward(R(1, 3, 2, 5), [R(2, 2, 2, 4), R(3, 1, 2, 4)]), py: "r = nn.LSTM(5, 4)(R(1, 3, 2, 5), (R(2, 2, 2, 4), R(3, 1, 2, 4)))" },
  { name: "LSTM wrong c0 shape", ts: () => lstm(5, 4, { proj_size: 2 }).forward(R(1, 3, 2, 5), [R(2, 1, 2, 2), R(3, 1, 2, 2)]), py: "r = nn.LSTM(5, 4, proj_size=2)(R(1, 3, 2, 5), (R(2, 1, 2, 2), R(3, 1, 2, 2)))" },
  { name: "LSTM 2-D hx for 3-D input", ts: () => lstm(5, 4).forward(R(1, 3, 2, 5), [R(2, 2, 4), R(3, 1, 2, 4)]), py: "r = nn.LSTM(5, 4)(R(1, 3, 2, 5), (R(2, 2, 4), R(3, 1, 2, 4)))" },
  { name: "LSTM 3-D hx for 2-D input", ts: () => lstm(5, 4).forward(R(1, 3, 5), [R(2, 1, 1, 4), R(3, 1, 4)]), py: "r = nn.LSTM(5, 4)(R(1, 3, 5), (R(2, 1, 1, 4), R(3, 1, 4)))" },
  { name: "GRU wrong hx shape", ts: () => new nn.GRU(5, 4).forward(R(1, 3, 2, 5), R(2, 1, 3, 4)), py: "r = nn.GRU(5, 4)(R(1, 3, 2, 5), R(2, 1, 3, 4))" },
  { name: "GRU 2-D hx for 3-D input", ts: () => new nn.GRU(5, 4).forward(R(1, 3, 2, 5), R(2, 2, 4)), py: "r = nn.GRU(5, 4)(R(1, 3, 2, 5), R(2, 2, 4))" },
  { name: "RNN 3-D hx for 2-D input", ts: () => new nn.RNN(5, 4).forward(R(1, 3, 5), R(2, 1, 1, 4)), py: "r = nn.RNN(5, 4)(R(1, 3, 5), R(2, 1, 1, 4))" },
  { name: "input dtype != weight dtype", ts: () => lstm(5, 4).forward(R(1, 3, 2, 5).double()), py: "r = nn.LSTM(5, 4)(R(1, 3, 2, 5).double())" },
  { name: "packed RNN wrong hx batch", ts: () => new nn.RNN(2, 3).forward(U.pack_padded_sequence(R(1, 4, 2, 2), [4, 3]), R(2, 1, 3, 3)), py: "r = nn.RNN(2, 3)(U.pack_padded_sequence(R(1, 4, 2, 2), [4, 3]), R(2, 1, 3, 3))" },
  { name: "dropout > 1", ts: () => new nn.LSTM(3, 4, 2, { dropout: 1.5 }), py: "r = nn.LSTM(3, 4, 2, dropout=1.5)" },
  { name: "dropout < 0", ts: () => new nn.GRU(3, 4, 2, true, false, -0.1), py: "r = nn.GRU(3, 4, 2, True, False, -0.1)" },
  { name: "dropout bool", ts: () => new nn.LSTM(3, 4, 2, { dropout: true as unknown as number }), py: "r = nn.LSTM(3, 4, 2, dropout=True)" },
  { name: "bias not bool", ts: () => new nn.LSTM(3, 4, { bias: 1 as unknown as boolean }), py: "r = nn.LSTM(3, 4, bias=1)" },
  { name: "batch_first not bool", ts: () => new nn.GRU(3, 4, { batch_first: "yes" as unknown as boolean }), py: "r = nn.GRU(3, 4, batch_first='yes')" },
  { name: "input_size float", ts: () => new nn.LSTM(3.5, 4), py: "r = nn.LSTM(3.5, 4)" },
  { name: "input_size zero", ts: () => new nn.LSTM(0, 4), py: "r = nn.LSTM(0, 4)" },
  { name: "hidden_size float", ts: () => new nn.RNN(3, 4.5), py: "r = nn.RNN(3, 4.5)" },
  { name: "hidden_size negative", ts: () => new nn.GRU(3, -1), py: "r = nn.GRU(3, -1)" },
  { name: "num_layers zero", ts: () => new nn.LSTM(3, 4, 0), py: "r = nn.LSTM(3, 4, 0)" },
  { name: "proj_size negative", ts: () => new nn.LSTM(3, 4, { proj_size: -1 }), py: "r = nn.LSTM(3, 4, proj_size=-1)" },
  { name: "proj_size >= hidden_size", ts: () => new nn.LSTM(3, 4, { proj_size: 4 }), py: "r = nn.LSTM(3, 4, proj_size=4)" },
  { name: "GRU proj_size", ts: () => new nn.GRU(3, 4, { proj_size: 2 } as never), py: "r = nn.GRU(3, 4, proj_size=2)" },
  { name: "RNN proj_size", ts: () => new nn.RNN(3, 4, { proj_size: 2 } as never), py: "r = nn.RNN(3, 4, proj_size=2)" },
  { name: "RNN unknown nonlinearity", ts: () => new nn.RNN(3, 4, 1, "sigmoid" as "relu"), py: "r = nn.RNN(3, 4, 1, 'sigmoid')" },
  { name: "missing hidden_size", ts: () => new (nn.LSTM as unknown as new (...a: unknown[]) => Mod)(3), py: "r = nn.LSTM(3)" },
  { name: "unexpected keyword", ts: () => new nn.LSTM(3, 4, { foo: 1 } as never), py: "r = nn.LSTM(3, 4, foo=1)" },
  { name: "LSTMCell 3-D input", ts: () => new nn.LSTMCell(3, 4).forward(R(1, 2, 2, 3)), py: "r = nn.LSTMCell(3, 4)(R(1, 2, 2, 3))" },
  { name: "LSTMCell 3-D hx[1]", ts: () => new nn.LSTMCell(3, 4).forward(R(1, 2, 3), [R(2, 2, 4), R(3, 1, 2, 4)]), py: "r = nn.LSTMCell(3, 4)(R(1, 2, 3), (R(2, 2, 4), R(3, 1, 2, 4)))" },
  { name: "GRUCell 3-D hidden", ts: () => new nn.GRUCell(3, 4).forward(R(1, 2, 3), R(2, 1, 2, 4)), py: "r = nn.GRUCell(3, 4)(R(1, 2, 3), R(2, 1, 2, 4))" },
  { name: "RNNCell 0-D input", ts: () => new nn.RNNCell(3, 4).forward(torch.tensor(1.5)), py: "r = nn.RNNCell(3, 4)(torch.tensor(1.5))" },
  { name: "RNNCell wrong input size (kernel)", ts: () => new nn.RNNCell(3, 4).forward(R(1, 2, 5)), py: "r = nn.RNNCell(3, 4)(R(1, 2, 5))" },
  { name: "GRUCell wrong hidden size (kernel)", ts: () => new nn.GRUCell(3, 4).forward(R(1, 2, 3), R(2, 2, 5)), py: "r = nn.GRUCell(3, 4)(R(1, 2, 3), R(2, 2, 5))" },
  { name: "RNNCell bad nonlinearity at forward", ts: () => new nn.RNNCell(3, 4, true, "gelu" as "relu").forward(R(1, 2, 3)), py: "r = nn.RNNCell(3, 4, True, 'gelu')(R(1, 2, 3))" },
];

describe("nn.utils.rnn against Python", () => {
  const expected = pythonResults(utilsCases, PRELUDE);
  it.each(utilsCases.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });

  it("PackedSequence destructures as Python's named tuple and prints as it", () => {
    const p = U.pack_padded_sequence(torch.tensor([[1, 2], [3, 0]]), [2, 1], { batch_first: true });
    const [data, batch_sizes, sorted_indices, unsorted_indices] = p;
    expect(data!.tolist()).toStrictEqual([1, 3, 2]);
    expect(batch_sizes!.tolist()).toStrictEqual([2, 1]);
    expect(sorted_indices).toBeNull();
    expect(unsorted_indices).toBeNull();
    const py = pythonJson<string>(
      "from torch.nn.utils import rnn as U\nprint(json.dumps(str(U.pack_padded_sequence(torch.tensor([[1, 2], [3, 0]]), [2, 1], batch_first=True))))",
    );
    expect(String(p)).toBe(py);
  });
});

describe("errors as Python's", () => {
  const expected = pythonResults(errorCases, PRELUDE);
  it.each(errorCases.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expect(expected[i].kind).toBe("error");
    expectSame(c, expected[i]);
  });
});

// ---- CUDA (cuDNN): only where torch.cuda.is_available(); scripts/gpu-check runs these ----

const hasCuda = torch.cuda.is_available();
const cudaLSTM = (): T[] => {
  torch.manual_seed(0);
  const m = new nn.LSTM(4, 6, 2, { bidirectional: true, batch_first: true, device: "cuda" }).eval();
  const x = torch.randn(3, 5, 4, { device: "cuda", requires_grad: true });
  const [out, [h, c]] = m.forward(x);
  out.sum().add(h.sum()).add(c.sum()).backward();
  return [m.weight_ih_l0, out, h, c, x.grad!, m.weight_hh_l1_reverse.grad!];
};
const CUDA_LSTM = `torch.manual_seed(0)
m = torch.nn.LSTM(4, 6, 2, bidirectional=True, batch_first=True, device="cuda").eval()
x = torch.randn(3, 5, 4, device="cuda", requires_grad=True)
out, (h, c) = m(x)
out.sum().add(h.sum()).add(c.sum()).backward()
r = [m.weight_ih_l0, out, h, c, x.grad, m.weight_hh_l1_reverse.grad]`;

describe.runIf(hasCuda)("recurrent layers on CUDA against Python on the same GPU (atol 1e-5)", () => {
  const cases: Case[] = [
    { name: "parameters on cuda are Python's (exact)", ts: () => cudaLSTM()[0], py: `${CUDA_LSTM}\nr = r[0]` },
    { name: "LSTM forward and backward on cuda", ts: () => cudaLSTM().slice(1), py: `${CUDA_LSTM}\nr = r[1:]`, atol: 1e-5 },
  ];
  const expected = hasCuda ? pythonResults(cases) : [];
  it.each(cases.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });
});
