import type { StopCheck } from './params.js';

/** One round's score from the user's check. */
export interface RoundScore {
  round: number;
  score: number;
}

/**
 * The stop rule's state after a round, stored in that round's wave state (so a resumed run reads
 * it back and never runs the check again for a stored round).
 */
export interface StopState {
  /** Every checked round's score, in round order. */
  scores: RoundScore[];
  /** The best score so far; on a tie the earlier round stays best (a tie is no improvement). */
  best: RoundScore;
  /** Rounds in a row after the best one that did not improve on it. */
  since_best: number;
  /** `patience` rounds in a row did not improve: the run stops after this round. */
  stopped: boolean;
}

export function improves(score: number, best: number, direction: StopCheck['direction']): boolean {
  return direction === 'higher' ? score > best : score < best;
}

/** The rule after round `round` scored `score`. Pure. */
export function nextStopState(prev: StopState | undefined, round: number, score: number, rule: Pick<StopCheck, 'patience' | 'direction'>): StopState {
  const scores = [...(prev?.scores ?? []), { round, score }];
  if (!prev || improves(score, prev.best.score, rule.direction)) return { scores, best: { round, score }, since_best: 0, stopped: false };
  const since = prev.since_best + 1;
  return { scores, best: prev.best, since_best: since, stopped: since >= rule.patience };
}

/** The rounds whose evolutions leave the dataset when the run stops: those after the best one. */
export function droppedRounds(s: StopState): number[] {
  return s.stopped ? s.scores.filter((x) => x.round > s.best.round).map((x) => x.round) : [];
}

/** The progress line: "round 3 check: 0.412 (best 0.431 at round 2): stopping". */
export function checkLine(s: StopState, patience: number): string {
  const last = s.scores.at(-1)!;
  const head = `round ${last.round} check: ${last.score}`;
  if (s.best.round === last.round) return `${head} (best so far): continuing`;
  const best = `(best ${s.best.score} at round ${s.best.round})`;
  if (s.stopped) return `${head} ${best}: stopping`;
  return `${head} ${best}: continuing (${s.since_best} of ${patience} rounds without improvement)`;
}

/** "round 1: 0.3, round 2: 0.5, round 3: 0.4". */
export function scoresText(s: StopState): string {
  return s.scores.map((x) => `round ${x.round}: ${x.score}`).join(', ');
}
