// The torch.nn modules added for issue #14 (activations, losses, padding, upsampling, fold,
// shuffles, distances, Bilinear, EmbeddingBag, LRN, fractional pooling, the lazy modules,
// AdaptiveLogSoftmaxWithLoss) against Python torch 2.11: the same module built after the same
// torch.manual_seed has bitwise-equal parameters and buffers, the same state_dict keys, prints
// the same, and gives the same outputs and input/parameter gradients (fp32 CPU; exact unless a
// case gives atol). Lazy modules are compared after their first forward (parameters, printed
// form: they become their non-lazy class).
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
  /** A lazy module: no state before the first forward; its printed form after it is compared too. */
  lazy?: boolean;
  /** The element of a tuple output to compare (default 0). */
  pick?: number;
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
        if not c.get("lazy"):
            r["state"] = [[k, T(v)] for k, v in m.state_dict().items()]
            r["params"] = [[n, p.requires_grad] for n, p in m.named_parameters()]
            r["buffers"] = [n for n, _ in m.named_buffers()]
        if c["eval"]:
            m.eval()
        if c.get("lazy"):
            r["state"] = []
        if c["inputs"] is not None:
            xs = [make_input(s) for s in c["inputs"]]
            torch.manual_seed(c["fseed"])
            y = m(*xs)
            if isinstance(y, tuple):
                y = y[c["pick"]]
            r["out"] = T(y)
            r["str_after"] = str(m)
            if y.requires_grad:
                if y.dim() == 0:
                    y.backward()
                else:
                    torch.manual_seed(77)
                    (y * torch.randn(*y.shape)).sum().backward()
            r["input_grads"] = [T(x.grad) if x.is_leaf else None for x in xs]
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
  str_after?: string;
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


const x = (seed: number, ...shape: number[]): InputSpec => ({ kind: "randn", seed, shape, grad: true });
const ints = (values: unknown): InputSpec => ({ kind: "tensor", values, dtype: "int64" });
const floats = (values: unknown): InputSpec => ({ kind: "tensor", values, dtype: "float32" });
const u = (seed: number, ...shape: number[]): InputSpec => ({ kind: "rand", seed, shape, grad: true });
const u0 = (seed: number, ...shape: number[]): InputSpec => ({ kind: "rand", seed, shape });
const pm1 = floats([1, -1, 1, 1, -1]);

const layers: LayerCase[] = [
  // activations
  { name: "Threshold", py: "nn.Threshold(0.1, 20.5)", ts: () => new nn.Threshold(0.1, 20.5), inputs: [x(1, 3, 4)] },
  { name: "Threshold inplace", py: "nn.Threshold(0.1, -2.0, inplace=True)", ts: () => new nn.Threshold(0.1, -2.0, { inplace: true }), inputs: [{ kind: "randn", seed: 1, shape: [5] }] },
  { name: "Hardtanh", py: "nn.Hardtanh()", ts: () => new nn.Hardtanh(), inputs: [x(2, 10)] },
  { name: "Hardtanh bounds", py: "nn.Hardtanh(-0.5, 0.75)", ts: () => new nn.Hardtanh(-0.5, 0.75), inputs: [x(2, 10)] },
  { name: "ReLU6", py: "nn.ReLU6()", ts: () => new nn.ReLU6(), inputs: [{ kind: "randn", seed: 3, shape: [12], grad: true }] },
  { name: "ReLU6 inplace", py: "nn.ReLU6(inplace=True)", ts: () => new nn.ReLU6({ inplace: true }) },
  { name: "RReLU eval", py: "nn.RReLU()", ts: () => new nn.RReLU(), eval: true, inputs: [x(4, 3, 4)] },
  { name: "RReLU train", py: "nn.RReLU(0.1, 0.3)", ts: () => new nn.RReLU(0.1, 0.3), fseed: 5, inputs: [x(4, 3, 4)] },
  { name: "Hardsigmoid", py: "nn.Hardsigmoid()", ts: () => new nn.Hardsigmoid(), inputs: [x(5, 10)] },
  { name: "Hardswish", py: "nn.Hardswish()", ts: () => new nn.Hardswish(), inputs: [x(5, 10)] },
  { name: "Mish", py: "nn.Mish()", ts: () => new nn.Mish(), inputs: [x(6, 10)] },
  { name: "Mish inplace", py: "nn.Mish(inplace=True)", ts: () => new nn.Mish({ inplace: true }) },
  { name: "SELU", py: "nn.SELU()", ts: () => new nn.SELU(), inputs: [x(7, 10)] },
  { name: "CELU", py: "nn.CELU(0.5)", ts: () => new nn.CELU(0.5), inputs: [x(8, 10)] },
  { name: "GLU", py: "nn.GLU()", ts: () => new nn.GLU(), inputs: [x(9, 3, 6)] },
  { name: "GLU dim", py: "nn.GLU(dim=0)", ts: () => new nn.GLU({ dim: 0 }), inputs: [x(9, 4, 3)] },
  { name: "Hardshrink", py: "nn.Hardshrink()", ts: () => new nn.Hardshrink(), inputs: [x(10, 10)] },
  { name: "Softshrink", py: "nn.Softshrink(0.3)", ts: () => new nn.Softshrink(0.3), inputs: [x(10, 10)] },
  { name: "LogSigmoid", py: "nn.LogSigmoid()", ts: () => new nn.LogSigmoid(), inputs: [x(11, 10)] },
  { name: "Softsign", py: "nn.Softsign()", ts: () => new nn.Softsign(), inputs: [x(11, 10)] },
  { name: "Tanhshrink", py: "nn.Tanhshrink()", ts: () => new nn.Tanhshrink(), inputs: [x(11, 10)] },
  { name: "Softplus", py: "nn.Softplus(beta=2.0, threshold=1.5)", ts: () => new nn.Softplus({ beta: 2.0, threshold: 1.5 }), inputs: [x(12, 10)] },
  { name: "Softmin", py: "nn.Softmin(dim=1)", ts: () => new nn.Softmin({ dim: 1 }), inputs: [x(13, 3, 4)] },
  { name: "Softmax2d", py: "nn.Softmax2d()", ts: () => new nn.Softmax2d(), inputs: [x(14, 2, 3, 2, 2)] },
  { name: "PReLU", py: "nn.PReLU()", ts: () => new nn.PReLU(), inputs: [x(15, 2, 3, 4)] },
  { name: "PReLU per channel", py: "nn.PReLU(3, init=0.1)", ts: () => new nn.PReLU(3, { init: 0.1 }), inputs: [x(15, 2, 3, 4)] },
  // losses
  { name: "L1Loss", py: "nn.L1Loss()", ts: () => new nn.L1Loss(), inputs: [x(1, 3, 4), x(2, 3, 4)] },
  { name: "L1Loss sum", py: "nn.L1Loss(reduction='sum')", ts: () => new nn.L1Loss({ reduction: "sum" }), inputs: [x(1, 3, 4), x(2, 3, 4)] },
  { name: "NLLLoss2d", py: "nn.NLLLoss2d()", ts: () => new nn.NLLLoss2d(), inputs: [x(1, 2, 3, 2, 2), ints([[[0, 1], [2, 1]], [[2, 2], [0, 0]]])] },
  { name: "PoissonNLLLoss", py: "nn.PoissonNLLLoss()", ts: () => new nn.PoissonNLLLoss(), inputs: [x(1, 3, 4), u0(2, 3, 4)] },
  { name: "PoissonNLLLoss full", py: "nn.PoissonNLLLoss(log_input=False, full=True)", ts: () => new nn.PoissonNLLLoss({ log_input: false, full: true }), inputs: [u(1, 3, 4), { kind: "tensor", values: [[0, 1, 2, 3], [4, 0, 1, 2], [3, 3, 1, 0]], dtype: "float32" }] },
  { name: "GaussianNLLLoss", py: "nn.GaussianNLLLoss()", ts: () => new nn.GaussianNLLLoss(), inputs: [x(1, 3, 4), x(2, 3, 4), u(3, 3, 4)] },
  { name: "GaussianNLLLoss full sum", py: "nn.GaussianNLLLoss(full=True, reduction='sum')", ts: () => new nn.GaussianNLLLoss({ full: true, reduction: "sum" }), inputs: [x(1, 3, 4), x(2, 3, 4), u(3, 3, 1)] },
  { name: "KLDivLoss", py: "nn.KLDivLoss(reduction='batchmean')", ts: () => new nn.KLDivLoss({ reduction: "batchmean" as "mean" }), inputs: [x(1, 3, 4), u0(2, 3, 4)] },
  { name: "KLDivLoss log_target", py: "nn.KLDivLoss(reduction='sum', log_target=True)", ts: () => new nn.KLDivLoss({ reduction: "sum", log_target: true }), inputs: [x(1, 3, 4), x(2, 3, 4)] },
  { name: "BCELoss", py: "nn.BCELoss()", ts: () => new nn.BCELoss(), inputs: [u(1, 3, 4), u0(2, 3, 4)] },
  { name: "BCELoss weight", py: "nn.BCELoss(weight=torch.tensor([1., 2., 0.5, 3.]))", ts: () => new nn.BCELoss({ weight: torch.tensor([1, 2, 0.5, 3]) }), inputs: [u(1, 3, 4), u0(2, 3, 4)] },
  { name: "HingeEmbeddingLoss", py: "nn.HingeEmbeddingLoss(margin=0.5)", ts: () => new nn.HingeEmbeddingLoss({ margin: 0.5 }), inputs: [x(1, 5), pm1] },
  { name: "MultiLabelMarginLoss", py: "nn.MultiLabelMarginLoss()", ts: () => new nn.MultiLabelMarginLoss(), inputs: [x(1, 2, 4), ints([[3, 0, -1, 1], [1, 2, 3, -1]])] },
  { name: "SmoothL1Loss", py: "nn.SmoothL1Loss(beta=0.5)", ts: () => new nn.SmoothL1Loss({ beta: 0.5 }), inputs: [x(1, 3, 4), x(2, 3, 4)] },
  { name: "HuberLoss", py: "nn.HuberLoss(delta=0.7)", ts: () => new nn.HuberLoss({ delta: 0.7 }), inputs: [x(1, 3, 4), x(2, 3, 4)] },
  { name: "SoftMarginLoss", py: "nn.SoftMarginLoss()", ts: () => new nn.SoftMarginLoss(), inputs: [x(1, 5), pm1] },
  { name: "MultiLabelSoftMarginLoss", py: "nn.MultiLabelSoftMarginLoss()", ts: () => new nn.MultiLabelSoftMarginLoss(), inputs: [x(1, 3, 4), { kind: "tensor", values: [[1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 1, 0]], dtype: "float32" }] },
  { name: "CosineEmbeddingLoss", py: "nn.CosineEmbeddingLoss(0.2)", ts: () => new nn.CosineEmbeddingLoss(0.2), inputs: [x(1, 5, 3), x(2, 5, 3), pm1] },
  { name: "MarginRankingLoss", py: "nn.MarginRankingLoss(0.1)", ts: () => new nn.MarginRankingLoss(0.1), inputs: [x(1, 5), x(2, 5), pm1] },
  { name: "MultiMarginLoss", py: "nn.MultiMarginLoss()", ts: () => new nn.MultiMarginLoss(), inputs: [x(1, 3, 4), ints([3, 0, 1])] },
  { name: "MultiMarginLoss p=2 weight", py: "nn.MultiMarginLoss(p=2, margin=0.5, weight=torch.tensor([1., 2., 3., 4.]))", ts: () => new nn.MultiMarginLoss({ p: 2, margin: 0.5, weight: torch.tensor([1, 2, 3, 4], { dtype: torch.float32 }) }), inputs: [x(1, 3, 4), ints([3, 0, 1])] },
  { name: "TripletMarginLoss", py: "nn.TripletMarginLoss()", ts: () => new nn.TripletMarginLoss(), inputs: [x(1, 4, 3), x(2, 4, 3), x(3, 4, 3)] },
  { name: "TripletMarginLoss swap p=1", py: "nn.TripletMarginLoss(margin=0.5, p=1.0, swap=True)", ts: () => new nn.TripletMarginLoss({ margin: 0.5, p: 1.0, swap: true }), inputs: [x(1, 4, 3), x(2, 4, 3), x(3, 4, 3)] },
  { name: "TripletMarginWithDistanceLoss", py: "nn.TripletMarginWithDistanceLoss()", ts: () => new nn.TripletMarginWithDistanceLoss(), inputs: [x(1, 4, 3), x(2, 4, 3), x(3, 4, 3)] },
  { name: "TripletMarginWithDistanceLoss module distance", py: "nn.TripletMarginWithDistanceLoss(distance_function=nn.CosineSimilarity(), margin=0.3, swap=True)", ts: () => new nn.TripletMarginWithDistanceLoss({ distance_function: new nn.CosineSimilarity(), margin: 0.3, swap: true }), inputs: [x(1, 4, 3), x(2, 4, 3), x(3, 4, 3)] },
  {
    name: "CTCLoss",
    py: "nn.CTCLoss()",
    ts: () => new nn.CTCLoss(),
    inputs: [{ kind: "randn", seed: 1, shape: [6, 2, 4], grad: true }, ints([[1, 2, 2], [3, 1, 0]]), ints([6, 5]), ints([3, 2])],
    atol: 1e-6,
  },
  { name: "CTCLoss sum zero_infinity", py: "nn.CTCLoss(blank=3, reduction='sum', zero_infinity=True)", ts: () => new nn.CTCLoss(3, "sum", true), inputs: [x(1, 5, 2, 4), ints([[1, 2], [0, 1]]), ints([5, 4]), ints([2, 2])], atol: 1e-5 },
  // padding
  { name: "ZeroPad1d", py: "nn.ZeroPad1d(2)", ts: () => new nn.ZeroPad1d(2), inputs: [x(1, 2, 3)] },
  { name: "ZeroPad2d", py: "nn.ZeroPad2d((1, 0, 2, 1))", ts: () => new nn.ZeroPad2d([1, 0, 2, 1]), inputs: [x(1, 1, 2, 3)] },
  { name: "ZeroPad3d", py: "nn.ZeroPad3d(1)", ts: () => new nn.ZeroPad3d(1), inputs: [x(1, 1, 2, 2, 2)] },
  { name: "ConstantPad1d", py: "nn.ConstantPad1d((1, 2), 3.5)", ts: () => new nn.ConstantPad1d([1, 2], 3.5), inputs: [x(2, 2, 3)] },
  { name: "ConstantPad2d", py: "nn.ConstantPad2d(1, -1.5)", ts: () => new nn.ConstantPad2d(1, -1.5), inputs: [x(2, 1, 2, 3)] },
  { name: "ConstantPad3d", py: "nn.ConstantPad3d((1, 0, 0, 1, 1, 1), 0.5)", ts: () => new nn.ConstantPad3d([1, 0, 0, 1, 1, 1], 0.5), inputs: [x(2, 1, 2, 2, 2)] },
  { name: "ReflectionPad1d", py: "nn.ReflectionPad1d((2, 1))", ts: () => new nn.ReflectionPad1d([2, 1]), inputs: [x(3, 2, 4)] },
  { name: "ReflectionPad2d", py: "nn.ReflectionPad2d(1)", ts: () => new nn.ReflectionPad2d(1), inputs: [x(3, 1, 3, 3)] },
  { name: "ReflectionPad3d", py: "nn.ReflectionPad3d(1)", ts: () => new nn.ReflectionPad3d(1), inputs: [x(3, 1, 1, 2, 3, 3)] },
  { name: "ReplicationPad1d", py: "nn.ReplicationPad1d((2, 1))", ts: () => new nn.ReplicationPad1d([2, 1]), inputs: [x(4, 2, 4)] },
  { name: "ReplicationPad2d", py: "nn.ReplicationPad2d((1, 2, 0, 1))", ts: () => new nn.ReplicationPad2d([1, 2, 0, 1]), inputs: [x(4, 1, 2, 3)] },
  { name: "ReplicationPad3d", py: "nn.ReplicationPad3d(1)", ts: () => new nn.ReplicationPad3d(1), inputs: [x(4, 1, 1, 2, 2, 2)] },
  { name: "CircularPad1d", py: "nn.CircularPad1d(1)", ts: () => new nn.CircularPad1d(1), inputs: [x(5, 2, 4)] },
  { name: "CircularPad2d", py: "nn.CircularPad2d((1, 0, 1, 2))", ts: () => new nn.CircularPad2d([1, 0, 1, 2]), inputs: [x(5, 1, 3, 3)] },
  { name: "CircularPad3d", py: "nn.CircularPad3d(1)", ts: () => new nn.CircularPad3d(1), inputs: [x(5, 1, 2, 2, 2)] },
  // upsampling, fold, shuffles, distances
  { name: "Upsample scale_factor", py: "nn.Upsample(scale_factor=2)", ts: () => new nn.Upsample({ scale_factor: 2 }), inputs: [x(1, 1, 2, 2, 3)] },
  { name: "Upsample size bilinear", py: "nn.Upsample(size=(4, 5), mode='bilinear')", ts: () => new nn.Upsample({ size: [4, 5], mode: "bilinear" }), inputs: [x(1, 1, 2, 2, 3)], atol: 1e-6 },
  { name: "Upsample bicubic align_corners", py: "nn.Upsample(scale_factor=1.5, mode='bicubic', align_corners=True)", ts: () => new nn.Upsample({ scale_factor: 1.5, mode: "bicubic", align_corners: true }), inputs: [x(1, 1, 1, 4, 4)], atol: 1e-6 },
  { name: "UpsamplingNearest2d", py: "nn.UpsamplingNearest2d(scale_factor=3)", ts: () => new nn.UpsamplingNearest2d({ scale_factor: 3 }), inputs: [x(2, 1, 2, 2, 2)] },
  { name: "UpsamplingBilinear2d", py: "nn.UpsamplingBilinear2d((5, 4))", ts: () => new nn.UpsamplingBilinear2d([5, 4]), inputs: [x(2, 1, 2, 2, 3)], atol: 1e-6 },
  { name: "Fold", py: "nn.Fold(output_size=(4, 5), kernel_size=(2, 2))", ts: () => new nn.Fold([4, 5], [2, 2]), inputs: [x(1, 2, 12, 12)] },
  { name: "Unfold", py: "nn.Unfold(kernel_size=2, dilation=1, padding=1, stride=2)", ts: () => new nn.Unfold(2, 1, 1, 2), inputs: [x(1, 2, 3, 4, 5)] },
  { name: "PixelShuffle", py: "nn.PixelShuffle(2)", ts: () => new nn.PixelShuffle(2), inputs: [x(1, 1, 8, 2, 3)] },
  { name: "PixelUnshuffle", py: "nn.PixelUnshuffle(2)", ts: () => new nn.PixelUnshuffle(2), inputs: [x(1, 1, 2, 4, 6)] },
  { name: "ChannelShuffle", py: "nn.ChannelShuffle(2)", ts: () => new nn.ChannelShuffle(2), inputs: [x(1, 1, 4, 2, 2)] },
  { name: "PairwiseDistance", py: "nn.PairwiseDistance()", ts: () => new nn.PairwiseDistance(), inputs: [x(1, 4, 3), x(2, 4, 3)] },
  { name: "PairwiseDistance p=1 keepdim", py: "nn.PairwiseDistance(p=1.0, keepdim=True)", ts: () => new nn.PairwiseDistance({ p: 1.0, keepdim: true }), inputs: [x(1, 4, 3), x(2, 4, 3)] },
  { name: "CosineSimilarity", py: "nn.CosineSimilarity(dim=0)", ts: () => new nn.CosineSimilarity({ dim: 0 }), inputs: [x(1, 4, 3), x(2, 4, 3)] },
  // layers with parameters
  { name: "Bilinear", py: "nn.Bilinear(3, 4, 5)", ts: () => new nn.Bilinear(3, 4, 5), inputs: [x(1, 2, 3), x(2, 2, 4)], atol: 1e-6 },
  { name: "Bilinear bias=False seed 3", seed: 3, py: "nn.Bilinear(2, 2, 3, bias=False)", ts: () => new nn.Bilinear(2, 2, 3, { bias: false }), inputs: [x(1, 4, 2), x(2, 4, 2)], atol: 1e-6 },
  { name: "EmbeddingBag", py: "nn.EmbeddingBag(10, 3)", ts: () => new nn.EmbeddingBag(10, 3), inputs: [ints([1, 2, 4, 5, 4, 3, 2, 9]), ints([0, 4])] },
  { name: "EmbeddingBag sum 2-d", py: "nn.EmbeddingBag(10, 3, mode='sum', padding_idx=0)", ts: () => new nn.EmbeddingBag(10, 3, { mode: "sum", padding_idx: 0 }), inputs: [ints([[1, 0, 4], [4, 3, 0]])] },
  { name: "EmbeddingBag max", py: "nn.EmbeddingBag(6, 2, mode='max')", ts: () => new nn.EmbeddingBag(6, 2, { mode: "max" }), inputs: [ints([[1, 5], [4, 3]])] },
  { name: "LocalResponseNorm", py: "nn.LocalResponseNorm(2)", ts: () => new nn.LocalResponseNorm(2), inputs: [x(1, 2, 4, 3, 3)], atol: 1e-6 },
  { name: "CrossMapLRN2d", py: "nn.CrossMapLRN2d(3, alpha=0.01, beta=0.5, k=2)", ts: () => new nn.CrossMapLRN2d(3, { alpha: 0.01, beta: 0.5, k: 2 }), inputs: [x(1, 2, 5, 2, 2)], atol: 1e-5 },
  { name: "FractionalMaxPool2d output_ratio", py: "nn.FractionalMaxPool2d(2, output_ratio=0.5)", ts: () => new nn.FractionalMaxPool2d(2, { output_ratio: 0.5 }), fseed: 3, inputs: [x(1, 2, 3, 8, 8)] },
  { name: "FractionalMaxPool2d indices", py: "nn.FractionalMaxPool2d((2, 3), output_size=(3, 2), return_indices=True)", ts: () => new nn.FractionalMaxPool2d([2, 3], { output_size: [3, 2], return_indices: true }), fseed: 4, inputs: [x(1, 1, 7, 7)] },
  { name: "FractionalMaxPool3d", py: "nn.FractionalMaxPool3d(2, output_size=3)", ts: () => new nn.FractionalMaxPool3d(2, { output_size: 3 }), fseed: 5, inputs: [x(1, 1, 2, 6, 6, 6)] },
  { name: "AdaptiveLogSoftmaxWithLoss", py: "nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6], div_value=2.0)", ts: () => new nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6], { div_value: 2.0 }), inputs: [x(1, 5, 8), ints([0, 4, 9, 2, 7])], pick: 1, atol: 1e-6 },
  { name: "AdaptiveLogSoftmaxWithLoss output head_bias", py: "nn.AdaptiveLogSoftmaxWithLoss(6, 8, (2,), head_bias=True)", ts: () => new nn.AdaptiveLogSoftmaxWithLoss(6, 8, [2], { head_bias: true }), inputs: [x(1, 4, 6), ints([0, 4, 7, 1])], pick: 0, atol: 1e-6 },
  { name: "DataParallel", py: "nn.DataParallel(nn.Linear(3, 2))", ts: () => new nn.DataParallel(new nn.Linear(3, 2)), inputs: [x(1, 4, 3)] },
  // lazy modules: materialized by their first forward, then the non-lazy class
  { name: "LazyLinear", lazy: true, py: "nn.LazyLinear(4)", ts: () => new nn.LazyLinear(4), inputs: [x(1, 3, 5)] },
  { name: "LazyLinear bias=False", lazy: true, seed: 2, py: "nn.LazyLinear(3, bias=False)", ts: () => new nn.LazyLinear(3, { bias: false }), inputs: [x(1, 2, 6)] },
  { name: "LazyConv1d", lazy: true, py: "nn.LazyConv1d(4, 3)", ts: () => new nn.LazyConv1d(4, 3), inputs: [x(1, 2, 3, 7)], atol: 1e-6 },
  { name: "LazyConv2d", lazy: true, py: "nn.LazyConv2d(4, 3, padding=1, groups=2)", ts: () => new nn.LazyConv2d(4, 3, { padding: 1, groups: 2 }), inputs: [x(1, 2, 4, 5, 5)], atol: 1e-6 },
  { name: "LazyConv3d", lazy: true, py: "nn.LazyConv3d(2, 2)", ts: () => new nn.LazyConv3d(2, 2), inputs: [x(1, 1, 2, 3, 3, 3)], atol: 1e-6 },
  { name: "LazyConvTranspose1d", lazy: true, py: "nn.LazyConvTranspose1d(4, 3, stride=2)", ts: () => new nn.LazyConvTranspose1d(4, 3, { stride: 2 }), inputs: [x(1, 2, 3, 5)], atol: 1e-6 },
  { name: "LazyConvTranspose2d", lazy: true, py: "nn.LazyConvTranspose2d(3, 2)", ts: () => new nn.LazyConvTranspose2d(3, 2), inputs: [x(1, 2, 2, 3, 3)], atol: 1e-6 },
  { name: "LazyConvTranspose3d", lazy: true, py: "nn.LazyConvTranspose3d(2, 2, bias=False)", ts: () => new nn.LazyConvTranspose3d(2, 2, { bias: false }), inputs: [x(1, 1, 2, 2, 2, 2)], atol: 1e-6 },
  { name: "LazyBatchNorm1d", lazy: true, py: "nn.LazyBatchNorm1d()", ts: () => new nn.LazyBatchNorm1d(), inputs: [x(1, 4, 3)], atol: 1e-6 },
  { name: "LazyBatchNorm2d", lazy: true, py: "nn.LazyBatchNorm2d(momentum=0.3)", ts: () => new nn.LazyBatchNorm2d({ momentum: 0.3 }), inputs: [x(1, 2, 3, 2, 2)], atol: 1e-6 },
  { name: "LazyBatchNorm3d", lazy: true, py: "nn.LazyBatchNorm3d(affine=False)", ts: () => new nn.LazyBatchNorm3d({ affine: false }), inputs: [x(1, 2, 2, 2, 2, 2)], atol: 1e-6 },
  { name: "LazyInstanceNorm1d", lazy: true, py: "nn.LazyInstanceNorm1d()", ts: () => new nn.LazyInstanceNorm1d(), inputs: [x(1, 2, 3, 5)], atol: 1e-6 },
  { name: "LazyInstanceNorm2d no stats", lazy: true, py: "nn.LazyInstanceNorm2d(track_running_stats=False)", ts: () => new nn.LazyInstanceNorm2d({ track_running_stats: false }), inputs: [x(1, 2, 3, 3, 3)], atol: 1e-6 },
  { name: "LazyInstanceNorm3d affine track", lazy: true, py: "nn.LazyInstanceNorm3d(affine=True, track_running_stats=True)", ts: () => new nn.LazyInstanceNorm3d({ affine: true, track_running_stats: true }), inputs: [x(1, 1, 2, 2, 3, 3)], atol: 1e-6 },
];

function runLayer(c: LayerCase, py: PyLayer): void {
  torch.manual_seed(c.seed ?? 0);
  const m = c.ts();
  expect(m.toString()).toBe(py.str);
  if (!c.lazy) {
    const state = Object.entries(m.state_dict());
    expect(state.map(([k]) => k)).toStrictEqual(py.state.map(([k]) => k));
    state.forEach(([k, v], i) => sameTensor(toJson(v), py.state[i][1], 0, `state_dict ${k}`));
    expect([...m.named_parameters()].map(([n, p]) => [n, p.requires_grad])).toStrictEqual(py.params);
    expect([...m.named_buffers()].map(([n]) => n)).toStrictEqual(py.buffers);
  }
  if (c.eval) m.eval();
  if (!c.inputs) return;
  const xs = c.inputs.map(makeInput);
  torch.manual_seed(c.fseed ?? 0);
  let y = (m.forward as (...a: T[]) => T | T[])(...xs);
  if (Array.isArray(y)) y = y[c.pick ?? 0];
  const atol = c.atol ?? 0;
  sameTensor(toJson(y), py.out!, atol, "output");
  expect(m.toString(), "printed after forward").toBe(py.str_after);
  if (y.requires_grad) {
    if (y.dim() === 0) y.backward();
    else {
      torch.manual_seed(77);
      y.mul(torch.randn(y.shape)).sum().backward();
    }
  }
  xs.forEach((x, i) => sameTensor(toJson(x.is_leaf ? x.grad : null), py.input_grads![i], atol, `input ${i} grad`));
  const grads = [...m.named_parameters()];
  expect(grads.map(([n]) => n)).toStrictEqual(py.param_grads!.map(([n]) => n));
  grads.forEach(([n, p], i) => sameTensor(toJson(p.grad), py.param_grads![i][1], atol, `${n}.grad`));
  const after = Object.entries(m.state_dict());
  expect(after.map(([k]) => k)).toStrictEqual(py.state_after!.map(([k]) => k));
  after.forEach(([k, v], i) => sameTensor(toJson(v), py.state_after![i][1], atol, `state_dict ${k} after forward`));
}

describe("new nn modules against Python: init, state_dict, printing, forward, backward", () => {
  let results: PyLayer[];
  beforeAll(() => {
    const payload = layers.map((c) => ({
      py: c.py, seed: c.seed ?? 0, inputs: c.inputs ?? null, eval: c.eval ?? false, fseed: c.fseed ?? 0, lazy: c.lazy ?? false, pick: c.pick ?? 0,
    }));
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
}

const errors: ErrorCase[] = [
  { name: "Hardtanh max_val <= min_val", ts: () => new nn.Hardtanh(1.0, -1.0), py: "nn.Hardtanh(1.0, -1.0)" },
  { name: "Threshold missing value", ts: () => new (nn.Threshold as unknown as new (...a: unknown[]) => unknown)(0.5), py: "nn.Threshold(0.5)" },
  { name: "ReLU6 unknown option", ts: () => new nn.ReLU6({ alpha: 1 } as never), py: "nn.ReLU6(alpha=1)" },
  { name: "Softmax2d 2-d input", module: "Softmax2d()", ts: () => new nn.Softmax2d().forward(R(1, 2, 3)), py: "nn.Softmax2d()(R(1, 2, 3))" },
  { name: "GLU odd size", module: "GLU(dim=-1)", ts: () => new nn.GLU().forward(R(1, 2, 3)), py: "nn.GLU()(R(1, 2, 3))" },
  { name: "MultiMarginLoss p=3", ts: () => new nn.MultiMarginLoss(3), py: "nn.MultiMarginLoss(3)" },
  { name: "MultiMarginLoss 2-d weight", ts: () => new nn.MultiMarginLoss({ weight: torch.ones(2, 2) }), py: "nn.MultiMarginLoss(weight=torch.ones(2, 2))" },
  { name: "TripletMarginLoss margin 0", ts: () => new nn.TripletMarginLoss(0.0), py: "nn.TripletMarginLoss(0.0)" },
  { name: "TripletMarginWithDistanceLoss margin -1", ts: () => new nn.TripletMarginWithDistanceLoss({ margin: -1.5 }), py: "nn.TripletMarginWithDistanceLoss(margin=-1.5)" },
  { name: "GaussianNLLLoss positional argument", ts: () => new (nn.GaussianNLLLoss as unknown as new (...a: unknown[]) => unknown)(true), py: "nn.GaussianNLLLoss(True)" },
  { name: "CircularPad1d 4-d input", module: "CircularPad1d((1, 1))", ts: () => new nn.CircularPad1d(1).forward(R(1, 1, 2, 3, 4)), py: "nn.CircularPad1d(1)(R(1, 1, 2, 3, 4))" },
  { name: "ReflectionPad1d padding too large", module: "ReflectionPad1d((5, 5))", ts: () => new nn.ReflectionPad1d(5).forward(R(1, 1, 3)), py: "nn.ReflectionPad1d(5)(R(1, 1, 3))" },
  { name: "FractionalMaxPool2d neither size nor ratio", ts: () => new nn.FractionalMaxPool2d(2), py: "nn.FractionalMaxPool2d(2)" },
  { name: "FractionalMaxPool2d size and ratio", ts: () => new nn.FractionalMaxPool2d(2, 3, 0.5), py: "nn.FractionalMaxPool2d(2, 3, 0.5)" },
  { name: "FractionalMaxPool3d ratio out of range", ts: () => new nn.FractionalMaxPool3d(2, { output_ratio: 1.5 }), py: "nn.FractionalMaxPool3d(2, output_ratio=1.5)" },
  { name: "FractionalMaxPool3d kernel_size 0", ts: () => new nn.FractionalMaxPool3d(0, { output_size: 2 }), py: "nn.FractionalMaxPool3d(0, output_size=2)" },
  { name: "Bilinear in1_features 0", ts: () => new nn.Bilinear(0, 2, 3), py: "nn.Bilinear(0, 2, 3)" },
  { name: "AdaptiveLogSoftmaxWithLoss empty cutoffs", ts: () => new nn.AdaptiveLogSoftmaxWithLoss(4, 10, []), py: "nn.AdaptiveLogSoftmaxWithLoss(4, 10, [])" },
  { name: "AdaptiveLogSoftmaxWithLoss unsorted cutoffs", ts: () => new nn.AdaptiveLogSoftmaxWithLoss(4, 10, [5, 3]), py: "nn.AdaptiveLogSoftmaxWithLoss(4, 10, [5, 3])" },
  { name: "AdaptiveLogSoftmaxWithLoss cutoff too large", ts: () => new nn.AdaptiveLogSoftmaxWithLoss(4, 10, [3, 10]), py: "nn.AdaptiveLogSoftmaxWithLoss(4, 10, [3, 10])" },
  { name: "EmbeddingBag padding_idx out of range", ts: () => new nn.EmbeddingBag(4, 2, { padding_idx: 4 }), py: "nn.EmbeddingBag(4, 2, padding_idx=4)" },
  { name: "CrossMapLRN2d 3-d input", module: "CrossMapLRN2d(3, alpha=0.0001, beta=0.75, k=1)", ts: () => new nn.CrossMapLRN2d(3).forward(R(1, 2, 3, 4)), py: "nn.CrossMapLRN2d(3)(R(1, 2, 3, 4))" },
  { name: "LazyConv2d groups that do not divide in_channels", module: "LazyConv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), groups=2)", ts: () => new nn.LazyConv2d(4, 3, { groups: 2 }).forward(R(1, 1, 3, 5, 5)), py: "nn.LazyConv2d(4, 3, groups=2)(R(1, 1, 3, 5, 5))" },
  { name: "LazyConv1d 4-d input", module: "LazyConv1d(0, 4, kernel_size=(3,), stride=(1,))", ts: () => new nn.LazyConv1d(4, 3).forward(R(1, 1, 2, 5, 5)), py: "nn.LazyConv1d(4, 3)(R(1, 1, 2, 5, 5))" },
];

describe("bad input to the new modules raises Python's exception class and message", () => {
  let expected: ReturnType<typeof pythonResults>;
  beforeAll(() => {
    expected = pythonResults(errors.map((c) => ({ name: c.name, ts: c.ts, py: `import warnings; warnings.simplefilter('ignore')\n${c.py}\nr = None` }) as Case), PRELUDE);
  });
  errors.forEach((c, i) =>
    it(c.name, () => {
      const [raised, pyMessage] = raisedLikePython(c.ts, expected[i], c.py);
      expect(raised).toBe(c.module ? `${c.module}: ${pyMessage}` : pyMessage);
    }),
  );
});

// ---- methods beyond forward ----

const asm = () => (torch.manual_seed(0), new nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6], { div_value: 2.0 }));
const ASM = "torch.manual_seed(0); m = nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6], div_value=2.0)";
const methods: Case[] = [
  { name: "AdaptiveLogSoftmaxWithLoss.log_prob", ts: () => asm().log_prob(R(1, 5, 8)).detach(), py: `${ASM}\nr = m.log_prob(R(1, 5, 8)).detach()`, atol: 1e-6 },
  { name: "AdaptiveLogSoftmaxWithLoss.predict", ts: () => asm().predict(R(2, 7, 8)), py: `${ASM}\nr = m.predict(R(2, 7, 8))` },
  { name: "AdaptiveLogSoftmaxWithLoss 0-d target", ts: () => asm().forward(R(3, 8), torch.tensor(7))[0].detach(), py: `${ASM}\nr = m(R(3, 8), torch.tensor(7))[0].detach()`, atol: 1e-6 },
  { name: "EmbeddingBag.from_pretrained", ts: () => nn.EmbeddingBag.from_pretrained(R(1, 4, 3), { mode: "sum" }).forward(torch.tensor([[0, 2], [3, 3]])), py: "r = nn.EmbeddingBag.from_pretrained(R(1, 4, 3), mode='sum')(torch.tensor([[0, 2], [3, 3]]))" },
  { name: "EmbeddingBag per_sample_weights", ts: () => (torch.manual_seed(0), new nn.EmbeddingBag(5, 2, { mode: "sum" })).forward(torch.tensor([1, 2, 4, 4]), torch.tensor([0, 2]), R(3, 4)).detach(), py: "torch.manual_seed(0); r = nn.EmbeddingBag(5, 2, mode='sum')(torch.tensor([1, 2, 4, 4]), torch.tensor([0, 2]), R(3, 4)).detach()" },
  { name: "FractionalMaxPool2d _random_samples", ts: () => new nn.FractionalMaxPool2d(2, { output_size: 3, _random_samples: torch.rand(1, 2, 2) }).forward(R(1, 1, 2, 7, 7)), py: "r = nn.FractionalMaxPool2d(2, output_size=3, _random_samples=torch.rand(1, 2, 2))(R(1, 1, 2, 7, 7))" },
];

describe("the new modules' other methods against Python", () => {
  let expected: ReturnType<typeof pythonResults>;
  beforeAll(() => {
    expected = pythonResults(methods, PRELUDE);
  });
  methods.forEach((c, i) => it(c.name, () => expectSame(c, expected[i])));
});
