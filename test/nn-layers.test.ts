// The layer modules (linear, sparse, normalization, dropout, activation, flatten, loss)
// against Python torch 2.11: the same layer built after the same torch.manual_seed has
// bitwise-equal parameters, the same state_dict keys in the same order, prints the same, and
// gives the same outputs and input/parameter gradients (fp32 CPU, exact: LibTorch runs the
// same deterministic kernels); bad input raises Python's exception class and message, with
// the module's printed form in front for errors raised by forward.
import { beforeAll, describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, close, expectSame, pythonResults, raisedLikePython } from "./helpers/compare";
import { pythonJson } from "./helpers/python";

const nn = torch.nn;
type T = InstanceType<typeof torch.Tensor>;
type Module = InstanceType<typeof nn.Module>;

const R = (seed: number, ...shape: number[]): T => (torch.manual_seed(seed), torch.randn(...shape));
const PRELUDE = "from torch import nn\ndef R(s, *shape):\n    torch.manual_seed(s)\n    return torch.randn(*shape)";

// ---- layers built, run and differentiated in both languages ----

/** An input, made the same way in both languages. */
type InputSpec =
  | { kind: "randn"; seed: number; shape: number[]; grad?: boolean; dtype?: "float64" }
  | { kind: "rand"; seed: number; shape: number[]; grad?: boolean }
  | { kind: "randint"; seed: number; high: number; shape: number[] }
  | { kind: "tensor"; values: unknown; dtype: "float32" | "int64" | "float64" };

interface LayerCase {
  name: string;
  /** The Python expression that builds the layer (torch and nn in scope). */
  py: string;
  ts: () => Module;
  /** torch.manual_seed before building (default 0). */
  seed?: number;
  inputs?: InputSpec[];
  /** eval() before the forward. */
  eval?: boolean;
  /** torch.manual_seed before the forward (default 0): dropout's mask. */
  fseed?: number;
  /** Build with another seed, then load_state_dict Python's parameters (sent as JSON lists). */
  load?: boolean;
  /** Absolute tolerance for outputs and gradients; exact when absent. */
  atol?: number;
}

const PY_LAYER_RUNNER = `
import sys
from torch import nn
cases = json.load(sys.stdin)
def make_input(s):
    k = s["kind"]
    if k == "randn":
        torch.manual_seed(s["seed"]); t = torch.randn(*s["shape"], dtype=getattr(torch, s.get("dtype", "float32")))
    elif k == "rand":
        torch.manual_seed(s["seed"]); t = torch.rand(*s["shape"])
    elif k == "randint":
        torch.manual_seed(s["seed"]); t = torch.randint(s["high"], s["shape"])
    else:
        t = torch.tensor(s["values"], dtype=getattr(torch, s["dtype"]))
    if s.get("grad"):
        t.requires_grad_()
    return t
def T(t):
    if t is None:
        return None
    return {"shape": list(t.shape), "dtype": str(t.dtype)[6:], "values": t.tolist(), "requires_grad": t.requires_grad}
out = []
for c in cases:
    r = {}
    try:
        torch.manual_seed(c["seed"])
        m = eval(c["py"], {"torch": torch, "nn": nn})
        r["str"] = str(m)
        r["state"] = [[k, T(v)] for k, v in m.state_dict().items()]
        r["params"] = [[n, p.requires_grad] for n, p in m.named_parameters()]
        r["buffers"] = [n for n, _ in m.named_buffers()]
        if c["eval"]:
            m.eval()
        if c["inputs"] is not None:
            xs = [make_input(s) for s in c["inputs"]]
            torch.manual_seed(c["fseed"])
            y = m(*xs)
            r["out"] = T(y)
            if y.requires_grad:
                if y.dim() == 0:
                    y.backward()
                else:
                    torch.manual_seed(77)
                    (y * torch.randn(*y.shape)).sum().backward()
            r["input_grads"] = [T(x.grad) for x in xs]
            r["param_grads"] = [[n, T(p.grad)] for n, p in m.named_parameters()]
            r["state_after"] = [[k, T(v)] for k, v in m.state_dict().items()]
    except Exception as e:
        r["error"] = {"type": type(e).__name__, "message": str(e)}
    out.append(r)
print(json.dumps(out))
`;

interface PyT {
  shape: number[];
  dtype: string;
  values: unknown;
  requires_grad: boolean;
}
interface PyLayer {
  str: string;
  state: [string, PyT][];
  params: [string, boolean][];
  buffers: string[];
  out?: PyT;
  input_grads?: (PyT | null)[];
  param_grads?: [string, PyT | null][];
  state_after?: [string, PyT][];
  error?: { type: string; message: string };
}

function makeInput(s: InputSpec): T {
  let t: T;
  switch (s.kind) {
    case "randn":
      torch.manual_seed(s.seed);
      t = torch.randn(s.shape, { dtype: s.dtype === "float64" ? torch.float64 : torch.float32 });
      break;
    case "rand":
      torch.manual_seed(s.seed);
      t = torch.rand(s.shape);
      break;
    case "randint":
      torch.manual_seed(s.seed);
      t = torch.randint(s.high, s.shape);
      break;
    default:
      t = torch.tensor(s.values as number[], { dtype: torch[s.dtype] });
  }
  if ("grad" in s && s.grad) t.requires_grad_();
  return t;
}

function toJson(t: T | null): PyT | null {
  if (t === null) return null;
  return { shape: t.shape, dtype: t.dtype.name, values: t.tolist(), requires_grad: t.requires_grad };
}

function sameTensor(actual: PyT | null, expected: PyT | null, atol: number, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(actual!.shape, `${what} shape`).toStrictEqual(expected.shape);
  expect(actual!.dtype, `${what} dtype`).toBe(expected.dtype);
  expect(actual!.requires_grad, `${what} requires_grad`).toBe(expected.requires_grad);
  close(actual!.values, expected.values, atol, what);
}

const seq = (...modules: Module[]) => new nn.Sequential(...modules);

const layers: LayerCase[] = [
  // linear
  { name: "Identity", py: "nn.Identity(54, unused_argument1=0.1)", ts: () => new nn.Identity(54, { unused_argument1: 0.1 }), inputs: [{ kind: "randn", seed: 1, shape: [2, 3], grad: true }] },
  { name: "Linear", py: "nn.Linear(3, 4)", ts: () => new nn.Linear(3, 4), inputs: [{ kind: "randn", seed: 1, shape: [5, 3], grad: true }] },
  { name: "Linear seed 7, 3-d input", seed: 7, py: "nn.Linear(6, 5)", ts: () => new nn.Linear(6, 5), inputs: [{ kind: "randn", seed: 2, shape: [2, 3, 6], grad: true }] },
  { name: "Linear bias=False", py: "nn.Linear(384, 65, bias=False)", ts: () => new nn.Linear(384, 65, { bias: false }), inputs: [{ kind: "randn", seed: 3, shape: [4, 384], grad: true }] },
  { name: "Linear positional bias", py: "nn.Linear(4, 2, False)", ts: () => new nn.Linear(4, 2, false) },
  { name: "Linear 1-d input", py: "nn.Linear(4, 3)", ts: () => new nn.Linear(4, 3), inputs: [{ kind: "randn", seed: 4, shape: [4], grad: true }] },
  { name: "Linear float64", py: "nn.Linear(4, 3, dtype=torch.float64)", ts: () => new nn.Linear(4, 3, { dtype: torch.float64 }), inputs: [{ kind: "randn", seed: 4, shape: [2, 4], grad: true, dtype: "float64" }] },
  { name: "Linear device cpu", py: "nn.Linear(2, 2, device='cpu')", ts: () => new nn.Linear(2, 2, { device: "cpu" }) },
  { name: "Linear in_features=0", py: "nn.Linear(0, 2)", ts: () => new nn.Linear(0, 2) },
  { name: "Linear loaded from Python", seed: 11, load: true, py: "nn.Linear(8, 3)", ts: () => new nn.Linear(8, 3), inputs: [{ kind: "randn", seed: 5, shape: [6, 8], grad: true }] },
  // sparse
  { name: "Embedding", py: "nn.Embedding(10, 3)", ts: () => new nn.Embedding(10, 3), inputs: [{ kind: "tensor", values: [[1, 2, 4, 5], [4, 3, 2, 9]], dtype: "int64" }] },
  { name: "Embedding 65x384", seed: 1337, py: "nn.Embedding(65, 384)", ts: () => new nn.Embedding(65, 384), inputs: [{ kind: "randint", seed: 3, high: 65, shape: [4, 8] }] },
  { name: "Embedding padding_idx", py: "nn.Embedding(10, 3, padding_idx=0)", ts: () => new nn.Embedding(10, 3, { padding_idx: 0 }), inputs: [{ kind: "tensor", values: [[0, 2, 0, 5]], dtype: "int64" }] },
  { name: "Embedding negative padding_idx", py: "nn.Embedding(10, 3, padding_idx=-2)", ts: () => new nn.Embedding(10, 3, { padding_idx: -2 }), inputs: [{ kind: "tensor", values: [8, 8, 1], dtype: "int64" }] },
  { name: "Embedding scale_grad_by_freq", py: "nn.Embedding(6, 2, scale_grad_by_freq=True)", ts: () => new nn.Embedding(6, 2, { scale_grad_by_freq: true }), inputs: [{ kind: "tensor", values: [1, 1, 1, 3, 5], dtype: "int64" }] },
  { name: "Embedding max_norm renormalises", py: "nn.Embedding(6, 4, max_norm=1.0)", ts: () => new nn.Embedding(6, 4, { max_norm: 1.0 }), inputs: [{ kind: "tensor", values: [0, 2, 2, 5], dtype: "int64" }] },
  { name: "Embedding max_norm norm_type", py: "nn.Embedding(6, 4, max_norm=0.5, norm_type=1.0)", ts: () => new nn.Embedding(6, 4, { max_norm: 0.5, norm_type: 1.0 }), inputs: [{ kind: "tensor", values: [1, 3], dtype: "int64" }] },
  { name: "Embedding sparse prints", py: "nn.Embedding(5, 2, sparse=True)", ts: () => new nn.Embedding(5, 2, { sparse: true }) },
  { name: "Embedding positional options", py: "nn.Embedding(7, 2, 3, 2.5, 3.0, True)", ts: () => new nn.Embedding(7, 2, 3, 2.5, 3.0, true) },
  { name: "Embedding _freeze", py: "nn.Embedding(4, 2, _freeze=True)", ts: () => new nn.Embedding(4, 2, { _freeze: true }) },
  { name: "Embedding _weight", py: "nn.Embedding(2, 3, _weight=torch.arange(6.).view(2, 3))", ts: () => new nn.Embedding(2, 3, { _weight: torch.arange(6, { dtype: torch.float32 }).view(2, 3) }) },
  { name: "Embedding float64", py: "nn.Embedding(4, 2, dtype=torch.float64)", ts: () => new nn.Embedding(4, 2, { dtype: torch.float64 }) },
  { name: "Embedding.from_pretrained", py: "nn.Embedding.from_pretrained(torch.arange(6.).view(3, 2))", ts: () => nn.Embedding.from_pretrained(torch.arange(6, { dtype: torch.float32 }).view(3, 2)), inputs: [{ kind: "tensor", values: [2, 0], dtype: "int64" }] },
  { name: "Embedding.from_pretrained freeze=False padding_idx", py: "nn.Embedding.from_pretrained(torch.arange(6.).view(3, 2), freeze=False, padding_idx=1)", ts: () => nn.Embedding.from_pretrained(torch.arange(6, { dtype: torch.float32 }).view(3, 2), { freeze: false, padding_idx: 1 }), inputs: [{ kind: "tensor", values: [1, 2, 1], dtype: "int64" }] },
  { name: "Embedding.from_pretrained positional", py: "nn.Embedding.from_pretrained(torch.ones(2, 2), False, None, 0.5)", ts: () => nn.Embedding.from_pretrained(torch.ones(2, 2), false, null, 0.5) },
  { name: "Embedding loaded from Python", load: true, seed: 5, py: "nn.Embedding(12, 5)", ts: () => new nn.Embedding(12, 5), inputs: [{ kind: "randint", seed: 4, high: 12, shape: [3, 4] }] },
  // normalization
  { name: "LayerNorm", py: "nn.LayerNorm(4)", ts: () => new nn.LayerNorm(4), inputs: [{ kind: "randn", seed: 1, shape: [3, 4], grad: true }] },
  { name: "LayerNorm 384", py: "nn.LayerNorm(384)", ts: () => new nn.LayerNorm(384), inputs: [{ kind: "randn", seed: 2, shape: [2, 5, 384], grad: true }] },
  { name: "LayerNorm shape list eps", py: "nn.LayerNorm([2, 3], eps=1e-6)", ts: () => new nn.LayerNorm([2, 3], { eps: 1e-6 }), inputs: [{ kind: "randn", seed: 3, shape: [4, 2, 3], grad: true }] },
  { name: "LayerNorm bias=False", py: "nn.LayerNorm(5, bias=False)", ts: () => new nn.LayerNorm(5, { bias: false }), inputs: [{ kind: "randn", seed: 4, shape: [2, 5], grad: true }] },
  { name: "LayerNorm elementwise_affine=False", py: "nn.LayerNorm(5, elementwise_affine=False)", ts: () => new nn.LayerNorm(5, { elementwise_affine: false }), inputs: [{ kind: "randn", seed: 4, shape: [2, 5], grad: true }] },
  { name: "LayerNorm positional", py: "nn.LayerNorm((3,), 0.001, True, False)", ts: () => new nn.LayerNorm([3], 0.001, true, false) },
  { name: "LayerNorm loaded from Python", load: true, py: "nn.LayerNorm(6)", ts: () => new nn.LayerNorm(6), inputs: [{ kind: "randn", seed: 6, shape: [3, 6], grad: true }] },
  { name: "RMSNorm", py: "nn.RMSNorm(4)", ts: () => new nn.RMSNorm(4), inputs: [{ kind: "randn", seed: 1, shape: [3, 4], grad: true }] },
  { name: "RMSNorm shape list eps", py: "nn.RMSNorm([2, 3], eps=1e-6)", ts: () => new nn.RMSNorm([2, 3], { eps: 1e-6 }), inputs: [{ kind: "randn", seed: 3, shape: [4, 2, 3], grad: true }] },
  { name: "RMSNorm elementwise_affine=False", py: "nn.RMSNorm(5, elementwise_affine=False)", ts: () => new nn.RMSNorm(5, { elementwise_affine: false }), inputs: [{ kind: "randn", seed: 4, shape: [2, 5], grad: true }] },
  // dropout
  { name: "Dropout train", py: "nn.Dropout()", ts: () => new nn.Dropout(), fseed: 3, inputs: [{ kind: "randn", seed: 1, shape: [4, 8], grad: true }] },
  { name: "Dropout p=0.1", py: "nn.Dropout(0.1)", ts: () => new nn.Dropout(0.1), fseed: 4, inputs: [{ kind: "randn", seed: 1, shape: [50], grad: true }] },
  { name: "Dropout eval", py: "nn.Dropout(p=0.3)", ts: () => new nn.Dropout({ p: 0.3 }), eval: true, inputs: [{ kind: "randn", seed: 1, shape: [4, 8], grad: true }] },
  { name: "Dropout inplace", py: "nn.Dropout(0.5, inplace=True)", ts: () => new nn.Dropout(0.5, { inplace: true }), fseed: 5, inputs: [{ kind: "randn", seed: 1, shape: [10] }] },
  { name: "Dropout p=0.0", py: "nn.Dropout(0.0)", ts: () => new nn.Dropout(0.0), inputs: [{ kind: "randn", seed: 1, shape: [6], grad: true }] },
  { name: "Dropout p=1.0", py: "nn.Dropout(1.0)", ts: () => new nn.Dropout(1.0), inputs: [{ kind: "randn", seed: 1, shape: [6], grad: true }] },
  // activations
  { name: "ReLU", py: "nn.ReLU()", ts: () => new nn.ReLU(), inputs: [{ kind: "randn", seed: 1, shape: [3, 5], grad: true }] },
  { name: "ReLU inplace", py: "nn.ReLU(inplace=True)", ts: () => new nn.ReLU({ inplace: true }), inputs: [{ kind: "randn", seed: 1, shape: [3, 5] }] },
  { name: "GELU", py: "nn.GELU()", ts: () => new nn.GELU(), inputs: [{ kind: "randn", seed: 2, shape: [3, 5], grad: true }] },
  { name: "GELU tanh", py: "nn.GELU(approximate='tanh')", ts: () => new nn.GELU({ approximate: "tanh" }), inputs: [{ kind: "randn", seed: 2, shape: [3, 5], grad: true }] },
  { name: "GELU positional", py: "nn.GELU('tanh')", ts: () => new nn.GELU("tanh") },
  { name: "SiLU", py: "nn.SiLU()", ts: () => new nn.SiLU(), inputs: [{ kind: "randn", seed: 3, shape: [7], grad: true }] },
  { name: "SiLU inplace", py: "nn.SiLU(True)", ts: () => new nn.SiLU(true), inputs: [{ kind: "randn", seed: 3, shape: [7] }] },
  { name: "Tanh", py: "nn.Tanh()", ts: () => new nn.Tanh(), inputs: [{ kind: "randn", seed: 4, shape: [2, 3], grad: true }] },
  { name: "Sigmoid", py: "nn.Sigmoid()", ts: () => new nn.Sigmoid(), inputs: [{ kind: "randn", seed: 5, shape: [2, 3], grad: true }] },
  { name: "Softmax dim=-1", py: "nn.Softmax(dim=-1)", ts: () => new nn.Softmax({ dim: -1 }), inputs: [{ kind: "randn", seed: 6, shape: [2, 3, 4], grad: true }] },
  { name: "Softmax dim=0", py: "nn.Softmax(0)", ts: () => new nn.Softmax(0), inputs: [{ kind: "randn", seed: 6, shape: [3, 4], grad: true }] },
  { name: "Softmax dim=None", py: "nn.Softmax()", ts: () => new nn.Softmax(), inputs: [{ kind: "randn", seed: 6, shape: [3, 4], grad: true }] },
  { name: "LogSoftmax", py: "nn.LogSoftmax(dim=1)", ts: () => new nn.LogSoftmax({ dim: 1 }), inputs: [{ kind: "randn", seed: 7, shape: [3, 4], grad: true }] },
  { name: "LeakyReLU", py: "nn.LeakyReLU()", ts: () => new nn.LeakyReLU(), inputs: [{ kind: "randn", seed: 8, shape: [6], grad: true }] },
  { name: "LeakyReLU 0.2 inplace", py: "nn.LeakyReLU(0.2, inplace=True)", ts: () => new nn.LeakyReLU(0.2, { inplace: true }), inputs: [{ kind: "randn", seed: 8, shape: [6] }] },
  { name: "ELU", py: "nn.ELU()", ts: () => new nn.ELU(), inputs: [{ kind: "randn", seed: 9, shape: [6], grad: true }] },
  { name: "ELU alpha", py: "nn.ELU(alpha=0.5)", ts: () => new nn.ELU({ alpha: 0.5 }), inputs: [{ kind: "randn", seed: 9, shape: [6], grad: true }] },
  { name: "ELU inplace", py: "nn.ELU(1.5, True)", ts: () => new nn.ELU(1.5, true), inputs: [{ kind: "randn", seed: 9, shape: [6] }] },
  // flatten
  { name: "Flatten", py: "nn.Flatten()", ts: () => new nn.Flatten(), inputs: [{ kind: "randn", seed: 1, shape: [2, 3, 4], grad: true }] },
  { name: "Flatten 0 1", py: "nn.Flatten(0, 1)", ts: () => new nn.Flatten(0, 1), inputs: [{ kind: "randn", seed: 1, shape: [2, 3, 4], grad: true }] },
  { name: "Flatten end_dim", py: "nn.Flatten(end_dim=-2)", ts: () => new nn.Flatten({ end_dim: -2 }), inputs: [{ kind: "randn", seed: 1, shape: [2, 3, 4, 5], grad: true }] },
  { name: "Unflatten", py: "nn.Unflatten(1, (2, 3))", ts: () => new nn.Unflatten(1, [2, 3]), inputs: [{ kind: "randn", seed: 1, shape: [4, 6], grad: true }] },
  { name: "Unflatten -1", py: "nn.Unflatten(-1, (2, -1))", ts: () => new nn.Unflatten(-1, [2, -1]), inputs: [{ kind: "randn", seed: 1, shape: [3, 4, 6], grad: true }] },
  // losses
  { name: "CrossEntropyLoss", py: "nn.CrossEntropyLoss()", ts: () => new nn.CrossEntropyLoss(), inputs: [{ kind: "randn", seed: 1, shape: [4, 5], grad: true }, { kind: "tensor", values: [1, 0, 4, 2], dtype: "int64" }] },
  { name: "CrossEntropyLoss 65 classes", py: "nn.CrossEntropyLoss()", ts: () => new nn.CrossEntropyLoss(), inputs: [{ kind: "randn", seed: 2, shape: [32, 65], grad: true }, { kind: "randint", seed: 3, high: 65, shape: [32] }] },
  { name: "CrossEntropyLoss (N, C, d)", py: "nn.CrossEntropyLoss()", ts: () => new nn.CrossEntropyLoss(), inputs: [{ kind: "randn", seed: 2, shape: [2, 3, 4], grad: true }, { kind: "randint", seed: 3, high: 3, shape: [2, 4] }] },
  { name: "CrossEntropyLoss weight", py: "nn.CrossEntropyLoss(weight=torch.tensor([1., 2., 0.5]))", ts: () => new nn.CrossEntropyLoss({ weight: torch.tensor([1, 2, 0.5]) }), inputs: [{ kind: "randn", seed: 1, shape: [4, 3], grad: true }, { kind: "tensor", values: [1, 0, 2, 2], dtype: "int64" }] },
  { name: "CrossEntropyLoss positional weight", py: "nn.CrossEntropyLoss(torch.tensor([1., 2., 0.5]))", ts: () => new nn.CrossEntropyLoss(torch.tensor([1, 2, 0.5])) },
  { name: "CrossEntropyLoss ignore_index", py: "nn.CrossEntropyLoss(ignore_index=-1)", ts: () => new nn.CrossEntropyLoss({ ignore_index: -1 }), inputs: [{ kind: "randn", seed: 1, shape: [4, 3], grad: true }, { kind: "tensor", values: [1, -1, 2, -1], dtype: "int64" }] },
  { name: "CrossEntropyLoss label_smoothing", py: "nn.CrossEntropyLoss(label_smoothing=0.1)", ts: () => new nn.CrossEntropyLoss({ label_smoothing: 0.1 }), inputs: [{ kind: "randn", seed: 1, shape: [4, 3], grad: true }, { kind: "tensor", values: [1, 0, 2, 2], dtype: "int64" }] },
  { name: "CrossEntropyLoss reduction none", py: "nn.CrossEntropyLoss(reduction='none')", ts: () => new nn.CrossEntropyLoss({ reduction: "none" }), inputs: [{ kind: "randn", seed: 1, shape: [4, 3], grad: true }, { kind: "tensor", values: [1, 0, 2, 2], dtype: "int64" }] },
  { name: "CrossEntropyLoss reduction sum", py: "nn.CrossEntropyLoss(reduction='sum')", ts: () => new nn.CrossEntropyLoss({ reduction: "sum" }), inputs: [{ kind: "randn", seed: 1, shape: [4, 3], grad: true }, { kind: "tensor", values: [1, 0, 2, 2], dtype: "int64" }] },
  { name: "CrossEntropyLoss probabilities", py: "nn.CrossEntropyLoss()", ts: () => new nn.CrossEntropyLoss(), inputs: [{ kind: "randn", seed: 1, shape: [3, 4], grad: true }, { kind: "rand", seed: 2, shape: [3, 4] }] },
  { name: "CrossEntropyLoss legacy reduce=False", py: "nn.CrossEntropyLoss(reduce=False)", ts: () => new nn.CrossEntropyLoss({ reduce: false }), inputs: [{ kind: "randn", seed: 1, shape: [2, 3], grad: true }, { kind: "tensor", values: [1, 2], dtype: "int64" }] },
  { name: "NLLLoss", py: "nn.NLLLoss()", ts: () => new nn.NLLLoss(), inputs: [{ kind: "randn", seed: 1, shape: [4, 3], grad: true }, { kind: "tensor", values: [1, 0, 2, 2], dtype: "int64" }] },
  { name: "NLLLoss weight ignore_index", py: "nn.NLLLoss(weight=torch.tensor([0.2, 1., 3.]), ignore_index=0)", ts: () => new nn.NLLLoss({ weight: torch.tensor([0.2, 1, 3]), ignore_index: 0 }), inputs: [{ kind: "randn", seed: 1, shape: [4, 3], grad: true }, { kind: "tensor", values: [1, 0, 2, 2], dtype: "int64" }] },
  { name: "NLLLoss reduction sum", py: "nn.NLLLoss(reduction='sum')", ts: () => new nn.NLLLoss({ reduction: "sum" }), inputs: [{ kind: "randn", seed: 1, shape: [2, 3, 2], grad: true }, { kind: "tensor", values: [[1, 0], [2, 2]], dtype: "int64" }] },
  { name: "MSELoss", py: "nn.MSELoss()", ts: () => new nn.MSELoss(), inputs: [{ kind: "randn", seed: 1, shape: [3, 4], grad: true }, { kind: "randn", seed: 2, shape: [3, 4] }] },
  { name: "MSELoss sum", py: "nn.MSELoss(reduction='sum')", ts: () => new nn.MSELoss({ reduction: "sum" }), inputs: [{ kind: "randn", seed: 1, shape: [3, 4], grad: true }, { kind: "randn", seed: 2, shape: [3, 4], grad: true }] },
  { name: "MSELoss none", py: "nn.MSELoss(reduction='none')", ts: () => new nn.MSELoss({ reduction: "none" }), inputs: [{ kind: "randn", seed: 1, shape: [3, 4], grad: true }, { kind: "randn", seed: 2, shape: [3, 4] }] },
  { name: "MSELoss legacy size_average=False", py: "nn.MSELoss(size_average=False)", ts: () => new nn.MSELoss({ size_average: false }), inputs: [{ kind: "randn", seed: 1, shape: [5], grad: true }, { kind: "randn", seed: 2, shape: [5] }] },
  { name: "BCEWithLogitsLoss", py: "nn.BCEWithLogitsLoss()", ts: () => new nn.BCEWithLogitsLoss(), inputs: [{ kind: "randn", seed: 1, shape: [4, 3], grad: true }, { kind: "rand", seed: 2, shape: [4, 3] }] },
  { name: "BCEWithLogitsLoss weight pos_weight", py: "nn.BCEWithLogitsLoss(weight=torch.tensor([1., 0.5, 2.]), pos_weight=torch.tensor([3., 1., 0.25]))", ts: () => new nn.BCEWithLogitsLoss({ weight: torch.tensor([1, 0.5, 2]), pos_weight: torch.tensor([3, 1, 0.25]) }), inputs: [{ kind: "randn", seed: 1, shape: [4, 3], grad: true }, { kind: "rand", seed: 2, shape: [4, 3] }] },
  { name: "BCEWithLogitsLoss pos_weight only, sum", py: "nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2., 2., 2.]), reduction='sum')", ts: () => new nn.BCEWithLogitsLoss({ pos_weight: torch.tensor([2, 2, 2], { dtype: torch.float32 }), reduction: "sum" }), inputs: [{ kind: "randn", seed: 1, shape: [2, 3], grad: true }, { kind: "rand", seed: 2, shape: [2, 3] }] },
  { name: "BCEWithLogitsLoss none", py: "nn.BCEWithLogitsLoss(reduction='none')", ts: () => new nn.BCEWithLogitsLoss({ reduction: "none" }), inputs: [{ kind: "randn", seed: 1, shape: [2, 3], grad: true }, { kind: "rand", seed: 2, shape: [2, 3] }] },
  // composites
  {
    name: "an MLP in a Sequential",
    seed: 42,
    py: "nn.Sequential(nn.Linear(8, 16), nn.GELU(), nn.LayerNorm(16), nn.Dropout(0.2), nn.Linear(16, 4), nn.LogSoftmax(dim=-1))",
    ts: () => seq(new nn.Linear(8, 16), new nn.GELU(), new nn.LayerNorm(16), new nn.Dropout(0.2), new nn.Linear(16, 4), new nn.LogSoftmax({ dim: -1 })),
    fseed: 9,
    inputs: [{ kind: "randn", seed: 1, shape: [5, 8], grad: true }],
  },
  {
    name: "an embedding model in a Sequential, eval",
    seed: 3,
    py: "nn.Sequential(nn.Embedding(20, 8, padding_idx=0), nn.RMSNorm(8, eps=1e-5), nn.SiLU(), nn.Dropout(0.5), nn.Flatten(), nn.Linear(24, 20, bias=False))",
    ts: () => seq(new nn.Embedding(20, 8, { padding_idx: 0 }), new nn.RMSNorm(8, { eps: 1e-5 }), new nn.SiLU(), new nn.Dropout(0.5), new nn.Flatten(), new nn.Linear(24, 20, { bias: false })),
    eval: true,
    inputs: [{ kind: "tensor", values: [[0, 3, 19], [7, 0, 1]], dtype: "int64" }],
  },
];

function runLayer(c: LayerCase, py: PyLayer): void {
  torch.manual_seed(c.load ? 9999 : c.seed ?? 0);
  const m = c.ts();
  if (c.load) {
    const state: Record<string, T> = {};
    for (const [k, v] of py.state) state[k] = torch.tensor(v.values as number[], { dtype: torch[v.dtype as "float32"] });
    const result = m.load_state_dict(state);
    expect(result).toStrictEqual({ missing_keys: [], unexpected_keys: [] });
  }
  expect(m.toString()).toBe(py.str);
  const state = Object.entries(m.state_dict());
  expect(state.map(([k]) => k)).toStrictEqual(py.state.map(([k]) => k));
  state.forEach(([k, v], i) => sameTensor(toJson(v), py.state[i][1], 0, `state_dict ${k}`));
  expect([...m.named_parameters()].map(([n, p]) => [n, p.requires_grad])).toStrictEqual(py.params);
  expect([...m.named_buffers()].map(([n]) => n)).toStrictEqual(py.buffers);
  if (c.eval) m.eval();
  if (!c.inputs) return;
  const xs = c.inputs.map(makeInput);
  torch.manual_seed(c.fseed ?? 0);
  const y = (m.forward as (...a: T[]) => T)(...xs);
  const atol = c.atol ?? 0;
  sameTensor(toJson(y), py.out!, atol, "output");
  if (y.requires_grad) {
    if (y.dim() === 0) y.backward();
    else {
      torch.manual_seed(77);
      y.mul(torch.randn(y.shape)).sum().backward();
    }
  }
  xs.forEach((x, i) => sameTensor(toJson(x.grad), py.input_grads![i], atol, `input ${i} grad`));
  const grads = [...m.named_parameters()];
  expect(grads.map(([n]) => n)).toStrictEqual(py.param_grads!.map(([n]) => n));
  grads.forEach(([n, p], i) => sameTensor(toJson(p.grad), py.param_grads![i][1], atol, `${n}.grad`));
  const after = Object.entries(m.state_dict());
  after.forEach(([k, v], i) => sameTensor(toJson(v), py.state_after![i][1], 0, `state_dict ${k} after forward`));
}

describe("layers against Python: init, state_dict, printing, forward, backward", () => {
  let results: PyLayer[];
  beforeAll(() => {
    const payload = layers.map((c) => ({ py: c.py, seed: c.seed ?? 0, inputs: c.inputs ?? null, eval: c.eval ?? false, fseed: c.fseed ?? 0 }));
    results = pythonJson<PyLayer[]>(PY_LAYER_RUNNER, JSON.stringify(payload));
  });
  layers.forEach((c, i) =>
    it(c.name, () => {
      const py = results[i];
      if (py.error) throw new Error(`Python raised ${py.error.type}: ${py.error.message}`);
      runLayer(c, py);
    }),
  );
});

// ---- bad input: Python's class and message ----

interface ErrorCase {
  name: string;
  ts: () => unknown;
  /** Python statements that raise. */
  py: string;
  /** The module printout that forward's errors carry in front of Python's message. */
  module?: string;
  /** What Python's message becomes in torchts where the two differ for a stated reason. */
  translate?: (message: string) => string;
}

/**
 * Python's exception layer renames LibTorch's type names in messages (CPUFloatType becomes
 * torch.FloatTensor); torchts passes LibTorch's message through as it is.
 */
const cppTypeNames = (m: string) => m.replace("torch.FloatTensor", "CPUFloatType");
/**
 * Python's "unflatten got an unexpected error" embeds the inner error's C++ backtrace
 * (machine addresses); torchts's message stops before it.
 */
const noBacktrace = (m: string) => m.split("\nException raised from")[0];

const L34 = "Linear(in_features=3, out_features=4, bias=True)";
const errors: ErrorCase[] = [
  // forward: wrong shapes, ranks and dtypes
  { name: "Linear wrong last dim", module: L34, ts: () => new nn.Linear(3, 4).forward(R(1, 2, 5)), py: "nn.Linear(3, 4)(R(1, 2, 5))" },
  { name: "Linear 0-d input", module: L34, ts: () => new nn.Linear(3, 4).forward(torch.tensor(1.5)), py: "nn.Linear(3, 4)(torch.tensor(1.5))" },
  { name: "Linear int input", module: L34, ts: () => new nn.Linear(3, 4).forward(torch.ones(2, 3, { dtype: torch.int64 })), py: "nn.Linear(3, 4)(torch.ones(2, 3, dtype=torch.int64))" },
  { name: "Linear float64 input", module: L34, ts: () => new nn.Linear(3, 4).forward(R(1, 2, 3).double()), py: "nn.Linear(3, 4)(R(1, 2, 3).double())" },
  { name: "Embedding float indices", module: "Embedding(10, 3)", translate: cppTypeNames, ts: () => new nn.Embedding(10, 3).forward(torch.ones(2)), py: "nn.Embedding(10, 3)(torch.ones(2))" },
  { name: "Embedding index out of range", module: "Embedding(10, 3)", ts: () => new nn.Embedding(10, 3).forward(torch.tensor([3, 10])), py: "nn.Embedding(10, 3)(torch.tensor([3, 10]))" },
  { name: "LayerNorm wrong last dim", module: "LayerNorm((4,), eps=1e-05, elementwise_affine=True)", ts: () => new nn.LayerNorm(4).forward(R(1, 2, 3)), py: "nn.LayerNorm(4)(R(1, 2, 3))" },
  { name: "LayerNorm input of lower rank", module: "LayerNorm((2, 3), eps=1e-05, elementwise_affine=True)", ts: () => new nn.LayerNorm([2, 3]).forward(R(1, 3)), py: "nn.LayerNorm([2, 3])(R(1, 3))" },
  { name: "RMSNorm wrong last dim", module: "RMSNorm((4,), eps=None, elementwise_affine=True)", ts: () => new nn.RMSNorm(4).forward(R(1, 2, 3)), py: "nn.RMSNorm(4)(R(1, 2, 3))" },
  { name: "Softmax dim out of range", module: "Softmax(dim=2)", ts: () => new nn.Softmax(2).forward(R(1, 2, 3)), py: "nn.Softmax(2)(R(1, 2, 3))" },
  { name: "Flatten dims out of range", module: "Flatten(start_dim=1, end_dim=-1)", ts: () => new nn.Flatten().forward(torch.tensor([1, 2])), py: "nn.Flatten()(torch.tensor([1, 2]))" },
  { name: "Flatten start after end", module: "Flatten(start_dim=2, end_dim=1)", ts: () => new nn.Flatten(2, 1).forward(R(1, 2, 3, 4)), py: "nn.Flatten(2, 1)(R(1, 2, 3, 4))" },
  { name: "Unflatten sizes that do not multiply out", module: "Unflatten(dim=1, unflattened_size=(2, 4))", ts: () => new nn.Unflatten(1, [2, 4]).forward(R(1, 3, 6)), py: "nn.Unflatten(1, (2, 4))(R(1, 3, 6))" },
  { name: "Unflatten sizes that do not multiply out, negative dim", module: "Unflatten(dim=-1, unflattened_size=(2, 4))", ts: () => new nn.Unflatten(-1, [2, 4]).forward(R(1, 3, 6)), py: "nn.Unflatten(-1, (2, 4))(R(1, 3, 6))" },
  { name: "Unflatten size 0 with -1", module: "Unflatten(dim=1, unflattened_size=(-1, 0))", ts: () => new nn.Unflatten(1, [-1, 0]).forward(R(1, 3, 6)), py: "nn.Unflatten(1, (-1, 0))(R(1, 3, 6))" },
  { name: "Unflatten ambiguous -1", module: "Unflatten(dim=1, unflattened_size=(0, -1))", translate: noBacktrace, ts: () => new nn.Unflatten(1, [0, -1]).forward(R(1, 3, 0)), py: "nn.Unflatten(1, (0, -1))(R(1, 3, 0))" },
  { name: "Unflatten negative size", module: "Unflatten(dim=1, unflattened_size=(2, -2))", translate: noBacktrace, ts: () => new nn.Unflatten(1, [2, -2]).forward(R(1, 3, 6)), py: "nn.Unflatten(1, (2, -2))(R(1, 3, 6))" },
  { name: "Unflatten two -1", module: "Unflatten(dim=1, unflattened_size=(-1, -1))", translate: noBacktrace, ts: () => new nn.Unflatten(1, [-1, -1]).forward(R(1, 3, 6)), py: "nn.Unflatten(1, (-1, -1))(R(1, 3, 6))" },
  { name: "Unflatten dim out of range", module: "Unflatten(dim=3, unflattened_size=(2, 3))", ts: () => new nn.Unflatten(3, [2, 3]).forward(R(1, 3, 6)), py: "nn.Unflatten(3, (2, 3))(R(1, 3, 6))" },
  { name: "Unflatten empty sizes", module: "Unflatten(dim=1, unflattened_size=())", ts: () => new nn.Unflatten(1, []).forward(R(1, 3, 6)), py: "nn.Unflatten(1, ())(R(1, 3, 6))" },
  { name: "CrossEntropyLoss batch mismatch", module: "CrossEntropyLoss()", ts: () => new nn.CrossEntropyLoss().forward(R(1, 3, 5), torch.tensor([1, 2])), py: "nn.CrossEntropyLoss()(R(1, 3, 5), torch.tensor([1, 2]))" },
  { name: "CrossEntropyLoss target out of bounds", module: "CrossEntropyLoss()", ts: () => new nn.CrossEntropyLoss().forward(R(1, 2, 5), torch.tensor([1, 7])), py: "nn.CrossEntropyLoss()(R(1, 2, 5), torch.tensor([1, 7]))" },
  { name: "CrossEntropyLoss float target of wrong shape", module: "CrossEntropyLoss()", ts: () => new nn.CrossEntropyLoss().forward(R(1, 2, 5), R(2, 2, 4)), py: "nn.CrossEntropyLoss()(R(1, 2, 5), R(2, 2, 4))" },
  { name: "CrossEntropyLoss bad reduction", module: "CrossEntropyLoss()", ts: () => new nn.CrossEntropyLoss({ reduction: "avg" as "mean" }).forward(R(1, 2, 5), torch.tensor([1, 2])), py: "nn.CrossEntropyLoss(reduction='avg')(R(1, 2, 5), torch.tensor([1, 2]))" },
  { name: "NLLLoss 3-d target of 2-d input", module: "NLLLoss()", ts: () => new nn.NLLLoss().forward(R(1, 2, 5), torch.zeros(2, 2, 2, { dtype: torch.int64 })), py: "nn.NLLLoss()(R(1, 2, 5), torch.zeros(2, 2, 2, dtype=torch.int64))" },
  { name: "MSELoss shapes that do not broadcast", module: "MSELoss()", ts: () => new nn.MSELoss().forward(R(1, 2, 3), R(2, 2, 4)), py: "import warnings; warnings.simplefilter('ignore'); nn.MSELoss()(R(1, 2, 3), R(2, 2, 4))" },
  { name: "BCEWithLogitsLoss size mismatch", module: "BCEWithLogitsLoss()", ts: () => new nn.BCEWithLogitsLoss().forward(R(1, 2, 3), R(2, 2, 4)), py: "nn.BCEWithLogitsLoss()(R(1, 2, 3), R(2, 2, 4))" },
  // constructors
  { name: "Linear unknown option", ts: () => new nn.Linear(3, 4, { biass: true } as never), py: "nn.Linear(3, 4, biass=True)" },
  { name: "Linear missing out_features", ts: () => new (nn.Linear as unknown as new (...a: unknown[]) => unknown)(3), py: "nn.Linear(3)" },
  { name: "Linear too many arguments", ts: () => new (nn.Linear as unknown as new (...a: unknown[]) => unknown)(3, 4, true, null, null, 1), py: "nn.Linear(3, 4, True, None, None, 1)" },
  { name: "Linear bias twice", ts: () => new (nn.Linear as unknown as new (...a: unknown[]) => unknown)(3, 4, true, { bias: false }), py: "nn.Linear(3, 4, True, bias=False)" },
  { name: "Embedding unknown option", ts: () => new nn.Embedding(3, 4, { padding: 0 } as never), py: "nn.Embedding(3, 4, padding=0)" },
  { name: "Embedding padding_idx too large", ts: () => new nn.Embedding(3, 4, { padding_idx: 3 }), py: "nn.Embedding(3, 4, padding_idx=3)" },
  { name: "Embedding padding_idx too small", ts: () => new nn.Embedding(3, 4, { padding_idx: -4 }), py: "nn.Embedding(3, 4, padding_idx=-4)" },
  { name: "Embedding _weight of the wrong shape", ts: () => new nn.Embedding(3, 4, { _weight: torch.zeros(4, 3) }), py: "nn.Embedding(3, 4, _weight=torch.zeros(4, 3))" },
  { name: "Embedding.from_pretrained of 1-d", ts: () => nn.Embedding.from_pretrained(torch.zeros(4)), py: "nn.Embedding.from_pretrained(torch.zeros(4))" },
  { name: "Embedding.from_pretrained unknown option", ts: () => nn.Embedding.from_pretrained(torch.zeros(4, 2), { frozen: true } as never), py: "nn.Embedding.from_pretrained(torch.zeros(4, 2), frozen=True)" },
  { name: "LayerNorm unknown option", ts: () => new nn.LayerNorm(4, { epsilon: 1e-5 } as never), py: "nn.LayerNorm(4, epsilon=1e-5)" },
  { name: "RMSNorm unknown option", ts: () => new nn.RMSNorm(4, { bias: false } as never), py: "nn.RMSNorm(4, bias=False)" },
  { name: "Dropout p > 1", ts: () => new nn.Dropout(1.5), py: "nn.Dropout(1.5)" },
  { name: "Dropout p < 0", ts: () => new nn.Dropout({ p: -0.1 }), py: "nn.Dropout(p=-0.1)" },
  { name: "Dropout unknown option", ts: () => new nn.Dropout({ rate: 0.1 } as never), py: "nn.Dropout(rate=0.1)" },
  { name: "ReLU unknown option", ts: () => new nn.ReLU({ in_place: true } as never), py: "nn.ReLU(in_place=True)" },
  { name: "GELU unknown option", ts: () => new nn.GELU({ approx: "tanh" } as never), py: "nn.GELU(approx='tanh')" },
  { name: "Tanh unknown option", ts: () => new (nn.Tanh as unknown as new (...a: unknown[]) => unknown)({ inplace: true }), py: "nn.Tanh(inplace=True)" },
  { name: "Sigmoid positional argument", ts: () => new (nn.Sigmoid as unknown as new (...a: unknown[]) => unknown)(1), py: "nn.Sigmoid(1)" },
  { name: "Softmax unknown option", ts: () => new nn.Softmax({ axis: 1 } as never), py: "nn.Softmax(axis=1)" },
  { name: "Flatten unknown option", ts: () => new nn.Flatten({ start: 0 } as never), py: "nn.Flatten(start=0)" },
  { name: "Unflatten sizes not ints", ts: () => new nn.Unflatten(1, [2, 1.5]), py: "nn.Unflatten(1, (2, 1.5))" },
  { name: "Unflatten sizes not a tuple", ts: () => new nn.Unflatten(1, 6 as never), py: "nn.Unflatten(1, 6)" },
  { name: "CrossEntropyLoss unknown option", ts: () => new nn.CrossEntropyLoss({ smoothing: 0.1 } as never), py: "nn.CrossEntropyLoss(smoothing=0.1)" },
  { name: "NLLLoss unknown option", ts: () => new nn.NLLLoss({ ignore: 0 } as never), py: "nn.NLLLoss(ignore=0)" },
  { name: "MSELoss unknown option", ts: () => new nn.MSELoss({ weight: null } as never), py: "nn.MSELoss(weight=None)" },
  { name: "BCEWithLogitsLoss unknown option", ts: () => new nn.BCEWithLogitsLoss({ pos: null } as never), py: "nn.BCEWithLogitsLoss(pos=None)" },
  // load_state_dict under strict
  { name: "load_state_dict missing key", ts: () => new nn.Linear(3, 4).load_state_dict({ weight: torch.zeros(4, 3) }), py: "nn.Linear(3, 4).load_state_dict({'weight': torch.zeros(4, 3)})" },
  { name: "load_state_dict unexpected key", ts: () => new nn.Linear(3, 4, { bias: false }).load_state_dict({ weight: torch.zeros(4, 3), bias: torch.zeros(4) }), py: "nn.Linear(3, 4, bias=False).load_state_dict({'weight': torch.zeros(4, 3), 'bias': torch.zeros(4)})" },
  { name: "load_state_dict missing and unexpected", ts: () => new nn.LayerNorm(4).load_state_dict({ weight: torch.ones(4), b: torch.zeros(4) }), py: "nn.LayerNorm(4).load_state_dict({'weight': torch.ones(4), 'b': torch.zeros(4)})" },
  { name: "load_state_dict shape mismatch", ts: () => new nn.Embedding(10, 3).load_state_dict({ weight: torch.zeros(10, 4) }), py: "nn.Embedding(10, 3).load_state_dict({'weight': torch.zeros(10, 4)})" },
  { name: "load_state_dict shape mismatch and missing", ts: () => new nn.Linear(3, 4).load_state_dict({ weight: torch.zeros(3, 4) }), py: "nn.Linear(3, 4).load_state_dict({'weight': torch.zeros(3, 4)})" },
  { name: "load_state_dict nested", ts: () => seq(new nn.Linear(2, 2), new nn.LayerNorm(2)).load_state_dict({ "0.weight": torch.zeros(2, 2), "0.bias": torch.zeros(2), "1.weight": torch.zeros(3) }), py: "nn.Sequential(nn.Linear(2, 2), nn.LayerNorm(2)).load_state_dict({'0.weight': torch.zeros(2, 2), '0.bias': torch.zeros(2), '1.weight': torch.zeros(3)})" },
  { name: "load_state_dict loss buffer shape", ts: () => new nn.CrossEntropyLoss({ weight: torch.ones(3) }).load_state_dict({ weight: torch.ones(4) }), py: "nn.CrossEntropyLoss(weight=torch.ones(3)).load_state_dict({'weight': torch.ones(4)})" },
];

describe("bad input raises Python's exception class and message", () => {
  let expected: ReturnType<typeof pythonResults>;
  beforeAll(() => {
    expected = pythonResults(errors.map((c) => ({ name: c.name, ts: c.ts, py: `${c.py}\nr = None` }) as Case), PRELUDE);
  });
  errors.forEach((c, i) =>
    it(c.name, () => {
      const [raised, pyMessage] = raisedLikePython(c.ts, expected[i], c.py);
      const message = c.translate ? c.translate(pyMessage) : pyMessage;
      expect(raised).toBe(c.module ? `${c.module}: ${message}` : message);
    }),
  );

  it("keeps the exception's class: a wrong last dim is a torch.RuntimeError", () => {
    const m = new nn.Linear(3, 4);
    expect(() => m.forward(R(1, 2, 5))).toThrow(torch.RuntimeError);
    expect(() => new nn.Embedding(4, 2).forward(torch.tensor([9]))).toThrow(torch.IndexError);
    expect(() => new nn.Linear(3, 4, { biass: true } as never)).toThrow(torch.TypeError);
    expect(() => new nn.Dropout(2)).toThrow(torch.ValueError);
  });
});

// ---- modes, sharing, buffers, non-strict loading ----

const PY_MISC = `
from torch import nn
out = {}
d = nn.Dropout(0.5)
m = nn.Sequential(nn.Linear(4, 4), d)
out["training"] = [m.training, d.training]
m.eval()
out["eval"] = [m.training, d.training]
m.train()
out["train"] = [m.training, d.training]
class TinyLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte = nn.Embedding(11, 4)
        self.ln = nn.LayerNorm(4)
        self.lm_head = nn.Linear(4, 11, bias=False)
        self.lm_head.weight = self.wte.weight
    def forward(self, idx):
        return self.lm_head(self.ln(self.wte(idx)))
torch.manual_seed(5)
lm = TinyLM()
out["tied_params"] = [n for n, _ in lm.named_parameters()]
out["tied_count"] = sum(p.numel() for p in lm.parameters())
out["tied_keys"] = list(lm.state_dict().keys())
out["tied_str"] = str(lm)
logits = lm(torch.tensor([[1, 5, 10]]))
logits.sum().backward()
out["tied_logits"] = logits.tolist()
out["tied_grad"] = lm.wte.weight.grad.tolist()
r = nn.Linear(3, 2, bias=False).load_state_dict({"weight": torch.ones(2, 3), "bias": torch.zeros(2)}, strict=False)
out["nonstrict"] = [r.missing_keys, r.unexpected_keys]
r = nn.Linear(3, 2).load_state_dict({"weight": torch.ones(2, 3)}, strict=False)
out["nonstrict_missing"] = [r.missing_keys, r.unexpected_keys]
ce = nn.CrossEntropyLoss(weight=torch.tensor([1., 2.]))
out["ce_buffers"] = [n for n, _ in ce.named_buffers()]
out["ce_keys"] = list(ce.state_dict().keys())
bce = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.]))
out["bce_keys"] = list(bce.state_dict().keys())
out["bce_buffers"] = [n for n, _ in bce.named_buffers()]
out["bce_weight_none"] = bce.weight is None
emb = torch.arange(6.).view(3, 2)
e = nn.Embedding.from_pretrained(emb)
emb[0, 0] = 100.
out["shared"] = e.weight[0, 0].item()
out["frozen"] = e.weight.requires_grad
print(json.dumps(out))
`;

class TinyLM extends nn.Module {
  wte = new nn.Embedding(11, 4);
  ln = new nn.LayerNorm(4);
  lm_head = new nn.Linear(4, 11, { bias: false });
  constructor() {
    super();
    this.lm_head.weight = this.wte.weight;
  }
  forward(idx: T): T {
    return this.lm_head.forward(this.ln.forward(this.wte.forward(idx)));
  }
}

describe("modes, weight tying, buffers and non-strict loading, as Python", () => {
  let py: Record<string, unknown>;
  beforeAll(() => {
    py = pythonJson(PY_MISC);
  });

  it("train() and eval() switch Dropout off and on", () => {
    const d = new nn.Dropout(0.5);
    const m = seq(new nn.Linear(4, 4), d);
    expect([m.training, d.training]).toStrictEqual(py.training);
    m.eval();
    expect([m.training, d.training]).toStrictEqual(py.eval);
    const x = R(1, 100);
    expect(d.forward(x).tolist()).toStrictEqual(x.tolist());
    m.train();
    expect([m.training, d.training]).toStrictEqual(py.train);
    torch.manual_seed(0);
    const y = d.forward(x);
    expect(y.eq(0).sum().item()).toBeGreaterThan(0);
    // Survivors are scaled by 1/(1-p).
    const kept = y.ne(0);
    expect(y.index(kept).tolist()).toStrictEqual(x.index(kept).mul(2).tolist());
  });

  it("an Embedding and a Linear sharing their weight count it once in parameters(), twice in state_dict()", () => {
    torch.manual_seed(5);
    const lm = new TinyLM();
    expect([...lm.named_parameters()].map(([n]) => n)).toStrictEqual(py.tied_params);
    expect([...lm.parameters()].reduce((n, p) => n + p.numel(), 0)).toBe(py.tied_count);
    expect(Object.keys(lm.state_dict())).toStrictEqual(py.tied_keys);
    expect(lm.toString()).toBe(py.tied_str);
    expect(lm.lm_head.weight).toBe(lm.wte.weight);
    const logits = lm.forward(torch.tensor([[1, 5, 10]]));
    logits.sum().backward();
    expect(logits.tolist()).toStrictEqual(py.tied_logits);
    expect(lm.wte.weight.grad!.tolist()).toStrictEqual(py.tied_grad);
  });

  it("load_state_dict(strict=false) reports missing and unexpected keys", () => {
    const r1 = new nn.Linear(3, 2, { bias: false }).load_state_dict({ weight: torch.ones(2, 3), bias: torch.zeros(2) }, { strict: false });
    expect([r1.missing_keys, r1.unexpected_keys]).toStrictEqual(py.nonstrict);
    const lin = new nn.Linear(3, 2);
    const r2 = lin.load_state_dict({ weight: torch.ones(2, 3) }, false);
    expect([r2.missing_keys, r2.unexpected_keys]).toStrictEqual(py.nonstrict_missing);
    expect(lin.weight.tolist()).toStrictEqual([[1, 1, 1], [1, 1, 1]]);
  });

  it("loss weights are buffers, None ones left out of state_dict", () => {
    const ce = new nn.CrossEntropyLoss({ weight: torch.tensor([1, 2], { dtype: torch.float32 }) });
    expect([...ce.named_buffers()].map(([n]) => n)).toStrictEqual(py.ce_buffers);
    expect(Object.keys(ce.state_dict())).toStrictEqual(py.ce_keys);
    const bce = new nn.BCEWithLogitsLoss({ pos_weight: torch.tensor([2], { dtype: torch.float32 }) });
    expect(Object.keys(bce.state_dict())).toStrictEqual(py.bce_keys);
    expect([...bce.named_buffers()].map(([n]) => n)).toStrictEqual(py.bce_buffers);
    expect(bce.weight === null).toBe(py.bce_weight_none);
    expect(new nn.NLLLoss().weight).toBeNull();
  });

  it("Embedding.from_pretrained shares the tensor and freezes it by default", () => {
    const emb = torch.arange(6, { dtype: torch.float32 }).view(3, 2);
    const e = nn.Embedding.from_pretrained(emb);
    emb.index_set_([0, 0], 100);
    expect(e.weight.index(0, 0).item()).toBe(py.shared);
    expect(e.weight.requires_grad).toBe(py.frozen);
    expect(e.weight).toBeInstanceOf(nn.Parameter);
  });

  it("layers move and cast with the module: double() and to(dtype)", () => {
    torch.manual_seed(0);
    const m = seq(new nn.Linear(3, 2), new nn.LayerNorm(2));
    const before = (m[0] as InstanceType<typeof nn.Linear>).weight;
    m.double();
    const lin = m[0] as InstanceType<typeof nn.Linear>;
    expect(lin.weight).toBe(before);
    expect(lin.weight.dtype).toBe(torch.float64);
    expect(m.forward(R(1, 4, 3).double()) as T).toBeInstanceOf(torch.Tensor);
  });

  it("reset_parameters() redraws as Python's does", () => {
    const py2 = pythonJson<number[][][]>(
      "from torch import nn\ntorch.manual_seed(0); m = nn.Linear(3, 2); torch.manual_seed(1); m.reset_parameters()\n" +
        "torch.manual_seed(2); e = nn.Embedding(4, 2, padding_idx=1); torch.manual_seed(3); e.reset_parameters()\n" +
        "print(json.dumps([m.weight.tolist(), [m.bias.tolist()], e.weight.tolist()]))",
    );
    torch.manual_seed(0);
    const m = new nn.Linear(3, 2);
    torch.manual_seed(1);
    m.reset_parameters();
    torch.manual_seed(2);
    const e = new nn.Embedding(4, 2, { padding_idx: 1 });
    torch.manual_seed(3);
    e.reset_parameters();
    expect([m.weight.tolist(), [m.bias!.tolist()], e.weight.tolist()]).toStrictEqual(py2);
  });
});

// ---- on CUDA, against Python on the same GPU (skipped where there is none) ----

const hasCuda = torch.cuda.is_available();
const cudaCases: Case[] = [
  {
    name: "Linear on cuda: parameters after manual_seed",
    ts: () => (torch.manual_seed(0), ((m) => [m.weight, m.bias])(new nn.Linear(8, 4, { device: "cuda" }))),
    py: "torch.manual_seed(0); m = nn.Linear(8, 4, device='cuda'); r = [m.weight, m.bias]",
  },
  {
    name: "Linear on cuda: forward",
    ts: () => (torch.manual_seed(0), new nn.Linear(8, 4, { device: "cuda" }).forward(R(1, 3, 8).to("cuda")).detach()),
    py: "torch.manual_seed(0); r = nn.Linear(8, 4, device='cuda')(R(1, 3, 8).to('cuda')).detach()",
    atol: 1e-5,
  },
  {
    name: "Embedding on cuda: forward",
    ts: () => (torch.manual_seed(0), new nn.Embedding(10, 3, { device: "cuda", padding_idx: 1 }).forward(torch.tensor([1, 4, 9], { device: "cuda" })).detach()),
    py: "torch.manual_seed(0); r = nn.Embedding(10, 3, device='cuda', padding_idx=1)(torch.tensor([1, 4, 9], device='cuda')).detach()",
  },
  {
    name: "LayerNorm on cuda: forward",
    ts: () => new nn.LayerNorm(6, { device: "cuda" }).forward(R(2, 4, 6).to("cuda")).detach(),
    py: "r = nn.LayerNorm(6, device='cuda')(R(2, 4, 6).to('cuda')).detach()",
    atol: 1e-5,
  },
  {
    name: "Dropout on cuda: mask after manual_seed",
    ts: () => (torch.manual_seed(3), new nn.Dropout(0.5).forward(torch.ones(64, { device: "cuda" }))),
    py: "torch.manual_seed(3); r = nn.Dropout(0.5)(torch.ones(64, device='cuda'))",
  },
  {
    name: "CrossEntropyLoss on cuda",
    ts: () => new nn.CrossEntropyLoss().forward(R(3, 5, 7).to("cuda"), torch.tensor([0, 6, 2, 2, 1], { device: "cuda" })),
    py: "r = nn.CrossEntropyLoss()(R(3, 5, 7).to('cuda'), torch.tensor([0, 6, 2, 2, 1], device='cuda'))",
    atol: 1e-5,
  },
  {
    name: "Linear on cuda fed a cpu tensor",
    ts: () => new nn.Linear(3, 2, { device: "cuda" }).forward(torch.ones(1, 3)),
    py: "r = nn.Linear(3, 2, device='cuda')(torch.ones(1, 3))",
  },
];

describe.runIf(hasCuda)("layers on CUDA, against Python on the same GPU (1e-5 where noted)", () => {
  let expected: ReturnType<typeof pythonResults>;
  beforeAll(() => {
    expected = pythonResults(cudaCases, PRELUDE);
  });
  cudaCases.forEach((c, i) =>
    it(c.name, () => {
      const py = expected[i];
      if (py.kind === "error" && c.name.includes("cpu tensor")) {
        // forward's errors name the module.
        expect(c.ts).toThrow(`Linear(in_features=3, out_features=2, bias=True): ${py.message}`);
        return;
      }
      expectSame(c, py);
    }),
  );
});
