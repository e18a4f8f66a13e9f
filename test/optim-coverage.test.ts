// Every name Python's torch.optim, torch.optim.lr_scheduler and torch.optim.swa_utils export
// (their __all__, as Python lists them) exists in torchts.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";

const names = pythonJson<Record<string, string[]>>(`
import torch.optim, torch.optim.lr_scheduler, torch.optim.swa_utils
print(json.dumps({"optim": torch.optim.__all__, "lr_scheduler": torch.optim.lr_scheduler.__all__, "swa_utils": torch.optim.swa_utils.__all__}))
`);

describe("torch.optim coverage against Python's __all__", () => {
  const modules: Record<string, Record<string, unknown>> = {
    optim: torch.optim as unknown as Record<string, unknown>,
    lr_scheduler: torch.optim.lr_scheduler as unknown as Record<string, unknown>,
    swa_utils: torch.optim.swa_utils as unknown as Record<string, unknown>,
  };
  for (const [mod, list] of Object.entries(names)) {
    it(`torch.optim${mod === "optim" ? "" : "." + mod}: all ${list.length} names exist`, () => {
      const missing = list.filter((n) => modules[mod][n] === undefined);
      expect(missing).toStrictEqual([]);
    });
  }

  it("every optimizer is an Optimizer subclass and every scheduler an LRScheduler subclass", () => {
    for (const n of names.optim) {
      if (n === "lr_scheduler" || n === "swa_utils" || n === "Optimizer") continue;
      const C = modules.optim[n] as { prototype: unknown };
      expect(C.prototype instanceof torch.optim.Optimizer, n).toBe(true);
    }
    for (const n of names.lr_scheduler) {
      if (n === "LRScheduler") continue;
      const C = modules.lr_scheduler[n] as { prototype: unknown };
      expect(C.prototype instanceof torch.optim.lr_scheduler.LRScheduler, n).toBe(true);
    }
  });
});
