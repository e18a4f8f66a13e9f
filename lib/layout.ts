// torch.layout: how a tensor's elements are stored. torchts has strided tensors only; the other
// layouts exist so that code naming them reads as in Python and gets Python's refusal.
import { printsAsStr } from "./_python";

export class layout {
  /** @internal */
  constructor(readonly name: string) {
    Object.freeze(this);
  }

  toString(): string {
    return `torch.${this.name}`;
  }
}

export const strided = new layout("strided");
export const sparse_coo = new layout("sparse_coo");
export const sparse_csr = new layout("sparse_csr");
export const sparse_csc = new layout("sparse_csc");
export const sparse_bsr = new layout("sparse_bsr");
export const sparse_bsc = new layout("sparse_bsc");
export const jagged = new layout("jagged");
export const _mkldnn = new layout("_mkldnn");

printsAsStr(layout);
