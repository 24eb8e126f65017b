/**
 * Yield of a stage on a corpus: of what a careful reader keeps, the share the stage accepted, and
 * whatever it accepted that the reader would not (junk). Items are compared by their JSON, so an
 * output that still carries a closing remark counts as junk, not as kept.
 */
export interface Yield {
  good: number;
  kept: number;
  junk: unknown[];
  rate: number;
}

export function measure<T>(answers: readonly { keep: readonly T[] }[], accepted: (index: number) => readonly T[]): Yield {
  let good = 0;
  let kept = 0;
  const junk: unknown[] = [];
  answers.forEach((a, i) => {
    const got = accepted(i).map((x) => JSON.stringify(x));
    const keep = a.keep.map((x) => JSON.stringify(x));
    good += keep.length;
    kept += keep.filter((k) => got.includes(k)).length;
    junk.push(...got.filter((g) => !keep.includes(g)).map((g) => JSON.parse(g) as unknown));
  });
  return { good, kept, junk, rate: good === 0 ? 1 : kept / good };
}

/** "12/14 (86%)", for the figures in the tests' headers and the report. */
export function figure(y: Yield): string {
  return `${y.kept}/${y.good} (${Math.round(y.rate * 100)}%), junk ${y.junk.length}`;
}
