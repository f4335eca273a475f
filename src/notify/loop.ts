/**
 * A background step run again and again: at once while it reports more work, on a wake-up
 * (a signal, a NOTIFY), and at the latest every `pollMs`. A failing step backs off up to 30 s.
 * Steps start at least `minGapMs` apart, so wake-ups that come with every lead (200 a second
 * under load) are served in batches instead of one query round per lead.
 */
import type { Logger } from 'pino';

export class Loop {
  private stopped = false;
  private woken = false;
  private wakeNow: (() => void) | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly name: string,
    private readonly step: () => Promise<boolean>,
    private readonly pollMs: number,
    private readonly logger: Logger | false,
    private readonly minGapMs = 0,
  ) {}

  start(): void {
    this.running = this.run();
  }

  wake(): void {
    this.woken = true;
    this.wakeNow?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeNow?.();
    await this.running;
  }

  private async run(): Promise<void> {
    let failures = 0;
    let lastStart = 0;
    while (!this.stopped) {
      const gap = lastStart + this.minGapMs - performance.now();
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
      lastStart = performance.now();
      this.woken = false;
      let more = false;
      try {
        more = await this.step();
        failures = 0;
      } catch (error) {
        failures += 1;
        if (this.logger) this.logger.error({ err: error, worker: this.name }, 'notification worker step failed; retrying');
      }
      if (this.stopped) break;
      if (more && failures === 0) continue;
      if (this.woken && failures === 0) continue;
      const wait = failures > 0 ? Math.min(30_000, 250 * 2 ** failures) : this.pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wakeNow = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeNow = undefined;
    }
  }
}
