// The first slice of the torch namespace, each function against what Python's torch 2.11
// computes for the same inputs (see helpers/compare.ts).
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";

const seeded = <T>(seed: number, f: () => T) => () => {
  torch.manual_seed(seed);
  return f();
};

const cases: Case[] = [
  // runtime
  { name: "__version__", ts: () => torch.__version__, py: "r = torch.__version__" },
  { name: "version.cuda", ts: () => torch.version.cuda, py: "r = torch.version.cuda" },
  { name: "cuda.is_available", ts: () => torch.cuda.is_available(), py: "r = torch.cuda.is_available()" },
  { name: "cuda.device_count", ts: () => torch.cuda.device_count(), py: "r = torch.cuda.device_count()" },
  { name: "get_num_threads", ts: () => torch.get_num_threads(), py: "r = torch.get_num_threads()" },
  {
    name: "set_num_threads",
    ts: () => {
      const before = torch.get_num_threads();
      torch.set_num_threads(1);
      const during = torch.get_num_threads();
      torch.set_num_threads(before);
      return [during, torch.get_num_threads()];
    },
    py: "b = torch.get_num_threads(); torch.set_num_threads(1); d = torch.get_num_threads(); torch.set_num_threads(b); r = [d, torch.get_num_threads()]",
  },
  // dtypes
  ...(["float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8", "bool", "complex64", "uint16"] as const).map(
    (name): Case => ({
      name: `dtype ${name}`,
      ts: () => {
        const d = torch[name];
        return [String(d), d.itemsize, d.is_floating_point, d.is_complex, d.is_signed];
      },
      py: `d = torch.${name}; r = [str(d), d.itemsize, d.is_floating_point, d.is_complex, d.is_signed]`,
    }),
  ),
  {
    name: "dtype aliases",
    ts: () => [torch.float, torch.double, torch.half, torch.long, torch.int, torch.short].map(String),
    py: "r = [str(d) for d in [torch.float, torch.double, torch.half, torch.long, torch.int, torch.short]]",
  },
  { name: "get_default_dtype", ts: () => String(torch.get_default_dtype()), py: "r = str(torch.get_default_dtype())" },
  // devices
  ...["cpu", "cuda", "cuda:1", "cpu:0", "meta"].map(
    (spec): Case => ({
      name: `device ${spec}`,
      ts: () => {
        const d = torch.device(spec);
        return [String(d), d.type, d.index];
      },
      py: `d = torch.device("${spec}"); r = [str(d), d.type, d.index]`,
    }),
  ),
  { name: "device(type, index)", ts: () => String(torch.device("cuda", 2)), py: 'r = str(torch.device("cuda", 2))' },
  // torch.tensor
  { name: "tensor ints", ts: () => torch.tensor([[1, 2, 3], [4, 5, 6]]), py: "r = torch.tensor([[1, 2, 3], [4, 5, 6]])" },
  { name: "tensor floats", ts: () => torch.tensor([[1.5, -2.25], [3, 4.125]]), py: "r = torch.tensor([[1.5, -2.25], [3.0, 4.125]])" },
  { name: "tensor bools", ts: () => torch.tensor([true, false, true]), py: "r = torch.tensor([True, False, True])" },
  { name: "tensor bool and int", ts: () => torch.tensor([true, 2]), py: "r = torch.tensor([True, 2])" },
  { name: "tensor 0-dim float", ts: () => torch.tensor(3.5), py: "r = torch.tensor(3.5)" },
  { name: "tensor 0-dim int", ts: () => torch.tensor(-7), py: "r = torch.tensor(-7)" },
  { name: "tensor empty", ts: () => torch.tensor([]), py: "r = torch.tensor([])" },
  { name: "tensor empty nested", ts: () => torch.tensor([[], []]), py: "r = torch.tensor([[], []])" },
  { name: "tensor dtype float64", ts: () => torch.tensor([1, 2, 3], { dtype: torch.float64 }), py: "r = torch.tensor([1, 2, 3], dtype=torch.float64)" },
  { name: "tensor dtype float16", ts: () => torch.tensor([0.1, 1000.7], { dtype: torch.float16 }), py: "r = torch.tensor([0.1, 1000.7], dtype=torch.float16)" },
  { name: "tensor dtype bfloat16", ts: () => torch.tensor([0.1, -3.3], { dtype: torch.bfloat16 }), py: "r = torch.tensor([0.1, -3.3], dtype=torch.bfloat16)" },
  { name: "tensor dtype int32 truncates", ts: () => torch.tensor([1.7, -2.7], { dtype: torch.int32 }), py: "r = torch.tensor([1.7, -2.7], dtype=torch.int32)" },
  { name: "tensor dtype bool", ts: () => torch.tensor([0, 3, 0.5], { dtype: torch.bool }), py: "r = torch.tensor([0, 3, 0.5], dtype=torch.bool)" },
  { name: "tensor float32 rounding", ts: () => torch.tensor([0.1, 1 / 3, 1e-40]), py: "r = torch.tensor([0.1, 1/3, 1e-40])" },
  {
    name: "tensor requires_grad",
    ts: () => torch.tensor([1.5, 2], { requires_grad: true }),
    py: "r = torch.tensor([1.5, 2.0], requires_grad=True)",
  },
  { name: "tensor device cpu", ts: () => torch.tensor([1, 2], { device: "cpu" }), py: "r = torch.tensor([1, 2], device='cpu')" },
  { name: "tensor Float32Array", ts: () => torch.tensor(new Float32Array([0.1, 2.5])), py: "r = torch.tensor(np.array([0.1, 2.5], dtype=np.float32))" },
  { name: "tensor Float64Array", ts: () => torch.tensor(new Float64Array([0.1, 2.5])), py: "r = torch.tensor(np.array([0.1, 2.5], dtype=np.float64))" },
  { name: "tensor Int32Array", ts: () => torch.tensor(new Int32Array([-1, 7])), py: "r = torch.tensor(np.array([-1, 7], dtype=np.int32))" },
  { name: "tensor Int16Array", ts: () => torch.tensor(new Int16Array([-1, 7])), py: "r = torch.tensor(np.array([-1, 7], dtype=np.int16))" },
  { name: "tensor Int8Array", ts: () => torch.tensor(new Int8Array([-1, 7])), py: "r = torch.tensor(np.array([-1, 7], dtype=np.int8))" },
  { name: "tensor Uint8Array", ts: () => torch.tensor(new Uint8Array([255, 7])), py: "r = torch.tensor(np.array([255, 7], dtype=np.uint8))" },
  { name: "tensor BigInt64Array", ts: () => torch.tensor(new BigInt64Array([-5n, 1n << 40n])), py: "r = torch.tensor(np.array([-5, 1 << 40], dtype=np.int64))" },
  { name: "tensor typed array + dtype", ts: () => torch.tensor(new Float64Array([1.5, 2.5]), { dtype: torch.float32 }), py: "r = torch.tensor(np.array([1.5, 2.5]), dtype=torch.float32)" },
  { name: "tensor nested typed arrays", ts: () => torch.tensor([new Float32Array([1, 2]), new Float32Array([3, 4])]), py: "r = torch.tensor([[1.0, 2.0], [3.0, 4.0]])" },
  { name: "tensor ragged", ts: () => torch.tensor([[1, 2], [3]]), py: "r = torch.tensor([[1, 2], [3]])" },
  // sized factories
  { name: "zeros varargs", ts: () => torch.zeros(2, 3), py: "r = torch.zeros(2, 3)" },
  { name: "zeros array", ts: () => torch.zeros([2, 3]), py: "r = torch.zeros([2, 3])" },
  { name: "zeros 0-dim", ts: () => torch.zeros([]), py: "r = torch.zeros([])" },
  { name: "zeros dtype", ts: () => torch.zeros(2, { dtype: torch.int32 }), py: "r = torch.zeros(2, dtype=torch.int32)" },
  { name: "ones", ts: () => torch.ones(4), py: "r = torch.ones(4)" },
  { name: "ones bool", ts: () => torch.ones([2, 2], { dtype: torch.bool }), py: "r = torch.ones([2, 2], dtype=torch.bool)" },
  { name: "ones requires_grad", ts: () => torch.ones(2, { requires_grad: true }), py: "r = torch.ones(2, requires_grad=True)" },
  { name: "ones negative size", ts: () => torch.ones(2, -1), py: "r = torch.ones(2, -1)" },
  { name: "zeros requires_grad on int", ts: () => torch.zeros(2, { dtype: torch.long, requires_grad: true }), py: "r = torch.zeros(2, dtype=torch.long, requires_grad=True)" },
  { name: "arange end", ts: () => torch.arange(5), py: "r = torch.arange(5)" },
  { name: "arange start end", ts: () => torch.arange(1, 4), py: "r = torch.arange(1, 4)" },
  { name: "arange float step", ts: () => torch.arange(0, 1, 0.25), py: "r = torch.arange(0, 1, 0.25)" },
  { name: "arange negative step", ts: () => torch.arange(10, 0, -3), py: "r = torch.arange(10, 0, -3)" },
  { name: "arange float end", ts: () => torch.arange(2.5), py: "r = torch.arange(2.5)" },
  { name: "arange dtype", ts: () => torch.arange(5, { dtype: torch.float32 }), py: "r = torch.arange(5, dtype=torch.float32)" },
  { name: "arange long", ts: () => torch.arange(0, 6, { dtype: torch.long }), py: "r = torch.arange(0, 6, dtype=torch.long)" },
  { name: "arange zero step", ts: () => torch.arange(0, 5, 0), py: "r = torch.arange(0, 5, 0)" },
  { name: "arange 2000 (summarized print)", ts: () => torch.arange(2000), py: "r = torch.arange(2000)" },
  { name: "randn", ts: seeded(42, () => torch.randn(3, 4)), py: "torch.manual_seed(42); r = torch.randn(3, 4)" },
  { name: "randn float64", ts: seeded(1, () => torch.randn([2, 2], { dtype: torch.float64 })), py: "torch.manual_seed(1); r = torch.randn([2, 2], dtype=torch.float64)" },
  {
    name: "randn twice continues the stream",
    ts: seeded(7, () => (torch.randn(3), torch.randn(2, 2))),
    py: "torch.manual_seed(7); torch.randn(3); r = torch.randn(2, 2)",
  },
  { name: "randn large seed", ts: seeded(2 ** 40 + 3, () => torch.randn(3)), py: "torch.manual_seed(2**40 + 3); r = torch.randn(3)" },
  { name: "randn negative seed", ts: seeded(-5, () => torch.randn(3)), py: "torch.manual_seed(-5); r = torch.randn(3)" },
  { name: "randn bigint seed", ts: () => (torch.manual_seed(2n ** 63n + 11n), torch.randn(2)), py: "torch.manual_seed(2**63 + 11); r = torch.randn(2)" },
  { name: "randn 1000x10 (summarized print)", ts: seeded(3, () => torch.randn(1000, 10)), py: "torch.manual_seed(3); r = torch.randn(1000, 10)" },
  // add
  { name: "add tensor", ts: () => torch.tensor([1.5, 2]).add(torch.tensor([0.25, -4])), py: "r = torch.tensor([1.5, 2.]).add(torch.tensor([0.25, -4.]))" },
  { name: "add number", ts: () => torch.tensor([1.5, 2]).add(2), py: "r = torch.tensor([1.5, 2.]).add(2)" },
  { name: "add alpha", ts: () => torch.tensor([1.5, 2]).add(torch.tensor([1, 1]), { alpha: 3 }), py: "r = torch.tensor([1.5, 2.]).add(torch.tensor([1, 1]), alpha=3)" },
  { name: "add int + float number promotes", ts: () => torch.tensor([1, 2]).add(2.5), py: "r = torch.tensor([1, 2]).add(2.5)" },
  { name: "add int + int number stays int", ts: () => torch.tensor([1, 2]).add(3), py: "r = torch.tensor([1, 2]).add(3)" },
  { name: "add int + float tensor", ts: () => torch.tensor([1, 2]).add(torch.tensor([0.5, 0.5])), py: "r = torch.tensor([1, 2]).add(torch.tensor([0.5, 0.5]))" },
  { name: "add broadcasting", ts: () => torch.ones(2, 3).add(torch.arange(3)), py: "r = torch.ones(2, 3).add(torch.arange(3))" },
  { name: "add bool number", ts: () => torch.tensor([1, 2]).add(true), py: "r = torch.tensor([1, 2]).add(True)" },
  { name: "add shape mismatch", ts: () => torch.ones(2, 3).add(torch.ones(4)), py: "r = torch.ones(2, 3).add(torch.ones(4))" },
  { name: "add float alpha on int", ts: () => torch.tensor([1, 2]).add(torch.tensor([1, 2]), { alpha: 0.5 }), py: "r = torch.tensor([1, 2]).add(torch.tensor([1, 2]), alpha=0.5)" },
  {
    name: "add grad_fn",
    ts: () => torch.tensor([1.5, 2], { requires_grad: true }).add(1),
    py: "r = torch.tensor([1.5, 2.], requires_grad=True).add(1)",
  },
  // matmul
  { name: "matmul 2d", ts: seeded(0, () => torch.randn(2, 3).matmul(torch.randn(3, 2))), py: "torch.manual_seed(0); r = torch.randn(2, 3).matmul(torch.randn(3, 2))" },
  { name: "matmul 1d dot", ts: () => torch.tensor([1, 2, 3]).matmul(torch.tensor([4, 5, 6])), py: "r = torch.tensor([1, 2, 3]).matmul(torch.tensor([4, 5, 6]))" },
  { name: "matmul batched", ts: seeded(5, () => torch.randn(2, 2, 3).matmul(torch.randn(3, 4))), py: "torch.manual_seed(5); r = torch.randn(2, 2, 3).matmul(torch.randn(3, 4))" },
  { name: "matmul 2d @ 1d", ts: () => torch.ones(2, 3).matmul(torch.arange(3, { dtype: torch.float32 })), py: "r = torch.ones(2, 3).matmul(torch.arange(3, dtype=torch.float32))" },
  { name: "matmul mismatch", ts: () => torch.ones(2, 3).matmul(torch.ones(2, 3)), py: "r = torch.ones(2, 3).matmul(torch.ones(2, 3))" },
  { name: "matmul dtype mismatch", ts: () => torch.ones(2, 2).matmul(torch.ones(2, 2, { dtype: torch.float64 })), py: "r = torch.ones(2, 2).matmul(torch.ones(2, 2, dtype=torch.float64))" },
  // sum
  { name: "sum all", ts: () => torch.arange(6, { dtype: torch.float32 }).add(0.5).sum(), py: "r = torch.arange(6, dtype=torch.float32).add(0.5).sum()" },
  { name: "sum dim", ts: () => torch.arange(6).add(torch.zeros(2, 3)).sum(1), py: "r = torch.arange(6).add(torch.zeros(2, 3)).sum(1)" },
  { name: "sum dim keepdim", ts: () => torch.ones(2, 3).sum(0, true), py: "r = torch.ones(2, 3).sum(0, True)" },
  { name: "sum dims option", ts: () => torch.ones(2, 3, 4).sum({ dim: [0, 2] }), py: "r = torch.ones(2, 3, 4).sum(dim=[0, 2])" },
  { name: "sum negative dim", ts: () => torch.ones(2, 3).sum(-1), py: "r = torch.ones(2, 3).sum(-1)" },
  { name: "sum int gives int64", ts: () => torch.tensor(new Int32Array([1, 2, 3])).sum(), py: "r = torch.tensor(np.array([1, 2, 3], dtype=np.int32)).sum()" },
  { name: "sum bool", ts: () => torch.tensor([true, true, false]).sum(), py: "r = torch.tensor([True, True, False]).sum()" },
  { name: "sum dtype", ts: () => torch.ones(3).sum({ dtype: torch.float64 }), py: "r = torch.ones(3).sum(dtype=torch.float64)" },
  { name: "sum dim out of range", ts: () => torch.ones(2, 3).sum(5), py: "r = torch.ones(2, 3).sum(5)" },
  { name: "sum empty", ts: () => torch.tensor([]).sum(), py: "r = torch.tensor([]).sum()" },
  { name: "sum randn", ts: seeded(9, () => torch.randn(100, 100).sum(0)), py: "torch.manual_seed(9); r = torch.randn(100, 100).sum(0)" },
  // item, tolist
  { name: "item float", ts: () => torch.tensor([2.5, 0.25]).sum().item(), py: "r = torch.tensor([2.5, 0.25]).sum().item()" },
  { name: "item float32 value", ts: () => torch.tensor(0.1).item(), py: "r = torch.tensor(0.1).item()" },
  { name: "item int", ts: () => torch.tensor([[7]]).item(), py: "r = torch.tensor([[7]]).item()" },
  { name: "item bool", ts: () => torch.tensor(true).item(), py: "r = torch.tensor(True).item()" },
  { name: "item of many", ts: () => torch.ones(2).item(), py: "r = torch.ones(2).item()" },
  { name: "tolist 2d", ts: () => torch.arange(6).add(torch.zeros(2, 3, { dtype: torch.long })).tolist(), py: "r = torch.arange(6).add(torch.zeros(2, 3, dtype=torch.long)).tolist()" },
  { name: "tolist 0-dim", ts: () => torch.tensor(1.25).tolist(), py: "r = torch.tensor(1.25).tolist()" },
  { name: "tolist bool", ts: () => torch.tensor([[true], [false]]).tolist(), py: "r = torch.tensor([[True], [False]]).tolist()" },
  { name: "tolist half", ts: () => torch.tensor([0.1], { dtype: torch.float16 }).tolist(), py: "r = torch.tensor([0.1], dtype=torch.float16).tolist()" },
  // to
  { name: "to dtype", ts: () => torch.tensor([1.7, -2.7]).to(torch.int64), py: "r = torch.tensor([1.7, -2.7]).to(torch.int64)" },
  { name: "to float64", ts: () => torch.tensor([0.1]).to(torch.float64), py: "r = torch.tensor([0.1]).to(torch.float64)" },
  { name: "to device and dtype", ts: () => torch.tensor([1, 2]).to("cpu", torch.float16), py: "r = torch.tensor([1, 2]).to('cpu', torch.float16)" },
  { name: "to options", ts: () => torch.tensor([1, 2]).to({ dtype: torch.bool }), py: "r = torch.tensor([1, 2]).to(dtype=torch.bool)" },
  { name: "to other tensor", ts: () => torch.tensor([1, 2]).to(torch.ones(1, { dtype: torch.float64 })), py: "r = torch.tensor([1, 2]).to(torch.ones(1, dtype=torch.float64))" },
  { name: "to torch.device", ts: () => torch.tensor([3]).to(torch.device("cpu")), py: "r = torch.tensor([3]).to(torch.device('cpu'))" },
  { name: "to bad device string", ts: () => torch.tensor([3]).to("gpu"), py: "r = torch.tensor([3]).to('gpu')" },
];

describe("the first slice against Python torch 2.11", () => {
  const expected = pythonResults(cases);
  it.each(cases.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });
});

describe("identity and conversions", () => {
  it("to() returns the tensor itself when nothing changes, as Python does", () => {
    const t = torch.ones(2);
    expect(t.to(torch.float32)).toBe(t);
    expect(t.to("cpu")).toBe(t);
    expect(t.to("cpu", { copy: true })).not.toBe(t);
  });

  it("to_typed_array copies the elements into the dtype's typed array", () => {
    const f = torch.tensor([[1.5, 2], [3, 4]]).to_typed_array();
    expect(f).toBeInstanceOf(Float32Array);
    expect(Array.from(f as Float32Array)).toStrictEqual([1.5, 2, 3, 4]);
    const l = torch.arange(3).to_typed_array();
    expect(l).toBeInstanceOf(BigInt64Array);
    expect(Array.from(l as BigInt64Array)).toStrictEqual([0n, 1n, 2n]);
    const t = torch.arange(6).view(2, 3).t().to_typed_array(); // a non-contiguous view
    expect(Array.from(t as BigInt64Array, Number)).toStrictEqual([0, 3, 1, 4, 2, 5]);
    expect(torch.tensor([true, false]).to_typed_array()).toStrictEqual(new Uint8Array([1, 0]));
  });

  it("x.shape is a number[] that destructures", () => {
    const [B, T, C] = torch.zeros(4, 8, 2).shape;
    expect([B, T, C]).toStrictEqual([4, 8, 2]);
  });

  it("device and dtype are the torch objects", () => {
    const t = torch.ones(1, { dtype: torch.float64 });
    expect(t.dtype).toBe(torch.float64);
    expect(t.device.type).toBe("cpu");
    expect(t.device).toBeInstanceOf(torch.device);
  });

  it("console.log prints the PyTorch format", async () => {
    const { inspect } = await import("node:util");
    expect(inspect(torch.ones(2))).toBe("tensor([1., 1.])");
    expect(inspect(torch.float16)).toBe("torch.float16");
    // print(device) shows str(device), as Python's print does
    expect(inspect(torch.device("cuda:1"))).toBe("cuda:1");
  });
});
