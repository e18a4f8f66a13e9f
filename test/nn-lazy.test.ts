// The lazy modules' LazyModuleMixin machinery against Python torch 2.11: (a) load_state_dict into
// an uninitialized lazy module materializes its parameters and buffers with the loaded shapes
// (_lazy_load_hook), from a state_dict Python saved (torch.save) or one a materialized module
// gives, and the forward that follows is Python's; (b) materialization runs in a forward
// pre-hook registered in the constructor (_infer_parameters), so a user's pre-hook sees the
// materialized module, one registered with prepend sees it still lazy, and afterwards the module
// is its cls_to_become (LazyLinear -> Linear), printing as Python's.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import torch from "torchts";
import { Case, describeAgainstPython } from "./helpers/compare";

const nn = torch.nn;
type T = InstanceType<typeof torch.Tensor>;
type Module = InstanceType<typeof nn.Module>;
type LazyModule = Module & {
  has_uninitialized_params(): boolean;
  forward(x: T): T;
  // internal hook tables, counted as Python's len(m._forward_pre_hooks)
  _forward_pre_hooks: Map<number, unknown>;
  _load_state_dict_pre_hooks: Map<number, unknown>;
};

process.removeAllListeners("warning"); // the lazy modules' "new feature" UserWarning, once per case otherwise
const dir = mkdtempSync(path.join(tmpdir(), "torchts-lazy-"));
const file = (name: string) => path.join(dir, name).replaceAll("\\", "/");

const PRELUDE = "from torch import nn\nimport warnings\nwarnings.simplefilter('ignore')";
const shapes = (m: Module) => Object.entries(m.state_dict()).map(([k, v]) => [k, (v as T).shape]);
const PY_SHAPES = "[[k, list(v.shape)] for k, v in m.state_dict().items()]";
const state = (m: Module) => Object.values(m.state_dict()).map((v) => (v as T).tolist());
const PY_STATE = "[v.tolist() for v in m.state_dict().values()]";

/** Loads `source`'s state_dict into the lazy module, then runs a forward on randn(input) after manual_seed(1). */
function loaded(module: Module, source: Module, input: number[], evalMode = false): unknown[] {
  const lazy = module as unknown as LazyModule;
  const before = [String(lazy), lazy.has_uninitialized_params()];
  const keys = lazy.load_state_dict(source.state_dict());
  const afterLoad = [String(lazy), lazy.has_uninitialized_params(), shapes(lazy), state(lazy), keys.missing_keys, keys.unexpected_keys];
  if (evalMode) lazy.eval();
  torch.manual_seed(1);
  const y = lazy.forward(torch.randn(input));
  return [...before, ...afterLoad, y.tolist(), String(lazy), lazy instanceof nn.LazyLinear || lazy instanceof nn.LazyConv2d || lazy instanceof nn.LazyBatchNorm1d];
}
const pyLoaded = (lazy: string, source: string, input: number[], evalMode = false) => `
torch.manual_seed(0); src = ${source}
${evalMode ? "src.train(); torch.manual_seed(5); src(torch.randn(6, 4)); src(torch.randn(6, 4))" : ""}
m = ${lazy}
before = [str(m), m.has_uninitialized_params()]
keys = m.load_state_dict(src.state_dict())
after = [str(m), m.has_uninitialized_params(), ${PY_SHAPES}, ${PY_STATE}, keys.missing_keys, keys.unexpected_keys]
${evalMode ? "m.eval()" : ""}
torch.manual_seed(1); y = m(torch.randn(${input.join(", ")}))
r = before + after + [y.tolist(), str(m), isinstance(m, (nn.LazyLinear, nn.LazyConv2d, nn.LazyBatchNorm1d))]`;

/** A BatchNorm1d(4) after two training forwards, so its running stats are not the initial ones. */
function trainedBatchNorm(): Module {
  torch.manual_seed(0);
  const bn = new nn.BatchNorm1d(4);
  bn.train();
  torch.manual_seed(5);
  bn.forward(torch.randn(6, 4));
  bn.forward(torch.randn(6, 4));
  return bn;
}
const seeded = (make: () => Module) => (torch.manual_seed(0), make());

const loading: Case[] = [
  {
    name: "LazyLinear loads a Linear's state_dict",
    ts: () => loaded(new nn.LazyLinear(3), seeded(() => new nn.Linear(5, 3)), [2, 5]),
    py: pyLoaded("nn.LazyLinear(3)", "nn.Linear(5, 3)", [2, 5]),
  },
  {
    name: "LazyLinear bias=False",
    ts: () => loaded(new nn.LazyLinear(2, { bias: false }), seeded(() => new nn.Linear(4, 2, { bias: false })), [3, 4]),
    py: pyLoaded("nn.LazyLinear(2, bias=False)", "nn.Linear(4, 2, bias=False)", [3, 4]),
  },
  {
    name: "LazyConv2d loads a Conv2d's state_dict",
    ts: () => loaded(new nn.LazyConv2d(4, 3, { padding: 1 }), seeded(() => new nn.Conv2d(2, 4, 3, { padding: 1 })), [1, 2, 5, 5]),
    py: pyLoaded("nn.LazyConv2d(4, 3, padding=1)", "nn.Conv2d(2, 4, 3, padding=1)", [1, 2, 5, 5]),
  },
  {
    name: "LazyBatchNorm1d loads a trained BatchNorm1d's parameters and running stats",
    ts: () => loaded(new nn.LazyBatchNorm1d(), trainedBatchNorm(), [3, 4], true),
    py: pyLoaded("nn.LazyBatchNorm1d()", "nn.BatchNorm1d(4)", [3, 4], true),
  },
  {
    name: "LazyLinear loads the state_dict of a materialized LazyLinear",
    ts: () => {
      torch.manual_seed(0);
      const a = new nn.LazyLinear(3);
      a.forward(torch.randn(2, 6));
      return loaded(new nn.LazyLinear(3), a, [2, 6]);
    },
    py: `torch.manual_seed(0); a = nn.LazyLinear(3); a(torch.randn(2, 6))\n` + pyLoaded("nn.LazyLinear(3)", "a", [2, 6]).replace("torch.manual_seed(0); src = a", "src = a"),
  },
  {
    name: "LazyLinear loads a state_dict Python saved with torch.save",
    ts: () => {
      const m = new nn.LazyLinear(3) as unknown as LazyModule;
      m.load_state_dict(torch.load(file("linear.pt")) as Record<string, T>);
      torch.manual_seed(1);
      return [m.has_uninitialized_params(), shapes(m), state(m), m.forward(torch.randn(2, 5)).tolist(), String(m)];
    },
    py: `torch.manual_seed(0); torch.save(nn.Linear(5, 3).state_dict(), "${file("linear.pt")}")
m = nn.LazyLinear(3); m.load_state_dict(torch.load("${file("linear.pt")}"))
torch.manual_seed(1); r = [m.has_uninitialized_params(), ${PY_SHAPES}, ${PY_STATE}, m(torch.randn(2, 5)).tolist(), str(m)]`,
  },
  {
    name: "an uninitialized module's state_dict keeps a lazy module lazy",
    ts: () => {
      const m = new nn.LazyLinear(3) as unknown as LazyModule;
      m.load_state_dict(new nn.LazyLinear(3).state_dict());
      torch.manual_seed(0);
      const y = m.forward(torch.randn(2, 4));
      return [y.shape, String(m), state(m)];
    },
    py: "m = nn.LazyLinear(3); m.load_state_dict(nn.LazyLinear(3).state_dict())\ntorch.manual_seed(0); y = m(torch.randn(2, 4)); r = [list(y.shape), str(m), " + PY_STATE + "]",
  },
  {
    name: "LazyLinear loaded then called with an input of the wrong width raises Python's AssertionError",
    ts: () => {
      const m = new nn.LazyLinear(3);
      m.load_state_dict(seeded(() => new nn.Linear(5, 3)).state_dict());
      try {
        m.forward(torch.randn(2, 4));
        return "no error";
      } catch (e) {
        return [(e as Error).name, (e as Error).message];
      }
    },
    // torchts puts the failing module's printout in front of a forward's error message
    py: "m = nn.LazyLinear(3); torch.manual_seed(0); m.load_state_dict(nn.Linear(5, 3).state_dict())\ntry:\n    m(torch.randn(2, 4)); r = 'no error'\nexcept Exception as e:\n    r = [type(e).__name__, str(m) + ': ' + str(e)]",
  },
  {
    name: "a materialized state_dict of the wrong shape for an initialized module raises Python's error",
    ts: () => {
      const m = new nn.LazyLinear(3);
      m.forward(torch.randn(2, 4));
      return m.load_state_dict(seeded(() => new nn.Linear(5, 3)).state_dict());
    },
    py: "m = nn.LazyLinear(3); m(torch.randn(2, 4)); r = m.load_state_dict(nn.Linear(5, 3).state_dict())",
  },
];

const hooks: Case[] = [
  {
    name: "a user's forward pre-hook sees the materialized module; a prepended one sees it lazy",
    ts: () => {
      const seen: unknown[] = [];
      torch.manual_seed(0);
      const m = new nn.LazyLinear(3) as unknown as LazyModule;
      m.register_forward_pre_hook((mod: LazyModule) => {
        seen.push(["user", (mod as unknown as { weight: T }).weight.shape, mod._get_name(), mod instanceof nn.LazyLinear]);
      });
      m.register_forward_pre_hook((mod: LazyModule) => {
        seen.push(["prepended", mod.has_uninitialized_params(), mod._get_name()]);
      }, { prepend: true });
      const y = m.forward(torch.randn(2, 5));
      return [seen, y.tolist(), String(m), m instanceof nn.Linear, m instanceof nn.LazyLinear, m._forward_pre_hooks.size, m._load_state_dict_pre_hooks.size];
    },
    py: `seen = []
torch.manual_seed(0); m = nn.LazyLinear(3)
m.register_forward_pre_hook(lambda mod, args: seen.append(["user", list(mod.weight.shape), mod._get_name(), isinstance(mod, nn.LazyLinear)]))
m.register_forward_pre_hook(lambda mod, args: seen.append(["prepended", mod.has_uninitialized_params(), mod._get_name()]), prepend=True)
y = m(torch.randn(2, 5))
r = [seen, y.tolist(), str(m), isinstance(m, nn.Linear), isinstance(m, nn.LazyLinear), len(m._forward_pre_hooks), len(m._load_state_dict_pre_hooks)]`,
  },
  ...(
    [
      ["LazyLinear", () => new nn.LazyLinear(4), "nn.LazyLinear(4)", [2, 3], "nn.Linear"],
      ["LazyConv2d", () => new nn.LazyConv2d(2, 3), "nn.LazyConv2d(2, 3)", [1, 3, 5, 5], "nn.Conv2d"],
      ["LazyConvTranspose1d", () => new nn.LazyConvTranspose1d(2, 3), "nn.LazyConvTranspose1d(2, 3)", [1, 3, 5], "nn.ConvTranspose1d"],
      ["LazyBatchNorm1d", () => new nn.LazyBatchNorm1d(), "nn.LazyBatchNorm1d()", [4, 3], "nn.BatchNorm1d"],
      ["LazyInstanceNorm2d", () => new nn.LazyInstanceNorm2d(), "nn.LazyInstanceNorm2d()", [1, 2, 3, 3], "nn.InstanceNorm2d"],
    ] as const
  ).map(([name, make, py, input, become]) => ({
    name: `${name} becomes ${become} after its first forward, the hooks gone`,
    ts: () => {
      torch.manual_seed(0);
      const m = make() as unknown as LazyModule;
      const lazyStr = String(m);
      const weight = (m as unknown as { weight: T }).weight;
      const hooksBefore = [m._forward_pre_hooks.size, m._load_state_dict_pre_hooks.size];
      m.forward(torch.randn([...input]));
      const cls = (nn as unknown as Record<string, new () => unknown>)[become.slice(3)];
      // the parameter object itself is materialized in place (Python's materialize), not replaced
      return [lazyStr, hooksBefore, String(m), m instanceof cls, m.constructor.name, (m as unknown as { weight: T }).weight === weight, weight instanceof nn.Parameter, m._forward_pre_hooks.size, m._load_state_dict_pre_hooks.size];
    },
    py: `torch.manual_seed(0); m = ${py}; lazy_str = str(m); weight = m.weight; hooks_before = [len(m._forward_pre_hooks), len(m._load_state_dict_pre_hooks)]
m(torch.randn(${input.join(", ")}))
r = [lazy_str, hooks_before, str(m), isinstance(m, ${become}), type(m).__name__, m.weight is weight, type(weight) is nn.Parameter, len(m._forward_pre_hooks), len(m._load_state_dict_pre_hooks)]`,
  })),
];

describeAgainstPython(
  [
    ["load_state_dict into lazy modules", loading],
    ["materialization in the forward pre-hook", hooks],
  ],
  PRELUDE,
);
