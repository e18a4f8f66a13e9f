// torch's global switches (deterministic algorithms, warn-always, anomaly mode, inter-op
// threads), the deprecated per-device autocast spellings and the functions PyTorch removed:
// each sequence of calls against the same sequence in Python.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, expectSame, pythonResults, warningsOf } from "./helpers/compare";

const t = torch as unknown as Record<string, (...args: unknown[]) => unknown>;

const cases: Case[] = [
  { name: "deterministic debug mode by default", ts: () => torch.get_deterministic_debug_mode(), py: "r = torch.get_deterministic_debug_mode()" },
  {
    name: "use_deterministic_algorithms(True, warn_only=True)",
    ts: () => (torch.use_deterministic_algorithms(true, { warn_only: true }), [torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled(), torch.get_deterministic_debug_mode()]),
    py: "torch.use_deterministic_algorithms(True, warn_only=True); r = [torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled(), torch.get_deterministic_debug_mode()]",
  },
  {
    name: "set_deterministic_debug_mode('error') then 'default'",
    ts: () => (torch.set_deterministic_debug_mode("error"), [torch.get_deterministic_debug_mode(), (torch.set_deterministic_debug_mode("default"), torch.get_deterministic_debug_mode())]),
    py: "torch.set_deterministic_debug_mode('error'); a = torch.get_deterministic_debug_mode(); torch.set_deterministic_debug_mode('default'); r = [a, torch.get_deterministic_debug_mode()]",
  },
  { name: "set_deterministic_debug_mode('loud')", ts: () => torch.set_deterministic_debug_mode("loud" as never), py: "torch.set_deterministic_debug_mode('loud')" },
  { name: "set_deterministic_debug_mode(3)", ts: () => torch.set_deterministic_debug_mode(3), py: "torch.set_deterministic_debug_mode(3)" },
  { name: "set_deterministic_debug_mode(1.5)", ts: () => torch.set_deterministic_debug_mode(1.5), py: "torch.set_deterministic_debug_mode(1.5)" },
  {
    name: "a nondeterministic op under error mode",
    ts: () => {
      torch.use_deterministic_algorithms(true);
      try {
        return torch.zeros(3).index_add_(0, torch.tensor([0, 0]), torch.ones(2)).tolist();
      } finally {
        torch.use_deterministic_algorithms(false);
      }
    },
    py: "torch.use_deterministic_algorithms(True)\ntry:\n    r = torch.zeros(3).index_add_(0, torch.tensor([0, 0]), torch.ones(2)).tolist()\nfinally:\n    torch.use_deterministic_algorithms(False)",
  },
  {
    name: "anomaly mode",
    ts: () => {
      const before = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()];
      torch.set_anomaly_enabled(true, false);
      const during = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()];
      torch.set_anomaly_enabled(false);
      return [before, during, [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]];
    },
    py: "b = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]; torch.set_anomaly_enabled(True, False); d = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]; torch.set_anomaly_enabled(False); r = [b, d, [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]]",
  },
  {
    name: "warn always",
    ts: () => [torch.is_warn_always_enabled(), (torch.set_warn_always(true), torch.is_warn_always_enabled()), (torch.set_warn_always(false), torch.is_warn_always_enabled())],
    py: "a = torch.is_warn_always_enabled(); torch.set_warn_always(True); b = torch.is_warn_always_enabled(); torch.set_warn_always(False); r = [a, b, torch.is_warn_always_enabled()]",
  },
  { name: "inter-op threads", ts: () => torch.get_num_interop_threads(), py: "r = torch.get_num_interop_threads()" },
  { name: "set_num_interop_threads(0)", ts: () => torch.set_num_interop_threads(0), py: "torch.set_num_interop_threads(0)" },
  {
    name: "legacy autocast dtypes",
    ts: () => [t.get_autocast_cpu_dtype(), t.get_autocast_gpu_dtype(), t.get_autocast_ipu_dtype(), t.get_autocast_xla_dtype()].map(String),
    py: "import warnings\nwarnings.simplefilter('ignore')\nr = [str(d) for d in [torch.get_autocast_cpu_dtype(), torch.get_autocast_gpu_dtype(), torch.get_autocast_ipu_dtype(), torch.get_autocast_xla_dtype()]]",
  },
  {
    name: "legacy autocast setters",
    ts: () => {
      t.set_autocast_cpu_dtype(torch.float16);
      t.set_autocast_cpu_enabled(true);
      const r = [String(torch.get_autocast_dtype("cpu")), torch.is_autocast_enabled("cpu"), t.is_autocast_cpu_enabled()];
      t.set_autocast_cpu_enabled(false);
      t.set_autocast_cpu_dtype(torch.bfloat16);
      return r;
    },
    py: "import warnings\nwarnings.simplefilter('ignore')\ntorch.set_autocast_cpu_dtype(torch.float16); torch.set_autocast_cpu_enabled(True)\nr = [str(torch.get_autocast_dtype('cpu')), torch.is_autocast_enabled('cpu'), torch.is_autocast_cpu_enabled()]\ntorch.set_autocast_cpu_enabled(False); torch.set_autocast_cpu_dtype(torch.bfloat16)",
  },
  ...(["solve", "lstsq", "eig", "symeig", "matrix_rank"] as const).map((name) => ({
    name: `torch.${name} (removed)`,
    ts: () => t[name](torch.ones(2, 2), torch.ones(2, 2)),
    py: `torch.${name}(torch.ones(2, 2), torch.ones(2, 2))`,
  })),
  { name: "Tensor.symeig (removed)", ts: () => torch.ones(2, 2).symeig(), py: "torch.ones(2, 2).symeig()" },
];

describe("torch's global switches against Python torch 2.11", () => {
  const expected = pythonResults(cases);
  it.each(cases.map((c, i) => [c.name, i] as const))("%s", (_name, i) => expectSame(cases[i], expected[i]));

  it("the legacy autocast spellings warn as Python does", async () => {
    const warnings = await warningsOf(() => t.get_autocast_cpu_dtype());
    expect(warnings).toEqual(["DeprecationWarning: torch.get_autocast_cpu_dtype() is deprecated. Please use torch.get_autocast_dtype('cpu') instead."]);
  });
});
