// Functions PyTorch removed in 1.9 but still names, so that old code fails with its advice:
// calling any of these raises Python's RuntimeError, word for word.
import { RuntimeError } from "./errors";

const REMOVED = "This function was deprecated since version 1.9 and is now removed. ";

const SYMEIG =
  "The default behavior has changed from using the upper triangular portion of the matrix by default to using the lower triangular portion.\n\n" +
  "L, _ = torch.symeig(A, upper=upper) should be replaced with:\nL = torch.linalg.eigvalsh(A, UPLO='U' if upper else 'L')\n\nand\n\n" +
  "L, V = torch.symeig(A, eigenvectors=True) should be replaced with:\nL, V = torch.linalg.eigh(A, UPLO='U' if upper else 'L')";

/** What each removed function says instead of running. */
const ADVICE: Record<"solve" | "lstsq" | "eig" | "symeig" | "matrix_rank", string> = {
  solve:
    "`torch.solve` is deprecated in favor of `torch.linalg.solve`. `torch.linalg.solve` has its arguments reversed and does not return the LU factorization.\n\n" +
    "To get the LU factorization see `torch.lu`, which can be used with `torch.lu_solve` or `torch.lu_unpack`.\n" +
    "X = torch.solve(B, A).solution should be replaced with:\nX = torch.linalg.solve(A, B)",
  lstsq:
    "`torch.lstsq` is deprecated in favor of `torch.linalg.lstsq`.\n" +
    "`torch.linalg.lstsq` has reversed arguments and does not return the QR decomposition in the returned tuple (although it returns other information about the problem).\n\n" +
    "To get the QR decomposition consider using `torch.linalg.qr`.\n\n" +
    "The returned solution in `torch.lstsq` stored the residuals of the solution in the last m - n columns of the returned value whenever m > n. In torch.linalg.lstsq, the residuals are in the field 'residuals' of the returned named tuple.\n\n" +
    "The unpacking of the solution, as in\nX, _ = torch.lstsq(B, A).solution[:A.size(1)]\nshould be replaced with:\nX = torch.linalg.lstsq(A, B).solution",
  eig:
    "`torch.linalg.eig` returns complex tensors of dtype `cfloat` or `cdouble` rather than real tensors mimicking complex tensors.\n\n" +
    "L, _ = torch.eig(A) should be replaced with:\nL_complex = torch.linalg.eigvals(A)\n\nand\n\n" +
    "L, V = torch.eig(A, eigenvectors=True) should be replaced with:\nL_complex, V_complex = torch.linalg.eig(A)",
  symeig: SYMEIG,
  matrix_rank:
    "\nPlease use the `torch.linalg.matrix_rank` function instead. The parameter 'symmetric' was renamed in `torch.linalg.matrix_rank()` to 'hermitian'.",
};

/** A removed function: raises Python's message whatever it is given. */
export function removed(name: keyof typeof ADVICE): (...args: unknown[]) => never {
  const message = REMOVED.trimEnd() + (ADVICE[name].startsWith("\n") ? "" : " ") + ADVICE[name];
  return () => {
    throw new RuntimeError(message);
  };
}

/** torch.solve, torch.lstsq, torch.eig, torch.symeig, torch.matrix_rank. */
export const removedFunctions = {
  solve: removed("solve"),
  lstsq: removed("lstsq"),
  eig: removed("eig"),
  symeig: removed("symeig"),
  matrix_rank: removed("matrix_rank"),
};
