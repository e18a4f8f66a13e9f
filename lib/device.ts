// torch.device: `torch.device("cuda:0")`, `torch.device("cuda", 0)`, with or without `new`.
import { RuntimeError, TypeError } from "./errors";
import { native } from "./native";
import { printsAsStr } from "./_python";

export interface device {
  readonly type: string;
  readonly index: number | null;
  toString(): string;
}

export interface DeviceConstructor {
  (spec: string | device, index?: number): device;
  new (spec: string | device, index?: number): device;
  readonly prototype: device;
}

/** Callable as in Python (`torch.device("cuda")`) and constructible with `new`. */
export const device = function device(this: unknown, spec: string | device, index?: number): device {
  if (!(this instanceof device)) return new (device as DeviceConstructor)(spec, index);
  if (typeof spec === "object" && spec !== null && spec instanceof device) {
    return spec;
  }
  if (typeof spec !== "string") {
    throw new TypeError(`device(): argument 'type' must be str, not ${typeof spec}`);
  }
  // LibTorch's parser (c10::Device), as Python's: its spellings and its errors.
  const [type, parsedIndex] = native.parseDevice(spec);
  if (parsedIndex !== null && index !== undefined) {
    throw new RuntimeError(`type (string) must not include an index because index was passed explicitly: ${spec}`);
  }
  const self = this as { type: string; index: number | null };
  self.type = type;
  self.index = parsedIndex ?? index ?? null;
  if (self.index !== null && (!Number.isInteger(self.index) || self.index < 0)) {
    throw new RuntimeError(`Device index must not be negative`);
  }
  Object.freeze(this);
  return this as device;
} as unknown as DeviceConstructor;

device.prototype.toString = function (this: device): string {
  return this.index === null ? this.type : `${this.type}:${this.index}`;
};
printsAsStr(device);

/** A device argument as the native layer takes it: a string such as "cuda:0", or null. */
export function deviceSpec(d: string | device | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  if (typeof d === "string") return d;
  if (d instanceof device) return d.toString();
  throw new TypeError(`expected a device (a string or torch.device), not ${typeof d}`);
}
