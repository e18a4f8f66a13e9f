// Small pieces of Python's behaviour that ported code needs in many places.

/** A Python default: `undefined` (not given) takes the default; null stays None. */
export function given<V>(value: unknown, fallback: V): V {
  return (value === undefined ? fallback : value) as V;
}

/** Python's `x is None` for an argument: null, or not given (undefined). */
export function isNone(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

const warned = new Set<string>();

/**
 * warnings.warn: Python's default filter shows a warning once per place it is raised from;
 * here, once per distinct message, through Node's process warnings.
 */
export function warn(message: string, category = "UserWarning"): void {
  const key = `${category}: ${message}`;
  if (warned.has(key)) return;
  warned.add(key);
  process.emitWarning(message, category);
}

/**
 * console.log is Python's print: it shows str(x). Makes Node's util.inspect (console.log, the
 * REPL) show each instance of these classes as String(instance), their toString().
 */
export function printsAsStr(...classes: { prototype: object }[]): void {
  for (const cls of classes) {
    Object.defineProperty(cls.prototype, Symbol.for("nodejs.util.inspect.custom"), {
      value: function (this: object): string {
        return String(this);
      },
      configurable: true,
      writable: true,
    });
  }
}

/** Python's default str() of an object, without the address: `<torch._C.Generator object>`. */
export function objectStr(qualifiedName: string): string {
  return `<${qualifiedName} object>`;
}
