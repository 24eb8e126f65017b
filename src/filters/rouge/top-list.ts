/**
 * The k best items seen so far, best first: higher score, then earlier insertion (lower item
 * index), the order of a stable descending sort over the pool, so ties go to the oldest item.
 */
export class TopList {
  readonly items: number[] = [];
  readonly scores: number[] = [];

  constructor(readonly capacity: number) {}

  get full(): boolean {
    return this.items.length >= this.capacity;
  }

  /** The score an item must reach (>=) to possibly enter; -Infinity while not full. */
  get floor(): number {
    return this.full ? this.scores[this.capacity - 1]! : -Infinity;
  }

  offer(item: number, score: number): void {
    let at = this.items.length;
    while (at > 0 && beats(item, score, this.items[at - 1]!, this.scores[at - 1]!)) at--;
    if (at >= this.capacity) return;
    this.items.splice(at, 0, item);
    this.scores.splice(at, 0, score);
    if (this.items.length > this.capacity) {
      this.items.pop();
      this.scores.pop();
    }
  }
}

export function beats(item: number, score: number, other: number, otherScore: number): boolean {
  return score > otherScore || (score === otherScore && item < other);
}
