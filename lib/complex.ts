// torch.Complex: Python's complex numbers, which JS lacks. `1+2j` in Python is
// `new torch.Complex(1, 2)` here; complex tensors' item() and tolist() give Complex values, and
// a Complex goes wherever Python takes a complex scalar (torch.tensor data, scalar arguments:
// the native scalar reader takes any object with numeric `real` and `imag` as
// c10::complex<double>).
import { floatRepr } from "./_pymath";
import { TypeError } from "./errors";
import { printsAsStr } from "./_python";

export class Complex {
  /** The real part. */
  readonly real: number;
  /** The imaginary part. */
  readonly imag: number;

  /** Python's complex(real, imag): `new torch.Complex(1, 2)` is `1+2j`. */
  constructor(real: number = 0, imag: number = 0) {
    if (typeof real !== "number") throw new TypeError(`complex() first argument must be a number, not '${typeof real}'`);
    if (typeof imag !== "number") throw new TypeError(`complex() second argument must be a number, not '${typeof imag}'`);
    this.real = real;
    this.imag = imag;
    Object.freeze(this);
  }

  /** Python's z.conjugate(). */
  conjugate(): Complex {
    return new Complex(this.real, -this.imag);
  }

  /** Python's repr(z) (also its str): `(1+2j)`, `2j`, `(1.5-0j)`, `(nan+infj)`. */
  toString(): string {
    if (this.real === 0 && !Object.is(this.real, -0)) return `${part(this.imag)}j`;
    const im = part(this.imag);
    const signed = im.startsWith("-") ? im : `+${im}`;
    return `(${part(this.real)}${signed}j)`;
  }
}
printsAsStr(Complex);

/** A part of a complex as Python's complex repr writes it: a float repr without a trailing ".0". */
function part(x: number): string {
  const s = floatRepr(x);
  return s.endsWith(".0") ? s.slice(0, -2) : s;
}
