// What Python writes in Python rather than binding an op (torch/functional.py, torch/_tensor.py,
// torch/_lowrank.py), and what Python's C++ binds on Tensor by hand (T/H/mT/mH, the dtype
// conversions, to(memory_format=), nonzero(as_tuple=)), against Python torch 2.11.
import { describe, it } from "vitest";
import torch from "torchts";
import { Case, describeAgainstPython } from "./helpers/compare";

type T = InstanceType<typeof torch.Tensor>;

const R = (seed: number, ...shape: number[]): T => (torch.manual_seed(seed), torch.randn(...shape));
const PRELUDE = "def R(s, *shape):\n    torch.manual_seed(s)\n    return torch.randn(*shape)";

const broadcasting: Case[] = [
  { name: "broadcast_tensors", ts: () => torch.broadcast_tensors(R(1, 2, 1), R(2, 3)), py: "r = torch.broadcast_tensors(R(1, 2, 1), R(2, 3))" },
  { name: "broadcast_tensors mismatch", ts: () => torch.broadcast_tensors(R(1, 2), R(2, 3)), py: "r = torch.broadcast_tensors(R(1, 2), R(2, 3))" },
  { name: "broadcast_shapes", ts: () => torch.broadcast_shapes([2, 1], [3], 1), py: "r = list(torch.broadcast_shapes((2, 1), (3,), 1))" },
  { name: "broadcast_shapes none", ts: () => torch.broadcast_shapes(), py: "r = list(torch.broadcast_shapes())" },
  { name: "broadcast_shapes mismatch", ts: () => torch.broadcast_shapes([2, 3], [4]), py: "r = torch.broadcast_shapes((2, 3), (4,))" },
  { name: "broadcast_shapes negative", ts: () => torch.broadcast_shapes([1, -1]), py: "r = torch.broadcast_shapes((1, -1))" },
  { name: "broadcast_shapes float", ts: () => torch.broadcast_shapes(2.5 as never), py: "r = torch.broadcast_shapes(2.5)" },
];

const functional: Case[] = [
  { name: "split int", ts: () => torch.split(torch.arange(7), 3), py: "r = torch.split(torch.arange(7), 3)" },
  { name: "split list dim", ts: () => torch.split(R(1, 2, 5), [2, 3], 1), py: "r = torch.split(R(1, 2, 5), [2, 3], 1)" },
  { name: "split keyword", ts: () => torch.split(R(1, 4, 2), { split_size_or_sections: 1, dim: 1 } as never), py: "r = torch.split(R(1, 4, 2), split_size_or_sections=1, dim=1)" },
  { name: "Tensor.split float", ts: () => R(1, 4).split(1.5 as never), py: "r = R(1, 4).split(1.5)" },
  { name: "Tensor.split bad sizes", ts: () => R(1, 4).split([1, 2]), py: "r = R(1, 4).split([1, 2])" },
  { name: "einsum sublist", ts: () => torch.einsum(R(1, 2, 3), [0, 1], R(2, 3, 4), [1, 2], [0, 2]), py: "r = torch.einsum(R(1, 2, 3), [0, 1], R(2, 3, 4), [1, 2], [0, 2])" },
  { name: "einsum sublist no output", ts: () => torch.einsum(R(1, 2, 3), [0, 27]), py: "r = torch.einsum(R(1, 2, 3), [0, 27])" },
  { name: "einsum list", ts: () => torch.einsum("ij,jk->ik", [R(1, 2, 3), R(2, 3, 4)]), py: "r = torch.einsum('ij,jk->ik', [R(1, 2, 3), R(2, 3, 4)])" },
  { name: "einsum too few", ts: () => torch.einsum("ij"), py: "r = torch.einsum('ij')" },
  { name: "einsum bad subscript", ts: () => torch.einsum(R(1, 2), [52]), py: "r = torch.einsum(R(1, 2), [52])" },
  { name: "meshgrid ij", ts: () => torch.meshgrid(torch.arange(2), torch.arange(3), { indexing: "ij" }), py: "r = torch.meshgrid(torch.arange(2), torch.arange(3), indexing='ij')" },
  { name: "meshgrid list xy", ts: () => torch.meshgrid([torch.arange(2), torch.arange(3)], { indexing: "xy" }), py: "r = torch.meshgrid([torch.arange(2), torch.arange(3)], indexing='xy')" },
  { name: "meshgrid empty", ts: () => torch.meshgrid({ indexing: "ij" }), py: "r = torch.meshgrid(indexing='ij')" },
  { name: "meshgrid bad keyword", ts: () => torch.meshgrid(torch.arange(2), { index: "ij" } as never), py: "r = torch.meshgrid(torch.arange(2), index='ij')" },
  { name: "stft complex", ts: () => torch.stft(R(1, 32), 8, { return_complex: true }).abs(), py: "r = torch.stft(R(1, 32), 8, return_complex=True).abs()" },
  { name: "stft window no center", ts: () => torch.stft(R(1, 2, 40), 10, 3, { window: torch.hann_window(10), center: false, return_complex: true }).angle(), py: "r = torch.stft(R(1, 2, 40), 10, 3, window=torch.hann_window(10), center=False, return_complex=True).angle()" },
  { name: "Tensor.stft constant pad", ts: () => R(1, 20).stft(6, { pad_mode: "constant", onesided: false, return_complex: true }).abs(), py: "r = R(1, 20).stft(6, pad_mode='constant', onesided=False, return_complex=True).abs()" },
  { name: "stft align_to_window with center", ts: () => torch.stft(R(1, 20), 4, { align_to_window: true, return_complex: true }), py: "r = torch.stft(R(1, 20), 4, align_to_window=True, return_complex=True)" },
  { name: "unique", ts: () => torch.unique(torch.tensor([3, 1, 3, 2, 1])), py: "r = torch.unique(torch.tensor([3, 1, 3, 2, 1]))" },
  { name: "unique inverse counts", ts: () => torch.unique(torch.tensor([3, 1, 3, 2, 1]), { return_inverse: true, return_counts: true }), py: "r = torch.unique(torch.tensor([3, 1, 3, 2, 1]), return_inverse=True, return_counts=True)" },
  { name: "unique positional counts", ts: () => torch.unique(torch.tensor([3, 1, 3]), true, false, true), py: "r = torch.unique(torch.tensor([3, 1, 3]), True, False, True)" },
  { name: "unique dim", ts: () => torch.unique(torch.tensor([[1, 2], [1, 2], [0, 1]]), { dim: 0, return_inverse: true }), py: "r = torch.unique(torch.tensor([[1, 2], [1, 2], [0, 1]]), dim=0, return_inverse=True)" },
  { name: "Tensor.unique counts", ts: () => torch.tensor([2, 2, 5]).unique({ return_counts: true }), py: "r = torch.tensor([2, 2, 5]).unique(return_counts=True)" },
  { name: "unique_consecutive", ts: () => torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 3, 1]), { return_counts: true }), py: "r = torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 3, 1]), return_counts=True)" },
  { name: "Tensor.unique_consecutive inverse", ts: () => torch.tensor([1, 1, 2, 1]).unique_consecutive(true), py: "r = torch.tensor([1, 1, 2, 1]).unique_consecutive(True)" },
  { name: "unique missing input", ts: () => (torch.unique as (...a: unknown[]) => unknown)({ return_counts: true }), py: "r = torch.unique(return_counts=True)" },
  { name: "lu bad keyword", ts: () => torch.lu(R(1, 2, 2), { get_infos: true, pivots: true } as never), py: "r = torch.lu(R(1, 2, 2), get_infos=True, pivots=True)" },
  { name: "Tensor.split bad keyword", ts: () => R(1, 4).split(2, { axis: 0 } as never), py: "r = R(1, 4).split(2, axis=0)" },
  { name: "unique bad keyword", ts: () => torch.unique(torch.tensor([1]), { sort: true } as never), py: "r = torch.unique(torch.tensor([1]), sort=True)" },
  { name: "tensordot int", ts: () => torch.tensordot(R(1, 2, 3, 4), R(2, 3, 4, 5)), py: "r = torch.tensordot(R(1, 2, 3, 4), R(2, 3, 4, 5))" },
  { name: "tensordot lists", ts: () => torch.tensordot(R(1, 3, 4, 5), R(2, 4, 3, 2), { dims: [[1, 0], [0, 1]] }), py: "r = torch.tensordot(R(1, 3, 4, 5), R(2, 4, 3, 2), dims=([1, 0], [0, 1]))" },
  { name: "tensordot tensor dims", ts: () => torch.tensordot(R(1, 3, 4), R(2, 4, 3), torch.tensor([[0, 1], [1, 0]])), py: "r = torch.tensordot(R(1, 3, 4), R(2, 4, 3), torch.tensor([[0, 1], [1, 0]]))" },
  { name: "tensordot negative", ts: () => torch.tensordot(R(1, 3), R(2, 3), -1), py: "r = torch.tensordot(R(1, 3), R(2, 3), -1)" },
  { name: "tensordot too many", ts: () => torch.tensordot(R(1, 3), R(2, 3), 2), py: "r = torch.tensordot(R(1, 3), R(2, 3), 2)" },
  { name: "tensordot bad dims", ts: () => torch.tensordot(R(1, 3), R(2, 3), "a" as never), py: "r = torch.tensordot(R(1, 3), R(2, 3), 'a')" },
  { name: "cartesian_prod", ts: () => torch.cartesian_prod(torch.arange(2), torch.arange(3)), py: "r = torch.cartesian_prod(torch.arange(2), torch.arange(3))" },
  { name: "block_diag", ts: () => torch.block_diag(torch.ones(2, 2), torch.arange(3)), py: "r = torch.block_diag(torch.ones(2, 2), torch.arange(3))" },
  { name: "cdist", ts: () => torch.cdist(R(1, 3, 2), R(2, 4, 2)), py: "r = torch.cdist(R(1, 3, 2), R(2, 4, 2))" },
  { name: "cdist p=1 no mm", ts: () => torch.cdist(R(1, 3, 2), R(2, 4, 2), 1, "donot_use_mm_for_euclid_dist"), py: "r = torch.cdist(R(1, 3, 2), R(2, 4, 2), 1, 'donot_use_mm_for_euclid_dist')" },
  { name: "cdist bad mode", ts: () => torch.cdist(R(1, 3, 2), R(2, 4, 2), { compute_mode: "bad" as never }), py: "r = torch.cdist(R(1, 3, 2), R(2, 4, 2), compute_mode='bad')" },
  { name: "chain_matmul", ts: () => torch.chain_matmul(R(1, 2, 3), R(2, 3, 4), R(3, 4, 2)), py: "r = torch.chain_matmul(R(1, 2, 3), R(2, 3, 4), R(3, 4, 2))" },
  { name: "chain_matmul none", ts: () => torch.chain_matmul(), py: "r = torch.chain_matmul()" },
  { name: "atleast_1d one", ts: () => torch.atleast_1d(torch.tensor(3)), py: "r = torch.atleast_1d(torch.tensor(3))" },
  { name: "atleast_2d several", ts: () => torch.atleast_2d(torch.tensor(3), torch.arange(2)), py: "r = torch.atleast_2d(torch.tensor(3), torch.arange(2))" },
  { name: "atleast_3d list", ts: () => torch.atleast_3d([torch.arange(2), torch.ones(2, 2)]), py: "r = torch.atleast_3d([torch.arange(2), torch.ones(2, 2)])" },
  { name: "unravel_index", ts: () => torch.unravel_index(torch.tensor([4, 7, 11]), [3, 4]), py: "r = torch.unravel_index(torch.tensor([4, 7, 11]), (3, 4))" },
  { name: "unravel_index int shape", ts: () => torch.unravel_index(torch.tensor(5), 7), py: "r = torch.unravel_index(torch.tensor(5), 7)" },
  { name: "unravel_index float indices", ts: () => torch.unravel_index(torch.tensor([1.5]), [2]), py: "r = torch.unravel_index(torch.tensor([1.5]), (2,))" },
  { name: "unravel_index negative shape", ts: () => torch.unravel_index(torch.tensor([1]), [2, -1]), py: "r = torch.unravel_index(torch.tensor([1]), (2, -1))" },
  { name: "unravel_index float shape", ts: () => torch.unravel_index(torch.tensor([1]), [2.5]), py: "r = torch.unravel_index(torch.tensor([1]), (2.5,))" },
  { name: "lu", ts: () => torch.lu(R(1, 3, 3)), py: "r = torch.lu(R(1, 3, 3))" },
  { name: "lu get_infos", ts: () => torch.lu(R(1, 2, 3, 3), { get_infos: true }), py: "r = torch.lu(R(1, 2, 3, 3), get_infos=True)" },
  { name: "Tensor.lu no pivot", ts: () => R(1, 3, 3).lu(false), py: "r = R(1, 3, 3).lu(False)" },
  { name: "_segment_reduce", ts: () => torch._segment_reduce(torch.arange(5, { dtype: torch.float32 }), "sum", { lengths: torch.tensor([2, 3]) }), py: "r = torch._segment_reduce(torch.arange(5, dtype=torch.float32), 'sum', lengths=torch.tensor([2, 3]))" },
];

const norms: Case[] = [
  { name: "norm default", ts: () => torch.norm(R(1, 3, 4)), py: "r = torch.norm(R(1, 3, 4))" },
  { name: "norm nuc", ts: () => torch.norm(R(1, 4, 4), "nuc"), py: "r = torch.norm(R(1, 4, 4), 'nuc')" },
  { name: "norm nuc dims keepdim", ts: () => R(1, 2, 3, 4).norm("nuc", [1, 2], true), py: "r = R(1, 2, 3, 4).norm('nuc', [1, 2], True)" },
  { name: "norm fro 3 dims", ts: () => torch.norm(R(1, 2, 3, 4), "fro", [0, 1, 2]), py: "r = torch.norm(R(1, 2, 3, 4), 'fro', [0, 1, 2])" },
  { name: "norm p=1 dim", ts: () => torch.norm(R(1, 3, 4), 1, 1), py: "r = torch.norm(R(1, 3, 4), 1, 1)" },
  { name: "norm p=None", ts: () => torch.norm(R(1, 3, 4), null), py: "r = torch.norm(R(1, 3, 4), None)" },
  { name: "norm inf dtype", ts: () => torch.norm(R(1, 3), Infinity, { dtype: torch.float64 }), py: "r = torch.norm(R(1, 3), float('inf'), dtype=torch.float64)" },
  { name: "norm out", ts: () => { const out = torch.empty(0); torch.norm(R(1, 3, 4), 2, 0, { out }); return out; }, py: "out = torch.empty(0); torch.norm(R(1, 3, 4), 2, 0, out=out); r = out" },
  { name: "norm bad string", ts: () => torch.norm(R(1, 3, 4), "bad"), py: "r = torch.norm(R(1, 3, 4), 'bad')" },
  { name: "Tensor.norm dtype keyword", ts: () => R(1, 3).norm({ dtype: torch.float64 }), py: "r = R(1, 3).norm(dtype=torch.float64)" },
  { name: "Tensor.norm out is not a parameter", ts: () => R(1, 3).norm({ out: torch.empty(0) } as never), py: "r = R(1, 3).norm(out=torch.empty(0))" },
];

const lowrank: Case[] = [
  { name: "svd_lowrank", ts: () => { const A = R(1, 6, 5); torch.manual_seed(7); return torch.svd_lowrank(A, 3); }, py: "A = R(1, 6, 5); torch.manual_seed(7); r = torch.svd_lowrank(A, 3)" },
  { name: "svd_lowrank wide with M", ts: () => { const A = R(1, 4, 7); const M = R(2, 4, 7); torch.manual_seed(7); return torch.svd_lowrank(A, { q: 2, niter: 1, M }); }, py: "A = R(1, 4, 7); M = R(2, 4, 7); torch.manual_seed(7); r = torch.svd_lowrank(A, q=2, niter=1, M=M)" },
  { name: "pca_lowrank", ts: () => { const A = R(1, 2, 8, 5); torch.manual_seed(3); return torch.pca_lowrank(A); }, py: "A = R(1, 2, 8, 5); torch.manual_seed(3); r = torch.pca_lowrank(A)" },
  { name: "pca_lowrank no center", ts: () => { const A = R(1, 8, 5); torch.manual_seed(3); return torch.pca_lowrank(A, 2, false); }, py: "A = R(1, 8, 5); torch.manual_seed(3); r = torch.pca_lowrank(A, 2, False)" },
  { name: "pca_lowrank q too large", ts: () => torch.pca_lowrank(R(1, 8, 5), 6), py: "r = torch.pca_lowrank(R(1, 8, 5), 6)" },
  { name: "pca_lowrank niter negative", ts: () => torch.pca_lowrank(R(1, 8, 5), { niter: -1 }), py: "r = torch.pca_lowrank(R(1, 8, 5), niter=-1)" },
];

const tensorBits: Case[] = [
  { name: "T", ts: () => R(1, 2, 3, 4).T, py: "r = R(1, 2, 3, 4).T" },
  { name: "mT", ts: () => R(1, 2, 3, 4).mT, py: "r = R(1, 2, 3, 4).mT" },
  { name: "mT of a vector", ts: () => R(1, 3).mT, py: "r = R(1, 3).mT" },
  { name: "H complex", ts: () => torch.imag(torch.complex(R(1, 2, 3), R(2, 2, 3)).H), py: "r = torch.imag(torch.complex(R(1, 2, 3), R(2, 2, 3)).H)" },
  { name: "H of 3-d", ts: () => R(1, 2, 3, 4).H, py: "r = R(1, 2, 3, 4).H" },
  { name: "mH", ts: () => torch.imag(torch.complex(R(1, 2, 2, 3), R(2, 2, 2, 3)).mH), py: "r = torch.imag(torch.complex(R(1, 2, 2, 3), R(2, 2, 2, 3)).mH)" },
  { name: "byte char short", ts: () => { const x = R(1, 4).mul(100); return [x.byte(), x.char(), x.short()]; }, py: "x = R(1, 4).mul(100); r = [x.byte(), x.char(), x.short()]" },
  { name: "cfloat cdouble", ts: () => { const x = R(1, 3); return [torch.real(x.cfloat()), torch.imag(x.cdouble())]; }, py: "x = R(1, 3); r = [torch.real(x.cfloat()), torch.imag(x.cdouble())]" },
  { name: "float with memory_format", ts: () => R(1, 2, 3, 2, 2).double().float({ memory_format: torch.channels_last }).stride(), py: "r = list(R(1, 2, 3, 2, 2).double().float(memory_format=torch.channels_last).stride())" },
  { name: "byte positional", ts: () => (R(1, 2).byte as (x: unknown) => T)(1), py: "r = R(1, 2).byte(1)" },
  { name: "short bad keyword", ts: () => R(1, 2).short({ copy: true } as never), py: "r = R(1, 2).short(copy=True)" },
  { name: "to memory_format", ts: () => R(1, 2, 3, 2, 2).to({ memory_format: torch.channels_last }).stride(), py: "r = list(R(1, 2, 3, 2, 2).to(memory_format=torch.channels_last).stride())" },
  { name: "to device dtype flags memory_format", ts: () => { const y = R(1, 2, 3, 2, 2).to("cpu", torch.float64, false, true, { memory_format: torch.channels_last }); return [y.dtype.name, y.stride()]; }, py: "y = R(1, 2, 3, 2, 2).to('cpu', torch.float64, False, True, memory_format=torch.channels_last); r = [str(y.dtype)[6:], list(y.stride())]" },
  { name: "to dtype non_blocking copy", ts: () => R(1, 3).to(torch.float64, false, true), py: "r = R(1, 3).to(torch.float64, False, True)" },
  { name: "to same is self", ts: () => { const x = R(1, 3); return [x.to(torch.float32) === x, x.to({ memory_format: torch.preserve_format }) === x, x.to(torch.float32, false, true) === x]; }, py: "x = R(1, 3); r = [x.to(torch.float32) is x, x.to(memory_format=torch.preserve_format) is x, x.to(torch.float32, False, True) is x]" },
  { name: "nonzero as_tuple", ts: () => torch.nonzero(torch.tensor([[0, 1], [1, 1]]), { as_tuple: true }), py: "r = torch.nonzero(torch.tensor([[0, 1], [1, 1]]), as_tuple=True)" },
  { name: "Tensor.nonzero as_tuple false", ts: () => torch.tensor([[0, 1], [1, 1]]).nonzero({ as_tuple: false }), py: "r = torch.tensor([[0, 1], [1, 1]]).nonzero(as_tuple=False)" },
  { name: "nonzero as_tuple 0-d", ts: () => torch.tensor(5).nonzero({ as_tuple: true }), py: "r = torch.tensor(5).nonzero(as_tuple=True)" },
  { name: "nonzero as_tuple with out", ts: () => torch.nonzero(torch.tensor([1]), { as_tuple: true, out: torch.empty(0, { dtype: torch.int64 }) }), py: "r = torch.nonzero(torch.tensor([1]), as_tuple=True, out=torch.empty(0, dtype=torch.int64))" },
  { name: "Tensor.solve removed", ts: () => R(1, 2, 2).solve(R(2, 2, 2)), py: "r = R(1, 2, 2).solve(R(2, 2, 2))" },
  { name: "Tensor.istft", ts: () => { const w = torch.hann_window(8); return torch.stft(R(1, 32), 8, { window: w, return_complex: true }).istft(8, { window: w }); }, py: "w = torch.hann_window(8); r = torch.stft(R(1, 32), 8, window=w, return_complex=True).istft(8, window=w)" },
];

const families: [string, Case[]][] = [
  ["broadcasting", broadcasting],
  ["torch/functional.py", functional],
  ["norm", norms],
  ["low-rank", lowrank],
  ["Tensor attributes and methods", tensorBits],
];

describeAgainstPython(families, PRELUDE);
