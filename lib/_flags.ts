// torch's global switches that live in LibTorch: deterministic algorithms, warn-always, flush
// denormals, and autograd's anomaly mode (torch/__init__.py and torch/autograd/anomaly_mode.py).
import { argumentError, RuntimeError, TypeError } from "./errors";
import { pyTypeName } from "./errors";
import { native } from "./native";

function boolArg(fn: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw argumentError(fn, name, "bool", value);
  return value;
}

/** torch.use_deterministic_algorithms(mode, { warn_only }): ops without a deterministic kernel raise (or warn). */
export function use_deterministic_algorithms(mode: boolean, options: { warn_only?: boolean } = {}): void {
  const warnOnly = boolArg("_set_deterministic_algorithms", "warn_only", options.warn_only ?? false);
  native.backendsSetFlag("deterministic_algorithms_warn_only", warnOnly);
  native.backendsSetFlag("deterministic_algorithms", boolArg("_set_deterministic_algorithms", "mode", mode));
}

export function are_deterministic_algorithms_enabled(): boolean {
  return native.backendsGetFlag("deterministic_algorithms");
}

export function is_deterministic_algorithms_warn_only_enabled(): boolean {
  return native.backendsGetFlag("deterministic_algorithms_warn_only");
}

/** torch.set_deterministic_debug_mode("default" | "warn" | "error" | 0 | 1 | 2). */
export function set_deterministic_debug_mode(debug_mode: number | "default" | "warn" | "error"): void {
  if (!Number.isInteger(debug_mode) && typeof debug_mode !== "string") {
    throw new TypeError(`debug_mode must be str or int, but got <class '${pyTypeName(debug_mode)}'>`);
  }
  let mode = debug_mode;
  if (typeof mode === "string") {
    const modes: Record<string, number> = { default: 0, warn: 1, error: 2 };
    if (!(mode in modes)) throw new RuntimeError(`invalid value of debug_mode, expected one of \`default\`, \`warn\`, \`error\`, but got ${mode}`);
    mode = modes[mode];
  }
  if (mode === 0) use_deterministic_algorithms(false);
  else if (mode === 1) use_deterministic_algorithms(true, { warn_only: true });
  else if (mode === 2) use_deterministic_algorithms(true);
  else throw new RuntimeError(`invalid value of debug_mode, expected 0, 1, or 2, but got ${mode}`);
}

export function get_deterministic_debug_mode(): number {
  if (!are_deterministic_algorithms_enabled()) return 0;
  return is_deterministic_algorithms_warn_only_enabled() ? 1 : 2;
}

/** torch.set_warn_always(b): LibTorch's warn-once warnings warn every time. */
export function set_warn_always(b: boolean): void {
  native.backendsSetFlag("warn_always", boolArg("_set_warnAlways", "b", b));
}

export function is_warn_always_enabled(): boolean {
  return native.backendsGetFlag("warn_always");
}

/** torch.set_flush_denormal(mode): denormal floats read as zero on the CPU; false where unsupported. */
export function set_flush_denormal(mode: boolean): boolean {
  return native.setFlushDenormal(boolArg("set_flush_denormal", "mode", mode));
}

/** torch.set_anomaly_enabled(enabled, check_nan = true): autograd's anomaly mode. */
export function set_anomaly_enabled(enabled: boolean, check_nan = true): void {
  native.backendsSetFlag("anomaly_check_nan", boolArg("set_anomaly_enabled", "check_nan", check_nan));
  native.backendsSetFlag("anomaly_enabled", boolArg("set_anomaly_enabled", "enabled", enabled));
}

export function is_anomaly_enabled(): boolean {
  return native.backendsGetFlag("anomaly_enabled");
}

export function is_anomaly_check_nan_enabled(): boolean {
  return native.backendsGetFlag("anomaly_check_nan");
}
