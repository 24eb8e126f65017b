export type RankingParse = { ok: true; order: number[] } | { ok: false; error: string };

/**
 * Reads a K-wise ranking, best first, in SHOWN numbers (1-based) turned to 0-based shown positions.
 * Accepts "[2] > [1] > [3]", "2 > 1 > 3", "Ranking: 2, 1, 3" and numbered lists ("1. Answer 2"),
 * after any preamble; the last line that names every answer once wins (models often restate it).
 */
export function parseRanking(text: string, k: number): RankingParse {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.replace(/\*\*/g, '');
    if (!/[>,]/.test(line)) continue;
    const body = line.replace(/^.*?(?:ranking|order)\s*[:=-]\s*/i, '');
    const nums = [...body.matchAll(/\[?\s*(?:answer\s*)?(\d+)\s*\]?/gi)].map((m) => Number(m[1]));
    if (isPermutation(nums, k)) return { ok: true, order: nums.map((n) => n - 1) };
  }
  // A numbered list: "1. Answer 3" ... one line per rank.
  const listed = lines.flatMap((l) => {
    const m = /^\s*\d+\s*[.)]\s*\**\s*\[?\s*(?:answer|response)\s*(\d+)/i.exec(l);
    return m ? [Number(m[1])] : [];
  });
  if (isPermutation(listed, k)) return { ok: true, order: listed.map((n) => n - 1) };
  return { ok: false, error: `no ranking naming each of the ${k} answers exactly once` };
}

function isPermutation(nums: readonly number[], k: number): boolean {
  return nums.length === k && new Set(nums).size === k && nums.every((n) => n >= 1 && n <= k);
}

/** A ranking of shown positions turned to stored indices, best first. */
export function toStored(rankedShown: readonly number[], shown: readonly number[]): number[] {
  return rankedShown.map((pos) => shown[pos]!);
}

export interface Agreement {
  /** Both orders gave the same full ranking. */
  full: boolean;
  /** Both put the same answer first. */
  top: boolean;
  /** Share of the K(K-1)/2 answer pairs the two rankings order the same way. */
  pairwise: number;
  /** The kept ranking when `full`; otherwise undefined (the prompt is rejected "position-bias"). */
  kept: number[] | undefined;
}

/** The position-bias rule: a ranking is kept only when the two differently ordered asks agree on all of it. */
export function agreement(a: readonly number[], b: readonly number[]): Agreement {
  const posA = new Map(a.map((v, i) => [v, i]));
  const posB = new Map(b.map((v, i) => [v, i]));
  let same = 0;
  let pairs = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      pairs++;
      const x = a[i]!;
      const y = a[j]!;
      if (Math.sign(posA.get(x)! - posA.get(y)!) === Math.sign(posB.get(x)! - posB.get(y)!)) same++;
    }
  }
  const full = a.length === b.length && a.every((v, i) => v === b[i]);
  return { full, top: a[0] === b[0], pairwise: pairs === 0 ? 1 : same / pairs, kept: full ? a.slice() : undefined };
}
