/**
 * Self-Instruct instruction generation (methods.md 1a): a header, demos "1. ..." to "8. ...", and a
 * bare next number "9." at the end. The answer continues the list: " <task>\n10. <task>\n...".
 */
import { DEFAULT_MIX, generateTask } from '../tasks.js';
import { tail } from '../text.js';
import type { SimStage } from './types.js';

const ENDS_WITH_NUMBER = /\n[ \t]*(\d{1,3})[ \t]?\.[ \t]*$/;
const NUMBERED_LINE = /^[ \t]*\d{1,3}[ \t]?\.[ \t]+(\S.*)$/gm;

export const selfInstructInstructions: SimStage = {
  name: 'self-instruct-instructions',
  matches(ctx) {
    const end = tail(ctx.last, 600);
    if (!ENDS_WITH_NUMBER.test(end)) return false;
    // A list, not a lone number: at least one earlier numbered line.
    return /(?:^|\n)[ \t]*\d{1,3}[ \t]?\.[ \t]+\S/.test(tail(ctx.last, 20_000));
  },
  write(ctx, rng) {
    const text = tail(ctx.last, 20_000);
    const next = Number(text.match(ENDS_WITH_NUMBER)?.[1] ?? '9');
    const firstItem = text.search(/(?:^|\n)[ \t]*\d{1,3}[ \t]?\.[ \t]+\S/);
    const header = firstItem > 0 ? text.slice(0, firstItem) : '';
    const demos = [...text.matchAll(NUMBERED_LINE)].map((m) => (m[1] ?? '').trim()).filter(Boolean);
    const classificationOnly = /classif/i.test(header);
    const mix = classificationOnly ? { classification: 1, withInput: 1 } : DEFAULT_MIX;
    const count = rng.int(7, 9);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const t = generateTask(rng, { mix, demos });
      parts.push(i === 0 ? ` ${t.instruction}` : `\n${next + i}. ${t.instruction}`);
    }
    return parts.join('');
  },
};
