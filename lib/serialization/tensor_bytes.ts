// A tensor's elements as raw little-endian bytes (row-major), and back.
import { Tensor } from "../tensor";
import { frombuffer } from "../creation";
import { dtype, uint8 } from "../dtype";
import { native } from "../native";
import { callOp } from "../_dispatch";
import { OPS } from "../generated/ops";

/**
 * The elements of `t`, contiguous, as bytes over the tensor's own CPU memory (no copy when it
 * is already a contiguous CPU tensor; conj and neg views resolved). For bytes written or copied
 * at once (torch.save, save_file, a pickled storage): they change if `t` does.
 */
export function tensorBytes(t: Tensor): Uint8Array {
  return native.bytesView(t._h);
}

/** A 1-D CPU tensor of `nbytes` bytes read as `d`, its memory filled in place by `fill`. */
export function tensorFilledBy(nbytes: number, d: dtype, fill: (bytes: Uint8Array) => void): Tensor {
  const bytes = callOp(OPS.empty, null, [[nbytes], { dtype: uint8 }]) as Tensor;
  if (nbytes > 0) fill(tensorBytes(bytes));
  return bytes.view(d);
}

/** A 1-D CPU tensor of `bytes` read as `d` (a copy). */
export function tensorFromBytes(bytes: Uint8Array, d: dtype): Tensor {
  return frombuffer(bytes, { dtype: d });
}
