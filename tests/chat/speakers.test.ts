import { describe, expect, it } from 'vitest';
import { canonicalSpeakers, speakerLabel } from '../../src/chat/speakers.js';

const markers = { human: '[Human]', ai: '[AI]' };

describe('speakerLabel', () => {
  it.each([
    ['Human: How do I start?', 'human', 'Human:', 'How do I start?'],
    ['AI: Start small.', 'ai', 'AI:', 'Start small.'],
    ['User: hi', 'human', 'User:', 'hi'],
    ['Assistant: Sure.', 'ai', 'Assistant:', 'Sure.'],
    ['AI Assistant: Sure.', 'ai', 'AI Assistant:', 'Sure.'],
    ['Curious Human: And then?', 'human', 'Curious Human:', 'And then?'],
    ['**Human:** What now?', 'human', '**Human:**', 'What now?'],
    ['**AI**: This.', 'ai', '**AI**:', 'This.'],
    ['**[Human]**: Why?', 'human', '**[Human]**:', 'Why?'],
    ['**[AI]:** Because.', 'ai', '**[AI]:**', 'Because.'],
    ['[|Human|] ok', 'human', '[|Human|]', 'ok'],
    ['[User] ok', 'human', '[User]', 'ok'],
    ['### Assistant:', 'ai', '### Assistant:', ''],
    ['**Human**', 'human', '**Human**', ''],
    ['- **Human:** Is it safe?', 'human', '- **Human:**', 'Is it safe?'],
    ['> AI: Quoted.', 'ai', '> AI:', 'Quoted.'],
    ['  human:  lower case', 'human', 'human:', 'lower case'],
  ])('reads %j', (line, speaker, label, rest) => {
    expect(speakerLabel(line)).toMatchObject({ speaker, label, rest, canonical: false });
  });

  it('knows the reference markers, with or without a colon', () => {
    expect(speakerLabel('[Human] Hi')).toMatchObject({ speaker: 'human', canonical: true, rest: 'Hi' });
    expect(speakerLabel('[AI]: Hello')).toMatchObject({ speaker: 'ai', canonical: true, rest: 'Hello' });
  });

  it.each([
    'Human beings need sleep.',
    'AI is changing medicine.',
    'Usernames: the people who log in.',
    'Assistants often help managers.',
    'The AI: a short history',
    '[Humans] are here',
    '**Human rights** matter',
    '**Human:**text glued on',
    'Aide: not a label',
    '[Human what',
    '- Human error causes most crashes.',
  ])('is not fooled by %j', (line) => {
    expect(speakerLabel(line)).toBeNull();
  });
});

describe('canonicalSpeakers', () => {
  it('rewrites every label variant at line starts and lists the forms', () => {
    const r = canonicalSpeakers('Human: Hi there, a question.\nAI: Go ahead.\n**Human:**\nWhy is the sky blue?\nAssistant: Scattering.', markers);
    expect(r.text).toBe('[Human] Hi there, a question.\n[AI] Go ahead.\n[Human]\nWhy is the sky blue?\n[AI] Scattering.');
    expect(r.edits).toHaveLength(1);
    expect(r.edits[0]).toMatchObject({ habit: 'speaker-label' });
    expect(r.edits[0]!.removed).toContain('Human: (1x)');
    expect(r.edits[0]!.removed).toContain('**Human:** (1x)');
  });

  it('keeps bare labels as content in a text that already uses the reference markers', () => {
    const text = '[Human] What did the log say?\n[AI] It read:\nUser: reset my password\n[Human] Thanks.';
    expect(canonicalSpeakers(text, markers)).toEqual({ text, edits: [] });
    const mixed = '[Human] Hi, a question.\n**[AI]**: Go ahead.';
    expect(canonicalSpeakers(mixed, markers).text).toBe('[Human] Hi, a question.\n[AI] Go ahead.');
  });

  it('leaves canonical markers, labels inside sentences and fenced code alone', () => {
    const text = '[Human] What does this print?\n[AI] Here:\n```\nUser: admin\n```\nIt logs the user. AI: not a label here.';
    expect(canonicalSpeakers(text, markers)).toEqual({ text, edits: [] });
  });
});
