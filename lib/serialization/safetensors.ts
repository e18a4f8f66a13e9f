// The safetensors format (Python's safetensors.torch.save_file / load_file): an 8-byte
// little-endian header length, a JSON header { name: { dtype, shape, data_offsets }, __metadata__ },
// padded with spaces to a multiple of 8 bytes, then the tensors' bytes back to back.
import * as fs from "node:fs";
import * as dt from "../dtype";
import { device } from "../device";
import { Tensor } from "../tensor";
import { atomicWrite } from "./atomic";
import { RuntimeError, TypeError } from "../errors";
import { fileError } from "./errors";
import { tensorBytes, tensorFromBytes } from "./tensor_bytes";

const NAMES = new Map<dt.dtype, string>([
  [dt.float32, "F32"], [dt.float64, "F64"], [dt.float16, "F16"], [dt.bfloat16, "BF16"], [dt.int64, "I64"],
  [dt.int32, "I32"], [dt.int16, "I16"], [dt.int8, "I8"], [dt.uint8, "U8"], [dt.bool, "BOOL"],
  [dt.uint16, "U16"], [dt.uint32, "U32"], [dt.uint64, "U64"],
]);
const DTYPES = new Map([...NAMES].map(([d, n]) => [n, d]));
// The safetensors library refuses headers larger than this (MAX_HEADER_SIZE).
const MAX_HEADER_SIZE = 100_000_000;

/** save_file(tensors, filename, metadata?): writes tensors (sorted by dtype size then name, as Python does). */
export function save_file(tensors: Record<string, Tensor>, filename: string, metadata?: Record<string, string> | null): void {
  if (typeof filename !== "string") throw new TypeError(`save_file: filename must be a file path (a string), not ${typeof filename}`);
  if (typeof tensors !== "object" || tensors === null) throw new TypeError(`save_file: tensors must be an object of tensors, not ${tensors === null ? "null" : typeof tensors}`);
  const entries = Object.entries(tensors);
  for (const [k, t] of entries) if (!(t instanceof Tensor)) throw new TypeError(`save_file: tensors["${k}"] is not a Tensor`);
  if (metadata !== null && metadata !== undefined && (typeof metadata !== "object" || Array.isArray(metadata))) {
    throw new TypeError(`save_file: metadata must be an object of strings, not ${typeof metadata}`);
  }
  if (metadata) for (const [k, v] of Object.entries(metadata)) if (typeof v !== "string") throw new TypeError(`save_file: metadata["${k}"] must be a string`);
  entries.sort(([ka, a], [kb, b]) => b.dtype.itemsize - a.dtype.itemsize || (ka < kb ? -1 : ka > kb ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  const datas: Uint8Array[] = [];
  let offset = 0;
  for (const [k, t] of entries) {
    const name = NAMES.get(t.dtype);
    if (!name) throw new TypeError(`save_file: dtype ${t.dtype} is not supported`);
    const bytes = tensorBytes(t);
    header[k] = { dtype: name, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
    datas.push(bytes);
  }
  let json = JSON.stringify(header);
  const n = Buffer.byteLength(json, "utf8");
  json += " ".repeat((8 - (n % 8)) % 8);
  const head = Buffer.from(json, "utf8");
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(head.length));
  atomicWrite("safetensors.save_file", filename, [len, head, ...datas]);
}

/** load_file(filename, { device = "cpu" }): the tensors of a safetensors file, by name. */
export function load_file(filename: string, options: { device?: string | device } = {}): Record<string, Tensor> {
  if (typeof filename !== "string") throw new TypeError(`load_file: filename must be a file path (a string), not ${typeof filename}`);
  const fail = (m: string) => fileError("safetensors.load_file", filename, m);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(filename);
  } catch (error) {
    throw new RuntimeError(`safetensors.load_file: cannot read ${filename} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  if (bytes.length < 8) throw fail("file too short for a safetensors header");
  const n = bytes.readBigUInt64LE(0);
  if (n > BigInt(bytes.length - 8)) throw fail(`header length ${n} is larger than the file (${bytes.length} bytes)`);
  if (n > BigInt(MAX_HEADER_SIZE)) throw fail(`header length ${n} is larger than the ${MAX_HEADER_SIZE} bytes safetensors allows`);
  let header: Record<string, any>;
  try {
    header = JSON.parse(bytes.toString("utf8", 8, 8 + Number(n)));
  } catch (error) {
    throw fail(`invalid JSON header (${(error as Error).message})`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) throw fail("the header is not a JSON object");
  const start = 8 + Number(n);
  const dataLen = bytes.length - start;
  // Every entry is checked before any tensor is made.
  const entries: { name: string; d: dt.dtype; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const d = DTYPES.get(info?.dtype);
    if (!d) throw fail(`tensor ${name}: unknown dtype ${JSON.stringify(info?.dtype)}`);
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((s: unknown) => Number.isSafeInteger(s) && (s as number) >= 0)) throw fail(`tensor ${name}: bad shape ${JSON.stringify(shape)}`);
    const offs = info.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o: unknown) => Number.isSafeInteger(o) && (o as number) >= 0) || offs[0] > offs[1]) {
      throw fail(`tensor ${name}: bad data_offsets ${JSON.stringify(offs)}`);
    }
    const numel = shape.reduce((a: number, b: number) => a * b, 1);
    if (offs[1] - offs[0] !== numel * d.itemsize) {
      throw fail(`tensor ${name}: data_offsets [${offs}] span ${offs[1] - offs[0]} bytes but shape [${shape}] of ${info.dtype} needs ${numel * d.itemsize}`);
    }
    if (offs[1] > dataLen) throw fail(`tensor ${name}: data_offsets [${offs}] end past the data (${dataLen} bytes; truncated file?)`);
    entries.push({ name, d, shape, begin: offs[0], end: offs[1] });
  }
  const spans = [...entries].sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].begin < spans[i - 1].end) throw fail(`tensors ${spans[i - 1].name} and ${spans[i].name} overlap`);
  }
  const dev = options.device ?? "cpu";
  const out: Record<string, Tensor> = {};
  for (const { name, d, shape, begin, end } of entries) {
    let t = tensorFromBytes(bytes.subarray(start + begin, start + end), d).reshape(shape);
    if (String(dev) !== "cpu") t = t.to(dev);
    // defineProperty: a tensor named "__proto__" is an own property, not the object's prototype.
    Object.defineProperty(out, name, { value: t, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
