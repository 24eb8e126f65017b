/**
 * OSS-Instruct answers as the sim writes them: the two sections around a problem on the snippet's
 * subject and a fenced solution. About 4% miss the solution header and 3% copy the problem's code
 * block as the solution, so the drops and the cleaning have work.
 */
import type { ExampleWriter } from '../../types.js';

const VERBS = ['parse', 'validate', 'cache', 'merge', 'sort', 'stream', 'retry', 'summarise', 'index', 'schedule'];
const THINGS = ['log lines', 'configuration entries', 'HTTP responses', 'sensor readings', 'user records', 'file paths', 'job results', 'price quotes'];

function snippetOf(prompt: string): string {
  const m = /```\n([\s\S]*?)\n```/.exec(prompt);
  return m?.[1] ?? '';
}

export const ossInstructAnswer: ExampleWriter = (view, rng) => {
  const snippet = snippetOf(view.last);
  const word = (snippet.match(/[A-Za-z_]{4,}/g) ?? ['value'])[rng.int(0, Math.max(0, (snippet.match(/[A-Za-z_]{4,}/g)?.length ?? 1) - 1))] ?? 'value';
  const verb = rng.pick(VERBS);
  const things = rng.pick(THINGS);
  const fn = `${verb}_${word.toLowerCase()}_${rng.int(1, 999)}`;
  const given = `def ${fn}(items):\n    raise NotImplementedError`;
  const problem = `You are given a list of ${things}. Write a function \`${fn}(items)\` that should ${verb} them, taking the idea of \`${word}\` from existing code. Return a new list and leave the input unchanged.\n\nStart from this stub:\n\n\`\`\`python\n${given}\n\`\`\`\n\nConstraints: up to ${rng.int(2, 9)}0,000 items.`;
  const code = rng.chance(0.03) ? given : `def ${fn}(items):\n    out = []\n    for item in items:\n        out.append(item)\n    return sorted(out, key=str)`;
  const solution = `\`\`\`python\n${code}\n\`\`\`\n\nThe function copies the input, so the caller's list is untouched, and runs in O(n log n).`;
  const head = rng.chance(0.04) ? '' : '[Solution]\n';
  return `[Problem Description]\n${problem}\n\n${head}${solution}`;
};
