// torch.ops.aten: every ATen operator by name and overload, as Python's torch.ops has them:
// `torch.ops.aten.slice.Tensor(x, 0, 1, 3)` calls that overload, `torch.ops.aten.slice(...)`
// tries the overloads in turn. Operators are found and their schemas read on first use
// (native/boxed.cc); arguments bind by the schema's names, positions and defaults, and the
// native layer reads each as its schema type says.
import { isOptions } from "./_args";
import { wrapValue } from "./_dispatch";
import { Complex } from "./complex";
import { device } from "./device";
import { dtype, memory_format } from "./dtype";
import { RuntimeError, TypeError } from "./errors";
import { Generator } from "./generator";
import { layout } from "./layout";
import { native } from "./native";
import { Tensor } from "./tensor";

interface SchemaParam {
  name: string;
  kwOnly: boolean;
  /** undefined: required. */
  fallback: unknown;
}

/** One overload: callable, with its schema text (Python's OpOverload). */
export type OpOverload = ((...args: unknown[]) => unknown) & { readonly _schema: string; readonly overloadName: string };
/** An operator: callable (the first overload that takes the arguments), with its overloads as properties. */
export type OpOverloadPacket = ((...args: unknown[]) => unknown) & Record<string, OpOverload> & { overloads(): string[] };

const MEMORY_FORMATS: Record<string, number> = { contiguous_format: 0, preserve_format: 1, channels_last: 2, channels_last_3d: 3 };

/** A schema default as a JS value: None, True, 1, 1.5, [1, 1], 'mean', contiguous_format, ... */
function literal(text: string): unknown {
  if (text === "None") return null;
  if (text === "True" || text === "False") return text === "True";
  if (text in MEMORY_FORMATS) return MEMORY_FORMATS[text];
  if (text === "strided") return null;
  if (/^['"]/.test(text)) return text.slice(1, -1);
  if (text.startsWith("[")) return text.slice(1, -1).split(",").filter((x) => x.trim() !== "").map((x) => literal(x.trim()));
  if (text === "inf" || text === "-inf") return text === "inf" ? Infinity : -Infinity;
  const n = Number(text);
  if (!Number.isNaN(n)) return n;
  return text; // an enum name LibTorch reads itself
}

/** Splits at top-level commas (not inside brackets, parentheses or quotes). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0, quote = "", start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) { if (c === quote) quote = ""; continue; }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) (parts.push(text.slice(start, i).trim()), (start = i + 1));
  }
  if (text.slice(start).trim()) parts.push(text.slice(start).trim());
  return parts;
}

/** "aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor" -> its parameters. */
function parseSchema(schema: string): SchemaParam[] {
  const open = schema.indexOf("(");
  let depth = 0, close = open;
  for (; close < schema.length; close++) {
    if (schema[close] === "(") depth++;
    else if (schema[close] === ")" && --depth === 0) break;
  }
  let kwOnly = false;
  const params: SchemaParam[] = [];
  for (const part of splitTopLevel(schema.slice(open + 1, close))) {
    if (part === "*") {
      kwOnly = true;
      continue;
    }
    const eq = part.indexOf("=");
    const declaration = eq < 0 ? part : part.slice(0, eq);
    const name = declaration.trim().split(/\s+/).pop()!;
    params.push({ name, kwOnly, fallback: eq < 0 ? undefined : literal(part.slice(eq + 1).trim()) });
  }
  return params;
}

/** A JS value as the native layer reads it: tensors as handles, dtypes as codes, ... */
function nativeValue(value: unknown): unknown {
  if (value instanceof Tensor) return value._h;
  if (value instanceof dtype || value instanceof memory_format) return value.code;
  if (value instanceof device) return String(value);
  if (value instanceof Generator) return value._h;
  if (value instanceof layout) return null; // strided; the others are refused by the native reader
  if (Array.isArray(value)) return value.map(nativeValue);
  if (value instanceof Complex) return value;
  return value === undefined ? null : value;
}

class Mismatch extends Error {}

function bindArgs(qualified: string, params: SchemaParam[], args: unknown[]): unknown[] {
  let options: Record<string, unknown> = {};
  let positional = args;
  if (args.length > 0 && isOptions(args[args.length - 1])) (options = args[args.length - 1] as Record<string, unknown>), (positional = args.slice(0, -1));
  const bound: unknown[] = [];
  let at = 0;
  for (const p of params) {
    if (!p.kwOnly && at < positional.length) bound.push(nativeValue(positional[at++]));
    else if (options[p.name] !== undefined) bound.push(nativeValue(options[p.name]));
    else if (p.fallback !== undefined) bound.push(p.fallback);
    else throw new Mismatch(`${qualified}() is missing value for argument '${p.name}'`);
  }
  if (at < positional.length) throw new Mismatch(`${qualified}() expected at most ${at} argument(s) but received ${positional.length} argument(s)`);
  const unknown = Object.keys(options).find((k) => options[k] !== undefined && !params.some((p) => p.name === k));
  if (unknown !== undefined) throw new Mismatch(`Unknown keyword argument '${unknown}' for operator '${qualified}'`);
  return bound;
}

function overload(schema: string): OpOverload {
  const qualified = schema.slice(0, schema.indexOf("("));
  const [name, overloadName = ""] = qualified.split(".");
  const params = parseSchema(schema);
  let handle: unknown = null;
  const call = (...args: unknown[]): unknown => {
    let bound: unknown[];
    try {
      bound = bindArgs(qualified, params, args);
    } catch (e) {
      if (e instanceof Mismatch) throw new TypeError(e.message);
      throw e;
    }
    handle ??= native.opFind(name, overloadName);
    return wrapValue(native.opCall(handle, bound));
  };
  return Object.assign(call, { _schema: schema, overloadName: overloadName || "default" });
}

const packets = new Map<string, OpOverloadPacket>();

function packet(name: string): OpOverloadPacket | undefined {
  if (packets.has(name)) return packets.get(name);
  const schemas = native.opSchemas(`aten::${name}`);
  if (schemas.length === 0) return undefined;
  const overloads = schemas.map(overload);
  const call = (...args: unknown[]): unknown => {
    const errors: string[] = [];
    for (const o of overloads) {
      try {
        return o(...args);
      } catch (e) {
        // An argument of the wrong kind: the next overload may take it.
        if (!(e instanceof globalThis.TypeError)) throw e;
        errors.push(`  ${o._schema}: ${(e as Error).message}`);
      }
    }
    throw new RuntimeError(`Overloaded torch operator invoked from JS failed to match any schema:\n${errors.join("\n")}`);
  };
  const result = Object.assign(call, { overloads: () => overloads.map((o) => o.overloadName) }) as unknown as OpOverloadPacket;
  for (const o of overloads) (result as Record<string, unknown>)[o.overloadName] = o;
  packets.set(name, result);
  return result;
}

/** torch.ops: torch.ops.aten.<name>[.<overload>](...). */
export const ops = {
  aten: new Proxy({} as Record<string, OpOverloadPacket>, {
    get: (_target, name) => {
      if (typeof name !== "string") return undefined;
      const found = packet(name);
      if (!found) throw new RuntimeError(`No such operator aten::${name}`);
      return found;
    },
  }),
};
