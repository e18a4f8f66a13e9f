// torch.special: its functions are LibTorch's, installed from the generated table (lib/generated/ops.ts).
import type { SpecialOps } from "../generated/ops";

export const special = {} as SpecialOps;
