// Ctrl-C during training: the first SIGINT asks the loop to stop after the current step (so
// it can save a checkpoint); a second one exits at once, as Python's KeyboardInterrupt would.
//
// The loops are synchronous, so a signal handler runs only when the loop yields to the event
// loop: `await interruption.tick()` once per step does that (a setImmediate, a few us).

export class Interruption {
  requested = false;
  private handler = () => {
    if (this.requested) process.exit(130);
    this.requested = true;
    console.error("\ninterrupted: stopping after this step (Ctrl-C again to quit now)");
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
