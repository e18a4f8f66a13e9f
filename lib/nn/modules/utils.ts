// torch.nn.modules.utils (torch/nn/modules/utils.py): the size helpers of the layers with
// 1d, 2d and 3d forms.

/** Python's _ntuple(n): an iterable (an array, a string) as an array of its items, anything else n copies. */
export function _ntuple(n: number): (x: unknown) => number[] {
  return (x) => {
    const iterable = x !== null && x !== undefined && typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
    return iterable ? Array.from(x as Iterable<number>) : new Array<number>(n).fill(x as number);
  };
}

export const _single = _ntuple(1);
export const _pair = _ntuple(2);
export const _triple = _ntuple(3);

/** _single, _pair or _triple, by the layer's number of spatial dimensions. */
export function ntuple(x: unknown, n: number): number[] {
  return _ntuple(n)(x);
}
