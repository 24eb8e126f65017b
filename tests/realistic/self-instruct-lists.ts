/**
 * Answers to Self-Instruct's "continue this numbered list" prompt (the demos end at 8, the prompt at
 * "9."), written as chat models answer it. `keep`: the new tasks a careful reader keeps.
 */
import type { CorpusAnswer } from './corpus.js';

const A = 'Write a haiku about the first snow of winter.';
const B = 'Convert the following temperature from Celsius to Fahrenheit.';
const C = 'Suggest three names for a bakery that sells only sourdough bread.';
const D = 'Explain the difference between weather and climate to a ten-year-old.';
const E = 'Rewrite the sentence below in the passive voice.';
const F = 'List five questions to ask before adopting a dog.';

export const INSTRUCTION_LISTS: CorpusAnswer<string[]>[] = [
  { habits: [], text: ` ${A}\n10. ${B}\n11. ${C}`, keep: [A, B, C] },
  { habits: ['restated-number'], text: `9. ${D}\n10. ${E}\n11. ${F}`, keep: [D, E, F] },
  { habits: ['preamble'], text: `Sure! Here are some more tasks:\n\n9. ${A}\n10. ${D}\n11. ${F}`, keep: [A, D, F] },
  { habits: ['preamble', 'closing'], text: `Here are the next tasks in the list:\n9. ${B}\n10. ${C}\n11. ${E}\n\nI hope these tasks are helpful!`, keep: [B, C, E] },
  { habits: ['markup'], text: `9. **Haiku Writing**: ${A}\n10. **Unit Conversion**: ${B}\n11. **Naming**: ${C}`, keep: [A, B, C] },
  { habits: ['blank-lines'], text: ` ${D}\n\n10. ${E}\n\n11. ${F}\n\n12. ${A}`, keep: [D, E, F, A] },
  { habits: [], text: ` ${F}\n10. ${C}`, keep: [F, C] },
  { habits: ['bold-number'], text: `**9.** ${E}\n**10.** ${B}\n**11.** ${D}`, keep: [E, B, D] },
  { habits: ['preamble', 'blank-lines'], text: `Certainly! Here are 4 more diverse tasks:\n\n9. ${C}\n\n10. ${A}\n\n11. ${B}\n\n12. ${F}\n\nLet me know if you'd like more tasks.`, keep: [C, A, B, F] },
  { habits: [], text: ` ${B}\n10. ${D}\n11. ${E}\n12. ${F}`, keep: [B, D, E, F] },
  { habits: ['restated-number', 'closing'], text: `9. ${A}\n10. ${E}\n\nThese tasks cover a range of skills, from creative writing to grammar.`, keep: [A, E] },
  { habits: [], text: ` ${C}\n10. ${D}\n11. ${A}`, keep: [C, D, A] },
];
