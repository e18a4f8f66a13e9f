// Seeded inputs made the same way in TS and in Python, for the tests of torch.nn.functional:
// R(seed, ...shape) is torch.randn after torch.manual_seed(seed), G the same requiring grad;
// SEEDED_PRELUDE defines R and G (and F) on the Python side.
import { createRequire } from "node:module";
import torch from "torchts";
import type { Case } from "./compare";

export const F = createRequire(import.meta.url)("../../dist/nn/functional.js") as typeof import("../../dist/nn/functional");

export type T = InstanceType<typeof torch.Tensor>;

/** Calls f with arguments its types do not allow: how the tests reach Python's errors. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const call = (f: (...a: any[]) => unknown, ...a: unknown[]): unknown => f(...a);

export const R = (seed: number, ...shape: number[]): T => (torch.manual_seed(seed), torch.randn(...shape));
export const G = (seed: number, ...shape: number[]): T => R(seed, ...shape).requires_grad_();
export const long = (values: number[] | number[][]): T => torch.tensor(values);

export const SEEDED_PRELUDE = [
  "import torch.nn.functional as F",
  "def R(s, *shape):\n    torch.manual_seed(s)\n    return torch.randn(*shape)",
  "def G(s, *shape):\n    return R(s, *shape).requires_grad_()",
].join("\n");

/** fn(x) on x = G(1, ...shape) and x's gradient under random output weights: [y, x.grad]. */
export function weightedGrad(name: string, shape: number[], ts: (x: T) => T, py: string, atol?: number): Case {
  return {
    name,
    ts: () => {
      const x = G(1, ...shape);
      const y = ts(x);
      y.mul(R(9, ...y.shape)).sum().backward();
      return [y, x.grad];
    },
    py: `x = G(1, ${shape.join(", ")}); y = ${py}; y.mul(R(9, *y.shape)).sum().backward(); r = [y, x.grad]`,
    atol,
  };
}
