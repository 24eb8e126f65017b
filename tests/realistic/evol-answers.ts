/**
 * Evol-Instruct answers written the way chat models answer the rewriter and creator frames and the
 * equality prompt (gpt-4o-mini mostly clean, sometimes echoing the frame's label; Llama-3-8B-Instruct
 * opening with "Here is a rewritten version..." and closing with what it changed; Qwen echoing
 * "#Rewritten Prompt#:" and bolding it). `keep` for an evolution is the prompt a careful reader
 * keeps, or null when it should be rejected (a marker word leaked into the prompt itself); for an
 * equality answer, the verdict a reader reads.
 */
import type { CorpusAnswer } from './corpus.js';

export interface EvolveAnswer extends CorpusAnswer<string | null> {
  variant: 'evolve-in-depth' | 'evolve-in-breadth';
}

const kyoto = 'Plan a three-day trip to Kyoto for two people on a budget of $500, naming one temple to visit each day and the cheapest way to travel between them.';
const photosynthesis = 'Explain how photosynthesis differs in cacti (CAM plants) compared with maize (C4 plants), and why each strategy suits its climate.';
const salesTable = [
  'Using the sales table below, identify which store had the largest percentage growth from Q1 to Q2, and show how you calculated it.',
  '',
  '| store | Q1 | Q2 |',
  '|---|---|---|',
  '| North | 12,000 | 15,600 |',
  '| South | 9,500 | 10,450 |',
  '| East | 20,000 | 23,000 |',
].join('\n');
const bugCode = [
  'The function below should return the median of a list, but it gives wrong results for lists of even length. Find the bug, explain it, and write a corrected version.',
  '',
  '```python',
  'def median(xs):',
  '    xs = sorted(xs)',
  '    return xs[len(xs) // 2]',
  '```',
].join('\n');
const essay = 'Write a 300-word persuasive essay arguing that cities should replace street parking with bike lanes, addressing at least two objections from shop owners.';
const lighthouse = 'Describe the daily routine of a 19th-century lighthouse keeper on a remote Scottish island during winter storms.';
const tern = 'Describe the annual migration route of the Arctic tern and explain how it navigates across open ocean.';
const recipeJson = [
  'Scale the recipe in this JSON so it serves 10 people instead of 4, keeping the original units and rounding to sensible kitchen amounts:',
  '{"serves": 4, "ingredients": [{"item": "rice", "qty": 300, "unit": "g"}, {"item": "stock", "qty": 750, "unit": "ml"}]}',
].join('\n');
const reasoning = 'A train leaves at 9:40 and travels 210 km at an average of 84 km/h, then waits 15 minutes and travels another 60 km at 90 km/h. At what time does it arrive? Explain your reasoning step by step.';
const sqlTask = 'Write a SQL query that lists, for each city, the customer who spent the most in 2023, using the tables customers(id, name, city) and orders(id, customer_id, amount, order_date).';
const haiku = 'Write a haiku about autumn rain in a city that uses no adjectives and ends with a sound.';
const negotiation = 'Role-play a salary negotiation between a junior data analyst and a hiring manager, where the analyst has a competing offer 10% higher.\n\nKeep each turn under 40 words.\n\nEnd the dialogue with a concrete agreement.';
const glacier = 'Explain how a valley glacier carves a U-shaped valley, contrasting it with the V-shaped valleys cut by rivers, and name one real example of each.';
const vaccine = 'Summarise the main arguments for and against mandatory flu vaccination for hospital staff, and say which argument you find strongest and why.';
const chess = 'Explain the opening principles a beginner should follow in chess.\n\nNote: assume the reader knows how the pieces move but has never studied openings.';
const bees = 'List five native plants that support wild bees in a small urban balcony garden in central Europe, with the month each one flowers.';
const contract = 'Draft a short clause for a freelance design contract that limits the number of revision rounds to two and sets the fee for extra rounds.';
const tides = 'Explain why there are two high tides a day in most places, and why some coasts, such as parts of the Gulf of Mexico, have only one.';
const poem = 'Write a limerick about a cat who learns to use a smartphone, and make the last line a pun.';
const assumptions = 'Estimate how many litres of water a four-person household in Spain uses per day for showers, cooking and laundry.\n\nIf you need to make assumptions, state them before giving the estimate.';
const requirements = 'Design a one-week beginner running plan for someone training for a 5 km race.\n\nRequirements:\n- no more than four runs\n- at least one rest day between hard sessions\n- a short note on warming up';
const shipwreck = 'Explain how marine archaeologists date a 17th-century shipwreck found in cold Baltic waters, and why the cold helps preserve it.';
const releaseNotes = 'Write release notes of at most 120 words for version 2.0 of a note-taking app, for users who are not technical, using the facts below.\n\nThe new version adds dark mode and offline sync.\nIt drops support for Android 8.';
const mortgage = 'Compare a 15-year and a 30-year fixed-rate mortgage for a $300,000 loan at 6% interest: give the monthly payment and total interest of each, and recommend one for a family that expects its income to rise.';

export const EVOLVE_ANSWERS: EvolveAnswer[] = [
  // Clean answers, as gpt-4o-mini writes most of them.
  { variant: 'evolve-in-depth', habits: [], text: kyoto, keep: kyoto },
  { variant: 'evolve-in-depth', habits: [], text: salesTable, keep: salesTable },
  { variant: 'evolve-in-depth', habits: [], text: bugCode, keep: bugCode },
  { variant: 'evolve-in-depth', habits: [], text: reasoning, keep: reasoning },
  { variant: 'evolve-in-breadth', habits: [], text: lighthouse, keep: lighthouse },
  { variant: 'evolve-in-depth', habits: [], text: recipeJson, keep: recipeJson },
  { variant: 'evolve-in-breadth', habits: [], text: negotiation, keep: negotiation },
  { variant: 'evolve-in-depth', habits: [], text: chess, keep: chess },
  { variant: 'evolve-in-breadth', habits: [], text: `${bees}\n`, keep: bees },
  { variant: 'evolve-in-depth', habits: [], text: tides, keep: tides },
  { variant: 'evolve-in-breadth', habits: [], text: poem, keep: poem },
  { variant: 'evolve-in-depth', habits: [], text: assumptions, keep: assumptions },
  { variant: 'evolve-in-depth', habits: [], text: releaseNotes, keep: releaseNotes },
  { variant: 'evolve-in-breadth', habits: [], text: requirements, keep: requirements },
  // A marker leaked inside the prompt itself: rule 4 must still reject it.
  { variant: 'evolve-in-depth', habits: [], text: `${vaccine} Make sure the answer is longer than the one for the #Given Prompt#.`, keep: null },
  // Frame labels echoed from the prompt's last line (Qwen, gpt-4o-mini now and then).
  { variant: 'evolve-in-depth', habits: ['frame-label'], text: `#Rewritten Prompt#:\n${photosynthesis}`, keep: photosynthesis },
  { variant: 'evolve-in-breadth', habits: ['frame-label'], text: `**#Created Prompt#:**\n${tern}`, keep: tern },
  { variant: 'evolve-in-depth', habits: ['frame-label'], text: `## Rewritten Prompt\n\n${essay}`, keep: essay },
  { variant: 'evolve-in-breadth', habits: ['frame-label'], text: `Created Prompt: ${contract}`, keep: contract },
  { variant: 'evolve-in-depth', habits: ['frame-label', 'wrapping'], text: `**Rewritten Prompt:**\n"${mortgage}"`, keep: mortgage },
  // Preambles and closing commentary (Llama-3-8B-Instruct's habit).
  {
    variant: 'evolve-in-depth',
    habits: ['preamble', 'closing'],
    text: `Here is a rewritten version of the prompt:\n\n${sqlTask}\n\nThis rewritten prompt adds a specific year and requires joining two tables, which makes the query harder to write.`,
    keep: sqlTask,
  },
  {
    variant: 'evolve-in-depth',
    habits: ['preamble', 'wrapping'],
    text: `Sure! Here's a more challenging version of the prompt:\n\n"${haiku}"`,
    keep: haiku,
  },
  {
    variant: 'evolve-in-depth',
    habits: ['preamble', 'frame-label', 'closing'],
    text: `Sure, here's the rewritten prompt:\n\n#Rewritten Prompt#:\n${glacier}\n\nNote: I added a comparison with river valleys and asked for real examples to deepen the inquiry.`,
    keep: glacier,
  },
  {
    variant: 'evolve-in-depth',
    habits: ['closing'],
    text: `${salesTable}\n\n---\n\n**Explanation:** The rewritten prompt asks for percentage growth rather than the largest total, and requires showing the calculation.`,
    keep: salesTable,
  },
  {
    variant: 'evolve-in-depth',
    habits: ['wrapping'],
    text: `\`\`\`\n${reasoning}\n\`\`\``,
    keep: reasoning,
  },
  {
    variant: 'evolve-in-breadth',
    habits: ['markup', 'closing'],
    text: `**${lighthouse}**\n\nI hope this new prompt works for your dataset! Let me know if you'd like another one.`,
    keep: lighthouse,
  },
  {
    variant: 'evolve-in-depth',
    habits: ['preamble', 'closing'],
    text: `Here is a more complex version of the prompt:\n\n${vaccine}\n\nChanges made:\n- Asked for arguments on both sides\n- Required a judgement of the strongest argument`,
    keep: vaccine,
  },
  { variant: 'evolve-in-depth', habits: ['frame-label'], text: `#Rewritten Prompt# (Concretizing):\n${bees}`, keep: bees },
  { variant: 'evolve-in-breadth', habits: ['preamble'], text: `Here's a new prompt in the same domain:\n\n${shipwreck}`, keep: shipwreck },
  { variant: 'evolve-in-depth', habits: ['frame-label', 'closing'], text: `**New Prompt:** ${tides}\n\n(Word count: 31)`, keep: tides },
  {
    variant: 'evolve-in-depth',
    habits: ['preamble', 'frame-label'],
    text: `Sure! I'd be happy to help.\n\nHere is the rewritten prompt:\n\n#Rewritten Prompt#:\n${photosynthesis}`,
    keep: photosynthesis,
  },
  { variant: 'evolve-in-breadth', habits: ['frame-label', 'closing'], text: `#Created Prompt#:\n${contract}\n\n#Explanation#:\nThe new prompt stays in contract writing but moves to a rarer clause.`, keep: contract },
];

/** Answers to "Answer with "Equal" or "Not Equal" and nothing else." */
export const EQUALITY_ANSWERS: CorpusAnswer<'equal' | 'not-equal'>[] = [
  { habits: [], text: 'Not Equal', keep: 'not-equal' },
  { habits: [], text: 'Equal', keep: 'equal' },
  { habits: [], text: 'Not Equal', keep: 'not-equal' },
  { habits: [], text: 'Not Equal\n', keep: 'not-equal' },
  { habits: [], text: 'Equal', keep: 'equal' },
  { habits: [], text: 'Not equal', keep: 'not-equal' },
  { habits: [], text: 'Not Equal.', keep: 'not-equal' },
  { habits: [], text: 'Equal.', keep: 'equal' },
  { habits: [], text: 'Not Equal', keep: 'not-equal' },
  { habits: [], text: 'NOT EQUAL', keep: 'not-equal' },
  { habits: ['markup'], text: '**Equal**', keep: 'equal' },
  { habits: ['markup'], text: '**Not Equal**', keep: 'not-equal' },
  { habits: ['explained'], text: 'Not equal. The second prompt adds a word limit and asks for two objections.', keep: 'not-equal' },
  { habits: ['explained'], text: 'They are not equal because the second instruction requires a specific year and a table join.', keep: 'not-equal' },
  { habits: ['explained'], text: 'Equal — both ask for a summary of the same article with no added constraints.', keep: 'equal' },
  { habits: ['explained'], text: 'Equal. Although the wording differs and one might think they are not equal, both impose the same requirements.', keep: 'equal' },
  { habits: ['explained'], text: 'The two instructions are the same.', keep: 'equal' },
  { habits: ['label', 'markup'], text: 'Answer: **Not Equal**', keep: 'not-equal' },
  { habits: ['explained'], text: 'The second instruction adds a budget and a fixed number of days, so they are not equal.', keep: 'not-equal' },
  { habits: ['explained'], text: 'Both ask for the same explanation at the same depth.\n\nEqual', keep: 'equal' },
  { habits: ['markup', 'explained'], text: '**Equal**\n\nBoth instructions ask for five native plants; the second only rewords the first, it is not a different task.', keep: 'equal' },
  { habits: ['explained'], text: 'No, they are not equal: the second asks for a comparison.', keep: 'not-equal' },
  { habits: ['explained'], text: 'The second instruction is more specific and adds a deadline.', keep: 'not-equal' },
  { habits: ['label'], text: 'Verdict: Equal', keep: 'equal' },
  { habits: ['explained'], text: 'Not Equal\n\nThe second prompt deepens the inquiry by asking for causes and consequences.', keep: 'not-equal' },
];
