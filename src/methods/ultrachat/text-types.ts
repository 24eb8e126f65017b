/**
 * The kinds of text a material piece is taken as (UltraChat's sector 3 matches C4 pieces to 20
 * text types by keywords in their URLs). Our own table of 20 types with their keywords; a piece
 * whose URL, title or opening words name none gets a type drawn from its own seeded stream.
 */
import { stepRng } from '../../engine/rng.js';

export interface TextType {
  name: string;
  /** Whole words looked for in a piece's URL, title and first 300 characters, in that order. */
  keywords: readonly string[];
}

export const TEXT_TYPES: readonly TextType[] = [
  { name: 'news article', keywords: ['news', 'reuters', 'cnn', 'reported', 'breaking', 'correspondent'] },
  { name: 'blog post', keywords: ['blog', 'wordpress', 'blogspot', 'my week', 'i decided'] },
  { name: 'product description', keywords: ['product', 'shop', 'store', 'buy', 'price', 'shipping'] },
  { name: 'recipe', keywords: ['recipe', 'recipes', 'ingredients', 'tablespoon', 'bake', 'cooking'] },
  { name: 'scientific abstract', keywords: ['abstract', 'study', 'journal', 'researchers', 'arxiv', 'findings'] },
  { name: 'legal text', keywords: ['law', 'legal', 'court', 'statute', 'contract', 'plaintiff'] },
  { name: 'opinion essay', keywords: ['opinion', 'editorial', 'column', 'commentary', 'i believe'] },
  { name: 'review', keywords: ['review', 'reviews', 'rating', 'stars', 'verdict'] },
  { name: 'travel guide', keywords: ['travel', 'trip', 'hotel', 'tourism', 'visit', 'destination'] },
  { name: 'biography', keywords: ['biography', 'born', 'early life', 'career', 'died'] },
  { name: 'how-to guide', keywords: ['how-to', 'howto', 'guide', 'tutorial', 'step'] },
  { name: 'press release', keywords: ['press', 'announces', 'announced', 'release', 'prnewswire'] },
  { name: 'job posting', keywords: ['job', 'jobs', 'careers', 'hiring', 'vacancy', 'salary'] },
  { name: 'forum post', keywords: ['forum', 'thread', 'reddit', 'reply', 'posted by'] },
  { name: 'encyclopedia entry', keywords: ['wiki', 'wikipedia', 'encyclopedia', 'is a', 'refers to'] },
  { name: 'sports report', keywords: ['sport', 'sports', 'match', 'league', 'goal', 'championship'] },
  { name: 'health advice', keywords: ['health', 'medical', 'symptoms', 'doctor', 'patients', 'clinic'] },
  { name: 'financial report', keywords: ['finance', 'financial', 'market', 'shares', 'earnings', 'investors'] },
  { name: 'speech', keywords: ['speech', 'remarks', 'ladies and gentlemen', 'transcript'] },
  { name: 'story', keywords: ['story', 'fiction', 'once upon', 'chapter', 'tale'] },
];

/** What a piece is matched on. */
export interface PieceText {
  url?: string;
  title?: string;
  text: string;
}

function hasWord(haystack: string, word: string): boolean {
  return new RegExp(`(?:^|[^a-z0-9])${word.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}(?:[^a-z0-9]|$)`, 'i').test(haystack);
}

/** The type a piece's keywords name (URL first, then title, then its opening), or null. */
export function matchTextType(piece: PieceText): TextType | null {
  for (const field of [piece.url ?? '', piece.title ?? '', piece.text.slice(0, 300)]) {
    if (field === '') continue;
    for (const t of TEXT_TYPES) if (t.keywords.some((k) => hasWord(field, k))) return t;
  }
  return null;
}

/** Piece n's type: a given name, else the keyword match, else a seeded draw (how: 'given', 'keyword' or 'drawn'). */
export function textTypeOf(seed: number, n: number, piece: PieceText & { type?: string }): { name: string; how: 'given' | 'keyword' | 'drawn' } {
  if (piece.type) return { name: piece.type, how: 'given' };
  const matched = matchTextType(piece);
  if (matched) return { name: matched.name, how: 'keyword' };
  const rng = stepRng(seed, 'ultrachat-text-type', n);
  return { name: TEXT_TYPES[rng.int(0, TEXT_TYPES.length - 1)]!.name, how: 'drawn' };
}
