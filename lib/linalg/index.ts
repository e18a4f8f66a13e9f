// torch.linalg: its functions are LibTorch's, installed from the generated table (lib/generated/ops.ts).
import type { LinalgOps } from "../generated/ops";

export const linalg = {} as LinalgOps;
