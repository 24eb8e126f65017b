/**
 * Samples named before they have ids. A pipelined wave decides its filters while the waves before
 * it may still be unstored, so a duplicate verdict may have to name a sample of one of them. Such a
 * sample goes by a negative stand-in, (wave, index in the wave's output); it resolves to the stored
 * id when the naming wave is stored, which is always after the named one (waves are stored in order).
 */
const PER_WAVE = 2 ** 20;

export class WaveRefs {
  private readonly ids = new Map<number, readonly number[]>();

  /** The stand-in of sample `index` of wave `wave`'s output. */
  ref(wave: number, index: number): number {
    return -(wave * PER_WAVE + index + 1);
  }

  /** A wave was stored with these sample ids, in output order. */
  stored(wave: number, ids: readonly number[]): void {
    this.ids.set(wave, ids);
  }

  /** A stored id as it is, a stand-in as its stored id (`wave` and `own`: the wave being stored and its ids so far). */
  resolve(id: number, wave: number, own: readonly number[]): number | undefined {
    if (id >= 0) return id;
    const n = -id - 1;
    const of = Math.floor(n / PER_WAVE);
    const index = n % PER_WAVE;
    return of === wave ? own[index] : this.ids.get(of)?.[index];
  }
}
