// The first slice on CUDA, against Python torch computing on the same GPU. These run only
// where torch.cuda.is_available() (vitest counts them as skipped elsewhere); scripts/gpu-check
// runs them on a lent GPU machine.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults } from "./helpers/compare";

const hasCuda = torch.cuda.is_available();

const cases: Case[] = [
  { name: "tensor on cuda", ts: () => torch.tensor([[1, 2], [3, 4]], { device: "cuda" }), py: "r = torch.tensor([[1, 2], [3, 4]], device='cuda')" },
  { name: "zeros on cuda:0", ts: () => torch.zeros(2, 3, { device: "cuda:0" }), py: "r = torch.zeros(2, 3, device='cuda:0')" },
  { name: "ones float64 on cuda", ts: () => torch.ones(3, { dtype: torch.float64, device: torch.device("cuda") }), py: "r = torch.ones(3, dtype=torch.float64, device=torch.device('cuda'))" },
  { name: "arange on cuda", ts: () => torch.arange(0, 1, 0.25, { device: "cuda" }), py: "r = torch.arange(0, 1, 0.25, device='cuda')" },
  {
    name: "randn on cuda after manual_seed",
    ts: () => (torch.manual_seed(42), torch.randn(3, 4, { device: "cuda" })),
    py: "torch.manual_seed(42); r = torch.randn(3, 4, device='cuda')",
  },
  { name: "to cuda and back", ts: () => torch.tensor([1.5, -2]).to("cuda").to("cpu"), py: "r = torch.tensor([1.5, -2.]).to('cuda').to('cpu')" },
  { name: "to cuda with dtype", ts: () => torch.tensor([1, 2]).to("cuda", torch.float16), py: "r = torch.tensor([1, 2]).to('cuda', torch.float16)" },
  {
    name: "add on cuda",
    ts: () => torch.arange(6, { device: "cuda" }).add(torch.ones(2, 3, { device: "cuda" }), { alpha: 2 }),
    py: "r = torch.arange(6, device='cuda').add(torch.ones(2, 3, device='cuda'), alpha=2)",
  },
  { name: "add number on cuda", ts: () => torch.ones(2, { device: "cuda" }).add(0.5), py: "r = torch.ones(2, device='cuda').add(0.5)" },
  {
    name: "matmul on cuda",
    ts: () => (torch.manual_seed(3), torch.randn(8, 16).to("cuda").matmul(torch.randn(16, 4).to("cuda"))),
    py: "torch.manual_seed(3); r = torch.randn(8, 16).to('cuda').matmul(torch.randn(16, 4).to('cuda'))",
    atol: 1e-5,
  },
  { name: "sum on cuda", ts: () => torch.ones(4, 5, { device: "cuda" }).sum(1), py: "r = torch.ones(4, 5, device='cuda').sum(1)" },
  { name: "item on cuda", ts: () => torch.ones(4, 5, { device: "cuda" }).sum().item(), py: "r = torch.ones(4, 5, device='cuda').sum().item()" },
  { name: "device mismatch", ts: () => torch.ones(2, { device: "cuda" }).add(torch.ones(2)), py: "r = torch.ones(2, device='cuda').add(torch.ones(2))" },
  { name: "cuda device count", ts: () => torch.cuda.device_count(), py: "r = torch.cuda.device_count()" },
];

describe.runIf(hasCuda)("the first slice on CUDA, against Python torch on the same GPU", () => {
  const expected = hasCuda ? pythonResults(cases) : [];
  it.each(cases.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });

  it("a tensor made on cuda reports its device", () => {
    const t = torch.ones(2, { device: "cuda" });
    expect(String(t.device)).toBe("cuda:0");
    expect(t.device.type).toBe("cuda");
    expect(String(t)).toBe("tensor([1., 1.], device='cuda:0')");
  });
});

describe.runIf(!hasCuda)("without CUDA", () => {
  it("CUDA calls raise RuntimeError and the process goes on", () => {
    expect(() => torch.ones(2, { device: "cuda" })).toThrow(torch.RuntimeError);
    expect(() => torch.ones(2).to("cuda")).toThrow(torch.RuntimeError);
    expect(torch.ones(2).sum().item()).toBe(2);
  });
});
