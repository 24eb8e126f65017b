/**
 * Writers of placeholder content: task inputs, task outputs, prose paragraphs and lists.
 * All text is plainly generic, but shaped like real data (sentences, lists, labels).
 */
import type { Rng } from './rng.js';
import type { SimTask } from './tasks.js';
import { CITIES, PROSE_BODY, PROSE_CLOSERS, PROSE_OPENERS, REFUSALS } from './vocab.js';
import { capFirst, contentWords, countWords, fillSubject, lowerFirst } from './text.js';

const NAME_ADJ = ['Silver', 'Quiet', 'Golden', 'Hidden', 'Little', 'Bright', 'Northern', 'Clever', 'Patient', 'Open', 'Second', 'Common'];
const NAME_NOUN = ['Garden', 'Harbor', 'Lantern', 'Compass', 'Orchard', 'Meadow', 'Bridge', 'Workshop', 'Notebook', 'Kettle', 'Atlas', 'Window'];
const PEOPLE = ['Maria', 'Tom', 'Aisha', 'Daniel', 'Priya', 'Lucas', 'Mei', 'Omar', 'Sofia', 'Jonas', 'Elena', 'Kwame'];

const LIST_ITEMS = [
  'Start with the basics of {s} before anything else.',
  'Set one clear and realistic goal.',
  'Track your progress once a week.',
  'Ask someone with experience for honest feedback.',
  'Keep a short checklist close at hand.',
  'Review what worked and adjust the plan.',
  'Set aside a fixed time every day.',
  'Break large tasks into smaller steps.',
  'Learn from the most common mistakes.',
  'Celebrate small wins along the way.',
  'Compare a few options before deciding.',
  'Read one reliable guide on {s}.',
  'Share what you learn with a friend.',
  'Keep notes so you can spot patterns later.',
  'Remove one distraction from your routine.',
  'Prepare everything you need the evening before.',
];

const QUESTIONS = [
  'What is the main idea behind {s}?',
  'How does {s} affect everyday life?',
  'Why do people disagree about {s}?',
  'Which mistakes are most common with {s}?',
  'Who benefits most from {s}?',
  'What should a beginner know about {s}?',
  'How can progress with {s} be measured?',
  'What are the costs and benefits of {s}?',
  'Where can someone learn more about {s}?',
  'What changed recently in {s}?',
];

const LABEL_TEXT: Record<string, readonly string[]> = {
  positive: [
    'I really enjoyed the session on {s}; it was clear, friendly and well worth the time.',
    'The new guide to {s} is excellent and surprisingly easy to follow.',
    'Great service and helpful advice about {s}. I would happily come back.',
  ],
  negative: [
    'The workshop on {s} was disorganized and far too long.',
    'I was disappointed by the advice on {s}; most of it was vague and unhelpful.',
    'Terrible experience. Nobody could answer a simple question about {s}.',
  ],
  neutral: [
    'The article on {s} was published on Monday and runs to about four pages.',
    'The class about {s} meets twice a week in the main building.',
  ],
  spam: [
    'Congratulations! You have been selected for a free prize. Click the link now to claim it before midnight.',
    'Earn money fast from home with our secret method about {s}. Reply YES to get started today!',
  ],
  'not spam': [
    'Hi, are we still meeting at noon to go over the notes on {s}?',
    'Thanks for sending the summary about {s}. I will read it tonight.',
  ],
  fact: ['{S} has been studied by researchers for many years.', 'Several countries publish official guidance on {s}.'],
  opinion: ['I think {s} is the most overrated subject of all.', 'Honestly, {s} is far more fun than people admit.'],
  formal: ['Dear colleagues, please find attached the report concerning {s}.'],
  informal: ['hey, did you see that thing about {s}? so cool lol'],
  urgent: ['Please reply today: the deadline for the {s} request is this afternoon.'],
  'not urgent': ['Whenever you have a moment, could you look at the notes on {s}?'],
  sarcastic: ['Oh great, another meeting about {s}. Exactly what I needed today.'],
  sincere: ['Thank you for explaining {s} so patiently. It really helped me.'],
  question: ['What is the best way to get started with {s}?'],
  statement: ['The library now has a shelf dedicated to {s}.'],
  complaint: ['The delivery was late again and nobody answered my emails about {s}.'],
  compliment: ['Your presentation on {s} was clear, well paced and inspiring.'],
  true: ['{S} is a topic that people have discussed for a long time.'],
  false: ['{S} was invented last week by a single person.'],
  yes: ['The notes on {s} mention it twice in the opening paragraph.'],
  no: ['The notes cover the weather, the schedule and nothing else.'],
};

const GENERIC_INPUTS: Record<string, readonly string[]> = {
  sentence: [
    'The new guide to {s} was surprisingly easy to follow.',
    'Our team spent the whole afternoon in {c} discussing {s}.',
    'Most beginners underestimate how much practice {s} requires.',
    '{p} finally understood {s} after reading the second chapter.',
    'Nobody at the meeting could agree on what {s} really means.',
    'The report on {s} will be published next spring.',
  ],
  paragraph: [
    '{S} has become a popular subject in recent years. Many people first hear about it at school, but few study it in depth. ' +
      'Supporters say that a basic understanding saves time and money, while critics argue that the benefits are often overstated.',
    'Last spring, a small group of volunteers in {c} started a project on {s}. They met every Saturday, shared notes and invited local experts. ' +
      'By the end of the year, the group had grown to forty members and published a short guide for newcomers.',
    'When {p} took over the {s} programme, it had no budget and two members. Three years later it runs weekly sessions in {c} ' +
      'and a waiting list of families who want to join.',
  ],
  email: [
    'Hi {q}, I wanted to follow up on our conversation about {s}. Could we meet on Thursday to go over the next steps? Thanks, {p}',
    'Dear {q}, thank you for the notes on {s}. I have a few questions about the budget and will call you tomorrow. Best, {p}',
    'Hello team, the workshop on {s} in {c} has moved to the second floor. Please bring your laptops. {p}',
  ],
  'customer message': [
    'Hello, I ordered a book about {s} two weeks ago and it still has not arrived. Can you help?',
    'Hi, can I change my booking for the {s} class in {c} to next week?',
    'My account shows two charges for the {s} course. Please refund one of them.',
  ],
  complaint: [
    'I have called three times about my booking for the {s} course and nobody has called me back.',
    'The {s} session in {c} started forty minutes late and the room was far too small.',
    'The guide on {s} I bought is missing half of its pages.',
  ],
  'text message': ['running ten minutes late, save me a seat at the {s} talk!', 'did you finish the reading on {s}? call me after lunch', 'meet at the cafe in {c} at six to plan the {s} thing?'],
  tweet: [
    'Just finished a great thread on {s}. Who knew it could be this interesting? #learning',
    'Unpopular opinion: {s} is overrated and everyone in {c} knows it.',
    'Three hours reading about {s} and I still have questions. Send help.',
  ],
  'news headline': ['Local Council Approves New Plan for {S}', '{C} Volunteers Launch Free Course on {S}', 'Study Finds Growing Interest in {S} Among Young Adults'],
  headline: ['Why Everyone Is Suddenly Talking About {S}', 'Five Myths About {S}, Explained', 'How {C} Got Serious About {S}'],
  'job posting': [
    'We are hiring a part-time assistant with an interest in {s}. Duties include research, scheduling and writing short reports.',
    'Wanted in {c}: a coordinator for our {s} programme. Experience with volunteers is a plus.',
  ],
  'short story': [
    'The old lighthouse had been dark for years. One evening, {p} climbed the stairs with a lantern and a notebook full of ideas about {s}.',
    'On the last train out of {c}, {p} found a letter about {s} tucked inside a borrowed book.',
  ],
  statement: ['{S} is mainly useful for experts.', '{S} affects almost everyone in some way.', 'Most people in {c} have never heard of {s}.'],
  question: ['How long does it take to get good at {s}?', 'Is {s} worth the effort for a complete beginner?', 'Where can I learn about {s} in {c}?'],
  quote: ['"The best time to learn about {s} was yesterday; the second best time is today."', '"{S} is simple, but it is not easy," said {p}.'],
  'recipe description': ['A warm, simple dish that takes twenty minutes and uses ingredients most kitchens already have.', 'A slow-cooked stew from {c}, served with fresh bread and a green salad.'],
  comment: ['This post about {s} cleared up a lot of confusion for me.', 'I disagree with the part about {s}; it does not match my experience in {c}.'],
  'social media post': ['Spent the weekend learning about {s} and I am hooked. Any tips for a beginner?', 'Big thanks to everyone who came to the {s} meetup in {c} last night!'],
};

/** Fill the people and place slots of an input template. */
function fillSlots(r: Rng, template: string, subject: string): string {
  const p = r.pick(PEOPLE);
  const q = r.pick(PEOPLE.filter((x) => x !== p));
  const c = r.pick(CITIES);
  return fillSubject(template, subject).replace(/\{p\}/g, p).replace(/\{q\}/g, q).replace(/\{c\}/g, c).replace(/\{C\}/g, c);
}

function reviewLike(kind: string): boolean {
  return /review|tweet|comment|post|message/.test(kind);
}

/** A plausible input for a task; for classification, consistent with `label` when known. */
export function writeInput(r: Rng, t: SimTask, label?: string, avoid?: ReadonlySet<string>): string {
  let input = writeInputOnce(r, t, label);
  for (let i = 0; avoid && avoid.has(input) && i < 4; i++) input = writeInputOnce(r, t, label);
  return input;
}

function writeInputOnce(r: Rng, t: SimTask, label?: string): string {
  const s = t.topic;
  const kind = t.inputKind ?? 'sentence';
  if (kind === 'sentence pair') {
    const a = fillSlots(r, r.pick(GENERIC_INPUTS.sentence ?? []), s);
    const b = label && /^no$/i.test(label) ? `Nobody in the group had ever heard of ${s}.` : `${capFirst(s)} turned out to be easier than expected.`;
    return `Sentence 1: ${a}\nSentence 2: ${b}`;
  }
  if (kind === 'list') {
    const items = r.sample([...NAME_NOUN, ...NAME_ADJ].map((w) => w.toLowerCase()), r.int(4, 6));
    return items.join(', ');
  }
  if (label) {
    const texts = LABEL_TEXT[label.toLowerCase()];
    if (texts) return fillSlots(r, r.pick(texts), s);
  }
  const texts = GENERIC_INPUTS[kind] ?? (reviewLike(kind) ? [...(LABEL_TEXT.positive ?? []), ...(LABEL_TEXT.negative ?? [])] : GENERIC_INPUTS.sentence ?? []);
  return fillSlots(r, r.pick(texts), s);
}

/** A made-up title or name. */
export function makeName(r: Rng, topic: string): string {
  const form = r.int(0, 3);
  const words = contentWords(topic);
  const key = capFirst(words[words.length - 1] ?? 'ideas');
  if (form === 0) return `The ${r.pick(NAME_ADJ)} ${r.pick(NAME_NOUN)}`;
  if (form === 1) return `${capFirst(topic)}: A ${r.pick(['Practical', 'Gentle', 'Curious', 'Short'])} Guide`;
  if (form === 2) return `${key} ${r.pick(NAME_NOUN)}`;
  return `Notes from the ${r.pick(NAME_NOUN)}`;
}

/** A numbered list of `n` items about `subject`. */
export function makeList(r: Rng, subject: string, n: number, pool: readonly string[] = LIST_ITEMS): string {
  return r
    .sample(pool, n)
    .map((item, i) => `${i + 1}. ${fillSubject(item, subject)}`)
    .join('\n');
}

/** Prose of `minWords`..`maxWords` words about `subject`. */
export function makeProse(r: Rng, subject: string, minWords: number, maxWords: number): string {
  const target = r.int(minWords, maxWords);
  const sentences = [fillSubject(r.pick(PROSE_OPENERS), subject)];
  const body = r.sample(PROSE_BODY, PROSE_BODY.length);
  let words = countWords(sentences[0] ?? '');
  const closer = fillSubject(r.pick(PROSE_CLOSERS), subject);
  const closerWords = countWords(closer);
  for (const b of body) {
    const sentence = fillSubject(b, subject);
    const w = countWords(sentence);
    if (words + w + closerWords > maxWords) break;
    sentences.push(sentence);
    words += w;
    if (words + closerWords >= target) break;
  }
  if (words + closerWords <= maxWords) sentences.push(closer);
  return sentences.join(' ');
}

/** A refusal short enough for Evol-Instruct's "sorry and < 80 words" elimination rule. */
export function makeRefusal(r: Rng): string {
  return `${r.pick(REFUSALS)} ${r.pick(['Could you add more detail?', 'Please try rephrasing the question.', 'Perhaps a more specific question would help.'])}`;
}

function transform(r: Rng, input: string, style: string | undefined): string {
  const first = input.split(/(?<=[.!?])\s+/)[0] ?? input;
  switch (style) {
    case 'concise': {
      if (first !== input) return first;
      const shorter = input.replace(/\b(really|very|surprisingly|finally|just|whole|simple)\s+/gi, '');
      return shorter !== input ? shorter : `In short: ${lowerFirst(input)}`;
    }
    case 'formal':
    case 'polite':
    case 'academic':
      return `Please note that ${lowerFirst(input)}`;
    case 'casual':
    case 'friendly':
      return `So, basically, ${lowerFirst(input)}`;
    case 'humorous':
      return `${input} Who would have guessed?`;
    case 'dramatic':
      return `At last, after everything, ${lowerFirst(input)}`;
    default:
      return `${r.pick(['In other words,', 'Put simply,', 'To put it another way,'])} ${lowerFirst(input)}`;
  }
}

/**
 * The output of a task for an input. `maxWords` bounds prose. `label` forces the answer of a
 * classification task.
 */
export function writeOutput(r: Rng, t: SimTask, input: string, opts: { maxWords?: number; label?: string } = {}): string {
  const maxWords = opts.maxWords ?? 70;
  const s = t.topic;
  const n = Math.min(Math.max(t.count ?? r.int(3, 5), 2), 7);
  switch (t.kind) {
    case 'classify':
      return opts.label ?? r.pick(t.labels ?? ['Yes', 'No']);
    case 'list':
    case 'plan':
      return makeList(r, s, n);
    case 'questions':
      return makeList(r, s, n, QUESTIONS);
    case 'name':
      return makeName(r, s);
    case 'compare':
      return makeProse(r, s, Math.min(25, maxWords), maxWords);
    case 'translate':
      return `[${t.language ?? 'French'} translation] ${input || fillSubject('A short sentence about {s}.', s)}`;
    case 'rewrite':
      return input ? transform(r, input, t.style) : makeProse(r, s, 15, Math.min(40, maxWords));
    case 'edit':
      return input ? `${input.replace(/\s+$/, '').replace(/([^.!?])$/, '$1.')} (No other errors found.)` : 'No errors found.';
    case 'summarize': {
      const key = input ? contentWords(input).slice(0, 3).join(', ') : s;
      return `The ${t.inputKind ?? 'text'} is mainly about ${key || s}. Its central point is that ${s} deserves a closer and more careful look.`;
    }
    case 'extract': {
      const words = [...new Set(contentWords(input || s))].slice(0, r.int(2, 5));
      return words.length > 0 ? words.join(', ') : 'None found.';
    }
    case 'sort':
      return input
        .split(/\s*,\s*/)
        .filter(Boolean)
        .sort()
        .join(', ');
    case 'reply':
      return `Thank you for your message. ${fillSubject(r.pick(['I am sorry for the delay with {s}, and I will look into it today.', 'I am glad the notes on {s} were useful.', 'Thursday works well for a meeting about {s}.']), s)} Best regards, ${r.pick(PEOPLE)}`;
    case 'write':
      return writeCreative(r, t, maxWords);
    case 'explain':
    default:
      return makeProse(r, s, Math.min(25, maxWords), maxWords);
  }
}

function writeCreative(r: Rng, t: SimTask, maxWords: number): string {
  const s = t.topic;
  const f = t.format ?? '';
  if (/haiku/.test(f)) return `Morning thoughts of ${s}\nquiet steps on a long road\nthe page turns again`;
  if (/limerick|poem|acrostic/.test(f))
    return `There once was a tale about ${s},\nTold slowly by people with sense;\nThey learned as they went,\nEach hour well spent,\nAnd the ending was worth the suspense.`;
  if (/email|note|letter/.test(f))
    return `Dear ${r.pick(PEOPLE)}, I am writing about ${s}. ${fillSubject(r.pick(PROSE_BODY), s)} Kind regards, ${r.pick(PEOPLE)}`;
  if (/dialogue/.test(f)) {
    const a = r.pick(PEOPLE);
    const b = r.pick(PEOPLE.filter((p) => p !== a));
    return `${a}: Have you ever thought about ${s}?\n${b}: Only a little. Where should I start?\n${a}: Start with the basics and take it one step at a time.\n${b}: That sounds manageable.`;
  }
  if (/slogan|headline|tweet/.test(f)) return `${capFirst(s)}: ${r.pick(['small steps, big difference.', 'learn it once, use it forever.', 'simpler than you think.'])}`;
  if (/story|fable|diary/.test(f))
    return `${r.pick(PEOPLE)} had never cared much about ${s}. One rainy afternoon, a chance conversation changed that. ` +
      `By the end of the week, ${r.pick(['she', 'he', 'they'])} had filled a notebook with questions, and the answers turned out to be worth the effort.`;
  return makeProse(r, s, Math.min(25, maxWords), maxWords);
}
