/**
 * Speaker labels at line starts, as chat models write them in a transcript ("Human:", "**AI:**",
 * "**[Human]**:", "[|User|]", "Assistant:"), recognised so a normaliser can write them the way the
 * reference parser splits on. Pure. Only line starts count: a label inside a sentence is content.
 */
import { edit, type Normalised } from './edits.js';

export type Speaker = 'human' | 'ai';

export interface SpeakerLabel {
  speaker: Speaker;
  /** The label as written, with its markup and colon ("**Human:**"). */
  label: string;
  /** The line after the label, spaces at its start taken off. */
  rest: string;
  /** Written exactly as the reference's marker ("[Human]", "[AI]", with or without a colon). */
  canonical: boolean;
}

const NAMES: Record<string, Speaker> = {
  human: 'human',
  'curious human': 'human',
  user: 'human',
  ai: 'ai',
  'ai assistant': 'ai',
  assistant: 'ai',
  chatbot: 'ai',
};

/** Longest names first, so "AI Assistant" is not read as "AI" and a word "Assistant". "Curious Human" is the transcript prompt's own phrase. */
const NAME = /^(ai assistant|assistant|chatbot|curious human|human|user|ai)(?![\w'-])/i;
const CLOSERS: Record<string, string> = { '[': ']', '[|': '|]' };

/** The speaker label a line starts with, or null when it starts with anything else. */
export function speakerLabel(line: string): SpeakerLabel | null {
  let i = /^[ \t]*/.exec(line)![0].length;
  const start = i;
  // A heading mark, a quote mark or a list bullet before the label ("### AI:", "> Human:", "- **Human:**").
  const heading = /^(?:#{1,6}[ \t]+|>[ \t]*|[-•+][ \t]+)/.exec(line.slice(i))?.[0] ?? '';
  i += heading.length;
  const deco = /^(?:\*\*|__|\*|_)/.exec(line.slice(i))?.[0] ?? '';
  i += deco.length;
  const bracket = /^\[\|?/.exec(line.slice(i))?.[0] ?? '';
  i += bracket.length;
  const name = NAME.exec(line.slice(i))?.[1];
  if (name === undefined) return null;
  i += name.length;
  if (bracket) {
    const close = CLOSERS[bracket]!;
    if (!line.startsWith(close, i)) return null;
    i += close.length;
  }
  // The colon and the closing emphasis in either order: "**Human:**", "**Human**:".
  const tail = /^(?:[ \t]*:)?/.exec(line.slice(i))![0];
  let colon = tail.includes(':');
  i += tail.length;
  if (deco) {
    if (!line.startsWith(deco, i)) return null;
    i += deco.length;
    const after = /^[ \t]*:/.exec(line.slice(i))?.[0];
    if (after && !colon) {
      colon = true;
      i += after.length;
    }
  }
  const rest = line.slice(i);
  if (rest !== '' && !/^\s/.test(rest)) return null;
  // A bare name is a label only with a colon ("Human: ..."), or alone and marked on its own line ("**Human**").
  if (!bracket && !colon && !(deco && rest.trim() === '')) return null;
  const canonical = heading === '' && deco === '' && bracket === '[' && (name === 'Human' || name === 'AI');
  return { speaker: NAMES[name.toLowerCase()]!, label: line.slice(start, i).trim(), rest: rest.trimStart(), canonical };
}

/** The reference's markers, by speaker. */
export interface Markers {
  human: string;
  ai: string;
}

/**
 * Every non-canonical speaker label at a line start rewritten to the reference's marker, outside
 * code fences (a fenced block is the assistant's content). A text that already marks both speakers
 * the reference's way keeps its bare "User:" lines: a model keeps one label style, so those are
 * content (a chat log quoted in an answer). One 'speaker-label' edit lists the label forms rewritten.
 */
export function canonicalSpeakers(text: string, markers: Markers): Normalised {
  const canonical = text.split('\n').map((l) => speakerLabel(l)).filter((s) => s?.canonical);
  const marked = canonical.some((s) => s!.speaker === 'human') && canonical.some((s) => s!.speaker === 'ai');
  let fenced = false;
  const forms = new Map<string, number>();
  const lines = text.split('\n').map((line) => {
    if (/^\s*(?:```|~~~)/.test(line)) {
      fenced = !fenced;
      return line;
    }
    if (fenced) return line;
    const s = speakerLabel(line);
    if (!s || s.canonical || (marked && !s.label.includes('['))) return line;
    forms.set(s.label, (forms.get(s.label) ?? 0) + 1);
    return s.rest === '' ? markers[s.speaker] : `${markers[s.speaker]} ${s.rest}`;
  });
  if (forms.size === 0) return { text, edits: [] };
  const listed = [...forms].map(([label, n]) => `${label} (${n}x)`).join(', ');
  return { text: lines.join('\n'), edits: [edit('speaker-label', listed)] };
}
