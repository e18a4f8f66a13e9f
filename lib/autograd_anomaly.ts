// torch.autograd.detect_anomaly and set_detect_anomaly (torch/autograd/anomaly_mode.py), with
// `with` blocks as callbacks: detect_anomaly(fn), detect_anomaly(check_nan, fn),
// set_detect_anomaly(mode, check_nan?) as a function and set_detect_anomaly(mode, check_nan?, fn).
import { is_anomaly_check_nan_enabled, is_anomaly_enabled, set_anomaly_enabled } from "./_flags";
import { argumentError } from "./errors";

function withAnomaly<T>(mode: boolean, check_nan: boolean, fn: () => T): T {
  const prev = is_anomaly_enabled();
  const prevNan = is_anomaly_check_nan_enabled();
  set_anomaly_enabled(mode, check_nan);
  try {
    return fn();
  } finally {
    set_anomaly_enabled(prev, prevNan);
  }
}

function splitArgs(fnName: string, args: unknown[]): [boolean | undefined, unknown] {
  let check: unknown;
  let fn: unknown;
  for (const a of args) {
    if (typeof a === "function") fn = a;
    else if (typeof a === "boolean") check = a;
    else if (a && typeof a === "object" && "check_nan" in a) check = (a as { check_nan: unknown }).check_nan;
    else if (a !== undefined) throw argumentError(fnName, "check_nan", "bool", a);
  }
  if (check !== undefined && typeof check !== "boolean") throw argumentError(fnName, "check_nan", "bool", check);
  return [check as boolean | undefined, fn];
}

/** detect_anomaly(fn) / detect_anomaly(check_nan, fn) / detect_anomaly({ check_nan }, fn): runs fn with anomaly detection on. */
export function detect_anomaly<T>(fn: () => T): T;
export function detect_anomaly<T>(check_nan: boolean | { check_nan?: boolean }, fn: () => T): T;
export function detect_anomaly<T>(...args: unknown[]): T {
  const [check, fn] = splitArgs("detect_anomaly", args);
  if (typeof fn !== "function") throw argumentError("detect_anomaly", "fn", "a function", fn);
  process.emitWarning(
    "Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled for debugging.",
    "UserWarning",
  );
  return withAnomaly(true, check ?? true, fn as () => T);
}

/** set_detect_anomaly(mode, check_nan = true) sets the mode; with a callback last it runs fn under it and restores the previous one. */
export function set_detect_anomaly(mode: boolean, check_nan?: boolean | { check_nan?: boolean }): void;
export function set_detect_anomaly<T>(mode: boolean, fn: () => T): T;
export function set_detect_anomaly<T>(mode: boolean, check_nan: boolean | { check_nan?: boolean }, fn: () => T): T;
export function set_detect_anomaly<T>(mode: boolean, ...args: unknown[]): T | void {
  if (typeof mode !== "boolean") throw argumentError("set_detect_anomaly", "mode", "bool", mode);
  const [check, fn] = splitArgs("set_detect_anomaly", args);
  if (fn === undefined) return set_anomaly_enabled(mode, check ?? true);
  return withAnomaly(mode, check ?? true, fn as () => T);
}
