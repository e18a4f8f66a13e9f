// torch.signal: torch.signal.windows.
import * as windows from "./windows";

export const signal = { windows };
