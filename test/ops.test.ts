// Every op family of the tensor API against Python torch 2.11 on the same inputs: exact
// equality on CPU (LibTorch runs the same kernels), a stated tolerance where noted.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, describeAgainstPython } from "./helpers/compare";

type T = InstanceType<typeof torch.Tensor>;

/** R(seed, ...shape): standard normal samples after manual_seed(seed), in both languages. */
const R = (seed: number, ...shape: number[]): T => (torch.manual_seed(seed), torch.randn(...shape));
const PRELUDE = "def R(s, *shape):\n    torch.manual_seed(s)\n    return torch.randn(*shape)";

const creation: Case[] = [
  { name: "full", ts: () => torch.full([2, 3], 1.5), py: "r = torch.full([2, 3], 1.5)" },
  { name: "full int", ts: () => torch.full([2], 7), py: "r = torch.full([2], 7)" },
  { name: "full bool dtype", ts: () => torch.full([2], 1, { dtype: torch.bool }), py: "r = torch.full([2], 1, dtype=torch.bool)" },
  { name: "empty shape and dtype", ts: () => { const t = torch.empty(2, 3, { dtype: torch.float64 }); return [t.shape, String(t.dtype)]; }, py: "t = torch.empty(2, 3, dtype=torch.float64); r = [list(t.shape), str(t.dtype)]" },
  { name: "eye", ts: () => torch.eye(3), py: "r = torch.eye(3)" },
  { name: "eye n m", ts: () => torch.eye(2, 3, { dtype: torch.long }), py: "r = torch.eye(2, 3, dtype=torch.long)" },
  { name: "linspace", ts: () => torch.linspace(0, 1, 5), py: "r = torch.linspace(0, 1, 5)" },
  { name: "linspace negative", ts: () => torch.linspace(-3, 3, 7, { dtype: torch.float64 }), py: "r = torch.linspace(-3, 3, 7, dtype=torch.float64)" },
  { name: "rand", ts: () => (torch.manual_seed(3), torch.rand(2, 3)), py: "torch.manual_seed(3); r = torch.rand(2, 3)" },
  { name: "randint high", ts: () => (torch.manual_seed(4), torch.randint(10, [3, 3])), py: "torch.manual_seed(4); r = torch.randint(10, [3, 3])" },
  { name: "randint low high", ts: () => (torch.manual_seed(4), torch.randint(-5, 5, [6])), py: "torch.manual_seed(4); r = torch.randint(-5, 5, [6])" },
  { name: "randperm", ts: () => (torch.manual_seed(5), torch.randperm(8)), py: "torch.manual_seed(5); r = torch.randperm(8)" },
  { name: "zeros_like", ts: () => torch.zeros_like(R(1, 2, 2)), py: "r = torch.zeros_like(R(1, 2, 2))" },
  { name: "ones_like dtype", ts: () => torch.ones_like(R(1, 2), { dtype: torch.int32 }), py: "r = torch.ones_like(R(1, 2), dtype=torch.int32)" },
  { name: "full_like", ts: () => torch.full_like(torch.arange(3), 9), py: "r = torch.full_like(torch.arange(3), 9)" },
  { name: "rand_like", ts: () => { const x = R(1, 3); torch.manual_seed(8); return torch.rand_like(x); }, py: "x = R(1, 3); torch.manual_seed(8); r = torch.rand_like(x)" },
  { name: "randn_like", ts: () => { const x = R(1, 3); torch.manual_seed(8); return torch.randn_like(x); }, py: "x = R(1, 3); torch.manual_seed(8); r = torch.randn_like(x)" },
  { name: "tril", ts: () => torch.tril(torch.ones(3, 3)), py: "r = torch.tril(torch.ones(3, 3))" },
  { name: "triu diagonal", ts: () => torch.ones(3, 4).triu(1), py: "r = torch.ones(3, 4).triu(1)" },
  { name: "tril_ in place", ts: () => { const x = torch.ones(3, 3); x.tril_(-1); return x; }, py: "x = torch.ones(3, 3); x.tril_(-1); r = x" },
  { name: "as_tensor", ts: () => torch.as_tensor([1.5, 2]), py: "r = torch.as_tensor([1.5, 2.0])" },
  { name: "frombuffer", ts: () => torch.frombuffer(new Float32Array([1, 2, 3]).buffer, { dtype: torch.float32 }), py: "r = torch.frombuffer(bytearray(np.array([1, 2, 3], dtype=np.float32).tobytes()), dtype=torch.float32)" },
  { name: "frombuffer count offset", ts: () => torch.frombuffer(new Int32Array([1, 2, 3, 4]).buffer, { dtype: torch.int32, count: 2, offset: 4 }), py: "r = torch.frombuffer(bytearray(np.array([1, 2, 3, 4], dtype=np.int32).tobytes()), dtype=torch.int32, count=2, offset=4)" },
];

const typesAndDevices: Case[] = [
  { name: "float()", ts: () => torch.arange(3).float(), py: "r = torch.arange(3).float()" },
  { name: "double()", ts: () => R(1, 2).double(), py: "r = R(1, 2).double()" },
  { name: "half()", ts: () => R(1, 2).half(), py: "r = R(1, 2).half()" },
  { name: "bfloat16()", ts: () => R(1, 2).bfloat16(), py: "r = R(1, 2).bfloat16()" },
  { name: "long()", ts: () => R(1, 3).mul(3).long(), py: "r = R(1, 3).mul(3).long()" },
  { name: "int()", ts: () => R(1, 3).mul(3).int(), py: "r = R(1, 3).mul(3).int()" },
  { name: "bool()", ts: () => torch.tensor([0, 2, 0]).bool(), py: "r = torch.tensor([0, 2, 0]).bool()" },
  { name: "type_as", ts: () => torch.arange(3).type_as(R(1, 1)), py: "r = torch.arange(3).type_as(R(1, 1))" },
  { name: "cpu()", ts: () => R(1, 2).cpu(), py: "r = R(1, 2).cpu()" },
  { name: "detach", ts: () => R(1, 2).requires_grad_().mul(2).detach(), py: "r = R(1, 2).requires_grad_().mul(2).detach()" },
  { name: "clone", ts: () => R(1, 2, 2).t().clone(), py: "r = R(1, 2, 2).t().clone()" },
  { name: "contiguous strides", ts: () => R(1, 2, 3).t().contiguous().stride(), py: "r = list(R(1, 2, 3).t().contiguous().stride())" },
  { name: "stride of a transpose", ts: () => R(1, 2, 3).t().stride(), py: "r = list(R(1, 2, 3).t().stride())" },
  { name: "stride(dim)", ts: () => R(1, 2, 3).stride(0), py: "r = R(1, 2, 3).stride(0)" },
  { name: "requires_grad_", ts: () => R(1, 2).requires_grad_(), py: "r = R(1, 2).requires_grad_()" },
  { name: "numel, dim, size", ts: () => { const x = R(1, 2, 3, 4); return [x.numel(), x.dim(), x.size(), x.size(-1), x.ndim]; }, py: "x = R(1, 2, 3, 4); r = [x.numel(), x.dim(), list(x.size()), x.size(-1), x.ndim]" },
  { name: "size out of range", ts: () => R(1, 2).size(3), py: "r = R(1, 2).size(3)" },
  { name: "is_cuda, element_size", ts: () => [R(1, 2).is_cuda, R(1, 2).element_size(), R(1, 2).double().element_size()], py: "r = [R(1, 2).is_cuda, R(1, 2).element_size(), R(1, 2).double().element_size()]" },
];

const math: Case[] = [
  { name: "sub", ts: () => R(1, 3).sub(R(2, 3)), py: "r = R(1, 3).sub(R(2, 3))" },
  { name: "sub alpha", ts: () => R(1, 3).sub(R(2, 3), { alpha: 2 }), py: "r = R(1, 3).sub(R(2, 3), alpha=2)" },
  { name: "sub number", ts: () => torch.arange(3).sub(1), py: "r = torch.arange(3).sub(1)" },
  { name: "mul", ts: () => R(1, 2, 3).mul(R(2, 3)), py: "r = R(1, 2, 3).mul(R(2, 3))" },
  { name: "mul number", ts: () => R(1, 3).mul(0.5), py: "r = R(1, 3).mul(0.5)" },
  { name: "torch.mul", ts: () => torch.mul(R(1, 3), 3), py: "r = torch.mul(R(1, 3), 3)" },
  { name: "div", ts: () => R(1, 3).div(R(2, 3)), py: "r = R(1, 3).div(R(2, 3))" },
  { name: "div ints gives float", ts: () => torch.tensor([7, -7]).div(2), py: "r = torch.tensor([7, -7]).div(2)" },
  { name: "div floor", ts: () => torch.tensor([7, -7]).div(2, { rounding_mode: "floor" }), py: "r = torch.tensor([7, -7]).div(2, rounding_mode='floor')" },
  { name: "div trunc", ts: () => torch.tensor([7.5, -7.5]).div(2, { rounding_mode: "trunc" }), py: "r = torch.tensor([7.5, -7.5]).div(2, rounding_mode='trunc')" },
  { name: "div bad mode", ts: () => torch.tensor([7.5]).div(2, { rounding_mode: "round" }), py: "r = torch.tensor([7.5]).div(2, rounding_mode='round')" },
  { name: "neg", ts: () => R(1, 3).neg(), py: "r = R(1, 3).neg()" },
  { name: "pow scalar", ts: () => R(1, 3).pow(2), py: "r = R(1, 3).pow(2)" },
  { name: "pow tensor", ts: () => R(1, 3).abs().pow(R(2, 3)), py: "r = R(1, 3).abs().pow(R(2, 3))" },
  { name: "pow scalar base", ts: () => torch.pow(2, torch.arange(4)), py: "r = torch.pow(2, torch.arange(4))" },
  { name: "sqrt", ts: () => R(1, 4).abs().sqrt(), py: "r = R(1, 4).abs().sqrt()" },
  { name: "sqrt negative is nan", ts: () => torch.tensor([-1, 4], { dtype: torch.float32 }).sqrt().isnan(), py: "r = torch.tensor([-1., 4.]).sqrt().isnan()" },
  { name: "rsqrt", ts: () => R(1, 4).abs().rsqrt(), py: "r = R(1, 4).abs().rsqrt()" },
  { name: "exp", ts: () => R(1, 4).exp(), py: "r = R(1, 4).exp()" },
  { name: "log", ts: () => R(1, 4).abs().log(), py: "r = R(1, 4).abs().log()" },
  { name: "log1p", ts: () => R(1, 4).abs().log1p(), py: "r = R(1, 4).abs().log1p()" },
  { name: "abs", ts: () => R(1, 4).abs(), py: "r = R(1, 4).abs()" },
  { name: "sign", ts: () => torch.tensor([-2, 0, 3]).sign(), py: "r = torch.tensor([-2, 0, 3]).sign()" },
  { name: "clamp min max", ts: () => R(1, 6).clamp(-0.5, 0.5), py: "r = R(1, 6).clamp(-0.5, 0.5)" },
  { name: "clamp min only", ts: () => R(1, 6).clamp({ min: 0 }), py: "r = R(1, 6).clamp(min=0)" },
  { name: "clamp tensors", ts: () => R(1, 3).clamp(R(2, 3), R(3, 3).abs().add(1)), py: "r = R(1, 3).clamp(R(2, 3), R(3, 3).abs().add(1))" },
  { name: "clamp nothing", ts: () => R(1, 3).clamp(), py: "r = R(1, 3).clamp()" },
  { name: "maximum", ts: () => torch.maximum(R(1, 4), R(2, 4)), py: "r = torch.maximum(R(1, 4), R(2, 4))" },
  { name: "minimum", ts: () => R(1, 4).minimum(R(2, 4)), py: "r = R(1, 4).minimum(R(2, 4))" },
  { name: "mm", ts: () => R(1, 3, 4).mm(R(2, 4, 2)), py: "r = R(1, 3, 4).mm(R(2, 4, 2))" },
  { name: "mm shape error", ts: () => R(1, 3, 4).mm(R(2, 3, 2)), py: "r = R(1, 3, 4).mm(R(2, 3, 2))" },
  { name: "bmm", ts: () => torch.bmm(R(1, 2, 3, 4), R(2, 2, 4, 5)), py: "r = torch.bmm(R(1, 2, 3, 4), R(2, 2, 4, 5))" },
  { name: "addmm", ts: () => torch.addmm(R(1, 2, 2), R(2, 2, 3), R(3, 3, 2), { beta: 0.5, alpha: 2 }), py: "r = torch.addmm(R(1, 2, 2), R(2, 2, 3), R(3, 3, 2), beta=0.5, alpha=2)" },
  { name: "einsum", ts: () => torch.einsum("ij,jk->ik", R(1, 2, 3), R(2, 3, 2)), py: "r = torch.einsum('ij,jk->ik', R(1, 2, 3), R(2, 3, 2))" },
  { name: "einsum list", ts: () => torch.einsum("bij->bji", [R(1, 2, 2, 3)]), py: "r = torch.einsum('bij->bji', [R(1, 2, 2, 3)])" },
  { name: "tanh", ts: () => R(1, 4).tanh(), py: "r = R(1, 4).tanh()" },
  { name: "sigmoid", ts: () => R(1, 4).sigmoid(), py: "r = R(1, 4).sigmoid()" },
  { name: "relu", ts: () => R(1, 4).relu(), py: "r = R(1, 4).relu()" },
  { name: "relu_", ts: () => { const x = R(1, 4); x.relu_(); return x; }, py: "x = R(1, 4); x.relu_(); r = x" },
  { name: "gelu", ts: () => torch.gelu(R(1, 4)), py: "r = torch._C._nn.gelu(R(1, 4))" },
  { name: "gelu tanh", ts: () => torch.gelu(R(1, 4), { approximate: "tanh" }), py: "r = torch._C._nn.gelu(R(1, 4), approximate='tanh')" },
  { name: "softmax", ts: () => R(1, 2, 3).softmax(-1), py: "r = R(1, 2, 3).softmax(-1)" },
  { name: "softmax dtype", ts: () => torch.softmax(R(1, 3), 0, { dtype: torch.float64 }), py: "r = torch.softmax(R(1, 3), 0, dtype=torch.float64)" },
  { name: "log_softmax", ts: () => R(1, 2, 3).log_softmax(1), py: "r = R(1, 2, 3).log_softmax(1)" },
  { name: "remainder", ts: () => torch.tensor([-3, 3, 5]).remainder(2), py: "r = torch.tensor([-3, 3, 5]).remainder(2)" },
  { name: "remainder tensor", ts: () => R(1, 3).remainder(R(2, 3).abs()), py: "r = R(1, 3).remainder(R(2, 3).abs())" },
  { name: "where", ts: () => torch.where(R(1, 4).gt(0), R(2, 4), R(3, 4)), py: "r = torch.where(R(1, 4) > 0, R(2, 4), R(3, 4))" },
  { name: "where scalar other", ts: () => torch.where(R(1, 4).gt(0), R(2, 4), 0), py: "r = torch.where(R(1, 4) > 0, R(2, 4), 0.)" },
  { name: "where method", ts: () => R(2, 4).where(R(1, 4).gt(0), R(3, 4)), py: "r = R(2, 4).where(R(1, 4) > 0, R(3, 4))" },
  { name: "where nonzero", ts: () => torch.where(torch.tensor([0, 1, 1, 0])), py: "r = torch.where(torch.tensor([0, 1, 1, 0]))" },
  { name: "masked_fill", ts: () => R(1, 2, 3).masked_fill(torch.tril(torch.ones(2, 3)).eq(0), -Infinity).isinf(), py: "r = R(1, 2, 3).masked_fill(torch.tril(torch.ones(2, 3)) == 0, float('-inf')).isinf()" },
  { name: "masked_fill_", ts: () => { const x = R(1, 3); x.masked_fill_(x.lt(0), 0); return x; }, py: "x = R(1, 3); x.masked_fill_(x < 0, 0); r = x" },
  { name: "eq ne", ts: () => [torch.arange(4).eq(2), torch.arange(4).ne(torch.tensor([0, 0, 2, 2]))], py: "r = [torch.arange(4).eq(2), torch.arange(4).ne(torch.tensor([0, 0, 2, 2]))]" },
  { name: "lt le gt ge", ts: () => [R(1, 4).lt(0), R(1, 4).le(R(2, 4)), R(1, 4).gt(0.5), R(1, 4).ge(R(2, 4))], py: "r = [R(1, 4).lt(0), R(1, 4).le(R(2, 4)), R(1, 4).gt(0.5), R(1, 4).ge(R(2, 4))]" },
  { name: "logical", ts: () => { const a = torch.tensor([true, true, false]); const b = torch.tensor([true, false, false]); return [a.logical_and(b), a.logical_or(b), a.logical_not()]; }, py: "a = torch.tensor([True, True, False]); b = torch.tensor([True, False, False]); r = [a.logical_and(b), a.logical_or(b), a.logical_not()]" },
  { name: "isnan isinf", ts: () => { const x = torch.tensor([1, NaN, Infinity, -Infinity]); return [x.isnan(), x.isinf()]; }, py: "x = torch.tensor([1, float('nan'), float('inf'), float('-inf')]); r = [x.isnan(), x.isinf()]" },
  { name: "all any", ts: () => { const x = torch.tensor([[true, false], [true, true]]); return [x.all(), x.any(), x.all(1), x.any({ dim: 0 })]; }, py: "x = torch.tensor([[True, False], [True, True]]); r = [x.all(), x.any(), x.all(1), x.any(dim=0)]" },
  { name: "add_ mul_ sub_ div_", ts: () => { const x = R(1, 3); x.add_(1).mul_(2).sub_(R(2, 3)).div_(4); return x; }, py: "x = R(1, 3); x.add_(1).mul_(2).sub_(R(2, 3)).div_(4); r = x" },
  { name: "in place returns self", ts: () => { const x = R(1, 3); return [x.add_(1) === x, x.clamp_(0, 1) === x]; }, py: "r = [True, True]" },
  { name: "in-place type error", ts: () => torch.arange(3).add_(0.5), py: "r = torch.arange(3).add_(0.5)" },
  { name: "exp_ log_ abs_ neg_ sqrt_", ts: () => { const x = R(1, 3); x.abs_().exp_().log_().neg_().abs_().sqrt_(); return x; }, py: "x = R(1, 3); x.abs_().exp_().log_().neg_().abs_().sqrt_(); r = x" },
  { name: "fill_ zero_ copy_", ts: () => { const x = torch.zeros(3); x.fill_(2); const y = torch.ones(3); y.zero_(); y.copy_(x); return [x, y]; }, py: "x = torch.zeros(3); x.fill_(2); y = torch.ones(3); y.zero_(); y.copy_(x); r = [x, y]" },
];

const reductions: Case[] = [
  { name: "mean", ts: () => R(1, 3, 4).mean(), py: "r = R(1, 3, 4).mean()" },
  { name: "mean dim keepdim", ts: () => R(1, 3, 4).mean(1, true), py: "r = R(1, 3, 4).mean(1, True)" },
  { name: "mean of ints", ts: () => torch.arange(4).mean(), py: "r = torch.arange(4).mean()" },
  { name: "std", ts: () => R(1, 10).std(), py: "r = R(1, 10).std()" },
  { name: "std dim", ts: () => R(1, 3, 5).std(1), py: "r = R(1, 3, 5).std(1)" },
  { name: "std unbiased false", ts: () => R(1, 10).std({ unbiased: false }), py: "r = R(1, 10).std(unbiased=False)" },
  { name: "std correction", ts: () => R(1, 3, 5).std(1, { correction: 0, keepdim: true }), py: "r = R(1, 3, 5).std(1, correction=0, keepdim=True)" },
  { name: "var", ts: () => R(1, 3, 5).var(0), py: "r = R(1, 3, 5).var(0)" },
  { name: "max", ts: () => R(1, 3, 4).max(), py: "r = R(1, 3, 4).max()" },
  { name: "max dim", ts: () => { const [values, indices] = R(1, 3, 4).max(1); return [values, indices]; }, py: "v, i = R(1, 3, 4).max(1); r = [v, i]" },
  { name: "max dim named", ts: () => { const m = R(1, 3, 4).max(0, true); return [m.values, m.indices]; }, py: "m = R(1, 3, 4).max(0, True); r = [m.values, m.indices]" },
  { name: "torch.max of two", ts: () => torch.max(R(1, 4), R(2, 4)), py: "r = torch.max(R(1, 4), R(2, 4))" },
  { name: "min dim", ts: () => { const m = torch.min(R(1, 3, 4), -1); return [m.values, m.indices]; }, py: "m = torch.min(R(1, 3, 4), -1); r = [m.values, m.indices]" },
  { name: "max of empty", ts: () => torch.tensor([]).max(), py: "r = torch.tensor([]).max()" },
  { name: "argmax", ts: () => R(1, 3, 4).argmax(), py: "r = R(1, 3, 4).argmax()" },
  { name: "argmax dim", ts: () => R(1, 3, 4).argmax(1), py: "r = R(1, 3, 4).argmax(1)" },
  { name: "argmin keepdim", ts: () => R(1, 3, 4).argmin({ dim: 0, keepdim: true }), py: "r = R(1, 3, 4).argmin(dim=0, keepdim=True)" },
  { name: "topk", ts: () => { const [v, i] = R(1, 10).topk(3); return [v, i]; }, py: "v, i = R(1, 10).topk(3); r = [v, i]" },
  { name: "topk smallest", ts: () => { const t = R(1, 2, 6).topk(2, { dim: 1, largest: false }); return [t.values, t.indices]; }, py: "t = R(1, 2, 6).topk(2, dim=1, largest=False); r = [t.values, t.indices]" },
  { name: "topk too many", ts: () => R(1, 3).topk(5), py: "r = R(1, 3).topk(5)" },
  { name: "sort", ts: () => { const s = R(1, 6).sort(); return [s.values, s.indices]; }, py: "s = R(1, 6).sort(); r = [s.values, s.indices]" },
  { name: "sort descending", ts: () => { const s = R(1, 2, 4).sort(0, true); return [s.values, s.indices]; }, py: "s = R(1, 2, 4).sort(0, True); r = [s.values, s.indices]" },
  { name: "sort stable", ts: () => { const s = torch.tensor([2, 1, 2, 1]).sort({ stable: true }); return [s.values, s.indices]; }, py: "s = torch.tensor([2, 1, 2, 1]).sort(stable=True); r = [s.values, s.indices]" },
  { name: "cumsum", ts: () => R(1, 2, 4).cumsum(1), py: "r = R(1, 2, 4).cumsum(1)" },
  { name: "cumsum ints", ts: () => torch.arange(5).cumsum(0), py: "r = torch.arange(5).cumsum(0)" },
  { name: "prod", ts: () => R(1, 5).prod(), py: "r = R(1, 5).prod()" },
  { name: "prod dim", ts: () => torch.arange(1, 7).view(2, 3).prod(1), py: "r = torch.arange(1, 7).view(2, 3).prod(1)" },
  { name: "norm", ts: () => R(1, 3, 4).norm(), py: "r = R(1, 3, 4).norm()" },
  { name: "norm p=1 dim", ts: () => R(1, 3, 4).norm(1, 1), py: "r = R(1, 3, 4).norm(1, 1)" },
  { name: "torch.norm options", ts: () => torch.norm(R(1, 3, 4), { dim: [0, 1], keepdim: true }), py: "r = torch.norm(R(1, 3, 4), dim=[0, 1], keepdim=True)" },
  { name: "logsumexp", ts: () => R(1, 3, 4).logsumexp(1), py: "r = R(1, 3, 4).logsumexp(1)" },
  { name: "sum over empty dims list", ts: () => R(1, 2, 3).sum([]), py: "r = R(1, 2, 3).sum([])" },
];

const shapes: Case[] = [
  { name: "view varargs", ts: () => torch.arange(6).view(2, 3), py: "r = torch.arange(6).view(2, 3)" },
  { name: "view -1", ts: () => torch.arange(6).view([-1, 2]), py: "r = torch.arange(6).view([-1, 2])" },
  { name: "view incompatible", ts: () => R(1, 2, 3).t().view(6), py: "r = R(1, 2, 3).t().view(6)" },
  { name: "view dtype", ts: () => torch.tensor([1], { dtype: torch.int32 }).view(torch.float32), py: "r = torch.tensor([1], dtype=torch.int32).view(torch.float32)" },
  { name: "reshape", ts: () => R(1, 2, 3).t().reshape(6), py: "r = R(1, 2, 3).t().reshape(6)" },
  { name: "torch.reshape", ts: () => torch.reshape(torch.arange(6), [3, 2]), py: "r = torch.reshape(torch.arange(6), [3, 2])" },
  { name: "permute", ts: () => R(1, 2, 3, 4).permute(2, 0, 1), py: "r = R(1, 2, 3, 4).permute(2, 0, 1)" },
  { name: "transpose", ts: () => R(1, 2, 3, 4).transpose(1, 2), py: "r = R(1, 2, 3, 4).transpose(1, 2)" },
  { name: "t", ts: () => R(1, 2, 3).t(), py: "r = R(1, 2, 3).t()" },
  { name: "flatten", ts: () => R(1, 2, 3, 4).flatten(1), py: "r = R(1, 2, 3, 4).flatten(1)" },
  { name: "flatten range", ts: () => torch.flatten(R(1, 2, 3, 4), 0, 1), py: "r = torch.flatten(R(1, 2, 3, 4), 0, 1)" },
  { name: "unsqueeze", ts: () => R(1, 3).unsqueeze(0), py: "r = R(1, 3).unsqueeze(0)" },
  { name: "unsqueeze -1", ts: () => R(1, 3).unsqueeze(-1), py: "r = R(1, 3).unsqueeze(-1)" },
  { name: "squeeze", ts: () => R(1, 1, 3, 1).squeeze(), py: "r = R(1, 1, 3, 1).squeeze()" },
  { name: "squeeze dim", ts: () => R(1, 1, 3, 1).squeeze(0), py: "r = R(1, 1, 3, 1).squeeze(0)" },
  { name: "squeeze dims", ts: () => R(1, 1, 3, 1).squeeze([0, 2]), py: "r = R(1, 1, 3, 1).squeeze([0, 2])" },
  { name: "expand", ts: () => R(1, 3, 1).expand(3, 4), py: "r = R(1, 3, 1).expand(3, 4)" },
  { name: "expand -1", ts: () => R(1, 3, 1).expand([2, -1, 2]), py: "r = R(1, 3, 1).expand([2, -1, 2])" },
  { name: "expand_as", ts: () => R(1, 1, 3).expand_as(R(2, 2, 3)), py: "r = R(1, 1, 3).expand_as(R(2, 2, 3))" },
  { name: "repeat", ts: () => torch.arange(3).repeat(2, 2), py: "r = torch.arange(3).repeat(2, 2)" },
  { name: "split size", ts: () => torch.arange(7).split(3), py: "r = torch.arange(7).split(3)" },
  { name: "split sizes", ts: () => torch.arange(7).split([2, 5]), py: "r = torch.arange(7).split([2, 5])" },
  { name: "torch.split dim", ts: () => torch.split(R(1, 2, 4), 2, 1), py: "r = torch.split(R(1, 2, 4), 2, 1)" },
  { name: "chunk", ts: () => torch.arange(7).chunk(3), py: "r = torch.arange(7).chunk(3)" },
  { name: "cat", ts: () => torch.cat([R(1, 2, 3), R(2, 1, 3)]), py: "r = torch.cat([R(1, 2, 3), R(2, 1, 3)])" },
  { name: "cat dim", ts: () => torch.cat([R(1, 2, 3), R(2, 2, 1)], { dim: 1 }), py: "r = torch.cat([R(1, 2, 3), R(2, 2, 1)], dim=1)" },
  { name: "cat mismatch", ts: () => torch.cat([R(1, 2, 3), R(2, 2, 1)]), py: "r = torch.cat([R(1, 2, 3), R(2, 2, 1)])" },
  { name: "stack", ts: () => torch.stack([R(1, 3), R(2, 3)], 1), py: "r = torch.stack([R(1, 3), R(2, 3)], 1)" },
  { name: "narrow", ts: () => torch.arange(10).narrow(0, 2, 5), py: "r = torch.arange(10).narrow(0, 2, 5)" },
  { name: "select", ts: () => R(1, 3, 4).select(1, -1), py: "r = R(1, 3, 4).select(1, -1)" },
  { name: "gather", ts: () => R(1, 2, 3).gather(1, torch.tensor([[0, 0], [2, 1]])), py: "r = R(1, 2, 3).gather(1, torch.tensor([[0, 0], [2, 1]]))" },
  { name: "scatter src", ts: () => torch.zeros(2, 4).scatter(1, torch.tensor([[0, 1], [3, 2]]), R(1, 2, 2)), py: "r = torch.zeros(2, 4).scatter(1, torch.tensor([[0, 1], [3, 2]]), R(1, 2, 2))" },
  { name: "scatter value", ts: () => torch.zeros(2, 4).scatter(1, torch.tensor([[0], [3]]), 1.5), py: "r = torch.zeros(2, 4).scatter(1, torch.tensor([[0], [3]]), 1.5)" },
  { name: "scatter_ reduce add", ts: () => { const x = torch.ones(4); x.scatter_(0, torch.tensor([0, 0, 2]), torch.tensor([1, 2, 3], { dtype: torch.float32 }), { reduce: "add" }); return x; }, py: "x = torch.ones(4); x.scatter_(0, torch.tensor([0, 0, 2]), torch.tensor([1., 2., 3.]), reduce='add'); r = x" },
  { name: "scatter_add", ts: () => torch.zeros(4).scatter_add(0, torch.tensor([0, 0, 2]), torch.ones(3)), py: "r = torch.zeros(4).scatter_add(0, torch.tensor([0, 0, 2]), torch.ones(3))" },
  { name: "index_select", ts: () => R(1, 3, 4).index_select(1, torch.tensor([3, 0])), py: "r = R(1, 3, 4).index_select(1, torch.tensor([3, 0]))" },
  { name: "masked_select", ts: () => { const x = R(1, 3, 4); return x.masked_select(x.gt(0)); }, py: "x = R(1, 3, 4); r = x.masked_select(x > 0)" },
  { name: "flip", ts: () => torch.arange(6).view(2, 3).flip(1), py: "r = torch.arange(6).view(2, 3).flip(1)" },
  { name: "flip dims", ts: () => torch.flip(torch.arange(6).view(2, 3), [0, 1]), py: "r = torch.flip(torch.arange(6).view(2, 3), [0, 1])" },
  { name: "roll", ts: () => torch.arange(5).roll(2), py: "r = torch.arange(5).roll(2)" },
  { name: "roll dims", ts: () => torch.arange(6).view(2, 3).roll(1, 1), py: "r = torch.arange(6).view(2, 3).roll(1, 1)" },
  { name: "unbind", ts: () => torch.arange(6).view(2, 3).unbind(1), py: "r = torch.arange(6).view(2, 3).unbind(1)" },
];

const random: Case[] = [
  { name: "multinomial", ts: () => (torch.manual_seed(11), torch.tensor([0.1, 0.2, 0.7]).multinomial(5, true)), py: "torch.manual_seed(11); r = torch.tensor([0.1, 0.2, 0.7]).multinomial(5, True)" },
  { name: "multinomial without replacement", ts: () => (torch.manual_seed(11), torch.multinomial(torch.ones(2, 6), 4)), py: "torch.manual_seed(11); r = torch.multinomial(torch.ones(2, 6), 4)" },
  { name: "multinomial too many", ts: () => torch.multinomial(torch.ones(3), 4), py: "r = torch.multinomial(torch.ones(3), 4)" },
  { name: "bernoulli", ts: () => (torch.manual_seed(12), torch.full([8], 0.5).bernoulli()), py: "torch.manual_seed(12); r = torch.full([8], 0.5).bernoulli()" },
  { name: "bernoulli p", ts: () => (torch.manual_seed(12), torch.bernoulli(torch.zeros(8), 0.3)), py: "torch.manual_seed(12); r = torch.bernoulli(torch.zeros(8), 0.3)" },
  { name: "bernoulli_", ts: () => { torch.manual_seed(12); const x = torch.zeros(8); x.bernoulli_(0.7); return x; }, py: "torch.manual_seed(12); x = torch.zeros(8); x.bernoulli_(0.7); r = x" },
  { name: "normal_", ts: () => { torch.manual_seed(13); const x = torch.empty(5); x.normal_(2, 0.5); return x; }, py: "torch.manual_seed(13); x = torch.empty(5); x.normal_(2, 0.5); r = x" },
  { name: "normal_ options", ts: () => { torch.manual_seed(13); const x = torch.empty(5); x.normal_({ std: 0.02 }); return x; }, py: "torch.manual_seed(13); x = torch.empty(5); x.normal_(std=0.02); r = x" },
  { name: "uniform_", ts: () => { torch.manual_seed(14); const x = torch.empty(5); x.uniform_(-1, 1); return x; }, py: "torch.manual_seed(14); x = torch.empty(5); x.uniform_(-1, 1); r = x" },
  { name: "Generator", ts: () => { const g = new torch.Generator().manual_seed(21); return torch.randn(4, { generator: g }); }, py: "g = torch.Generator().manual_seed(21); r = torch.randn(4, generator=g)" },
  { name: "Generator leaves the default alone", ts: () => { torch.manual_seed(1); const g = new torch.Generator().manual_seed(2); torch.rand(3, { generator: g }); return torch.rand(2); }, py: "torch.manual_seed(1); g = torch.Generator().manual_seed(2); torch.rand(3, generator=g); r = torch.rand(2)" },
  { name: "Generator initial_seed", ts: () => new torch.Generator().manual_seed(77).initial_seed(), py: "r = torch.Generator().manual_seed(77).initial_seed()" },
  { name: "multinomial generator", ts: () => torch.multinomial(torch.ones(5), 3, { generator: new torch.Generator().manual_seed(3) }), py: "r = torch.multinomial(torch.ones(5), 3, generator=torch.Generator().manual_seed(3))" },
  { name: "initial_seed", ts: () => (torch.manual_seed(123), torch.initial_seed()), py: "torch.manual_seed(123); r = torch.initial_seed()" },
];

const indexing: Case[] = [
  { name: "int", ts: () => R(1, 3, 4).index(1), py: "r = R(1, 3, 4)[1]" },
  { name: "negative ints", ts: () => R(1, 3, 4).index(-1, -2), py: "r = R(1, 3, 4)[-1, -2]" },
  { name: "slice", ts: () => torch.arange(10).index("2:8:2"), py: "r = torch.arange(10)[2:8:2]" },
  { name: "slice objects", ts: () => torch.arange(10).index(torch.slice(null, -3)), py: "r = torch.arange(10)[slice(None, -3)]" },
  { name: "open slices", ts: () => R(1, 3, 4).index(":", "1:"), py: "r = R(1, 3, 4)[:, 1:]" },
  { name: "None", ts: () => R(1, 3).index(null, ":", null), py: "r = R(1, 3)[None, :, None]" },
  { name: "ellipsis", ts: () => R(1, 2, 3, 4).index("...", 0), py: "r = R(1, 2, 3, 4)[..., 0]" },
  { name: "list of ints", ts: () => R(1, 2, 3, 4).index(":", [-1], ":"), py: "r = R(1, 2, 3, 4)[:, [-1], :]" },
  { name: "list picks rows", ts: () => torch.arange(12).view(4, 3).index([0, 2, 2]), py: "r = torch.arange(12).view(4, 3)[[0, 2, 2]]" },
  { name: "bool mask", ts: () => { const x = R(1, 3, 4); return x.index(x.gt(0)); }, py: "x = R(1, 3, 4); r = x[x > 0]" },
  { name: "index tensor", ts: () => R(1, 5).index(torch.tensor([4, 0])), py: "r = R(1, 5)[torch.tensor([4, 0])]" },
  { name: "two index tensors", ts: () => torch.arange(12).view(3, 4).index(torch.tensor([0, 2]), torch.tensor([1, 3])), py: "r = torch.arange(12).view(3, 4)[torch.tensor([0, 2]), torch.tensor([1, 3])]" },
  // Lists without tensors go to the addon packed (lib/indexing.ts); these cover each kind there.
  { name: "booleans", ts: () => R(1, 3).index(true, null, false), py: "r = R(1, 3)[True, None, False]" },
  { name: "negative slice bounds and step", ts: () => torch.arange(10).index("-8:-1:3"), py: "r = torch.arange(10)[-8:-1:3]" },
  { name: "spaces in a slice", ts: () => torch.arange(10).index(" 1 : 9 : 2 "), py: "r = torch.arange(10)[1:9:2]" },
  { name: "every packed kind at once", ts: () => R(1, 2, 3, 4, 5).index(torch.slice(1, null, 2), null, -1, "...", "1:", true), py: "r = R(1, 2, 3, 4, 5)[1::2, None, -1, ..., 1:, True]" },
  { name: "nine indices (more than are packed)", ts: () => R(1, 2, 3, 2).index(null, 1, null, "::2", null, null, -1, null, null), py: "r = R(1, 2, 3, 2)[None, 1, None, ::2, None, None, -1, None, None]" },
  { name: "slice bounds over 2^53", ts: () => torch.arange(10).index("-100000000000000000000:100000000000000000000:3"), py: "r = torch.arange(10)[-100000000000000000000:100000000000000000000:3]" },
  { name: "slice bounds over 2^53 with an index tensor", ts: () => R(1, 4, 5).index(torch.tensor([3, 0]), torch.slice(-(2 ** 70), 2 ** 70, 2)), py: "r = R(1, 4, 5)[torch.tensor([3, 0]), -2**70:2**70:2]" },
  { name: "a zero step", ts: () => torch.arange(10).index("::0"), py: "r = torch.arange(10)[::0]" },
  { name: "set through a packed list", ts: () => torch.zeros(3, 4).index_set_([":", "1::2", null], 7), py: "x = torch.zeros(3, 4); x[:, 1::2, None] = 7; r = x" },
  { name: "out of range", ts: () => R(1, 3).index(3), py: "r = R(1, 3)[3]" },
  { name: "out of range past 2^53, named as given", ts: () => R(1, 3).index(2 ** 60), py: "r = R(1, 3)[2**60]" },
  { name: "int64's least, out of range", ts: () => R(1, 3).index(-(2 ** 63)), py: "r = R(1, 3)[-2**63]" },
  { name: "past int64", ts: () => R(1, 3).index(2 ** 63), py: "r = R(1, 3)[2**63]" },
  { name: "too many indices", ts: () => R(1, 3).index(0, 0), py: "r = R(1, 3)[0, 0]" },
  { name: "set int", ts: () => torch.zeros(2, 3).index_set_([0], 1), py: "x = torch.zeros(2, 3); x[0] = 1; r = x" },
  { name: "set slice", ts: () => torch.zeros(4).index_set_("1:3", torch.tensor([5, 6], { dtype: torch.float32 })), py: "x = torch.zeros(4); x[1:3] = torch.tensor([5., 6.]); r = x" },
  { name: "set mask", ts: () => { const x = R(1, 5); return x.index_set_(x.lt(0), 0); }, py: "x = R(1, 5); x[x < 0] = 0; r = x" },
  { name: "set column", ts: () => torch.zeros(2, 3).index_set_([":", -1], torch.tensor([1, 2], { dtype: torch.float32 })), py: "x = torch.zeros(2, 3); x[:, -1] = torch.tensor([1., 2.]); r = x" },
  { name: "set shape mismatch", ts: () => torch.zeros(2, 3).index_set_([0], torch.ones(2)), py: "x = torch.zeros(2, 3); x[0] = torch.ones(2); r = x" },
];

const gradients: Case[] = [
  {
    name: "linear layer grads",
    ts: () => {
      const x = R(1, 4, 3);
      const w = R(2, 3, 2).requires_grad_();
      const b = R(3, 2).requires_grad_();
      x.matmul(w).add(b).relu().pow(2).mean().backward();
      return [w.grad, b.grad];
    },
    py: "x = R(1, 4, 3); w = R(2, 3, 2).requires_grad_(); b = R(3, 2).requires_grad_(); x.matmul(w).add(b).relu().pow(2).mean().backward(); r = [w.grad, b.grad]",
  },
  {
    name: "softmax cross-entropy by hand",
    ts: () => {
      const logits = R(1, 3, 5).requires_grad_();
      const target = torch.tensor([1, 0, 4]);
      const logp = logits.log_softmax(-1);
      logp.gather(1, target.unsqueeze(1)).neg().mean().backward();
      return [logits.grad];
    },
    py: "logits = R(1, 3, 5).requires_grad_(); target = torch.tensor([1, 0, 4]); logp = logits.log_softmax(-1); logp.gather(1, target.unsqueeze(1)).neg().mean().backward(); r = [logits.grad]",
  },
  {
    name: "indexing and views pass gradients",
    ts: () => {
      const x = R(1, 2, 3, 4).requires_grad_();
      x.index(":", [-1], ":").transpose(1, 2).reshape(-1).mul(torch.arange(8)).sum().backward();
      return [x.grad];
    },
    py: "x = R(1, 2, 3, 4).requires_grad_(); x[:, [-1], :].transpose(1, 2).reshape(-1).mul(torch.arange(8)).sum().backward(); r = [x.grad]",
  },
  {
    name: "reductions and elementwise",
    ts: () => {
      const x = R(1, 3, 4).requires_grad_();
      x.exp().add(1).log().std(1).add(x.abs().max()).add(x.tanh().sigmoid().logsumexp(0).sum()).sum().backward();
      return [x.grad];
    },
    py: "x = R(1, 3, 4).requires_grad_(); x.exp().add(1).log().std(1).add(x.abs().max()).add(x.tanh().sigmoid().logsumexp(0).sum()).sum().backward(); r = [x.grad]",
    atol: 1e-6,
  },
  {
    name: "where, masked_fill, cat, stack",
    ts: () => {
      const a = R(1, 2, 3).requires_grad_();
      const b = R(2, 2, 3).requires_grad_();
      const m = torch.tril(torch.ones(2, 3)).eq(0);
      torch.cat([a.masked_fill(m, 0), torch.where(a.gt(0), a, b)]).mul(torch.stack([a, b]).sum(0).repeat(2, 1)).sum().backward();
      return [a.grad, b.grad];
    },
    py: "a = R(1, 2, 3).requires_grad_(); b = R(2, 2, 3).requires_grad_(); m = torch.tril(torch.ones(2, 3)) == 0; torch.cat([a.masked_fill(m, 0), torch.where(a > 0, a, b)]).mul(torch.stack([a, b]).sum(0).repeat(2, 1)).sum().backward(); r = [a.grad, b.grad]",
  },
];

// How the binder reads arguments, as Python's argument parser: an int for an int[N] is N ints,
// None takes the [] default of a size list, and type errors name None's type as Python does.
const argumentReading: Case[] = [
  { name: "int for int[2], None stride", ts: () => torch.max_pool2d(R(1, 1, 1, 4, 4), 2, null), py: "r = torch.max_pool2d(R(1, 1, 1, 4, 4), 2, None)" },
  { name: "int for int[2] output_size", ts: () => torch.nn.functional.adaptive_max_pool2d(R(2, 1, 2, 5, 7), 3), py: "r = torch.nn.functional.adaptive_max_pool2d(R(2, 1, 2, 5, 7), 3)" },
  { name: "None where no None is taken", ts: () => torch.max_pool2d(R(1, 1, 1, 4, 4), 2, 1, null), py: "r = torch.max_pool2d(R(1, 1, 1, 4, 4), 2, 1, None)" },
  { name: "None for a tensor", ts: () => torch.matmul(R(1, 2), null as never), py: "r = torch.matmul(R(1, 2), None)" },
];

// Keyword arguments in a trailing options object, on compiled ops (their generated fast paths
// read the object inline) and on the forms their checks refuse (the generic binder's).
const keywordArguments: Case[] = [
  { name: "cat dim", ts: () => torch.cat([R(1, 2, 3), R(2, 2, 1)], { dim: 1 }), py: "r = torch.cat([R(1, 2, 3), R(2, 2, 1)], dim=1)" },
  { name: "sum dim keepdim", ts: () => R(1, 2, 3).sum({ dim: 1, keepdim: true }), py: "r = R(1, 2, 3).sum(dim=1, keepdim=True)" },
  { name: "sum positional dim, keepdim", ts: () => R(1, 2, 3).sum(0, { keepdim: true }), py: "r = R(1, 2, 3).sum(0, keepdim=True)" },
  { name: "sum dtype", ts: () => R(1, 2, 3).sum({ dtype: torch.float64 }), py: "r = R(1, 2, 3).sum(dtype=torch.float64)" },
  { name: "sum dim list, dtype None", ts: () => R(1, 2, 3, 2).sum({ dim: [0, 2], dtype: null }), py: "r = R(1, 2, 3, 2).sum(dim=[0, 2], dtype=None)" },
  { name: "addcmul_ value", ts: () => R(1, 4).addcmul_(R(2, 4), R(3, 4), { value: 0.5 }), py: "r = R(1, 4).addcmul_(R(2, 4), R(3, 4), value=0.5)" },
  { name: "addcdiv_ value", ts: () => R(1, 4).addcdiv_(R(2, 4), R(3, 4).abs().add(1), { value: -2 }), py: "r = R(1, 4).addcdiv_(R(2, 4), R(3, 4).abs() + 1, value=-2)" },
  { name: "add alpha", ts: () => torch.add(R(1, 3), R(2, 3), { alpha: 2 }), py: "r = torch.add(R(1, 3), R(2, 3), alpha=2)" },
  { name: "add a number, alpha", ts: () => R(1, 3).add(1.5, { alpha: -1 }), py: "r = R(1, 3).add(1.5, alpha=-1)" },
  { name: "ones spread sizes, dtype", ts: () => torch.ones(2, 3, { dtype: torch.int32 }), py: "r = torch.ones(2, 3, dtype=torch.int32)" },
  { name: "ones size list, dtype and device", ts: () => torch.ones([2, 2], { dtype: torch.bool, device: "cpu" }), py: "r = torch.ones([2, 2], dtype=torch.bool, device='cpu')" },
  { name: "zeros device object, device None", ts: () => torch.zeros(3, { device: torch.device("cpu") }).add(torch.zeros(3, { device: null })), py: "r = torch.zeros(3, device=torch.device('cpu')) + torch.zeros(3, device=None)" },
  { name: "arange dtype", ts: () => torch.arange(0, 5, { dtype: torch.float64 }), py: "r = torch.arange(0, 5, dtype=torch.float64)" },
  { name: "triu diagonal", ts: () => torch.triu(R(1, 3, 3), { diagonal: 1 }), py: "r = torch.triu(R(1, 3, 3), diagonal=1)" },
  { name: "softmax dim by name, dtype", ts: () => R(1, 2, 3).softmax({ dim: -1, dtype: torch.float64 }), py: "r = R(1, 2, 3).softmax(dim=-1, dtype=torch.float64)" },
  { name: "a positional-or-keyword parameter by name", ts: () => torch.cat({ tensors: [R(1, 2), R(2, 2)], dim: 0 } as never), py: "r = torch.cat(tensors=[R(1, 2), R(2, 2)], dim=0)" },
  { name: "a keyword of the wrong kind", ts: () => R(1, 4).addcmul_(R(2, 4), R(3, 4), { value: "x" } as never), py: "r = R(1, 4).addcmul_(R(2, 4), R(3, 4), value='x')" },
  { name: "an int keyword given a float", ts: () => torch.triu(R(1, 3, 3), { diagonal: 1.5 }), py: "r = torch.triu(R(1, 3, 3), diagonal=1.5)" },
  { name: "an unknown keyword", ts: () => torch.add(R(1, 3), R(2, 3), { alpha: 2, beta: 1 } as never), py: "r = torch.add(R(1, 3), R(2, 3), alpha=2, beta=1)" },
];

const families: [string, Case[]][] = [
  ["creation", creation],
  ["types and devices", typesAndDevices],
  ["math", math],
  ["reductions", reductions],
  ["shapes", shapes],
  ["random", random],
  ["indexing", indexing],
  ["gradients", gradients],
  ["argument reading", argumentReading],
  ["keyword arguments", keywordArguments],
];

describeAgainstPython(families, PRELUDE);

describe("conventions", () => {
  it("named tuples are arrays with names", () => {
    const result = R(1, 2, 5).topk(2);
    expect(Array.isArray(result)).toBe(true);
    expect(result.values).toBe(result[0]);
    expect(result.indices).toBe(result[1]);
  });
});
