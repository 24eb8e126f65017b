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
const G = 'Summarize the main argument of the paragraph in one sentence.';
const H = 'Give an example of a metaphor and explain what it means.';
const I = 'Sort the following words in alphabetical order.';
const J = 'Write a polite email declining a meeting invitation.';
/** The demos the yield test puts in the prompt; a model sometimes copies them before its own. */
export const DEMO_TEXTS = Array.from({ length: 8 }, (_, i) => `Demo task number ${i + 1} for the list.`);

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
  { habits: ['heading', 'blank-lines'], text: `### Additional Tasks\n\n9. ${G}\n10. ${H}\n11. ${I}`, keep: [G, H, I] },
  { habits: ['bullets'], text: `- ${G}\n- ${J}\n- ${B}`, keep: [G, J, B] },
  { habits: ['layout'], text: `9) ${H}\n10) ${I}\n11) ${J}`, keep: [H, I, J] },
  { habits: ['preamble', 'restarted-numbers'], text: `Here are some new tasks:\n1. ${G}\n2. ${H}\n3. ${J}`, keep: [G, H, J] },
  { habits: ['markup'], text: `**9. ${J}**\n**10. ${I}**\n**11. ${A}**`, keep: [J, I, A] },
  { habits: ['markup'], text: `**9. Email Writing:** ${J}\n**10. Sorting:** ${I}\n**11. Metaphors:** ${H}`, keep: [J, I, H] },
  { habits: ['wrapping'], text: `\`\`\`\n9. ${D}\n10. ${G}\n11. ${C}\n\`\`\``, keep: [D, G, C] },
  // Cut at max_tokens: in chat mode only the last item (the one the cut is inside) is lost; the reference discards the whole list.
  { habits: ['cut'], finish: 'length', text: ` ${H}\n10. ${J}\n11. Describe the steps needed to`, keep: [H, J] },
  { habits: ['restated-demos'], text: `${DEMO_TEXTS.map((d, i) => `${i + 1}. ${d}`).join('\n')}\n9. ${G}\n10. ${E}`, keep: [G, E] },
  { habits: ['preamble', 'markup'], text: `**Here are three more tasks:**\n\n9. ${I}\n10. ${F}\n11. ${J}`, keep: [I, F, J] },
  { habits: [], text: ` ${G}\n10. ${J}\n11. ${H}`, keep: [G, J, H] },
  { habits: ['closing'], text: ` ${I}\n10. ${A}\nFeel free to ask if you'd like more tasks!`, keep: [I, A] },
  { habits: [], text: ` ${J}\n10. ${B}\n11. ${I}\n12. ${D}\n13. ${G}`, keep: [J, B, I, D, G] },
  { habits: [], text: ` ${E}\n10. ${H}`, keep: [E, H] },
  { habits: [], text: ` ${A}\n10. ${G}\n11. ${F}`, keep: [A, G, F] },
  { habits: [], text: ` ${H}\n10. ${C}\n11. ${B}\n12. ${J}`, keep: [H, C, B, J] },
  { habits: [], text: ` ${D}\n10. ${I}`, keep: [D, I] },
  { habits: [], text: ` ${F}\n10. ${E}\n11. ${G}`, keep: [F, E, G] },
  { habits: [], text: ` ${B}\n10. ${A}\n11. ${H}`, keep: [B, A, H] },
  { habits: [], text: ` ${I}\n10. ${C}\n11. ${J}\n12. ${E}`, keep: [I, C, J, E] },
  { habits: ['markup'], text: `9. **Haiku Writing** - ${A}\n10. **Unit Conversion** – ${B}\n11. **Email** - ${J}`, keep: [A, B, J] },
  { habits: ['preamble', 'markup', 'closing'], text: `Sure, here are more tasks:\n\n9. **${A}**\n\n10. **${B}**\n\n---\n\nThese tasks should add variety to the list.`, keep: [A, B] },
  { habits: ['label'], text: `9. Task: ${G}\n10. Task: ${D}\n11. Task: ${F}`, keep: [G, D, F] },
  { habits: ['wrapping'], text: `9. "${H}"\n10. "${C}"\n11. "${E}"`, keep: [H, C, E] },
  { habits: ['markup'], text: `9. *${I}*\n10. *${A}*`, keep: [I, A] },
  { habits: [], text: ` ${G}\n10. ${A}\n11. ${D}`, keep: [G, A, D] },
  { habits: [], text: ` ${J}\n10. ${F}`, keep: [J, F] },
  // Quotes inside one task are content: only items wrapped as a whole, all of them, are unwrapped.
  { habits: [], text: ` Explain what Hamlet means by "To be or not to be."\n10. Rewrite the prompt "${C}" to be more specific.`, keep: ['Explain what Hamlet means by "To be or not to be."', `Rewrite the prompt "${C}" to be more specific.`] },
];
