// Autograd against Python torch 2.11: backward, .grad, grad_fn, torch.autograd.grad and
// backward, retain_graph and create_graph, hooks, and the grad and inference modes.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import * as autogradModule from "../dist/autograd";
import { Case, expectSame, pythonResults } from "./helpers/compare";
import { pythonJson } from "./helpers/python";

type Tensor = InstanceType<typeof torch.Tensor>;

// torch.autograd and the grad-mode functions, from the torch namespace once lib/index.ts
// exports them, else from lib/autograd.ts itself.
const t = torch as unknown as typeof autogradModule & { autograd: typeof autogradModule.autogradNamespace };
const ag = {
  autograd: t.autograd ?? autogradModule.autogradNamespace,
  no_grad: t.no_grad ?? autogradModule.no_grad,
  enable_grad: t.enable_grad ?? autogradModule.enable_grad,
  set_grad_enabled: t.set_grad_enabled ?? autogradModule.set_grad_enabled,
  is_grad_enabled: t.is_grad_enabled ?? autogradModule.is_grad_enabled,
  inference_mode: t.inference_mode ?? autogradModule.inference_mode,
  is_inference_mode_enabled: t.is_inference_mode_enabled ?? autogradModule.is_inference_mode_enabled,
};

// x: a float leaf; w: a seeded randn leaf. The same in both languages.
function leaves(): { x: Tensor; w: Tensor } {
  const x = torch.tensor([[1.5, -2], [0.5, 3]], { requires_grad: true });
  torch.manual_seed(0);
  const w = torch.randn(2, 2, { requires_grad: true });
  return { x, w };
}
const LEAVES = "x = torch.tensor([[1.5, -2.], [0.5, 3.]], requires_grad=True); torch.manual_seed(0); w = torch.randn(2, 2, requires_grad=True); ";
const v3 = () => torch.tensor([1, 2, 3], { dtype: torch.float32, requires_grad: true });
const V3 = "v = torch.tensor([1., 2., 3.], requires_grad=True); ";

const gradFnName = (x: Tensor) => x.grad_fn?.name() ?? null;

const cases: Case[] = [
  // backward into leaves
  {
    name: "backward of a scalar: x.grad",
    ts: () => {
      const { x, w } = leaves();
      x.matmul(w).add(1).sum().backward();
      return x.grad;
    },
    py: LEAVES + "x.matmul(w).add(1).sum().backward(); r = x.grad",
  },
  {
    name: "backward of a scalar: w.grad",
    ts: () => {
      const { x, w } = leaves();
      x.matmul(w).add(x).sum().backward();
      return w.grad;
    },
    py: LEAVES + "x.matmul(w).add(x).sum().backward(); r = w.grad",
  },
  {
    name: "backward with a gradient for a non-scalar output",
    ts: () => {
      const { x, w } = leaves();
      x.matmul(w).backward(torch.tensor([[1, 0.5], [-1, 2]]));
      return [x.grad, w.grad].map((g) => g!.tolist());
    },
    py: LEAVES + "x.matmul(w).backward(torch.tensor([[1, 0.5], [-1, 2]])); r = [x.grad.tolist(), w.grad.tolist()]",
  },
  {
    name: "backward with gradient by name",
    ts: () => {
      const { x, w } = leaves();
      x.matmul(w).backward({ gradient: torch.ones(2, 2) });
      return x.grad;
    },
    py: LEAVES + "x.matmul(w).backward(gradient=torch.ones(2, 2)); r = x.grad",
  },
  { name: "backward of a non-scalar without gradient", ts: () => leaves().x.add(1).backward(), py: LEAVES + "x.add(1).backward()" },
  {
    name: "backward with a gradient of the wrong shape",
    ts: () => leaves().x.add(1).backward(torch.ones(3)),
    py: LEAVES + "x.add(1).backward(torch.ones(3))",
  },
  {
    name: "backward with a gradient of the wrong shape (scalar)",
    ts: () => leaves().x.sum().backward(torch.ones(2)),
    py: LEAVES + "x.sum().backward(torch.ones(2))",
  },
  {
    name: "backward with a complex gradient for a real output",
    ts: () => leaves().x.sum().backward(torch.ones([], { dtype: torch.complex64 })),
    py: LEAVES + "x.sum().backward(torch.ones((), dtype=torch.complex64))",
  },
  {
    name: "backward of an int output",
    ts: () => torch.tensor([1, 2]).sum().backward(),
    py: "r = torch.tensor([1, 2]).sum().backward()",
  },
  { name: "backward of a tensor that does not require grad", ts: () => torch.ones(2).sum().backward(), py: "r = torch.ones(2).sum().backward()" },
  {
    name: "gradients accumulate over two backward calls",
    ts: () => {
      const { x, w } = leaves();
      x.matmul(w).sum().backward();
      x.matmul(w).sum().backward();
      return x.grad;
    },
    py: LEAVES + "x.matmul(w).sum().backward(); x.matmul(w).sum().backward(); r = x.grad",
  },
  {
    name: "retain_graph allows a second backward",
    ts: () => {
      const { x, w } = leaves();
      const y = x.matmul(w).sum();
      y.backward({ retain_graph: true });
      y.backward();
      return w.grad;
    },
    py: LEAVES + "y = x.matmul(w).sum(); y.backward(retain_graph=True); y.backward(); r = w.grad",
  },
  {
    name: "retain_graph positional",
    ts: () => {
      const { x, w } = leaves();
      const y = x.matmul(w).sum();
      y.backward(null, true);
      y.backward();
      return x.grad;
    },
    py: LEAVES + "y = x.matmul(w).sum(); y.backward(None, True); y.backward(); r = x.grad",
  },
  {
    name: "a second backward without retain_graph",
    ts: () => {
      const { x, w } = leaves();
      const y = x.matmul(w).sum();
      y.backward();
      y.backward();
    },
    py: LEAVES + "y = x.matmul(w).sum(); y.backward(); y.backward()",
  },
  {
    name: "backward with inputs accumulates into those only",
    ts: () => {
      const { x, w } = leaves();
      x.matmul(w).sum().backward({ inputs: [w] });
      return [x.grad, w.grad!.tolist()];
    },
    py: LEAVES + "x.matmul(w).sum().backward(inputs=[w]); r = [x.grad, w.grad.tolist()]",
  },
  {
    name: "backward with a non-leaf input retains its grad",
    ts: () => {
      const { x, w } = leaves();
      const y = x.matmul(w);
      y.sum().backward({ inputs: y });
      return [y.grad!.tolist(), x.grad, y.retains_grad];
    },
    py: LEAVES + "y = x.matmul(w); y.sum().backward(inputs=y); r = [y.grad.tolist(), x.grad, y.retains_grad]",
  },
  {
    name: "backward with empty inputs",
    ts: () => leaves().x.sum().backward({ inputs: [] }),
    py: LEAVES + "x.sum().backward(inputs=[])",
  },
  {
    name: "backward with an input that does not require grad",
    ts: () => leaves().x.sum().backward({ inputs: [torch.ones(2)] }),
    py: LEAVES + "x.sum().backward(inputs=[torch.ones(2)])",
  },
  // torch.autograd.backward
  {
    name: "autograd.backward of two tensors with grad_tensors",
    ts: () => {
      const { x, w } = leaves();
      ag.autograd.backward([x.matmul(w), x.sum()], [torch.ones(2, 2), torch.tensor(2.5)]);
      return x.grad;
    },
    py: LEAVES + "torch.autograd.backward([x.matmul(w), x.sum()], [torch.ones(2, 2), torch.tensor(2.5)]); r = x.grad",
  },
  {
    name: "autograd.backward with fewer gradients than tensors",
    ts: () => {
      const { x } = leaves();
      ag.autograd.backward([x.sum(), x.sum()], [torch.tensor(1)]);
    },
    py: LEAVES + "torch.autograd.backward([x.sum(), x.sum()], [torch.tensor(1.)])",
  },
  {
    name: "autograd.backward with retain_graph and create_graph by name",
    ts: () => {
      const v = v3();
      ag.autograd.backward(v.matmul(v), { create_graph: true });
      return [v.grad!.tolist(), v.grad!.requires_grad, gradFnName(v.grad!)];
    },
    py: V3 + "torch.autograd.backward(v.matmul(v), create_graph=True); r = [v.grad.tolist(), v.grad.requires_grad, v.grad.grad_fn.name()]",
  },
  // torch.autograd.grad
  {
    name: "autograd.grad",
    ts: () => {
      const { x, w } = leaves();
      return ag.autograd.grad(x.matmul(w).sum(), [x, w]).map((g) => g!.tolist());
    },
    py: LEAVES + "r = [g.tolist() for g in torch.autograd.grad(x.matmul(w).sum(), [x, w])]",
  },
  {
    name: "autograd.grad leaves .grad alone",
    ts: () => {
      const { x, w } = leaves();
      ag.autograd.grad(x.matmul(w).sum(), x);
      return [x.grad, w.grad];
    },
    py: LEAVES + "torch.autograd.grad(x.matmul(w).sum(), x); r = [x.grad, w.grad]",
  },
  {
    name: "autograd.grad with grad_outputs",
    ts: () => {
      const { x, w } = leaves();
      return ag.autograd.grad([x.matmul(w)], [w], [torch.tensor([[1, -1], [0.5, 2]])])[0];
    },
    py: LEAVES + "r = torch.autograd.grad([x.matmul(w)], [w], [torch.tensor([[1, -1], [0.5, 2]])])[0]",
  },
  {
    name: "autograd.grad with create_graph",
    ts: () => {
      const v = v3();
      return ag.autograd.grad(v.matmul(v), v, { create_graph: true })[0];
    },
    py: V3 + "r = torch.autograd.grad(v.matmul(v), v, create_graph=True)[0]",
  },
  {
    name: "grad of grad",
    ts: () => {
      const v = v3();
      const [g] = ag.autograd.grad(v.matmul(v), v, { create_graph: true });
      return ag.autograd.grad(g!.matmul(torch.tensor([1, 0.5, -2])), v)[0];
    },
    py: V3 + "(g,) = torch.autograd.grad(v.matmul(v), v, create_graph=True); r = torch.autograd.grad(g.matmul(torch.tensor([1, 0.5, -2])), v)[0]",
  },
  {
    name: "grad of grad then backward",
    ts: () => {
      const v = v3();
      const [g] = ag.autograd.grad(v.matmul(v), v, { create_graph: true });
      g!.sum().backward();
      return v.grad;
    },
    py: V3 + "(g,) = torch.autograd.grad(v.matmul(v), v, create_graph=True); g.sum().backward(); r = v.grad",
  },
  {
    name: "autograd.grad allow_unused gives null",
    ts: () => {
      const { x, w } = leaves();
      const grads = ag.autograd.grad(x.sum(), [x, w], { allow_unused: true });
      return [grads[0]!.tolist(), grads[1]];
    },
    py: LEAVES + "g = torch.autograd.grad(x.sum(), [x, w], allow_unused=True); r = [g[0].tolist(), g[1]]",
  },
  {
    name: "autograd.grad of an unused input",
    ts: () => {
      const { x, w } = leaves();
      return ag.autograd.grad(x.sum(), [x, w]);
    },
    py: LEAVES + "r = torch.autograd.grad(x.sum(), [x, w])",
  },
  {
    name: "autograd.grad materialize_grads",
    ts: () => {
      const { x, w } = leaves();
      return ag.autograd.grad(x.sum(), [x, w], { materialize_grads: true })[1];
    },
    py: LEAVES + "r = torch.autograd.grad(x.sum(), [x, w], materialize_grads=True)[1]",
  },
  {
    name: "autograd.grad materialize_grads with allow_unused false",
    ts: () => {
      const { x } = leaves();
      return ag.autograd.grad(x.sum(), x, { materialize_grads: true, allow_unused: false });
    },
    py: LEAVES + "r = torch.autograd.grad(x.sum(), x, materialize_grads=True, allow_unused=False)",
  },
  {
    name: "autograd.grad of an input that does not require grad",
    ts: () => ag.autograd.grad(leaves().x.sum(), [torch.ones(2)]),
    py: LEAVES + "r = torch.autograd.grad(x.sum(), [torch.ones(2)])",
  },
  { name: "autograd.grad with no inputs", ts: () => ag.autograd.grad(leaves().x.sum(), []), py: LEAVES + "r = torch.autograd.grad(x.sum(), [])" },
  {
    name: "autograd.grad twice without retain_graph",
    ts: () => {
      const { x, w } = leaves();
      const y = x.matmul(w).sum();
      ag.autograd.grad(y, x);
      return ag.autograd.grad(y, x);
    },
    py: LEAVES + "y = x.matmul(w).sum(); torch.autograd.grad(y, x); r = torch.autograd.grad(y, x)",
  },
  {
    name: "autograd.grad twice with retain_graph",
    ts: () => {
      const { x, w } = leaves();
      const y = x.matmul(w).sum();
      ag.autograd.grad(y, x, null, true);
      return ag.autograd.grad(y, x)[0];
    },
    py: LEAVES + "y = x.matmul(w).sum(); torch.autograd.grad(y, x, None, True); r = torch.autograd.grad(y, x)[0]",
  },
  // attributes
  {
    name: "is_leaf, requires_grad and grad_fn names",
    ts: () => {
      const { x, w } = leaves();
      const v = v3();
      const ys = [x, torch.ones(2), x.add(1), x.add(w), x.matmul(w), v.matmul(v), x.sum(), x.sum(0), x.to(torch.float64), x.detach(), torch.ones(2).add(1)];
      return ys.map((y) => [y.is_leaf, y.requires_grad, gradFnName(y)]);
    },
    py:
      LEAVES +
      V3 +
      "ys = [x, torch.ones(2), x.add(1), x.add(w), x.matmul(w), v.matmul(v), x.sum(), x.sum(0), x.to(torch.float64), x.detach(), torch.ones(2).add(1)]; " +
      "r = [[y.is_leaf, y.requires_grad, y.grad_fn.name() if y.grad_fn else None] for y in ys]",
  },
  {
    name: "next_functions",
    ts: () => {
      const { x, w } = leaves();
      const y = x.matmul(w).add(1).sum();
      const mm = y.grad_fn!.next_functions[0][0]!.next_functions[0][0]!;
      return [mm.name(), mm.next_functions.map(([n, i]) => [n?.name() ?? null, i])];
    },
    py:
      LEAVES +
      "y = x.matmul(w).add(1).sum(); mm = y.grad_fn.next_functions[0][0].next_functions[0][0]; " +
      "r = [mm.name(), [[n.name() if n else None, i] for n, i in mm.next_functions]]",
  },
  {
    name: "a printed result shows its grad_fn",
    ts: () => leaves().x.matmul(leaves().w),
    py: LEAVES + "r = x.matmul(w)",
  },
  // .grad
  { name: "grad of a fresh leaf is null", ts: () => leaves().x.grad, py: LEAVES + "r = x.grad" },
  {
    name: "grad of a non-leaf is null",
    ts: () => {
      const { x } = leaves();
      const y = x.add(1);
      y.sum().backward();
      return y.grad;
    },
    py: LEAVES + "y = x.add(1); y.sum().backward(); r = y.grad",
  },
  {
    name: "grad setter, then backward accumulates into it",
    ts: () => {
      const { x } = leaves();
      x.grad = torch.tensor([[10, 20], [30, 40]], { dtype: torch.float32 });
      x.sum().backward();
      return x.grad;
    },
    py: LEAVES + "x.grad = torch.tensor([[10., 20.], [30., 40.]]); x.sum().backward(); r = x.grad",
  },
  {
    name: "grad setter null",
    ts: () => {
      const { x } = leaves();
      x.sum().backward();
      x.grad = null;
      return x.grad;
    },
    py: LEAVES + "x.sum().backward(); x.grad = None; r = x.grad",
  },
  {
    name: "grad setter of the wrong size",
    ts: () => {
      leaves().x.grad = torch.ones(3, 2);
    },
    py: LEAVES + "x.grad = torch.ones(3, 2)",
  },
  {
    name: "grad setter of the wrong dtype",
    ts: () => {
      leaves().x.grad = torch.ones(2, 2, { dtype: torch.float64 });
    },
    py: LEAVES + "x.grad = torch.ones(2, 2, dtype=torch.float64)",
  },
  {
    name: "grad setter on a tensor of another device type",
    ts: () => {
      leaves().x.grad = torch.ones(2, 2, { device: "meta" });
    },
    py: LEAVES + "x.grad = torch.ones(2, 2, device='meta')",
  },
  {
    name: "grad setter with itself",
    ts: () => {
      const { x } = leaves();
      x.grad = x;
    },
    py: LEAVES + "x.grad = x",
  },
  {
    name: "grad setter on an int tensor",
    ts: () => {
      const i = torch.tensor([1, 2]);
      i.grad = torch.tensor([3, 4]);
      return i.grad;
    },
    py: "i = torch.tensor([1, 2]); i.grad = torch.tensor([3, 4]); r = i.grad",
  },
  // requires_grad_, retain_grad
  {
    name: "requires_grad_ returns the tensor",
    ts: () => {
      const a = torch.ones(2);
      const b = a.requires_grad_();
      return [b === a, a.requires_grad, a.requires_grad_(false).requires_grad, a.requires_grad_({ requires_grad: true }).requires_grad];
    },
    py: "a = torch.ones(2); b = a.requires_grad_(); r = [b is a, a.requires_grad, a.requires_grad_(False).requires_grad, a.requires_grad_(requires_grad=True).requires_grad]",
  },
  { name: "requires_grad_ on an int tensor", ts: () => torch.tensor([1, 2]).requires_grad_(), py: "r = torch.tensor([1, 2]).requires_grad_()" },
  {
    name: "requires_grad_(false) on a non-leaf",
    ts: () => leaves().x.add(1).requires_grad_(false),
    py: LEAVES + "r = x.add(1).requires_grad_(False)",
  },
  {
    name: "retain_grad on a non-leaf",
    ts: () => {
      const { x, w } = leaves();
      const y = x.matmul(w);
      y.retain_grad();
      y.add(y).sum().backward();
      return [y.retains_grad, x.retains_grad, y.grad!.tolist()];
    },
    py: LEAVES + "y = x.matmul(w); y.retain_grad(); y.add(y).sum().backward(); r = [y.retains_grad, x.retains_grad, y.grad.tolist()]",
  },
  {
    name: "retain_grad on a tensor that does not require grad",
    ts: () => torch.ones(2).retain_grad(),
    py: "r = torch.ones(2).retain_grad()",
  },
  // grad mode
  {
    name: "no_grad",
    ts: () => {
      const { x } = leaves();
      const y = ag.no_grad(() => x.add(1));
      return [y.requires_grad, y.grad_fn, y.is_leaf, ag.is_grad_enabled()];
    },
    py: LEAVES + "\nwith torch.no_grad():\n    y = x.add(1)\nr = [y.requires_grad, y.grad_fn, y.is_leaf, torch.is_grad_enabled()]",
  },
  { name: "no_grad result prints without grad_fn", ts: () => ag.no_grad(() => leaves().x.add(1)), py: LEAVES + "\nwith torch.no_grad():\n    r = x.add(1)" },
  {
    name: "no_grad restores the mode after a throw",
    ts: () => {
      try {
        ag.no_grad(() => {
          throw new Error("inside");
        });
      } catch {
        // expected
      }
      return ag.is_grad_enabled();
    },
    py: "\ntry:\n    with torch.no_grad():\n        raise ValueError('inside')\nexcept ValueError:\n    pass\nr = torch.is_grad_enabled()",
  },
  {
    name: "enable_grad inside no_grad",
    ts: () => {
      const { x } = leaves();
      return ag.no_grad(() => {
        const y = ag.enable_grad(() => x.add(1));
        return [y.requires_grad, gradFnName(y), ag.is_grad_enabled()];
      });
    },
    py: LEAVES + "\nwith torch.no_grad():\n    with torch.enable_grad():\n        y = x.add(1)\n    r = [y.requires_grad, y.grad_fn.name(), torch.is_grad_enabled()]",
  },
  {
    name: "set_grad_enabled as a function",
    ts: () => {
      const { x } = leaves();
      ag.set_grad_enabled(false);
      const y = x.add(1);
      const during = ag.is_grad_enabled();
      ag.set_grad_enabled(true);
      return [y.requires_grad, during, ag.is_grad_enabled(), x.add(1).requires_grad];
    },
    py: LEAVES + "torch.set_grad_enabled(False); y = x.add(1); d = torch.is_grad_enabled(); torch.set_grad_enabled(True); r = [y.requires_grad, d, torch.is_grad_enabled(), x.add(1).requires_grad]",
  },
  {
    name: "set_grad_enabled with a function",
    ts: () => {
      const { x } = leaves();
      const y = ag.set_grad_enabled(false, () => x.add(1));
      const z = ag.no_grad(() => ag.set_grad_enabled(true, () => x.add(1)));
      return [y.requires_grad, z.requires_grad, ag.is_grad_enabled()];
    },
    py:
      LEAVES +
      "\nwith torch.set_grad_enabled(False):\n    y = x.add(1)\nwith torch.no_grad():\n    with torch.set_grad_enabled(True):\n        z = x.add(1)\nr = [y.requires_grad, z.requires_grad, torch.is_grad_enabled()]",
  },
  // inference mode
  {
    name: "inference_mode",
    ts: () => {
      const { x } = leaves();
      return ag.inference_mode(() => {
        const a = torch.ones(2);
        const y = x.add(1);
        return [a.requires_grad, a.is_inference(), y.requires_grad, y.is_inference(), ag.is_inference_mode_enabled(), ag.is_grad_enabled()];
      }).concat([ag.is_inference_mode_enabled(), ag.is_grad_enabled()]);
    },
    py:
      LEAVES +
      "\nwith torch.inference_mode():\n    a = torch.ones(2); y = x.add(1)\n    r = [a.requires_grad, a.is_inference(), y.requires_grad, y.is_inference(), torch.is_inference_mode_enabled(), torch.is_grad_enabled()]\n" +
      "r += [torch.is_inference_mode_enabled(), torch.is_grad_enabled()]",
  },
  {
    name: "inference_mode(false) inside inference_mode",
    ts: () =>
      ag.inference_mode(() =>
        ag.inference_mode(false, () => [ag.is_inference_mode_enabled(), ag.is_grad_enabled(), torch.ones(1).is_inference()]),
      ),
    py: "\nwith torch.inference_mode():\n    with torch.inference_mode(False):\n        r = [torch.is_inference_mode_enabled(), torch.is_grad_enabled(), torch.ones(1).is_inference()]",
  },
  {
    name: "an inference tensor saved for backward",
    ts: () => {
      const it = ag.inference_mode(() => torch.ones(2, 2));
      return leaves().w.matmul(it);
    },
    py: LEAVES + "\nwith torch.inference_mode():\n    it = torch.ones(2, 2)\nr = w.matmul(it)",
  },
  {
    name: "requires_grad_ on an inference tensor",
    ts: () => ag.inference_mode(() => torch.ones(2)).requires_grad_(),
    py: "\nwith torch.inference_mode():\n    it = torch.ones(2)\nr = it.requires_grad_()",
  },
  // hooks
  {
    name: "a hook that doubles the gradient",
    ts: () => {
      const { x, w } = leaves();
      const y = x.matmul(w);
      y.register_hook((g) => g.add(g));
      y.sum().backward();
      return [x.grad!.tolist(), w.grad!.tolist()];
    },
    py: LEAVES + "y = x.matmul(w); y.register_hook(lambda g: g.add(g)); y.sum().backward(); r = [x.grad.tolist(), w.grad.tolist()]",
  },
  {
    name: "a hook on a leaf",
    ts: () => {
      const { x } = leaves();
      x.register_hook((g) => g.add(1));
      x.matmul(x).sum().backward();
      return x.grad;
    },
    py: LEAVES + "x.register_hook(lambda g: g.add(1)); x.matmul(x).sum().backward(); r = x.grad",
  },
  {
    name: "a hook sees the gradient",
    ts: () => {
      const { x, w } = leaves();
      const seen: Tensor[] = [];
      const y = x.matmul(w);
      y.register_hook((g) => {
        seen.push(g);
      });
      y.matmul(w).sum().backward();
      return seen[0];
    },
    py: LEAVES + "seen = []; y = x.matmul(w); y.register_hook(lambda g: seen.append(g)); y.matmul(w).sum().backward(); r = seen[0]",
  },
  {
    name: "hooks run in order and chain",
    ts: () => {
      const { x } = leaves();
      const y = x.add(0);
      y.register_hook((g) => g.add(1));
      y.register_hook((g) => g.add(g));
      y.sum().backward();
      return x.grad;
    },
    py: LEAVES + "y = x.add(0); y.register_hook(lambda g: g.add(1)); y.register_hook(lambda g: g.add(g)); y.sum().backward(); r = x.grad",
  },
  {
    name: "a removed hook does not run",
    ts: () => {
      const { x } = leaves();
      const y = x.add(0);
      const handle = y.register_hook((g) => g.add(100));
      handle.remove();
      handle.remove();
      y.sum().backward();
      return x.grad;
    },
    py: LEAVES + "y = x.add(0); h = y.register_hook(lambda g: g.add(100)); h.remove(); h.remove(); y.sum().backward(); r = x.grad",
  },
  {
    name: "a hook with retain_grad: the retained grad is the hooked one",
    ts: () => {
      const { x } = leaves();
      const y = x.add(0);
      y.retain_grad();
      y.register_hook((g) => g.add(g));
      y.sum().backward();
      return y.grad;
    },
    py: LEAVES + "y = x.add(0); y.retain_grad(); y.register_hook(lambda g: g.add(g)); y.sum().backward(); r = y.grad",
  },
  {
    name: "a hook that changes the size",
    ts: () => {
      const { x } = leaves();
      const y = x.add(0);
      y.register_hook(function bad() {
        return torch.ones(3);
      });
      y.sum().backward();
    },
    py: LEAVES + "y = x.add(0)\ndef bad(g):\n    return torch.ones(3)\ny.register_hook(bad); y.sum().backward()",
  },
  {
    name: "a hook that changes the dtype",
    ts: () => {
      const { x } = leaves();
      const y = x.add(0);
      y.register_hook(function bad() {
        return torch.ones(2, 2, { dtype: torch.float64 });
      });
      y.sum().backward();
    },
    py: LEAVES + "y = x.add(0)\ndef bad(g):\n    return torch.ones(2, 2, dtype=torch.float64)\ny.register_hook(bad); y.sum().backward()",
  },
  {
    name: "register_hook on a tensor that does not require grad",
    ts: () => torch.ones(2).register_hook((g) => g),
    py: "r = torch.ones(2).register_hook(lambda g: g)",
  },
];

describe("autograd against Python torch 2.11", () => {
  const expected = pythonResults(cases);
  it.each(cases.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    expectSame(c, expected[i]);
  });
});

describe("hooks and JS", () => {
  it("a hook that throws: the same error comes out of backward, and later backwards work", () => {
    const x = torch.tensor([1.5, -2], { requires_grad: true });
    const y = x.add(1);
    const error = new Error("from the hook");
    y.register_hook(() => {
      throw error;
    });
    let caught: unknown;
    try {
      y.sum().backward();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(error);
    x.add(2).matmul(x).backward();
    expect(x.grad!.tolist()).toStrictEqual([5, -2]);
  });

  it("a hook that throws a non-Error value", () => {
    const x = torch.tensor([1.5], { requires_grad: true });
    x.register_hook(() => {
      throw "plain";
    });
    expect(() => x.sum().backward()).toThrow("plain");
    expect(() => x.sum().backward()).toThrow("plain");
  });

  it("a hook that returns something other than a Tensor", () => {
    const x = torch.tensor([1.5], { requires_grad: true });
    x.register_hook((() => 5) as never);
    expect(() => x.sum().backward()).toThrow(new torch.TypeError("expected Variable, but hook returned 'number'"));
  });

  it("a hook that runs a backward of its own", () => {
    const x = torch.tensor([1, 2], { dtype: torch.float32, requires_grad: true });
    const other = torch.tensor([3, 4], { dtype: torch.float32, requires_grad: true });
    const y = x.add(0);
    // Backward runs with grad mode off (on with create_graph), in Python too.
    y.register_hook((g) => {
      const [inner] = ag.autograd.grad(ag.enable_grad(() => other.matmul(other)), other);
      return g.add(inner!);
    });
    y.sum().backward();
    expect(x.grad!.tolist()).toStrictEqual([7, 9]);
  });

  it("remove() and `using` take hooks off", () => {
    const x = torch.tensor([1], { dtype: torch.float32, requires_grad: true });
    {
      using _h = x.register_hook((g) => g.add(10));
      x.sum().backward();
    }
    x.sum().backward();
    expect(x.grad!.tolist()).toStrictEqual([12]);
  });

  it("many hooks on short-lived tensors do not pile up", () => {
    const x = torch.tensor([1], { dtype: torch.float32, requires_grad: true });
    for (let i = 0; i < 200; i++) {
      const y = x.add(0);
      y.register_hook((g) => g);
      y.sum().backward();
    }
    expect(x.grad!.tolist()).toStrictEqual([200]);
  });

  it.skipIf(!torch.cuda.is_available())("register_hook on a CUDA tensor is refused", () => {
    const x = torch.ones(2, { device: "cuda", requires_grad: true });
    expect(() => x.register_hook((g) => g)).toThrow(torch.RuntimeError);
  });
});

describe("arguments", () => {
  it(".grad is one object while it holds the same gradient, as in Python", () => {
    const p = torch.ones(3, { requires_grad: true });
    const seen: boolean[] = [];
    p.mul(2).sum().backward();
    const g = p.grad!;
    seen.push(p.grad === p.grad, p.grad === g);
    p.mul(3).sum().backward(); // accumulated in place
    seen.push(p.grad === g);
    p.grad = null;
    seen.push(p.grad === null);
    p.mul(2).sum().backward(); // a new gradient
    seen.push(p.grad === g);
    const t = torch.zeros(3);
    p.grad = t;
    seen.push(p.grad === t);
    new torch.optim.SGD([p], { lr: 0.1 }).zero_grad();
    seen.push(p.grad === null);
    const python = pythonJson<boolean[]>(`
p = torch.ones(3, requires_grad=True)
seen = []
p.mul(2).sum().backward()
g = p.grad
seen += [p.grad is p.grad, p.grad is g]
p.mul(3).sum().backward()
seen.append(p.grad is g)
p.grad = None
seen.append(p.grad is None)
p.mul(2).sum().backward()
seen.append(p.grad is g)
t = torch.zeros(3)
p.grad = t
seen.append(p.grad is t)
torch.optim.SGD([p], lr=0.1).zero_grad()
seen.append(p.grad is None)
print(json.dumps(seen))`);
    expect(seen).toStrictEqual(python);
    expect([g.tolist(), p.grad]).toStrictEqual([[5, 5, 5], null]);
  });

  it("a disposed .grad object is not handed out again", () => {
    const p = torch.ones(2, { requires_grad: true });
    p.sum().backward();
    const g = p.grad!;
    g.dispose();
    expect(p.grad).not.toBe(g);
    expect(p.grad!.tolist()).toStrictEqual([1, 1]);
  });

  it("grad_fn is the same object while it lives", () => {
    const y = torch.ones(2, { requires_grad: true }).add(1);
    expect(y.grad_fn).toBe(y.grad_fn);
    expect(String(y.grad_fn)).toBe("<AddBackward0 object>");
  });

  it("unknown and repeated keyword arguments", () => {
    const x = torch.ones(2, { requires_grad: true }).sum();
    expect(() => x.backward({ retain_grph: true } as never)).toThrow(
      new torch.TypeError("backward() got an unexpected keyword argument 'retain_grph'"),
    );
    expect(() => x.backward(null, true, { retain_graph: true })).toThrow(
      new torch.TypeError("backward() got multiple values for argument 'retain_graph'"),
    );
    expect(() => (ag.autograd.grad as (...a: unknown[]) => unknown)(x)).toThrow(
      new torch.TypeError("grad() missing 1 required positional argument: 'inputs'"),
    );
    expect(() => x.backward(null, 1 as never)).toThrow(
      new torch.TypeError("backward(): argument 'retain_graph' must be bool, not number"),
    );
    expect(() => x.backward(5 as never)).toThrow(new torch.TypeError("gradients can be either Tensors or None, but got number"));
  });

  it("the .grad setter takes a Tensor or null", () => {
    const x = torch.ones(2, { requires_grad: true });
    expect(() => {
      (x as { grad: unknown }).grad = 5;
    }).toThrow(new torch.TypeError("assigned grad expected to be a Tensor or None but got grad of type number"));
  });

  it("the grad-mode functions return what fn returns and check their arguments", () => {
    expect(ag.no_grad(() => 42)).toBe(42);
    expect(ag.inference_mode(() => "x")).toBe("x");
    expect(() => ag.no_grad(5 as never)).toThrow(torch.TypeError);
    expect(() => ag.set_grad_enabled(1 as never)).toThrow(torch.TypeError);
    expect(() => ag.inference_mode(1 as never, () => 0)).toThrow(torch.TypeError);
    expect(ag.is_grad_enabled()).toBe(true);
    expect(ag.is_inference_mode_enabled()).toBe(false);
  });

  it("an async function gets the mode for its synchronous part only", async () => {
    let before = true;
    let after = false;
    const done = ag.no_grad(async () => {
      before = ag.is_grad_enabled();
      await new Promise((resolve) => setTimeout(resolve, 1));
      after = ag.is_grad_enabled();
    });
    expect(ag.is_grad_enabled()).toBe(true);
    await done;
    expect([before, after]).toStrictEqual([false, true]);
  });

  it("inference_mode restores the mode after a throw", () => {
    expect(() =>
      ag.inference_mode(() => {
        throw new Error("inside");
      }),
    ).toThrow("inside");
    expect(ag.is_inference_mode_enabled()).toBe(false);
    expect(ag.is_grad_enabled()).toBe(true);
  });
});
