// Coverage of torch.nn's module classes: every public class of Python 2.11's torch.nn that is
// an nn.Module subclass (Python lists them itself) must exist in torchts's torch.nn as a
// Module subclass, or be listed below with the reason it is left out. Prints the counts.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";

const PY_MODULES = `
import inspect, torch.nn as nn
print(json.dumps(sorted(n for n in dir(nn) if not n.startswith("_") and inspect.isclass(getattr(nn, n))
                        and issubclass(getattr(nn, n), nn.Module))))
`;

/** Python's module classes torchts leaves out, each with its reason. */
const EXCLUDED: Record<string, string> = {
  SyncBatchNorm: "synchronises batch statistics across processes with torch.distributed, which torchts does not have",
};

const TARGET = 0.95;

describe("coverage of torch.nn's module classes", () => {
  const names = pythonJson<string[]>(PY_MODULES);
  const nn = torch.nn as unknown as Record<string, unknown>;
  const present = (n: string) => typeof nn[n] === "function" && (nn[n] === torch.nn.Module || (nn[n] as { prototype: unknown }).prototype instanceof torch.nn.Module);

  it("every nn.Module class of Python's torch.nn exists or is excluded with a reason", () => {
    const missing = names.filter((n) => !present(n));
    const share = (names.length - missing.length) / names.length;
    console.log(
      `torch.nn modules: ${names.length - missing.length}/${names.length} (${(100 * share).toFixed(1)}%); ` +
        `excluded: ${missing.map((n) => `${n} (${EXCLUDED[n] ?? "no reason"})`).join(", ") || "none"}`,
    );
    expect(missing.filter((n) => !(n in EXCLUDED)), "missing from torchts and not excluded").toEqual([]);
    expect(share).toBeGreaterThanOrEqual(TARGET);
  });

  it("the exclusion list names only classes Python has and torchts lacks", () => {
    for (const n of Object.keys(EXCLUDED)) {
      expect(names, `${n} is a torch.nn module class`).toContain(n);
      expect(present(n), `${n} is not in torchts`).toBe(false);
    }
  });
});
