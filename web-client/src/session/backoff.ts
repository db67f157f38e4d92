/**
 * Reconnect delays: 0.5 s doubling to 30 s, each drawn at random from the upper half of its range ("equal
 * jitter"), so clients that lost the same gateway do not come back all at once (protocol section 3).
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly random: () => number = Math.random,
    private readonly baseMs = 500,
    private readonly maxMs = 30_000,
  ) {}

  /** The delay before the next attempt, in milliseconds; each call backs off further. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 16);
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  /** The server asked us to slow down: start from at least `minMs`. */
  atLeast(minMs: number): void {
    while (this.baseMs * 2 ** this.attempt < minMs && this.attempt < 16) this.attempt++;
  }

  reset(): void {
    this.attempt = 0;
  }
}
