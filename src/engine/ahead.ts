/**
 * Whether a wave started ahead of its turn looks unneeded: the waves before it, still in flight,
 * would reach the target at the yield seen so far. Declining only saves calls (a declined wave is
 * started in its turn, from the same state), so the guess never changes a dataset.
 */
export class AheadGuess {
  private waves = 0;
  private added = 0;

  /**
   * @param target what the run counts to
   * @param firstGuess the yield of one wave before any is stored (e.g. the wave size)
   * @param lastStored the last wave stored when the run (re)started
   */
  constructor(
    private readonly target: number,
    private readonly firstGuess: number,
    private lastStored: number,
  ) {}

  /** A wave was stored, adding `added` to the count. */
  stored(wave: number, added: number): void {
    this.waves++;
    this.added += added;
    this.lastStored = wave;
  }

  /** True when `accepted` plus the waves between the last stored one and `wave` look enough. */
  enough(wave: number, accepted: number): boolean {
    const perWave = this.waves > 0 ? this.added / this.waves : this.firstGuess;
    return accepted + perWave * (wave - this.lastStored - 1) >= this.target;
  }
}
