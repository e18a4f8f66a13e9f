// Deep equality (toEqual, toStrictEqual, and the hint of a failing or negated toBe) iterates
// whatever is iterable, and a tensor iterates as in Python: down to 0-d elements, which raise
// "iteration over a 0-d tensor". Two tensors are equal here when they are the same object
// (compare values with x.eq(y).all() or the helpers of ./compare).
import { expect } from "vitest";
import torch from "torchts";

expect.addEqualityTesters([
  function tensorIdentity(a: unknown, b: unknown): boolean | undefined {
    if (a instanceof torch.Tensor || b instanceof torch.Tensor) return a === b;
    return undefined;
  },
  // x.shape is a torch.Size, an Array subclass, which toStrictEqual would tell from a plain
  // array of the same numbers (Python's torch.Size == (2, 3) is True): compared by elements.
  function sizeAsArray(a: unknown, b: unknown): boolean | undefined {
    if (!(a instanceof torch.Size || b instanceof torch.Size) || !Array.isArray(a) || !Array.isArray(b)) return undefined;
    return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  },
]);
