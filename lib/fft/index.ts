// torch.fft: its functions are LibTorch's, installed from the generated table (lib/generated/ops.ts).
import type { FftOps } from "../generated/ops";

export const fft = {} as FftOps;
