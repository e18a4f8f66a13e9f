// Coverage of torch.nn against Python 2.11, as issue #14 words it: Python lists its own public
// names at test time, and each must exist in torchts or be listed below with the reason it is
// left out. torch.nn's module classes (nn.Module subclasses) >= 95%, torch.nn.functional's public
// functions >= 95%, torch.nn.init's public functions 100%. Prints the counts.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";

const PY_NAMES = `
import inspect, torch.nn as nn, torch.nn.functional as F, torch.nn.init as init
def functions(m):
    # public callables that are not classes or typing helpers imported for annotations
    return sorted(n for n in dir(m) if not n.startswith("_") and callable(getattr(m, n))
                  and not isinstance(getattr(m, n), type) and getattr(getattr(m, n), "__module__", "") != "typing")
print(json.dumps({
    "modules": sorted(n for n in dir(nn) if not n.startswith("_") and inspect.isclass(getattr(nn, n)) and issubclass(getattr(nn, n), nn.Module)),
    "functional": functions(F),
    "init": functions(init),
}))
`;

const TORCH_FUNCTION =
  "part of Python's __torch_function__ override protocol (for Tensor subclasses defined in Python), which torchts does not have";

interface Namespace {
  title: string;
  key: "modules" | "functional" | "init";
  target: number;
  present: (name: string) => boolean;
  /** Python's names torchts leaves out, each with its reason. */
  excluded: Record<string, string>;
}

const nn = torch.nn as unknown as Record<string, unknown>;
const F = torch.nn.functional as unknown as Record<string, unknown>;
const init = torch.nn.init as unknown as Record<string, unknown>;

const NAMESPACES: Namespace[] = [
  {
    title: "torch.nn's module classes",
    key: "modules",
    target: 0.95,
    present: (n) => typeof nn[n] === "function" && (nn[n] === torch.nn.Module || (nn[n] as { prototype: unknown }).prototype instanceof torch.nn.Module),
    excluded: {},
  },
  {
    title: "torch.nn.functional's functions",
    key: "functional",
    target: 0.95,
    present: (n) => typeof F[n] === "function",
    excluded: {
      boolean_dispatch: "a decorator that builds Python's *_with_indices pairs; torchts writes those functions out",
      handle_torch_function: TORCH_FUNCTION,
      has_torch_function: TORCH_FUNCTION,
      has_torch_function_unary: TORCH_FUNCTION,
      has_torch_function_variadic: TORCH_FUNCTION,
    },
  },
  {
    title: "torch.nn.init's functions",
    key: "init",
    target: 1.0,
    present: (n) => typeof init[n] === "function",
    excluded: {},
  },
];

describe("coverage of torch.nn", () => {
  const names = pythonJson<Record<Namespace["key"], string[]>>(PY_NAMES);

  for (const ns of NAMESPACES) {
    describe(ns.title, () => {
      const all = names[ns.key];

      it(`every public name of Python's exists in torchts or is excluded with a reason (>= ${100 * ns.target}%)`, () => {
        const missing = all.filter((n) => !ns.present(n));
        const share = (all.length - missing.length) / all.length;
        console.log(
          `${ns.title}: ${all.length - missing.length}/${all.length} (${(100 * share).toFixed(1)}%); ` +
            `excluded: ${missing.map((n) => `${n} (${ns.excluded[n] ?? "no reason"})`).join(", ") || "none"}`,
        );
        expect(missing.filter((n) => !(n in ns.excluded)), "missing from torchts and not excluded").toEqual([]);
        expect(share).toBeGreaterThanOrEqual(ns.target);
      });

      it("the exclusion list names only what Python has and torchts lacks", () => {
        for (const n of Object.keys(ns.excluded)) {
          expect(all, `${n} is in Python's ${ns.title}`).toContain(n);
          expect(ns.present(n), `${n} is not in torchts`).toBe(false);
        }
      });
    });
  }
});
