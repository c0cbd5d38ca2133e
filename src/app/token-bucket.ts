// A token bucket: `perSecond` tokens come back each second, at most `capacity` are saved up.
// The clock is a parameter so a test can step it instead of waiting.

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly perSecond: number,
    readonly capacity: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0) || !(capacity >= 1)) {
      throw new Error(
        `A token bucket needs a rate > 0 and room for a token (${perSecond}, ${capacity})`,
      );
    }
    this.tokens = capacity;
    this.last = clock();
  }

  /** Takes a token and answers 0; with none left, takes nothing and answers the ms until one is. */
  take(): number {
    const now = this.clock();
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.last) / 1000) * this.perSecond,
    );
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }
}
