import type { BuildOutcome } from '../../functions/app/knowledge/build-index.ts';

/**
 * The local stand-in for the index builder's invocation in AWS, asynchronous and at reserved
 * concurrency 1: the bus target hands the change over and returns, so the stream relay never
 * waits for a build (the Pipe does not wait for a function the bus invokes asynchronously either);
 * builds run one at a time, and the changes that arrive during one are handed to the next as one
 * (the latest time), the builder still deciding whether the stored index already covers it.
 */
export class LocalIndexBuilds {
  built = 0;
  current = 0;
  failed = 0;
  private pending: Date | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly build: (changedAt: Date) => Promise<BuildOutcome>) {}

  submit(changedAt: Date): void {
    if (!this.pending || changedAt > this.pending) this.pending = changedAt;
    this.running ??= this.drain();
  }

  /** Resolves when no build is running or waiting (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Yield first, so that a burst of deliveries in one relay pass becomes one build.
    await new Promise((r) => setImmediate(r));
    while (this.pending) {
      const changedAt = this.pending;
      this.pending = undefined;
      try {
        const result = await this.build(changedAt);
        if (result.outcome === 'built') {
          this.built += 1;
          console.log(
            `knowledge index: built, ${result.entries} entries, ${result.bytes} bytes, ${result.seconds} s`,
          );
        } else this.current += 1;
      } catch (error) {
        this.failed += 1;
        console.error(`knowledge index: ${(error as Error).message}`);
      }
    }
    this.running = undefined;
  }
}
