import type { SampleRow } from '../../store/samples.js';
import type { EvolInstructParams } from './params.js';
import { evolvableText } from './prompts.js';

/** Rejections caused by the teacher not answering: they never end a chain. */
export const CALL_FAILURES: ReadonlySet<string> = new Set(['evolution-call', 'equality-call', 'answer-call']);

/** The instruction a chain evolves next: its latest accepted evolution, or its root input. */
export interface ChainTip {
  id: number;
  text: string;
  /** Evolutions between the root and the tip (0 for the root). */
  depth: number;
  /** The tip and every ancestor up to the root, tip first. */
  ancestors: number[];
}

/** One input's line of evolution. `index` is the input's position: it names the chain's random streams. */
export interface Chain {
  index: number;
  rootId: number;
  tip: ChainTip;
  alive: boolean;
}

export interface Attempt {
  id: number;
  text: string;
  status: 'accepted' | 'rejected' | 'pending';
  reason: string | null;
}

export function newChains(sources: readonly SampleRow[]): Chain[] {
  return sources.map((s, index) => ({
    index,
    rootId: s.id,
    tip: { id: s.id, text: evolvableText(s.instruction, s.input), depth: 0, ancestors: [s.id] },
    alive: true,
  }));
}

/**
 * Apply one round's attempt to its chain: an accepted evolution becomes the new tip; a failed one
 * leaves the parent as the tip (`keep_parent`, the paper) or ends the chain (`drop_parent`).
 */
export function advance(chain: Chain, attempt: Attempt, onFailure: EvolInstructParams['on_failure']): void {
  if (attempt.status === 'accepted') {
    chain.tip = { id: attempt.id, text: attempt.text, depth: chain.tip.depth + 1, ancestors: [attempt.id, ...chain.tip.ancestors] };
  } else if (onFailure === 'drop_parent' && !CALL_FAILURES.has(attempt.reason ?? '')) {
    chain.alive = false;
  }
}

/**
 * The chains as the stored rounds left them: each stored evolution (in round, then id order) is
 * applied to the chain of its root, exactly as when the round was first applied.
 */
export function rebuildChains(sources: readonly SampleRow[], evolved: readonly SampleRow[], onFailure: EvolInstructParams['on_failure']): Chain[] {
  const chains = newChains(sources);
  const byRoot = new Map(chains.map((c) => [c.rootId, c]));
  const ordered = [...evolved].sort((a, b) => a.round - b.round || a.id - b.id);
  for (const e of ordered) {
    const meta = e.meta_json ? (JSON.parse(e.meta_json) as { root_id?: number }) : {};
    const chain = meta.root_id === undefined ? undefined : byRoot.get(meta.root_id);
    if (chain) advance(chain, { id: e.id, text: e.instruction, status: e.status, reason: e.reason }, onFailure);
  }
  return chains;
}
