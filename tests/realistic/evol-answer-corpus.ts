/**
 * Chat answers to evolved instructions (the dataset's outputs), written the way chat models write
 * them: most are real answers with a chat model's style (an opening line, markdown, a closing
 * offer), which a careful reader keeps whole; some are refusals, with and without "sorry".
 */
import type { CorpusAnswer } from './corpus.js';

/** `keep`: true for an answer a reader keeps, false for a refusal. */
export const EVOL_ANSWERS: CorpusAnswer<boolean>[] = [
  { habits: [], keep: true, text: 'Photosynthesis turns light, water and carbon dioxide into glucose and oxygen. In the light reactions, chlorophyll absorbs photons and splits water; in the Calvin cycle, the plant fixes CO2 into sugar using the ATP and NADPH made earlier.' },
  { habits: ['preamble', 'markup'], keep: true, text: "Sure! Here's a step-by-step plan:\n\n1. **Audit current spending** for the last three months.\n2. **Set a target**: cut 15% from discretionary categories.\n3. **Automate savings** on payday.\n\nLet me know if you'd like a spreadsheet template!" },
  { habits: ['markup'], keep: true, text: '### Comparison\n\n| Language | Typing | Typical use |\n|---|---|---|\n| Python | dynamic | data, scripting |\n| Rust | static | systems |\n\nRust trades a steeper learning curve for memory safety without a garbage collector.' },
  { habits: [], keep: true, text: 'def median(xs):\n    s = sorted(xs)\n    n = len(s)\n    mid = n // 2\n    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2' },
  { habits: ['preamble'], keep: true, text: 'Great question! The French Revolution began in 1789 for several intertwined reasons: a fiscal crisis after costly wars, a rigid social order that taxed the Third Estate most heavily, poor harvests that raised bread prices, and Enlightenment ideas about popular sovereignty.' },
  { habits: [], keep: true, text: "I can't overstate how much sleep matters for memory: during deep sleep the hippocampus replays the day's experiences, and the cortex consolidates them. Aim for seven to nine hours, keep a regular schedule, and avoid screens an hour before bed." },
  { habits: ['closing'], keep: true, text: 'To convert 72 °F to Celsius, subtract 32 and multiply by 5/9: (72 − 32) × 5/9 ≈ 22.2 °C.\n\nI hope this helps!' },
  { habits: [], keep: true, text: 'Dear Ms. Patel,\n\nThank you for the interview on Tuesday. I enjoyed learning about the analytics team and am excited about the role.\n\nBest regards,\nJordan' },
  { habits: ['markup'], keep: true, text: '**Haiku**\n\nMorning fog lifting —\nthe heron keeps its one leg\nin the cold river' },
  { habits: [], keep: true, text: "I'm unable to find a single best answer because it depends on your goals, but here is how to decide between index funds and individual stocks. Index funds spread risk across hundreds of companies at low cost, while picking stocks demands research time and tolerance for volatility. For most people saving for retirement, a low-cost total-market index fund held for decades is the simpler choice; individual stocks make sense for a small portion you are willing to study and possibly lose." },
  { habits: ['preamble'], keep: true, text: 'Of course. A binary search halves the search interval each step: compare the target with the middle element, discard the half that cannot contain it, and repeat. It runs in O(log n) time on a sorted array.' },
  { habits: [], keep: true, text: 'The three branches are the legislative (Congress, which writes laws), the executive (the President, who enforces them) and the judicial (the courts, which interpret them). Each can check the others: vetoes, judicial review and the power of the purse.' },
  { habits: ['refusal'], keep: false, text: "I'm sorry, but I can't help with that request." },
  { habits: ['refusal'], keep: false, text: 'I cannot provide instructions for bypassing a car\'s immobiliser.' },
  { habits: ['refusal'], keep: false, text: 'As an AI language model, I do not have personal opinions about which political party is better.' },
  { habits: ['refusal'], keep: false, text: "I'm unable to browse the internet, so I can't check today's exchange rate." },
  { habits: ['refusal'], keep: false, text: "Unfortunately, I can't access your files or your calendar." },
  { habits: ['refusal', 'markup'], keep: false, text: "**I apologise**, but writing someone else's exam answers isn't something I can help with." },
  { habits: ['refusal'], keep: false, text: 'I won\'t generate content that impersonates a real person.' },
  { habits: ['refusal'], keep: false, text: '"I cannot assist with creating malware."' },
  { habits: [], keep: true, text: 'Start with a 5-minute warm-up, then alternate 1 minute of running with 2 minutes of walking, eight times. Finish with a cool-down walk and stretches for calves and hamstrings.' },
  { habits: ['closing'], keep: true, text: 'A haiku has three lines of five, seven and five syllables.\n\nFeel free to ask for more examples!' },
];
