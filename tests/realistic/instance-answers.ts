/**
 * Chat answers to Self-Instruct's instance prompts (prompts/self-instruct/instances-*.txt): the
 * classification layout ("Class label: X" then an input of that class) and the generation layout
 * ("Example n", the input's fields, "Output: ..."; or "Output: ..." alone for a task without input).
 * `keep`: the (input, output) pairs a careful reader keeps, in the parser's shape (the input keeps
 * its own field heads, "Review: ...", as the reference does). `finish: 'length'` marks an answer cut
 * at max_tokens, whose last pair the reference drops.
 */
import type { CorpusAnswer } from './corpus.js';

export interface Pair {
  input: string;
  output: string;
}

export interface InstanceAnswer extends CorpusAnswer<Pair[]> {
  /** The task the prompt ended with. */
  instruction: string;
}

const SENTIMENT = 'Classify the sentiment of the hotel review as positive or negative.';
const SPAM = 'Decide whether the email is spam or not spam.';
const KIND = 'Classify the sentence as a question, a command, or a statement.';
const DOLPHIN = 'Is a dolphin a fish or a mammal?';
const STATE = 'Label the substance by its state at room temperature: solid, liquid, or gas.';

const pos = 'Review: The room was spotless, the bed was comfortable, and the staff upgraded us for free.';
const neg = 'Review: The shower was cold every morning and the front desk ignored our complaints.';
const spam = 'Email: Congratulations! You have been selected to receive a $500 gift card. Click here to claim it now.';
const ham = 'Email: Hi Dana, attaching the slides for Thursday. Let me know if the budget numbers look right.';
const q = 'Sentence: Did you remember to lock the back door?';
const c = 'Sentence: Put the leftovers in the fridge before you go to bed.';
const s = 'Sentence: The library closes early on public holidays.';

const P = (input: string, output: string): Pair => ({ input, output });

export const CLASSIFICATION_INSTANCES: InstanceAnswer[] = [
  {
    instruction: SENTIMENT,
    habits: [],
    text: `Class label: Positive\n${pos}\nClass label: Negative\n${neg}`,
    keep: [P(pos, 'Positive'), P(neg, 'Negative')],
  },
  {
    instruction: SENTIMENT,
    habits: ['markup', 'blank-lines'],
    text: `**Class label:** Positive\n**Review:** The room was spotless, the bed was comfortable, and the staff upgraded us for free.\n\n**Class label:** Negative\n**Review:** The shower was cold every morning and the front desk ignored our complaints.`,
    keep: [P(pos, 'Positive'), P(neg, 'Negative')],
  },
  {
    instruction: SPAM,
    habits: ['preamble'],
    text: `Sure! Here are examples for each class label:\n\nClass label: Spam\n${spam}\n\nClass label: Not spam\n${ham}`,
    keep: [P(spam, 'Spam'), P(ham, 'Not spam')],
  },
  {
    instruction: SPAM,
    habits: ['closing'],
    text: `Class label: Spam\n${spam}\nClass label: Not spam\n${ham}\n\nI hope these examples help! Let me know if you need more.`,
    keep: [P(spam, 'Spam'), P(ham, 'Not spam')],
  },
  { instruction: DOLPHIN, habits: [], text: 'Class label: Mammal', keep: [P('', 'Mammal')] },
  {
    instruction: KIND,
    habits: ['numbered-heads'],
    text: `1. Class label: Question\n${q}\n2. Class label: Command\n${c}\n3. Class label: Statement\n${s}`,
    keep: [P(q, 'Question'), P(c, 'Command'), P(s, 'Statement')],
  },
  {
    instruction: KIND,
    habits: ['head-case'],
    text: `Class Label: Question\n${q}\nClass Label: Command\n${c}\nClass Label: Statement\n${s}`,
    keep: [P(q, 'Question'), P(c, 'Command'), P(s, 'Statement')],
  },
  { instruction: KIND, habits: [], text: `Class label: Question\n${q}\nClass label: Command\n${c}\nClass label: Statement\n${s}`, keep: [P(q, 'Question'), P(c, 'Command'), P(s, 'Statement')] },
  {
    instruction: SENTIMENT,
    habits: ['markup'],
    text: `### Class label: Positive\n${pos}\n\n### Class label: Negative\n${neg}`,
    keep: [P(pos, 'Positive'), P(neg, 'Negative')],
  },
  {
    instruction: SENTIMENT,
    habits: ['markup'],
    text: `Class label: **Positive**\n${pos}\nClass label: **Negative**\n${neg}`,
    keep: [P(pos, 'Positive'), P(neg, 'Negative')],
  },
  {
    instruction: SPAM,
    habits: ['wrapping'],
    text: `\`\`\`\nClass label: Spam\n${spam}\nClass label: Not spam\n${ham}\n\`\`\``,
    keep: [P(spam, 'Spam'), P(ham, 'Not spam')],
  },
  {
    instruction: KIND,
    habits: ['separators'],
    text: `Class label: Question\n${q}\n---\nClass label: Command\n${c}\n---\nClass label: Statement\n${s}`,
    keep: [P(q, 'Question'), P(c, 'Command'), P(s, 'Statement')],
  },
  {
    instruction: STATE,
    habits: [],
    text: 'Class label: Solid\nSubstance: A bar of iron left on the workbench.\nClass label: Liquid\nSubstance: Olive oil poured into a frying pan.\nClass label: Gas\nSubstance: The helium inside a party balloon.',
    keep: [P('Substance: A bar of iron left on the workbench.', 'Solid'), P('Substance: Olive oil poured into a frying pan.', 'Liquid'), P('Substance: The helium inside a party balloon.', 'Gas')],
  },
  {
    instruction: STATE,
    habits: ['cut'],
    finish: 'length',
    text: 'Class label: Solid\nSubstance: A bar of iron left on the workbench.\nClass label: Liquid\nSubstance: Olive oil poured into a fry',
    keep: [P('Substance: A bar of iron left on the workbench.', 'Solid')],
  },
  { instruction: 'Classify the tone of my last text message to my boss.', habits: ['refusal'], text: "I'm sorry, but I can't see your text messages, so I can't give class labels with real examples for this task.", keep: [] },
  {
    instruction: SENTIMENT,
    habits: ['closing'],
    text: `Class label: Positive\n${pos}\nClass label: Negative\n${neg}\n\nNote: Each review makes its sentiment clear through the guest's experience.`,
    keep: [P(pos, 'Positive'), P(neg, 'Negative')],
  },
  { instruction: SPAM, habits: [], text: `Class label: Not spam\n${ham}\nClass label: Spam\n${spam}`, keep: [P(ham, 'Not spam'), P(spam, 'Spam')] },
  {
    instruction: 'Say whether the poem excerpt rhymes.',
    habits: [],
    text: 'Class label: Rhymes\nExcerpt: The cat sat on the mat,\nand wore a purple hat.\nClass label: Does not rhyme\nExcerpt: Morning fog lifts slowly\nfrom the harbour stones.',
    keep: [P('Excerpt: The cat sat on the mat,\nand wore a purple hat.', 'Rhymes'), P('Excerpt: Morning fog lifts slowly\nfrom the harbour stones.', 'Does not rhyme')],
  },
  { instruction: DOLPHIN, habits: ['empty-field'], text: 'Class label: Mammal\nInput: None', keep: [P('', 'Mammal')] },
  {
    instruction: KIND,
    habits: ['markup', 'bullets'],
    text: `- **Class label:** Question\n  **Sentence:** Did you remember to lock the back door?\n- **Class label:** Command\n  **Sentence:** Put the leftovers in the fridge before you go to bed.`,
    keep: [P(q, 'Question'), P(c, 'Command')],
  },
  {
    instruction: SENTIMENT,
    habits: ['restated-task'],
    text: `Task: ${SENTIMENT}\nClass label: Positive\n${pos}\nClass label: Negative\n${neg}`,
    keep: [P(pos, 'Positive'), P(neg, 'Negative')],
  },
  { instruction: SPAM, habits: ['head-case'], text: `Label: Spam\n${spam}\nLabel: Not spam\n${ham}`, keep: [P(spam, 'Spam'), P(ham, 'Not spam')] },
  { instruction: DOLPHIN, habits: [], text: 'Class label: Mammal\n', keep: [P('', 'Mammal')] },
  {
    instruction: STATE,
    habits: ['blank-lines'],
    text: 'Class label: Solid\n\nSubstance: A bar of iron left on the workbench.\n\nClass label: Gas\n\nSubstance: The helium inside a party balloon.',
    keep: [P('Substance: A bar of iron left on the workbench.', 'Solid'), P('Substance: The helium inside a party balloon.', 'Gas')],
  },
  { instruction: SENTIMENT, habits: ['wrapping'], text: `Class label: "Positive"\n${pos}\nClass label: "Negative"\n${neg}`, keep: [P(pos, 'Positive'), P(neg, 'Negative')] },
  { instruction: SPAM, habits: ['numbered-heads'], text: `Class label 1: Spam\n${spam}\nClass label 2: Not spam\n${ham}`, keep: [P(spam, 'Spam'), P(ham, 'Not spam')] },
  { instruction: KIND, habits: ['layout'], text: `Class label: Question - ${q}\nClass label: Command - ${c}`, keep: [P(q, 'Question'), P(c, 'Command')] },
  { instruction: STATE, habits: [], text: 'Class label: Gas\nSubstance: Steam rising from a kettle.\nClass label: Solid\nSubstance: An ice cube in a glass.', keep: [P('Substance: Steam rising from a kettle.', 'Gas'), P('Substance: An ice cube in a glass.', 'Solid')] },
  { instruction: DOLPHIN, habits: [], text: 'Class label: Mammal', keep: [P('', 'Mammal')] },
];

const CAPS = 'Fix the capitalization in the sentence.';
const SECOND = 'Given a list of numbers, return the second largest.';
const LEAVES = 'Explain why leaves change color in autumn.';
const HAIKU = 'Compose a haiku about a lighthouse.';
const QUERY = 'Turn a spoken question into a short search engine query.';

const c1 = P('Sentence: last summer we drove to toronto to see aunt maria.', 'Last summer we drove to Toronto to see Aunt Maria.');
const c2 = P('Sentence: the eiffel tower is in paris, france.', 'The Eiffel Tower is in Paris, France.');
const n1 = P('Numbers: 4, 17, 9, 12', '12');
const n2 = P('Numbers: 30, 25, 8, 2', '25');
const leaves =
  'As days get shorter, trees stop making chlorophyll, the green pigment used for photosynthesis. Once it breaks down, the yellow and orange pigments that were there all along show through, and some trees make red ones too.';
const haiku = 'A lone beam sweeps out,\nwaves fold silver in its path,\nships count the seconds.';
const q1 = P('Question: What time does the science museum open on Saturdays?', 'science museum Saturday opening hours');
const q2 = P('Question: How do I get red wine out of a carpet?', 'remove red wine stain carpet');
const i1 = P('the eiffel tower is in paris, france.', 'The Eiffel Tower is in Paris, France.');
const i2 = P('last summer we drove to toronto to see aunt maria.', 'Last summer we drove to Toronto to see Aunt Maria.');

const ex = (n: number, p: Pair) => `Example ${n}\n${p.input}\nOutput: ${p.output}`;
const inp = (p: Pair) => `Input: ${p.input}\nOutput: ${p.output}`;

export const GENERATION_INSTANCES: InstanceAnswer[] = [
  { instruction: CAPS, habits: [], text: `${ex(1, c1)}\n${ex(2, c2)}`, keep: [c1, c2] },
  { instruction: LEAVES, habits: [], text: `Output: ${leaves}`, keep: [P('', leaves)] },
  {
    instruction: SECOND,
    habits: ['markup', 'blank-lines'],
    text: `**Example 1**\n**Numbers:** 4, 17, 9, 12\n**Output:** 12\n\n**Example 2**\n**Numbers:** 30, 25, 8, 2\n**Output:** 25`,
    keep: [n1, n2],
  },
  { instruction: QUERY, habits: ['markup'], text: `### Example 1\n${q1.input}\nOutput: ${q1.output}\n\n### Example 2\n${q2.input}\nOutput: ${q2.output}`, keep: [q1, q2] },
  { instruction: CAPS, habits: ['example-colon'], text: `Example 1:\n${c1.input}\nOutput: ${c1.output}\n\nExample 2:\n${c2.input}\nOutput: ${c2.output}`, keep: [c1, c2] },
  { instruction: SECOND, habits: ['preamble'], text: `Here are a few examples for this task.\n\n${ex(1, n1)}\n\n${ex(2, n2)}`, keep: [n1, n2] },
  { instruction: QUERY, habits: ['closing'], text: `${ex(1, q1)}\n${ex(2, q2)}\n\nI hope these examples are helpful!`, keep: [q1, q2] },
  { instruction: LEAVES, habits: ['empty-field'], text: `Input: None\nOutput: ${leaves}`, keep: [P('', leaves)] },
  { instruction: HAIKU, habits: ['empty-field', 'markup'], text: `**Example 1**\n**Input:** N/A\n**Output:**\n${haiku}`, keep: [P('', haiku)] },
  { instruction: CAPS, habits: ['layout'], text: `${inp(i1)}\n\n${inp(i2)}`, keep: [i1, i2] },
  { instruction: HAIKU, habits: ['no-heads'], text: haiku, keep: [P('', haiku)] },
  { instruction: SECOND, habits: ['wrapping'], text: `\`\`\`\n${ex(1, n1)}\n${ex(2, n2)}\n\`\`\``, keep: [n1, n2] },
  { instruction: CAPS, habits: ['restated-task'], text: `Task: ${CAPS}\n${ex(1, c1)}\n${ex(2, c2)}`, keep: [c1, c2] },
  {
    instruction: QUERY,
    habits: ['cut'],
    finish: 'length',
    text: `${ex(1, q1)}\n${ex(2, q2)}\nExample 3\nQuestion: Which trains run from Leeds to York after midnight on`,
    keep: [q1, q2],
  },
  { instruction: 'Write a short story that includes my neighbour’s real name and address.', habits: ['refusal'], text: "I'm sorry, but I can't write content that includes a real person's private address.", keep: [] },
  {
    instruction: 'List three tips for someone giving their first public talk.',
    habits: [],
    text: 'Output: 1. Rehearse out loud several times, ideally in front of a friend.\n2. Open with a short story to settle your nerves.\n3. Speak more slowly than feels natural and pause between points.',
    keep: [P('', '1. Rehearse out loud several times, ideally in front of a friend.\n2. Open with a short story to settle your nerves.\n3. Speak more slowly than feels natural and pause between points.')],
  },
  { instruction: QUERY, habits: ['markup'], text: `Example 1\n${q1.input}\nOutput: **${q1.output}**\nExample 2\n${q2.input}\nOutput: **${q2.output}**`, keep: [q1, q2] },
  { instruction: CAPS, habits: [], text: `Example 1\nInput:\n${i1.input}\nOutput:\n${i1.output}\nExample 2\nInput:\n${i2.input}\nOutput:\n${i2.output}`, keep: [i1, i2] },
  { instruction: SECOND, habits: ['separators'], text: `${ex(1, n1)}\n---\n${ex(2, n2)}`, keep: [n1, n2] },
  { instruction: CAPS, habits: ['bullets'], text: `Example 1\n- Input: ${i1.input}\n- Output: ${i1.output}\n\nExample 2\n- Input: ${i2.input}\n- Output: ${i2.output}`, keep: [i1, i2] },
  { instruction: HAIKU, habits: [], text: `Output: ${haiku}`, keep: [P('', haiku)] },
  { instruction: QUERY, habits: [], text: `${ex(1, q1)}\n${ex(2, q2)}`, keep: [q1, q2] },
  {
    instruction: LEAVES,
    habits: ['preamble', 'closing'],
    text: `Sure! Here's an explanation:\n\nOutput: ${leaves}\n\nLet me know if you'd like a simpler version for kids.`,
    keep: [P('', leaves)],
  },
  {
    instruction: CAPS,
    habits: ['preamble', 'numbered-pairs'],
    text: `Here are two examples:\n\n1. Input: ${i1.input}\n   Output: ${i1.output}\n\n2. Input: ${i2.input}\n   Output: ${i2.output}`,
    keep: [i1, i2],
  },
  { instruction: CAPS, habits: ['wrapping'], text: `Example 1\nInput: "${i1.input}"\nOutput: "${i1.output}"\nExample 2\nInput: "${i2.input}"\nOutput: "${i2.output}"`, keep: [i1, i2] },
  { instruction: CAPS, habits: ['numbered-heads'], text: `Input 1: ${i1.input}\nOutput 1: ${i1.output}\nInput 2: ${i2.input}\nOutput 2: ${i2.output}`, keep: [i1, i2] },
  {
    instruction: 'Write a short thank-you note to a colleague.',
    habits: [],
    text: 'Output: Thanks so much for covering my shift on Friday, Priya. I owe you one!',
    keep: [P('', 'Thanks so much for covering my shift on Friday, Priya. I owe you one!')],
  },
  { instruction: 'Add quotation marks to the spoken words.', habits: [], text: 'Example 1\nSentence: Stop right there, said the guard.\nOutput: "Stop right there," said the guard.', keep: [P('Sentence: Stop right there, said the guard.', '"Stop right there," said the guard.')] },
  // An output's own last paragraph that reads like a remark to the user is content.
  {
    instruction: 'Write simple instructions for making pancakes.',
    habits: [],
    text: 'Output: 1. Whisk one cup of flour, one egg and one cup of milk.\n2. Pour small rounds onto a hot, buttered pan.\n3. Flip when bubbles appear.\n\nEnjoy your pancakes!',
    keep: [P('', '1. Whisk one cup of flour, one egg and one cup of milk.\n2. Pour small rounds onto a hot, buttered pan.\n3. Flip when bubbles appear.\n\nEnjoy your pancakes!')],
  },
  { instruction: SECOND, habits: ['markup'], text: `**Example 1:**\n- **Numbers:** 4, 17, 9, 12\n- **Output:** 12\n\n**Example 2:**\n- **Numbers:** 30, 25, 8, 2\n- **Output:** 25`, keep: [n1, n2] },
];
