// Ctrl-C during training: the first SIGINT asks the loop to stop after the current step (so
// it can save a checkpoint); a second one exits at once, as Python's KeyboardInterrupt would.
//
// The loops are synchronous, so a signal handler runs only when the loop yields to the event
// loop: `await interruption.tick()` once per step does that (a setImmediate, a few us).
import { progress_on_terminal } from "./progress.ts";

const NOTICE = "interrupted: stopping after this step (Ctrl-C again to quit now)";

export class Interruption {
  requested = false;
  private handler = () => {
    if (this.requested) process.exit(130);
    this.requested = true;
    // Above the progress bar if it is on the terminal (erasing the "^C" echoed onto it), else on
    // a line of its own after the "^C".
    const bar = progress_on_terminal();
    if (bar) bar.log(NOTICE, console.error);
    else console.error(`\n${NOTICE}`);
  };

  constructor() {
    process.on("SIGINT", this.handler);
  }

  /** Lets pending signals (and progress-bar redraws) run; resolves on the next turn. */
  tick(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  dispose(): void {
    process.off("SIGINT", this.handler);
  }
}
