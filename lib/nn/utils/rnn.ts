// torch.nn.utils.rnn, ported from torch/nn/utils/rnn.py (torch 2.11): PackedSequence and the
// functions that pack, pad and unpad variable-length sequences. Packing and unpacking call the
// ATen ops Python calls (_pack_padded_sequence, _pad_packed_sequence); pad_sequence runs the
// steps of ATen's pad_sequence (a composite op: full, then narrow/select copies), so values
// and gradients are Python's.
import { bindArgs, isOptions } from "../../_args";
import { callOp } from "../../_dispatch";
import { as_tensor } from "../../creation";
import type { device } from "../../device";
import { contiguous_format, dtype, float16, float32, float64, int32, int64 } from "../../dtype";
import { argumentError, AssertionError, describe, pyTypeName, RuntimeError, TypeError, ValueError } from "../../errors";
import { OPS } from "../../generated/ops";
import { Tensor } from "../../tensor";
import { printsAsStr } from "../../_python";


type ToArg = string | device | dtype | Tensor | { device?: string | device; dtype?: dtype; non_blocking?: boolean; copy?: boolean };

/**
 * A packed batch of variable-length sequences (what pack_padded_sequence and pack_sequence
 * return, and what the recurrent layers take and give back). As Python's named tuple, it
 * destructures: `const [data, batch_sizes, sorted_indices, unsorted_indices] = packed`.
 */
export class PackedSequence {
  readonly data: Tensor;
  readonly batch_sizes: Tensor;
  readonly sorted_indices: Tensor | null;
  readonly unsorted_indices: Tensor | null;

  /**
   * new PackedSequence(data, batch_sizes = None, sorted_indices = None, unsorted_indices = None),
   * or new PackedSequence([data, batch_sizes], { sorted_indices }). Instances should be made by
   * pack_padded_sequence and pack_sequence, as in Python.
   */
  constructor(
    data: Tensor | [Tensor, Tensor],
    batch_sizes?: Tensor | null | PackedSequenceOptions,
    sorted_indices?: Tensor | null | PackedSequenceOptions,
    unsorted_indices?: Tensor | null | PackedSequenceOptions,
  ) {
    const [d, b, s, u] = bindArgs(
      "PackedSequence.__new__",
      ["data", "batch_sizes", "sorted_indices", "unsorted_indices"],
      [...arguments],
      1,
    ) as [Tensor | [Tensor, Tensor], Tensor | null | undefined, Tensor | null | undefined, Tensor | null | undefined];
    const init = _packed_sequence_init_args(d, b ?? null, s ?? null, u ?? null);
    [this.data, this.batch_sizes, this.sorted_indices, this.unsorted_indices] = init;
  }

  *[Symbol.iterator](): Generator<Tensor | null> {
    yield this.data;
    yield this.batch_sizes;
    yield this.sorted_indices;
    yield this.unsorted_indices;
  }

  /**
   * to(...) as Tensor.to, applied to data (and the indices follow data's device); batch_sizes
   * stays on the CPU. Returns this when data does not change.
   */
  to(...args: ToArg[]): PackedSequence {
    const data = this.data.to(...(args as Parameters<Tensor["to"]>));
    if (data === this.data) return this;
    const last = args[args.length - 1];
    const non_blocking = isOptions(last) ? (last as { non_blocking?: boolean }).non_blocking : undefined;
    const callTo = (t: Tensor | null): Tensor | null => (t === null ? null : t.to(data.device, { non_blocking }));
    return new PackedSequence(data, this.batch_sizes, callTo(this.sorted_indices), callTo(this.unsorted_indices));
  }

  cuda(dev?: number | string | device): PackedSequence {
    if (dev === undefined) return this.to("cuda");
    return this.to(typeof dev === "number" ? `cuda:${dev}` : dev);
  }

  cpu(): PackedSequence {
    return this.to("cpu");
  }

  double(): PackedSequence {
    return this.to({ dtype: float64 });
  }

  float(): PackedSequence {
    return this.to({ dtype: float32 });
  }

  half(): PackedSequence {
    return this.to({ dtype: float16 });
  }

  long(): PackedSequence {
    return this.to({ dtype: int64 });
  }

  int(): PackedSequence {
    return this.to({ dtype: int32 });
  }

  get is_cuda(): boolean {
    return this.data.is_cuda;
  }

  toString(): string {
    const show = (t: Tensor | null): string => (t === null ? "None" : String(t));
    return (
      `PackedSequence(data=${show(this.data)}, batch_sizes=${show(this.batch_sizes)}, ` +
      `sorted_indices=${show(this.sorted_indices)}, unsorted_indices=${show(this.unsorted_indices)})`
    );
  }
}
printsAsStr(PackedSequence);


interface PackedSequenceOptions {
  data?: Tensor | [Tensor, Tensor];
  batch_sizes?: Tensor | null;
  sorted_indices?: Tensor | null;
  unsorted_indices?: Tensor | null;
}

function _packed_sequence_init_args(
  data: Tensor | [Tensor, Tensor],
  batch_sizes: Tensor | null,
  sorted_indices: Tensor | null,
  unsorted_indices: Tensor | null,
): [Tensor, Tensor, Tensor | null, Tensor | null] {
  // NB: if unsorted_indices is given, it should be the inverse permutation of sorted_indices.
  if (unsorted_indices === null) unsorted_indices = invert_permutation(sorted_indices);
  // PackedSequence(data, batch_sizes, sorted_indices)
  if (batch_sizes !== null) {
    if (batch_sizes.device.type !== "cpu") {
      throw new ValueError(
        "batch_sizes should always be on CPU. " +
          "Instances of PackedSequence should never be created manually. " +
          "They should be instantiated by functions like pack_sequence " +
          "and pack_padded_sequences in nn.utils.rnn. " +
          "https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence",
      );
    }
    return [data as Tensor, batch_sizes, sorted_indices, unsorted_indices];
  }
  // PackedSequence([data, batch_sizes], { sorted_indices })
  if (!(Array.isArray(data) && data.length === 2)) {
    throw new AssertionError("Expected data to be a list or tuple of length 2");
  }
  return [data[0], data[1], sorted_indices, unsorted_indices];
}

/** invert_permutation(permutation): the inverse permutation (None for None). */
export function invert_permutation(permutation: Tensor | null): Tensor | null {
  if (permutation === null || permutation === undefined) return null;
  // torch.legacy_contiguous_format is c10::MemoryFormat::Contiguous.
  const output = callOp(OPS.empty_like, permutation, [{ memory_format: contiguous_format }]) as Tensor;
  output.scatter_(0, permutation, callOp(OPS.arange, null, [0, permutation.numel(), { device: permutation.device }]) as Tensor);
  return output;
}

/**
 * pack_padded_sequence(input, lengths, batch_first = false, enforce_sorted = true): packs a
 * padded batch (T x B x * , or B x T x * with batch_first) of sequences of the given lengths.
 */
export function pack_padded_sequence(
  input: Tensor,
  lengths: Tensor | number[],
  batch_first?: boolean | PackOptions,
  enforce_sorted?: boolean | PackOptions,
): PackedSequence;
export function pack_padded_sequence(input: Tensor, lengths: Tensor | number[], options: PackOptions): PackedSequence;
export function pack_padded_sequence(...args: unknown[]): PackedSequence {
  const [inputArg, lengthsArg, bf, es] = bindArgs(
    "pack_padded_sequence",
    ["input", "lengths", "batch_first", "enforce_sorted"],
    args,
    2,
  );
  let input = inputArg as Tensor;
  const batch_first = (bf ?? false) as boolean;
  const enforce_sorted = (es ?? true) as boolean;
  if (!(input instanceof Tensor)) throw argumentError("pack_padded_sequence", "input", "Tensor", input);
  let lengths: Tensor =
    lengthsArg instanceof Tensor
      ? lengthsArg.to({ dtype: int64 })
      : as_tensor(lengthsArg as number[], { dtype: int64, device: "cpu" });

  let sorted_indices: Tensor | null = null;
  if (!enforce_sorted) {
    const sorted = callOp(OPS.sort, lengths, [{ descending: true }]) as Tensor[];
    lengths = sorted[0];
    sorted_indices = sorted[1].to(input.device);
    const batch_dim = batch_first ? 0 : 1;
    input = input.index_select(batch_dim, sorted_indices);
  }
  const [data, batch_sizes] = callOp(OPS._pack_padded_sequence, null, [input, lengths, batch_first]) as Tensor[];
  return new PackedSequence(data, batch_sizes, sorted_indices, null);
}

interface PackOptions {
  input?: Tensor;
  lengths?: Tensor | number[];
  batch_first?: boolean;
  enforce_sorted?: boolean;
}

interface PadPackedOptions {
  sequence?: PackedSequence;
  batch_first?: boolean;
  padding_value?: number;
  total_length?: number | null;
}

/**
 * pad_packed_sequence(sequence, batch_first = false, padding_value = 0.0, total_length = None):
 * the inverse of pack_padded_sequence; returns [padded, lengths].
 */
export function pad_packed_sequence(
  sequence: PackedSequence,
  batch_first?: boolean | PadPackedOptions,
  padding_value?: number | PadPackedOptions,
  total_length?: number | null | PadPackedOptions,
): [Tensor, Tensor];
export function pad_packed_sequence(sequence: PackedSequence, options: PadPackedOptions): [Tensor, Tensor];
export function pad_packed_sequence(...args: unknown[]): [Tensor, Tensor] {
  const [seq, bf, pv, tl] = bindArgs(
    "pad_packed_sequence",
    ["sequence", "batch_first", "padding_value", "total_length"],
    args,
    1,
  );
  const sequence = seq as PackedSequence;
  if (!(sequence instanceof PackedSequence)) {
    throw argumentError("pad_packed_sequence", "sequence", "PackedSequence", sequence);
  }
  const batch_first = (bf ?? false) as boolean;
  const padding_value = (pv ?? 0.0) as number;
  const total_length = (tl ?? null) as number | null;
  let max_seq_length = sequence.batch_sizes.size(0) as number;
  if (total_length !== null) {
    if (total_length < max_seq_length) {
      throw new ValueError(
        "Expected total_length to be at least the length " +
          "of the longest sequence in input, but got " +
          `total_length=${total_length} and max sequence length being ${max_seq_length}`,
      );
    }
    max_seq_length = total_length;
  }
  const [padded_output, lengths] = callOp(OPS._pad_packed_sequence, null, [
    sequence.data,
    sequence.batch_sizes,
    batch_first,
    padding_value,
    max_seq_length,
  ]) as Tensor[];
  const unsorted_indices = sequence.unsorted_indices;
  if (unsorted_indices !== null) {
    const batch_dim = batch_first ? 0 : 1;
    return [padded_output.index_select(batch_dim, unsorted_indices), lengths.index(unsorted_indices.cpu())];
  }
  return [padded_output, lengths];
}

interface PadSequenceOptions {
  sequences?: Tensor | Iterable<Tensor>;
  batch_first?: boolean;
  padding_value?: number;
  padding_side?: "right" | "left";
}

/**
 * pad_sequence(sequences, batch_first = false, padding_value = 0.0, padding_side = "right"):
 * stacks sequences of different lengths (L_i x *) into one padded tensor (T x B x *, or
 * B x T x * with batch_first), padding each on the given side with padding_value.
 */
export function pad_sequence(
  sequences: Tensor | Iterable<Tensor>,
  batch_first?: boolean | PadSequenceOptions,
  padding_value?: number | PadSequenceOptions,
  padding_side?: "right" | "left" | PadSequenceOptions,
): Tensor;
export function pad_sequence(sequences: Tensor | Iterable<Tensor>, options: PadSequenceOptions): Tensor;
export function pad_sequence(...args: unknown[]): Tensor {
  const [seqs, bf, pv, ps] = bindArgs(
    "pad_sequence",
    ["sequences", "batch_first", "padding_value", "padding_side"],
    args,
    1,
  );
  const batch_first = (bf ?? false) as boolean;
  const padding_value = (pv ?? 0.0) as number;
  const padding_side = (ps ?? "right") as string;
  let sequences: Tensor[];
  if (seqs instanceof Tensor) {
    // A tensor is iterable along its first dimension in Python.
    sequences = seqs.unbind(0);
  } else if (seqs !== null && typeof seqs === "object" && Symbol.iterator in seqs) {
    sequences = [...(seqs as Iterable<Tensor>)];
  } else {
    throw new RuntimeError(
      `pad_sequence: Expected iterable for input sequences, but got arg of type: ${pyClass(seqs)}`,
    );
  }
  if (typeof batch_first !== "boolean") throw argumentError("pad_sequence", "batch_first", "bool", batch_first);
  if (typeof padding_value !== "number") throw argumentError("pad_sequence", "padding_value", "float", padding_value);
  if (typeof padding_side !== "string") throw argumentError("pad_sequence", "padding_side", "str", padding_side);
  for (const [i, s] of sequences.entries()) {
    if (!(s instanceof Tensor)) {
      throw new TypeError(
        `pad_sequence(): argument 'sequences' (position 1) must be tuple of Tensors, but found element of type ${describe(s)} at pos ${i}`,
      );
    }
  }
  // ATen's pad_sequence: one native call for the whole batch.
  return callOp(OPS.pad_sequence, null, [sequences, batch_first, padding_value, padding_side]) as Tensor;
}

/**
 * unpad_sequence(padded_sequences, lengths, batch_first = false): the list of sequences
 * that pad_sequence padded. Unlike Python's, it does not transpose padded_sequences in place
 * when batch_first is false (it reads a transposed view instead); the values are the same.
 */
export function unpad_sequence(
  padded_sequences: Tensor,
  lengths: Tensor,
  batch_first?: boolean | { padded_sequences?: Tensor; lengths?: Tensor; batch_first?: boolean },
): Tensor[] {
  const [p, l, bf] = bindArgs("unpad_sequence", ["padded_sequences", "lengths", "batch_first"], [...arguments], 2);
  if (!(p instanceof Tensor)) throw argumentError("unpad_sequence", "padded_sequences", "Tensor", p);
  if (!(l instanceof Tensor)) throw argumentError("unpad_sequence", "lengths", "Tensor", l);
  let padded = p as Tensor;
  const lens = l as Tensor;
  if (!(bf ?? false)) padded = padded.transpose(0, 1);
  const max_length = padded.shape[1];
  const idx = callOp(OPS.arange, null, [max_length, { device: lens.device }]) as Tensor;
  const rows = padded.unbind(0);
  const lengthList = lens.unbind(0);
  if (rows.length !== lengthList.length) {
    throw new ValueError(
      `zip() argument 2 is ${lengthList.length < rows.length ? "shorter" : "longer"} than argument 1`,
    );
  }
  return rows.map((seq, i) => seq.index(idx.lt(lengthList[i])));
}

/** pack_sequence(sequences, enforce_sorted = true): pad_sequence, then pack_padded_sequence. */
export function pack_sequence(
  sequences: Tensor[],
  enforce_sorted?: boolean | { sequences?: Tensor[]; enforce_sorted?: boolean },
): PackedSequence {
  const [s, es] = bindArgs("pack_sequence", ["sequences", "enforce_sorted"], [...arguments], 1);
  const seqs = s as Tensor[];
  if (!Array.isArray(seqs) || !seqs.every((t) => t instanceof Tensor)) throw argumentError("pack_sequence", "sequences", "a list of Tensors", seqs);
  const lengths = as_tensor(seqs.map((v) => v.size(0) as number));
  return pack_padded_sequence(pad_sequence(seqs), lengths, { enforce_sorted: (es ?? true) as boolean });
}

/** unpack_sequence(packed_sequences): the list of sequences that were packed. */
export function unpack_sequence(packed_sequences: PackedSequence): Tensor[] {
  const [padded, lengths] = pad_packed_sequence(packed_sequences, { batch_first: true });
  return unpad_sequence(padded, lengths, { batch_first: true });
}

/** Python's type(value) as it prints: <class 'int'>. */
function pyClass(value: unknown): string {
  return `<class '${pyTypeName(value)}'>`;
}
