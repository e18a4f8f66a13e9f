// torch.optim.swa_utils against Python torch 2.11: AveragedModel (SWA default, EMA by
// multi_avg_fn and avg_fn, use_buffers), update_bn and SWALR, from the same seed, exactly
// (SWALR's cos within 1e-14, see test/optim.test.ts's COS_RTOL).
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";

type T = InstanceType<typeof torch.Tensor>;
const { AveragedModel, SWALR, update_bn, get_ema_multi_avg_fn, get_ema_avg_fn, get_swa_avg_fn, get_swa_multi_avg_fn } = torch.optim.swa_utils;

const PY = `
from torch.optim.swa_utils import AveragedModel, SWALR, update_bn, get_ema_multi_avg_fn, get_ema_avg_fn, get_swa_avg_fn
def make():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3), torch.nn.Linear(3, 2))
def avgs(model):
    return {
        "swa": AveragedModel(model),
        "ema_multi": AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9)),
        "ema_avg_fn": AveragedModel(model, avg_fn=get_ema_avg_fn(0.8)),
        "swa_avg_fn": AveragedModel(model, avg_fn=get_swa_avg_fn()),
        "ema_buffers": AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9), use_buffers=True),
    }
model = make()
averaged = avgs(model)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
torch.manual_seed(1)
x = torch.randn(16, 4); y = torch.randn(16, 2)
for _ in range(6):
    opt.zero_grad()
    torch.nn.functional.mse_loss(model(x), y).backward()
    opt.step()
    for a in averaged.values():
        a.update_parameters(model)
out = {k: {"state": {n: t.tolist() for n, t in a.state_dict().items()}, "out": a(x).tolist()} for k, a in averaged.items()}
loader = [x[:8], (x[8:], y[8:])]
swa = averaged["swa"]
update_bn(loader, swa)
out["update_bn"] = {n: t.tolist() for n, t in swa.state_dict().items()}
lrs = {}
for name, kw in [("cos", {"anneal_epochs": 4}), ("linear", {"anneal_epochs": 3, "anneal_strategy": "linear"}), ("zero", {"anneal_epochs": 0})]:
    o = torch.optim.SGD([{"params": [torch.zeros(1, requires_grad=True)]}, {"params": [torch.zeros(1, requires_grad=True)], "lr": 0.5}], lr=0.1)
    s = SWALR(o, swa_lr=[0.05, 0.01], **kw)
    seq = [s.get_last_lr()]
    for _ in range(7):
        o.step(); s.step(); seq.append(s.get_last_lr())
    lrs[name] = seq
out["swalr"] = lrs
print(json.dumps(out))
`;

function make() {
  torch.manual_seed(0);
  return new torch.nn.Sequential(new torch.nn.Linear(4, 3), new torch.nn.BatchNorm1d(3), new torch.nn.Linear(3, 2));
}

function closeTo(got: unknown, want: unknown, rtol: number, path = ""): void {
  if (typeof want === "number") {
    if (got !== want) expect(Math.abs((got as number) - want), `${path}: ${got} vs ${want}`).toBeLessThanOrEqual(rtol * Math.abs(want));
  } else if (Array.isArray(want)) {
    expect((got as unknown[]).length, path).toBe(want.length);
    want.forEach((w, i) => closeTo((got as unknown[])[i], w, rtol, `${path}[${i}]`));
  } else {
    expect(got, path).toStrictEqual(want);
  }
}

describe("swa_utils against Python", () => {
  const expected = pythonJson<Record<string, any>>(PY);
  const model = make();
  const averaged: Record<string, InstanceType<typeof AveragedModel>> = {
    swa: new AveragedModel(model),
    ema_multi: new AveragedModel(model, { multi_avg_fn: get_ema_multi_avg_fn(0.9) }),
    ema_avg_fn: new AveragedModel(model, { avg_fn: get_ema_avg_fn(0.8) }),
    swa_avg_fn: new AveragedModel(model, { avg_fn: get_swa_avg_fn() }),
    ema_buffers: new AveragedModel(model, { multi_avg_fn: get_ema_multi_avg_fn(0.9), use_buffers: true }),
  };
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  torch.manual_seed(1);
  const x = torch.randn(16, 4);
  const y = torch.randn(16, 2);
  for (let i = 0; i < 6; i++) {
    opt.zero_grad();
    torch.nn.functional.mse_loss(model.forward(x) as T, y).backward();
    opt.step();
    for (const a of Object.values(averaged)) a.update_parameters(model);
  }
  const stateOf = (a: InstanceType<typeof AveragedModel>) => Object.fromEntries(Object.entries(a.state_dict()).map(([n, t]) => [n, (t as T).tolist()]));

  for (const name of ["swa", "ema_multi", "ema_avg_fn", "swa_avg_fn", "ema_buffers"]) {
    it(`AveragedModel ${name}: averaged parameters, buffers, n_averaged and output equal Python's`, () => {
      const got = stateOf(averaged[name]);
      for (const k of Object.keys(expected[name].state)) expect(got[k], k).toStrictEqual(expected[name].state[k]);
      expect((averaged[name].forward(x) as T).tolist()).toStrictEqual(expected[name].out);
    });
  }

  it("update_bn recomputes the BatchNorm statistics (inputs and (input, target) pairs) as Python", () => {
    const swa = averaged.swa;
    update_bn([x.narrow(0, 0, 8), [x.narrow(0, 8, 8), y.narrow(0, 8, 8)]], swa);
    expect(stateOf(swa)).toStrictEqual(expected.update_bn);
  });

  for (const [name, kw, rtol] of [["cos", { anneal_epochs: 4 }, 1e-14], ["linear", { anneal_epochs: 3, anneal_strategy: "linear" }, 0], ["zero", { anneal_epochs: 0 }, 1e-14]] as const) {
    it(`SWALR ${name}: the lr sequence equals Python's`, () => {
      const o = new torch.optim.SGD([{ params: [torch.zeros(1, { requires_grad: true })] }, { params: [torch.zeros(1, { requires_grad: true })], lr: 0.5 }], { lr: 0.1 });
      const s = new SWALR(o, [0.05, 0.01], kw);
      const seq = [s.get_last_lr()];
      for (let i = 0; i < 7; i++) {
        o.step();
        s.step();
        seq.push(s.get_last_lr());
      }
      closeTo(seq, expected.swalr[name], rtol);
    });
  }

  it("the average functions check decay, and the multi-tensor SWA update averages", () => {
    expect(() => get_ema_multi_avg_fn(1.5)).toThrow("Invalid decay value 1.5 provided. Please provide a value in [0,1] range.");
    expect(() => get_ema_avg_fn(-0.1)).toThrow("Invalid decay value -0.1 provided. Please provide a value in [0,1] range.");
    const a = [torch.tensor([2.0, 4.0], { dtype: torch.float32 })];
    get_swa_multi_avg_fn()(a, [torch.tensor([4.0, 8.0], { dtype: torch.float32 })], 1);
    expect(a[0].tolist()).toStrictEqual([3, 6]);
  });
});
