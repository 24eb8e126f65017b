/**
 * Chat-mode normalising of a judge's answer (issue 14): closing remarks after the score line taken
 * out and markup around the score line's head unmarked ("**Score:** 4"), so the reference form
 * `Score: n` on the last line is read where the model wrote it; a score said in words ("I'd give it
 * a 4.") is read by the parser's tolerant path and recorded here; one it misses ("4 points") is
 * read by judge-said-score.ts, and one given first is moved to the end (judge-score-first.ts). Pure.
 */
import { edit, pipe, type Normalised } from '../chat/edits.js';
import { unmarkHead, unwrapEmphasis } from '../chat/markup.js';
import { dropClosingRemarks } from '../chat/trailer.js';
import { parseJudgeScore, verbalScore } from '../filters/judge-score.js';
import { saidScore } from './judge-said-score.js';
import { scoreFirst } from './judge-score-first.js';

const SCORE_LINE = /^[Ss]core:\s*(\d+)$/;

export function normaliseJudgeAnswer(text: string): Normalised {
  const n = pipe(text, dropClosingRemarks, moveFirstScore, unmarkScoreLine);
  const read = parseJudgeScore(n.text);
  if (read.score === null && read.parse === 'missing') {
    // A score the parser misses entirely ("4 points"): written as the reference's last line.
    const said = saidScore(n.text);
    if (said) return { text: `${n.text.replace(/\s+$/, '')}\nScore: ${said.score}`, edits: [...n.edits, edit('tolerant-reading', said.said)] };
  }
  const verbal = read.parse === 'tolerant' ? verbalScore(n.text) : undefined;
  if (verbal && read.note?.includes(verbal.said)) n.edits.push(edit('tolerant-reading', verbal.said));
  return n.edits.length ? n : { text, edits: [] };
}

/** The last line's "**Score:** 4", "### Score: 4", "Score: **4**" written "Score: 4". */
function unmarkScoreLine(text: string): Normalised {
  const lines = text.replace(/\s+$/, '').split('\n');
  const last = lines[lines.length - 1]!;
  const unmarked = unmarkHead(last).trim();
  const m = /^([Ss]core:)\s*(.+)$/.exec(unmarked);
  if (!m) return { text, edits: [] };
  const out = `${m[1]} ${unwrapEmphasis(m[2]!.trim())}`;
  if (out === last.trim() || !SCORE_LINE.test(out)) return { text, edits: [] };
  return { text: [...lines.slice(0, -1), out].join('\n'), edits: [edit('markup', last)] };
}

/** A score given first ("Score: 3" then the reasons) written as the reference's last line. */
function moveFirstScore(text: string): Normalised {
  const first = scoreFirst(text);
  if (!first) return { text, edits: [] };
  const rest = text.trim().slice(first.line.length).trim();
  return { text: `${rest}\nScore: ${first.score}`, edits: [edit('layout', first.line)] };
}
