// Python's fixed-point formatting (f"{x:.6f}"), for the examples that print what a Python
// original prints. JS's toFixed rounds the same exact binary value, but an exact tie (12.5 to
// 0 digits) goes up where Python rounds it to even ("12"): only that case differs.

/** f"{x:.{digits}f}" */
export function fixed(x: number, digits = 6): string {
  const s = x.toFixed(digits);
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return s;
  // The exact value's next digits (toFixed gives the exact decimal expansion): "5000..." is a tie.
  const exact = Math.abs(x).toFixed(Math.min(digits + 30, 100));
  const rest = exact.slice(exact.length - (exact.length - exact.indexOf(".") - 1 - digits));
  if (!/^50*$/.test(rest)) return s;
  const last = s.charCodeAt(s.length - 1) - 48;
  if (last % 2 === 0) return s; // already even
  // toFixed went away from zero to an odd last digit: Python keeps the even one, toward zero.
  const down = exact.slice(0, exact.length - rest.length).replace(/\.$/, "");
  return x < 0 ? `-${down}` : down;
}
