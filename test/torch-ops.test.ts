// torch.ops.aten (lib/ops.ts): ATen's operators by name and overload, against Python's torch.ops.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { Case, describeAgainstPython } from "./helpers/compare";

type Packet = ((...a: unknown[]) => unknown) & Record<string, (...a: unknown[]) => unknown> & { overloads(): string[] };
const aten = torch.ops.aten as unknown as Record<string, Packet>;
const x = () => torch.arange(10, { dtype: torch.float32 });
const PY = "x = torch.arange(10, dtype=torch.float32)\n";

const calls: Case[] = [
  { name: "slice.Tensor", ts: () => aten.slice.Tensor(x(), 0, 2, 7, 2), py: PY + "r = torch.ops.aten.slice.Tensor(x, 0, 2, 7, 2)" },
  { name: "slice with its defaults", ts: () => aten.slice(x(), 0, 3), py: PY + "r = torch.ops.aten.slice(x, 0, 3)" },
  { name: "add.Tensor with a keyword", ts: () => aten.add.Tensor(x(), x(), { alpha: 3 }), py: PY + "r = torch.ops.aten.add.Tensor(x, x, alpha=3)" },
  { name: "add resolves the Scalar overload", ts: () => aten.add(x(), 2), py: PY + "r = torch.ops.aten.add(x, 2)" },
  { name: "_softmax_backward_data", ts: () => aten._softmax_backward_data(torch.ones(2, 3), torch.softmax(x().reshape(2, 5).narrow(1, 0, 3), 1), 1, torch.float32), py: PY + "r = torch.ops.aten._softmax_backward_data(torch.ones(2, 3), torch.softmax(x.reshape(2, 5).narrow(1, 0, 3), 1), 1, torch.float32)" },
  { name: "native_dropout_backward.default", ts: () => aten.native_dropout_backward.default(torch.ones(4), torch.tensor([true, false, true, true]), 2.0), py: "r = torch.ops.aten.native_dropout_backward.default(torch.ones(4), torch.tensor([True, False, True, True]), 2.0)" },
];

describeAgainstPython([["torch.ops.aten calls", calls]], "", (family) => `${family} against Python torch 2.11`);

describe("torch.ops.aten", () => {
  it("lists an operator's overloads and refuses unknown operators and arguments", () => {
    expect(aten.slice.overloads()).toEqual(["Tensor"]);
    expect(() => aten.no_such_op).toThrow(/No such operator aten::no_such_op/);
    expect(() => aten.add.Tensor(x())).toThrow(torch.TypeError);
    expect(() => aten.add.Tensor(x(), x(), { alfa: 1 })).toThrow(/Unknown keyword argument 'alfa'/);
  });
});
