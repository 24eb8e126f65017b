/**
 * English stop words: function words (articles, pronouns, auxiliaries, prepositions, conjunctions,
 * common adverbs and fillers) and their usual contractions, all lower-case. The list is the
 * project's own selection; it serves Evol-Instruct's elimination rule "the answer is only
 * punctuation and stop words" (methods.md section 3). Pure, no I/O.
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set([
  // articles and determiners
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'some', 'any', 'each', 'every', 'either', 'neither',
  'no', 'all', 'both', 'few', 'more', 'most', 'other', 'another', 'such', 'same', 'own', 'much', 'many',
  // personal and other pronouns
  'i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours', 'ourselves', 'you', 'your', 'yours',
  'yourself', 'yourselves', 'he', 'him', 'his', 'himself', 'she', 'her', 'hers', 'herself', 'it', 'its',
  'itself', 'they', 'them', 'their', 'theirs', 'themselves', 'what', 'which', 'who', 'whom', 'whose',
  // auxiliaries and modals
  'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'have', 'has', 'had', 'having', 'do', 'does',
  'did', 'doing', 'done', 'can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must',
  // prepositions
  'of', 'in', 'on', 'at', 'by', 'for', 'with', 'about', 'against', 'between', 'into', 'through', 'during',
  'before', 'after', 'above', 'below', 'to', 'from', 'up', 'down', 'out', 'off', 'over', 'under', 'upon',
  'within', 'without', 'onto', 'toward', 'towards', 'via', 'per',
  // conjunctions and connectives
  'and', 'but', 'or', 'nor', 'so', 'yet', 'if', 'then', 'else', 'than', 'because', 'as', 'until', 'while',
  'whether', 'although', 'though', 'unless', 'since',
  // adverbs and fillers
  'not', 'only', 'very', 'too', 'just', 'also', 'again', 'further', 'once', 'here', 'there', 'when',
  'where', 'why', 'how', 'now', 'ever', 'never', 'always', 'often', 'still', 'even', 'well', 'really',
  'quite', 'rather', 'yes', 'oh', 'ok', 'okay', 'etc',
  // contractions
  "i'm", "i've", "i'd", "i'll", "you're", "you've", "you'd", "you'll", "he's", "she's", "it's", "we're",
  "we've", "we'd", "we'll", "they're", "they've", "they'd", "they'll", "that's", "there's", "what's",
  "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "haven't", "hasn't", "hadn't",
  "can't", "cannot", "couldn't", "won't", "wouldn't", "shouldn't", "mustn't", "let's",
]);

/** Word tokens of a text: runs of letters and digits, with inner apostrophes kept ("don't"), lower-cased. */
export function wordTokens(text: string): string[] {
  const normalised = text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
  return normalised.match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * True when the text has no word outside the stop-word list: it is empty, or only punctuation,
 * symbols, whitespace and stop words.
 */
export function isOnlyStopwords(text: string, stopwords: ReadonlySet<string> = ENGLISH_STOPWORDS): boolean {
  return wordTokens(text).every((w) => stopwords.has(w));
}
