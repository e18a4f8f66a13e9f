// torch.autograd.functional, ported from torch/autograd/functional.py: vjp, jvp, jacobian,
// hessian, vhp and hvp over torch.autograd.grad. vectorize=True computes the same values as the
// loop (Python's vmap path is a faster way to the same numbers); strategy="forward-mode" is
// computed in reverse mode as well.
import { bindArgs } from "./_args";
import { callOp } from "./_dispatch";
import { autogradNamespace, enable_grad, is_grad_enabled, set_grad_enabled } from "./autograd";
import { pyTypeName, RuntimeError, TypeError, ValueError } from "./errors";
import { OPS } from "./generated/ops";
import { Tensor } from "./tensor";

type Tensors = Tensor | Tensor[];
type Fn = (...inputs: Tensor[]) => unknown;
const grad = autogradNamespace.grad;

const sizeStr = (t: Tensor) => `torch.Size([${t.shape.join(", ")}])`;
const zerosLike = (t: Tensor, requires_grad = false): Tensor => {
  const z = callOp(OPS.zeros_like, null, [t]) as Tensor;
  return requires_grad ? z.requires_grad_(true) : z;
};

function asTuple(inp: unknown, argName: string, fnName: string): [boolean, Tensor[]] {
  let isTuple = true;
  let list: unknown[];
  if (Array.isArray(inp)) list = inp;
  else {
    list = [inp];
    isTuple = false;
  }
  list.forEach((el, i) => {
    if (!(el instanceof Tensor)) {
      if (isTuple) {
        throw new TypeError(
          `The ${argName} given to ${fnName} must be either a Tensor or a tuple of Tensors but the value at index ${i} has type ${pyTypeName(el)}.`,
        );
      }
      throw new TypeError(
        `The ${argName} given to ${fnName} must be either a Tensor or a tuple of Tensors but the given ${argName} has type ${pyTypeName(el)}.`,
      );
    }
  });
  return [isTuple, list as Tensor[]];
}

function tuplePostprocess(res: unknown, toUnpack: boolean | [boolean, boolean]): unknown {
  if (Array.isArray(toUnpack)) {
    let r = res as unknown[];
    if (!toUnpack[1]) r = r.map((el) => (el as unknown[])[0]);
    return toUnpack[0] ? r : r[0];
  }
  return toUnpack ? res : (res as unknown[])[0];
}

function gradPreprocess(inputs: Tensor[], create_graph: boolean, need_graph: boolean): Tensor[] {
  return inputs.map((inp) => (create_graph && inp.requires_grad ? inp.view_as(inp) : inp.detach().requires_grad_(need_graph)));
}

function gradPostprocess<T>(inputs: T, create_graph: boolean): T {
  if (inputs instanceof Tensor) return (create_graph ? inputs : inputs.detach()) as T;
  if (Array.isArray(inputs)) return inputs.map((x) => (x === null ? x : gradPostprocess(x, create_graph))) as T;
  return inputs;
}

function validateV(v: Tensor[], other: Tensor[], isOtherTuple: boolean): void {
  if (other.length !== v.length) {
    if (isOtherTuple) throw new RuntimeError(`v is a tuple of invalid length: should be ${other.length} but got ${v.length}.`);
    throw new RuntimeError("The given v should contain a single Tensor.");
  }
  v.forEach((elV, idx) => {
    const elO = other[idx];
    if (sizeStr(elV) !== sizeStr(elO)) {
      const prepend = isOtherTuple ? `Entry ${idx} in ` : "";
      throw new RuntimeError(`${prepend}v has invalid size: should be ${sizeStr(elO)} but got ${sizeStr(elV)}.`);
    }
  });
}

function checkRequiresGrad(inputs: (Tensor | null)[], inputType: string, strict: boolean): void {
  if (!strict) return;
  if (!["outputs", "grad_inputs", "jacobian", "hessian"].includes(inputType)) throw new RuntimeError("Invalid input_type to _check_requires_grad");
  inputs.forEach((inp, i) => {
    if (inp === null) {
      throw new RuntimeError(
        `The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
      );
    }
    if (!inp.requires_grad) {
      if (inputType === "hessian") {
        throw new RuntimeError(
          `The hessian of the user-provided function with respect to input ${i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is thrice differentiable and that the hessian depends on the inputs.`,
        );
      } else if (inputType === "jacobian") {
        throw new RuntimeError(
          `While computing the hessian, found that the jacobian of the user-provided function with respect to input ${i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is twice differentiable and that the jacobian depends on the inputs (this would be violated by a linear function for example).`,
        );
      } else if (inputType === "grad_inputs") {
        throw new RuntimeError(
          `The gradient with respect to input ${i} is independent of the inputs of the user-provided function. This is not allowed in strict mode.`,
        );
      } else {
        throw new RuntimeError(`Output ${i} of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.`);
      }
    }
  });
}

function autogradGrad(
  outputs: (Tensor | null)[],
  inputs: Tensor[],
  grad_outputs: (Tensor | null)[] | null,
  create_graph: boolean,
  retain_graph: boolean | null = null,
): (Tensor | null)[] {
  const gos = grad_outputs ?? outputs.map(() => null);
  const newOutputs: Tensor[] = [];
  const newGrads: (Tensor | null)[] = [];
  outputs.forEach((out, i) => {
    if (out !== null && out.requires_grad) {
      newOutputs.push(out);
      newGrads.push(gos[i] ?? null);
    }
  });
  if (newOutputs.length === 0) return inputs.map(() => null);
  return grad(newOutputs, inputs, newGrads, { allow_unused: true, create_graph, retain_graph });
}

function fillInZeros(grads: (Tensor | null)[], refs: Tensor[], strict: boolean, create_graph: boolean, stage: string): Tensor[] {
  return grads.map((g, i) => {
    if (g !== null) return g;
    if (strict) {
      const messages: Record<string, string> = {
        back: `The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
        back_trick: `The gradient with respect to the input is independent of entry ${i} in the grad_outputs when using the double backward trick to compute forward mode gradients. This is not allowed in strict mode.`,
        double_back: `The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
        double_back_trick: `The hessian of the user-provided function is independent of entry ${i} in the grad_jacobian. This is not allowed in strict mode as it prevents from using the double backward trick to replace forward mode AD.`,
      };
      throw new RuntimeError(messages[stage]);
    }
    void create_graph;
    return zerosLike(refs[i]);
  });
}

export interface FunctionalOptions {
  v?: Tensors | null;
  create_graph?: boolean;
  strict?: boolean;
}

function checkFn(fnName: string, func: unknown): Fn {
  if (typeof func !== "function") throw new TypeError(`'${pyTypeName(func)}' object is not callable`);
  void fnName;
  return func as Fn;
}

function vArgs(fn: string, args: unknown[]): [Fn, unknown, Tensors | null, boolean, boolean] {
  const [func, inputs, v, create_graph, strict] = bindArgs(fn, ["func", "inputs", "v", "create_graph", "strict"], args, 2);
  return [checkFn(fn, func), inputs, (v ?? null) as Tensors | null, (create_graph ?? false) as boolean, (strict ?? false) as boolean];
}

/** vjp(func, inputs, v=None, create_graph=False, strict=False): [func_output, vjp]. */
export function vjp(func: Fn, inputs: Tensors, ...args: unknown[]): [unknown, unknown] {
  const [f, inputsArg, vArg, create_graph, strict] = vArgs("vjp", [func, inputs, ...args]);
  return enable_grad(() => {
    const [isInputsTuple, ins0] = asTuple(inputsArg, "inputs", "vjp");
    const ins = gradPreprocess(ins0, create_graph, true);
    const [isOutputsTuple, outputs] = asTuple(f(...ins), "outputs of the user-provided function", "vjp");
    checkRequiresGrad(outputs, "outputs", strict);
    let v: Tensor[] | null = null;
    if (vArg !== null) {
      v = gradPreprocess(asTuple(vArg, "v", "vjp")[1], create_graph, false);
      validateV(v, outputs, isOutputsTuple);
    } else if (outputs.length !== 1 || outputs[0].numel() !== 1) {
      throw new RuntimeError(
        "The vector v can only be None if the user-provided function returns a single Tensor with a single element.",
      );
    }
    const res = set_grad_enabled(create_graph ? true : is_grad_enabled(), () => {
      const gradRes = autogradGrad(outputs, ins, v, create_graph);
      return fillInZeros(gradRes, ins, strict, create_graph, "back");
    });
    return [
      tuplePostprocess(gradPostprocess(outputs, create_graph), isOutputsTuple),
      tuplePostprocess(gradPostprocess(res, create_graph), isInputsTuple),
    ];
  });
}

/** jvp(func, inputs, v=None, create_graph=False, strict=False): [func_output, jvp], by the double-backward trick. */
export function jvp(func: Fn, inputs: Tensors, ...args: unknown[]): [unknown, unknown] {
  const [f, inputsArg, vArg, create_graph, strict] = vArgs("jvp", [func, inputs, ...args]);
  return enable_grad(() => {
    const [isInputsTuple, ins0] = asTuple(inputsArg, "inputs", "jvp");
    const ins = gradPreprocess(ins0, create_graph, true);
    let v: Tensor[] | null = null;
    if (vArg !== null) {
      v = gradPreprocess(asTuple(vArg, "v", "jvp")[1], create_graph, false);
      validateV(v, ins, isInputsTuple);
    } else if (ins.length !== 1 || ins[0].numel() !== 1) {
      throw new RuntimeError(
        "The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.",
      );
    }
    const [isOutputsTuple, outputs] = asTuple(f(...ins), "outputs of the user-provided function", "jvp");
    checkRequiresGrad(outputs, "outputs", strict);
    const gradOutputs = outputs.map((o) => zerosLike(o, true));
    const gradInputs = autogradGrad(outputs, ins, gradOutputs, true);
    checkRequiresGrad(gradInputs, "grad_inputs", strict);
    const gradRes = autogradGrad(gradInputs, gradOutputs, v, create_graph);
    const res = fillInZeros(gradRes, outputs, strict, create_graph, "back_trick");
    return [
      tuplePostprocess(gradPostprocess(outputs, create_graph), isOutputsTuple),
      tuplePostprocess(gradPostprocess(res, create_graph), isOutputsTuple),
    ];
  });
}

export interface JacobianOptions {
  create_graph?: boolean;
  strict?: boolean;
  vectorize?: boolean;
  strategy?: "reverse-mode" | "forward-mode";
}

function jacobianArgs(fn: string, args: unknown[], last: string): [Fn, unknown, boolean, boolean, boolean, string] {
  const [func, inputs, create_graph, strict, vectorize, strategy] = bindArgs(fn, ["func", "inputs", "create_graph", "strict", "vectorize", last], args, 2);
  const strat = (strategy ?? "reverse-mode") as string;
  if (strat !== "forward-mode" && strat !== "reverse-mode") {
    throw new ValueError(`Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your function has a lot of outputs, consider using "reverse-mode" mode, else use "forward-mode".`);
  }
  if (strat === "forward-mode") {
    if (!vectorize) throw new NotImplementedError("torch.autograd.functional.jacobian: `strategy=\"forward-mode\"` is only implemented for `vectorize=True`.");
    if (create_graph) throw new NotImplementedError("torch.autograd.functional.jacobian: `create_graph=True` and `strategy=\"forward-mode\"` are not supported together (yet). Please either set `create_graph=False` or `strategy=\"reverse-mode\"`.");
  }
  return [checkFn(fn, func), inputs, (create_graph ?? false) as boolean, (strict ?? false) as boolean, (vectorize ?? false) as boolean, strat];
}

/**
 * jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
 * a Tensor for one input and one output, an array per input, an array of arrays for several outputs.
 */
export function jacobian(func: Fn, inputs: Tensors, ...args: (boolean | string | JacobianOptions)[]): unknown {
  const [f, inputsArg, create_graph, strict, vectorize] = jacobianArgs("jacobian", [func, inputs, ...args], "strategy");
  if (strict && vectorize) {
    throw new RuntimeError(
      "torch.autograd.functional.jacobian: `strict=True` and `vectorize=True` are not supported together. Please either set `strict=False` or `vectorize=False`.",
    );
  }
  return enable_grad(() => {
    const [isInputsTuple, ins0] = asTuple(inputsArg, "inputs", "jacobian");
    const ins = gradPreprocess(ins0, create_graph, true);
    const [isOutputsTuple, outputs] = asTuple(f(...ins), "outputs of the user-provided function", "jacobian");
    checkRequiresGrad(outputs, "outputs", strict);
    const jac: Tensor[][] = outputs.map((out, i) => {
      const jacI: Tensor[][] = ins.map(() => []);
      const flat = out.reshape(-1);
      const n = out.numel();
      for (let j = 0; j < n; j++) {
        const vj = autogradGrad([flat.select(0, j)], ins, null, create_graph, true);
        vj.forEach((vjEl, elIdx) => {
          if (vjEl !== null) {
            if (strict && create_graph && !vjEl.requires_grad) {
              throw new RuntimeError(
                "The jacobian of the user-provided function is independent of input {i}. This is not allowed in strict mode when create_graph=True.",
              );
            }
            jacI[elIdx].push(vjEl);
          } else {
            if (strict) {
              throw new RuntimeError(`Output ${i} of the user-provided function is independent of input ${elIdx}. This is not allowed in strict mode.`);
            }
            jacI[elIdx].push(zerosLike(ins[elIdx]));
          }
        });
      }
      return jacI.map((els, elIdx) => {
        const shape = [...out.shape, ...ins[elIdx].shape];
        if (els.length === 0) return callOp(OPS.zeros, null, [shape, { dtype: ins[elIdx].dtype, device: ins[elIdx].device }]) as Tensor;
        return (callOp(OPS.stack, null, [els, 0]) as Tensor).view(shape);
      });
    });
    return tuplePostprocess(gradPostprocess(jac, create_graph), [isOutputsTuple, isInputsTuple]);
  });
}

export interface HessianOptions {
  create_graph?: boolean;
  strict?: boolean;
  vectorize?: boolean;
  outer_jacobian_strategy?: "reverse-mode" | "forward-mode";
}

/** hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"). */
export function hessian(func: Fn, inputs: Tensors, ...args: (boolean | string | HessianOptions)[]): unknown {
  const [f, inputsArg, create_graph, strict, vectorize, strategy] = jacobianArgs("hessian", [func, inputs, ...args], "outer_jacobian_strategy");
  const [isInputsTuple, ins] = asTuple(inputsArg, "inputs", "hessian");
  const ensureSingleOutput = (...inp: Tensor[]): Tensor => {
    const out = f(...inp);
    const [isOutTuple, tOut] = asTuple(out, "outputs of the user-provided function", "hessian");
    checkRequiresGrad(tOut, "outputs", strict);
    if (isOutTuple || !(out instanceof Tensor)) throw new RuntimeError("The function given to hessian should return a single Tensor");
    if (out.numel() !== 1) throw new RuntimeError("The Tensor returned by the function given to hessian should contain a single element");
    return out.squeeze();
  };
  const jacFunc = (...inp: Tensor[]): Tensor[] => {
    const inps = strategy === "forward-mode" ? inp.map((t) => t.requires_grad_(true)) : inp;
    const jac = jacobian(ensureSingleOutput, inps, { create_graph: true }) as Tensor[];
    checkRequiresGrad(jac, "jacobian", strict);
    return jac;
  };
  const res = jacobian(jacFunc, ins, { create_graph, strict, vectorize, strategy: strategy as "reverse-mode" });
  return tuplePostprocess(res, [isInputsTuple, isInputsTuple]);
}

function hvpCommon(name: "hvp" | "vhp", args: unknown[]): [unknown, unknown] {
  const [f, inputsArg, vArg, create_graph, strict] = vArgs(name, args);
  return enable_grad(() => {
    const [isInputsTuple, ins0] = asTuple(inputsArg, "inputs", name);
    const ins = gradPreprocess(ins0, create_graph, true);
    let v: Tensor[] | null = null;
    if (vArg !== null) {
      v = gradPreprocess(asTuple(vArg, "v", name)[1], create_graph, false);
      validateV(v, ins, isInputsTuple);
    } else if (ins.length !== 1 || ins[0].numel() !== 1) {
      throw new RuntimeError(
        "The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.",
      );
    }
    const [isOutputsTuple, outputs] = asTuple(f(...ins), "outputs of the user-provided function", name);
    checkRequiresGrad(outputs, "outputs", strict);
    if (isOutputsTuple || !(outputs[0] instanceof Tensor)) throw new RuntimeError(`The function given to ${name} should return a single Tensor`);
    if (outputs[0].numel() !== 1) throw new RuntimeError(`The Tensor returned by the function given to ${name} should contain a single element`);
    const jac = autogradGrad(outputs, ins, null, true);
    checkRequiresGrad(jac, "jacobian", strict);
    let res: Tensor[];
    if (name === "vhp") {
      res = set_grad_enabled(create_graph ? true : is_grad_enabled(), () =>
        fillInZeros(autogradGrad(jac, ins, v, create_graph), ins, strict, create_graph, "double_back"),
      );
    } else {
      const gradJac = ins.map((inp) => zerosLike(inp, true));
      const doubleBack = autogradGrad(jac, ins, gradJac, true);
      checkRequiresGrad(jac, "hessian", strict);
      res = set_grad_enabled(create_graph ? true : is_grad_enabled(), () =>
        fillInZeros(autogradGrad(doubleBack, gradJac, v, create_graph), ins, strict, create_graph, "double_back_trick"),
      );
    }
    return [
      tuplePostprocess(gradPostprocess(outputs, create_graph), isOutputsTuple),
      tuplePostprocess(gradPostprocess(res, create_graph), isInputsTuple),
    ];
  });
}

/** vhp(func, inputs, v=None, create_graph=False, strict=False): [func_output, vhp]. */
export function vhp(func: Fn, inputs: Tensors, ...args: unknown[]): [unknown, unknown] {
  return hvpCommon("vhp", [func, inputs, ...args]);
}

/** hvp(func, inputs, v=None, create_graph=False, strict=False): [func_output, hvp]. */
export function hvp(func: Fn, inputs: Tensors, ...args: unknown[]): [unknown, unknown] {
  return hvpCommon("hvp", [func, inputs, ...args]);
}

import { NotImplementedError } from "./errors";

export const functionalNamespace = { vjp, jvp, jacobian, hessian, vhp, hvp };
