// torch.signal.windows (torch/signal/windows/windows.py) against Python torch 2.11: every
// window, symmetric and periodic, their parameters, dtypes, requires_grad and errors.
import { describe, it } from "vitest";
import torch from "torchts";
import { Case, describeAgainstPython } from "./helpers/compare";

const w = torch.signal.windows;
const NAMES = ["hamming", "hann", "bartlett", "blackman", "cosine", "exponential", "gaussian", "kaiser", "nuttall", "general_hamming"] as const;

const each: Case[] = NAMES.flatMap((name) => [
  { name: `${name}(10)`, ts: () => (w[name] as (M: number) => unknown)(10), py: `r = torch.signal.windows.${name}(10)` },
  { name: `${name}(7, sym=False)`, ts: () => (w[name] as (M: number, o: object) => unknown)(7, { sym: false }), py: `r = torch.signal.windows.${name}(7, sym=False)` },
  { name: `${name}(1) float64`, ts: () => (w[name] as (M: number, o: object) => unknown)(1, { dtype: torch.float64 }), py: `r = torch.signal.windows.${name}(1, dtype=torch.float64)` },
  { name: `${name}(0)`, ts: () => (w[name] as (M: number) => unknown)(0), py: `r = torch.signal.windows.${name}(0)` },
  { name: `${name}(-1)`, ts: () => (w[name] as (M: number) => unknown)(-1), py: `r = torch.signal.windows.${name}(-1)` },
  { name: `${name} int dtype`, ts: () => (w[name] as (M: number, o: object) => unknown)(4, { dtype: torch.int64 }), py: `r = torch.signal.windows.${name}(4, dtype=torch.int64)` },
  { name: `${name} positional sym`, ts: () => (w[name] as (...a: unknown[]) => unknown)(4, false), py: `r = torch.signal.windows.${name}(4, False)` },
]);

const parameters: Case[] = [
  { name: "exponential tau center", ts: () => w.exponential(9, { sym: false, tau: 0.5, center: 2.5 }), py: "r = torch.signal.windows.exponential(9, sym=False, tau=0.5, center=2.5)" },
  { name: "exponential center with sym", ts: () => w.exponential(9, { center: 2 }), py: "r = torch.signal.windows.exponential(9, center=2)" },
  { name: "exponential tau zero", ts: () => w.exponential(9, { tau: 0 }), py: "r = torch.signal.windows.exponential(9, tau=0)" },
  { name: "gaussian std float64", ts: () => w.gaussian(8, { std: 2.5, dtype: torch.float64 }), py: "r = torch.signal.windows.gaussian(8, std=2.5, dtype=torch.float64)" },
  { name: "gaussian negative std", ts: () => w.gaussian(8, { std: -1 }), py: "r = torch.signal.windows.gaussian(8, std=-1)" },
  { name: "kaiser beta periodic", ts: () => w.kaiser(9, { beta: 4.5, sym: false }), py: "r = torch.signal.windows.kaiser(9, beta=4.5, sym=False)" },
  { name: "kaiser negative beta", ts: () => w.kaiser(9, { beta: -1.5 }), py: "r = torch.signal.windows.kaiser(9, beta=-1.5)" },
  { name: "general_hamming alpha", ts: () => w.general_hamming(6, { alpha: 0.6 }), py: "r = torch.signal.windows.general_hamming(6, alpha=0.6)" },
  { name: "general_cosine", ts: () => w.general_cosine(8, { a: [0.46, 0.23, 0.31], sym: false }), py: "r = torch.signal.windows.general_cosine(8, a=[0.46, 0.23, 0.31], sym=False)" },
  { name: "general_cosine empty a", ts: () => w.general_cosine(8, { a: [] }), py: "r = torch.signal.windows.general_cosine(8, a=[])" },
  { name: "general_cosine a not a list", ts: () => w.general_cosine(8, { a: 3 as never }), py: "r = torch.signal.windows.general_cosine(8, a=3)" },
  { name: "general_cosine missing a", ts: () => (w.general_cosine as (M: number) => unknown)(8), py: "r = torch.signal.windows.general_cosine(8)" },
  { name: "requires_grad", ts: () => w.hann(5, { requires_grad: true }), py: "r = torch.signal.windows.hann(5, requires_grad=True)" },
  { name: "sparse layout", ts: () => w.hann(5, { layout: torch.sparse_coo }), py: "r = torch.signal.windows.hann(5, layout=torch.sparse_coo)" },
  { name: "unknown keyword", ts: () => w.cosine(5, { periodic: true } as never), py: "r = torch.signal.windows.cosine(5, periodic=True)" },
];

const families: [string, Case[]][] = [
  ["each window", each],
  ["parameters", parameters],
];
describeAgainstPython(families, "", (family) => `torch.signal.windows ${family} against Python torch 2.11`);
