// torch.autograd.gradcheck and gradgradcheck, ported from torch/autograd/gradcheck.py's slow
// mode (fast_mode=True runs it too): the numerical Jacobian by central differences (eps) against
// the analytical one row by row from backward, compared with allclose(rtol, atol); backward run
// twice must agree within nondet_tol. Real inputs only.
import { bindArgs } from "./_args";
import { callOp } from "./_dispatch";
import { autogradNamespace, no_grad } from "./autograd";
import { NotImplementedError, RuntimeError, ValueError } from "./errors";
import { OPS } from "./generated/ops";
import { Tensor } from "./tensor";
import { float64 } from "./dtype";

const grad = autogradNamespace.grad;

/** GradcheckError: what gradcheck raises (a RuntimeError), as Python's. */
export class GradcheckError extends RuntimeError {}
Object.defineProperty(GradcheckError.prototype, "name", { value: "GradcheckError", writable: true, configurable: true });

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  raise_exception?: boolean;
  nondet_tol?: number;
  check_undefined_grad?: boolean;
  check_grad_dtypes?: boolean;
  check_batched_grad?: boolean;
  check_batched_forward_grad?: boolean;
  check_forward_ad?: boolean;
  check_backward_ad?: boolean;
  fast_mode?: boolean;
  masked?: boolean | null;
}

const GRADCHECK_PARAMS = [
  "func", "inputs", "eps", "atol", "rtol", "raise_exception", "nondet_tol", "check_undefined_grad",
  "check_grad_dtypes", "check_batched_grad", "check_batched_forward_grad", "check_forward_ad",
  "check_backward_ad", "fast_mode", "masked",
] as const;

type Func = (...inputs: any[]) => unknown;

function asTuple(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [x];
}

function differentiableOutputs(x: unknown): Tensor[] {
  return asTuple(x).filter((o): o is Tensor => o instanceof Tensor && o.requires_grad);
}

const FAILED_NONDET_MSG = `

NOTE: If your op relies on non-deterministic operations i.e., it is listed here:
https://pytorch.org/docs/stable/generated/torch.use_deterministic_algorithms.html
this failure might be expected.

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck.
If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with \`nondet_tol=<tol>\` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have \`gradcheck_nondet_tol=<tol>\`.
- is a Module test (e.g., in common_nn.py), then modify the corresponding
  module_test entry to have \`gradcheck_nondet_tol=<tol>\`
`;

function allclose(a: Tensor, b: Tensor, rtol: number, atol: number): boolean {
  return callOp(OPS.allclose, null, [a, b, rtol, atol]) as boolean;
}

/**
 * gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, nondet_tol=0, ...):
 * true when the analytical gradients match finite differences; otherwise GradcheckError (or false).
 */
export function gradcheck(func: Func, inputs: unknown, options?: GradcheckOptions): boolean;
export function gradcheck(...args: unknown[]): boolean {
  const [func, inputs, eps, atol, rtol, raiseException, nondetTol, , , checkBatchedGrad, , checkForwardAd, checkBackwardAd] = bindArgs(
    "gradcheck", GRADCHECK_PARAMS, args, 2, 2,
  );
  const raise = (raiseException ?? true) as boolean;
  if (checkBatchedGrad) throw new NotImplementedError("torchts: gradcheck(check_batched_grad=True) needs vmap, which torchts does not have");
  if (checkForwardAd) throw new NotImplementedError("torchts: gradcheck(check_forward_ad=True) needs forward-mode AD, which torchts does not have");
  try {
    return gradcheckImpl(
      func as Func, asTuple(inputs), (eps ?? 1e-6) as number, (atol ?? 1e-5) as number, (rtol ?? 1e-3) as number,
      (nondetTol ?? 0) as number, (checkBackwardAd ?? true) as boolean,
    );
  } catch (e) {
    if (!raise && e instanceof GradcheckError) return false;
    throw e;
  }
}

function gradcheckImpl(func: Func, inputs: unknown[], eps: number, atol: number, rtol: number, nondetTol: number, checkBackward: boolean): boolean {
  // _check_inputs
  let anyRequiresGrad = false;
  inputs.forEach((inp, idx) => {
    if (inp instanceof Tensor && inp.requires_grad) {
      anyRequiresGrad = true;
      if (inp.dtype !== float64 && inp.dtype.toString() !== "torch.complex128") {
        process.emitWarning(
          `Input #${idx} requires gradient and is not a double precision floating point or complex. This check will likely fail if all the inputs are not of double precision floating point or complex. `,
          "UserWarning",
        );
      }
    }
  });
  if (!anyRequiresGrad) {
    throw new ValueError("gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.");
  }
  const funcOut = func(...inputs);
  const outputs = differentiableOutputs(funcOut);
  const diffInputs = inputs.map((x, i) => [x, i] as const).filter((p): p is readonly [Tensor, number] => p[0] instanceof Tensor && p[0].requires_grad);
  if (outputs.length === 0) {
    // _check_no_differentiable_outputs
    const numerical = numericalJacobian(func, inputs, diffInputs, eps);
    numerical.forEach((perInput) => {
      perInput.forEach((n) => {
        if (n.ne(0).any().item()) {
          throw new GradcheckError("Numerical gradient for function expected to be zero");
        }
      });
    });
    return true;
  }
  if (!checkBackward) return true;
  // numerical[inputIdx][outputIdx]: (in.numel, out.numel), as Python's.
  // The analytical Jacobian first: the perturbation below bumps the inputs' version counters,
  // which the graph of funcOut checks (Python perturbs through .data, which does not).
  const analytical = analyticalJacobian(diffInputs.map((p) => p[0]), outputs, nondetTol);
  const numerical = numericalJacobian(func, inputs, diffInputs, eps);
  outputs.forEach((_o, j) => {
    diffInputs.forEach((_p, i) => {
      const a = analytical[i][j];
      const n = numerical[i][j];
      if (!allclose(a, n.to(a.dtype), rtol, atol)) {
        throw new GradcheckError(
          `Jacobian mismatch for output ${j} with respect to input ${i},\nnumerical:${n}\nanalytical:${a}\n`,
        );
      }
    });
  });
  return true;
}

function numericalJacobian(func: Func, inputs: unknown[], diffInputs: readonly (readonly [Tensor, number])[], eps: number): Tensor[][] {
  {
    const evalOut = (): Tensor[] => asTuple(func(...inputs)).filter((o): o is Tensor => o instanceof Tensor).map((o) => o.detach());
    const base = evalOut();
    const diffOutIdx = asTuple(func(...inputs))
      .filter((o): o is Tensor => o instanceof Tensor)
      .map((o, k) => (o.requires_grad ? k : -1))
      .filter((k) => k >= 0);
    void base;
    return diffInputs.map(([inp]) => {
      const n = inp.numel();
      const flat = inp.detach().view(-1);
      const cols: Tensor[][] = diffOutIdx.map(() => []);
      for (let k = 0; k < n; k++) {
        const entry = flat.narrow(0, k, 1);
        const orig = entry.clone();
        no_grad(() => entry.copy_(orig.sub(eps)));
        const outa = evalOut();
        no_grad(() => entry.copy_(orig.add(eps)));
        const outb = evalOut();
        no_grad(() => entry.copy_(orig));
        diffOutIdx.forEach((oi, j) => {
          const a = outa[oi];
          const b = outb[oi];
          cols[j].push(b.sub(a).div(2 * eps).detach().reshape(-1));
        });
      }
      // rows are the input entries: (in.numel, out.numel)
      return cols.map((c, j) => {
        if (c.length === 0) return callOp(OPS.zeros, null, [[0, outa0Numel(diffOutIdx[j])], { dtype: float64 }]) as Tensor;
        return callOp(OPS.stack, null, [c, 0]) as Tensor;
      });
    });
    function outa0Numel(oi: number): number {
      return base[oi].numel();
    }
  }
}

function analyticalJacobian(diffInputs: Tensor[], outputs: Tensor[], nondetTol: number): Tensor[][] {
  const once = (): Tensor[][] =>
    outputs.map((out) => {
      const m = out.numel();
      const rows: Tensor[][] = diffInputs.map(() => []);
      const flatOnes = callOp(OPS.zeros_like, null, [out.reshape(-1)]) as Tensor;
      for (let k = 0; k < m; k++) {
        const go = flatOnes.clone();
        go.narrow(0, k, 1).fill_(1);
        const grads = grad([out], diffInputs, [go.view_as(out)], { retain_graph: true, allow_unused: true });
        grads.forEach((g, i) => {
          const inp = diffInputs[i];
          if (g !== null && (g.dtype !== inp.dtype)) {
            throw new GradcheckError("Gradient has dtype mismatch");
          }
          if (g !== null && g.shape.join(",") !== inp.shape.join(",")) {
            throw new GradcheckError("Analytical gradient has incorrect size");
          }
          rows[i].push(g === null ? (callOp(OPS.zeros, null, [[inp.numel()], { dtype: inp.dtype }]) as Tensor) : g.detach().reshape(-1));
        });
      }
      // (in.numel, out.numel): column k is the gradient for output entry k.
      return rows.map((r, i) =>
        r.length ? (callOp(OPS.stack, null, [r, 1]) as Tensor) : (callOp(OPS.zeros, null, [[diffInputs[i].numel(), 0], { dtype: diffInputs[i].dtype }]) as Tensor),
      );
    });
  const first = once();
  const second = once();
  // by input, then output
  const byInput = diffInputs.map((_, i) => outputs.map((_o, j) => first[j][i]));
  outputs.forEach((_o, j) =>
    diffInputs.forEach((_inp, i) => {
      if (!allclose(first[j][i], second[j][i], 0, nondetTol)) {
        throw new GradcheckError(
          "Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives different values, although analytical gradient matches numerical gradient." +
            `The tolerance for nondeterminism was ${nondetTol}.` + FAILED_NONDET_MSG,
        );
      }
    }),
  );
  return byInput;
}

export interface GradgradcheckOptions extends GradcheckOptions {
  gen_non_contig_grad_outputs?: boolean;
}

/**
 * gradgradcheck(func, inputs, grad_outputs=None, *, eps, atol, rtol, gen_non_contig_grad_outputs,
 * raise_exception, nondet_tol, ...): gradcheck of the gradients (create_graph=True backward),
 * with random grad_outputs in [-1, 1) where none are given.
 */
export function gradgradcheck(func: Func, inputs: unknown, grad_outputs?: unknown, options?: GradgradcheckOptions): boolean;
export function gradgradcheck(...args: unknown[]): boolean {
  const names = ["func", "inputs", "grad_outputs", "eps", "atol", "rtol", "gen_non_contig_grad_outputs", "raise_exception", "nondet_tol", "check_undefined_grad", "check_grad_dtypes", "check_batched_grad", "check_fwd_over_rev", "check_rev_over_rev", "fast_mode", "masked"];
  const [func, inputs, gradOutputs, eps, atol, rtol, , raiseException, nondetTol] = bindArgs("gradgradcheck", names, args, 2, 3);
  const f = func as Func;
  const tupledInputs = asTuple(inputs);
  let tupledGradOutputs: Tensor[];
  if (gradOutputs === null || gradOutputs === undefined) {
    const outs = differentiableOutputs(f(...tupledInputs));
    tupledGradOutputs = outs.map((x) => {
      const dt = x.dtype.is_floating_point || x.dtype.is_complex ? x.dtype : float64;
      const r = callOp(OPS.rand, null, [x.shape, { dtype: dt, device: x.device }]) as Tensor;
      return r.mul(2).sub(1).requires_grad_(true);
    });
  } else {
    tupledGradOutputs = asTuple(gradOutputs) as Tensor[];
  }
  const numOutputs = tupledGradOutputs.length;
  const diffInputIdx = new Set(tupledInputs.map((x, i) => (x instanceof Tensor && x.requires_grad ? i : -1)).filter((i) => i >= 0));
  const diffGradOutIdx = new Set(tupledGradOutputs.map((x, i) => (x.requires_grad ? i : -1)).filter((i) => i >= 0));
  const newFunc = (...a: unknown[]): Tensor[] => {
    const inputArgs = a.slice(0, a.length - numOutputs).map((x, i) => (diffInputIdx.has(i) ? (x as Tensor).requires_grad_() : x));
    const outs = differentiableOutputs(f(...inputArgs));
    const gos = (a.slice(a.length - numOutputs) as Tensor[]).map((x, i) => (diffGradOutIdx.has(i) ? x.requires_grad_() : x));
    const diffInputArgs = inputArgs.filter((_x, i) => diffInputIdx.has(i)) as Tensor[];
    const gradInputs = grad(outs, diffInputArgs, gos, { create_graph: true, allow_unused: true });
    return gradInputs.filter((g): g is Tensor => g !== null);
  };
  return gradcheck(newFunc, [...tupledInputs, ...tupledGradOutputs], {
    eps: (eps ?? 1e-6) as number, atol: (atol ?? 1e-5) as number, rtol: (rtol ?? 1e-3) as number,
    raise_exception: (raiseException ?? true) as boolean, nondet_tol: (nondetTol ?? 0) as number,
  });
}
