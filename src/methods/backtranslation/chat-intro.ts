/**
 * How chat models talk about the instruction they infer for a passage: the words that introduce it
 * ("A likely instruction would be", "The user most likely asked"), the labels they put before it
 * ("Instruction", "Likely user request"), and the remarks that explain it afterwards ("This
 * instruction fits because ..."). Pure tests on a line's plain text (markup already taken off).
 * An instruction can itself start "Answer the following question:", so an intro must speak about
 * the instruction (or the user), never give one.
 */

const NOUN = String.raw`(?:instruction|request|question|prompt|query|task)s?`;
const QUALIFIER = String.raw`(?:(?:most|very|quite)\s+)?(?:likely|possible|plausible|probable|potential|original|inferred|suggested|reconstructed|corresponding|matching|fitting|suitable|best|user(?:'s)?|the user's|generated|written|backtranslated|one)`;

/** A label naming the instruction, nothing else: "Instruction", "Likely user request", "User's question", "User", "Q". */
const LABEL = new RegExp(String.raw`^(?:q|user|human|user prompt|user input|(?:(?:the|a|an)\s+)?(?:${QUALIFIER}\s+){0,3}(?:user\s+)?${NOUN}(?:\s*\(.*\))?)$`, 'i');

/** An opener word before the intro: "Sure!", "Okay,", "Great question." */
const POLITE = String.raw`(?:(?:sure|certainly|of course|absolutely|okay|ok|alright|great|got it|no problem)\b[^a-z0-9]*\s*)?`;
/** A lead-in clause: "Based on the response,", "Given this text,", "I think", "It seems". */
const LEAD_IN = String.raw`(?:(?:based on|given|from|judging (?:by|from)|looking at|considering|for)\b[^,]{0,80},\s*|(?:i think|i believe|i'd say|i would say|i'd guess|i would guess|it seems|it looks like|my (?:best )?guess is|in this case|here)\s*(?:that\s*)?,?\s*)*`;

const INTROS: RegExp[] = [
  // "Here's a possible instruction", "Here is the instruction that fits", not "Here is a question from my exam".
  new RegExp(
    String.raw`^${POLITE}${LEAD_IN}here(?:'s| is| are)\s+(?:a|an|the|one|some|my)?\s*(?:(?:${QUALIFIER}|few|couple of|two|three)\s+(?:\w+\s+){0,2}${NOUN}\b|${NOUN}\s*(?:$|that\b|which\b|fitting\b|matching\b|(?:the|a) user\b|(?:for|of|behind) (?:this|the|that) (?:response|passage|text|answer)\b))`,
    'i',
  ),
  // "Here's what the user likely asked", "Here is how the request might have read".
  new RegExp(String.raw`^${POLITE}${LEAD_IN}here(?:'s| is)\s+(?:what|how)\b.{0,60}\b(?:asked|requested|wanted|wrote|typed|${NOUN})\b`, 'i'),
  // "A likely instruction would be", "The instruction could be", "One possible prompt is", "The most likely request is something like".
  new RegExp(String.raw`^${POLITE}${LEAD_IN}(?:the|a|an|one|my|this)?\s*(?:${QUALIFIER}\s+){0,3}(?:user\s+)?${NOUN}\b.{0,80}\b(?:is|was|would be|could be|might be|may be|fits|reads|follows|here|be)\b.{0,40}$`, 'i'),
  // "The user most likely asked", "A user probably wrote something like", "The person wanted to know".
  new RegExp(String.raw`^${POLITE}${LEAD_IN}(?:the|a|this)?\s*(?:user|person|asker|reader|customer|someone|they)\b.{0,40}\b(?:asked|ask|wrote|write|typed|requested|request|wanted|said|say|was asking|were asking|would ask|might ask|could ask)\b.{0,40}$`, 'i'),
  // "This response answers the instruction", "The response above answers the question".
  new RegExp(String.raw`^${POLITE}${LEAD_IN}(?:this|the)\s+(?:response|passage|text|answer)\b.{0,60}\b(?:answers?|responds? to|addresses|fits)\b.{0,60}$`, 'i'),
];

/** Is this (the text before a colon) an intro to the instruction rather than part of it? */
export function introHead(head: string): boolean {
  const h = head.trim();
  return h.split(/\s+/).length <= 24 && INTROS.some((r) => r.test(h));
}

/**
 * A label in a model's own words ("Reverse-engineered prompt", "Predicted user question"): one to
 * three describing words (past participles, adjectives) before the noun. "Homework question:" or
 * "Interview questions:" name content, not the instruction, and stay.
 */
const OWN_LABEL = new RegExp(String.raw`^(?:(?:[\w'-]+(?:ed|ive|ible|able|al|ly)|user|candidate|proposed|best|top|final|single)\s+){1,3}${NOUN}$`, 'i');

/** A label naming what it labels: "Instruction for this response", "Likely prompt behind the text above". */
const FOR_LABEL = new RegExp(
  String.raw`^(?:(?:the|a|an)\s+)?(?:${QUALIFIER}\s+){0,3}(?:user\s+)?${NOUN}\s+(?:for|behind|of|matching|fitting|to)\s+(?:this|the|that)\s+(?:\w+\s+)?(?:response|passage|text|answer|output)(?:\s+(?:above|below|given))?$`,
  'i',
);

/** Is this a bare label for the instruction ("Instruction", "Likely instruction", "[User]")? */
export function isLabelHead(head: string): boolean {
  const h = head.trim().replace(/^\[(.*)\]$/, '$1').trim();
  return LABEL.test(h) || OWN_LABEL.test(h) || FOR_LABEL.test(h);
}

/** A remark about the instruction after it: why it fits, what it covers, or a labelled note. */
const EXPLAINS = new RegExp(
  String.raw`^(?:(?:explanation|reasoning|rationale|why|note|justification)\s*:|(?:this|the|that|such an?)\s+(?:${QUALIFIER}\s+)?(?:${NOUN}|response|passage|text|answer)\s+(?:fits|matches|works|captures|covers|reflects|aligns|is (?:a good|likely|the most|appropriate|fitting|suitable)|seems|makes sense|asks for|leads|elicits|explains why|because|was chosen)|(?:i chose|i picked|i inferred|i went with|because the (?:response|passage|text))\b)`,
  'i',
);

export function isExplanation(line: string): boolean {
  return EXPLAINS.test(line.trim());
}
