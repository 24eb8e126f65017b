import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAssistantTurn, parseHumanTurn, parseTranscript, turnCount } from '../../src/methods/self-chat/parse.js';
import { assistantRequest, humanTurnPrompt, renderTranscript, transcriptPrompt, type Message } from '../../src/methods/self-chat/prompts.js';
import { isClosingTurn, conversationVerdicts } from '../../src/methods/self-chat/judge.js';
import { loadTopics, parseTopics } from '../../src/methods/self-chat/topics.js';
import { languageVerdict } from '../../src/filters/language.js';
import { NoveltyPool } from '../../src/engine/novelty-pool.js';
import { loadTemplate } from '../../src/prompts/template.js';
import { firstFailure } from '../../src/filters/heuristics.js';
import { REPO } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

/** A transcript as a chat model writes it after the primed opening (our own text). */
const TRANSCRIPT = `Sure, here is the conversation.
[Human] I want to start birdwatching in the city park near my flat. What do I need?
[AI] Very little. A pair of 8x42 binoculars, a small notebook and a regional field guide are enough.
Go early in the morning, when birds are most active, and walk slowly along the edges where trees meet open grass.
[Human] Which birds am I likely to see first?
[AI] In most European city parks you will quickly find blackbirds, robins, great tits, wood pigeons and magpies.
[Human] How do I tell a great tit from a blue tit?
[AI] The great tit is larger, with a black head, white cheeks and a black stripe down its yellow chest. The blue tit is smaller, with a blue cap.
[Human] Thanks, that is all I wanted to know!`;

describe('Baize transcript post-processing', () => {
  it('drops the text before the first [Human] and the last segment, and pairs each kept segment', () => {
    const t = parseTranscript(TRANSCRIPT);
    expect(t.segments).toBe(3);
    expect(t.stoppedAt).toBeNull();
    expect(t.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    expect(t.messages[0]!.content).toBe('I want to start birdwatching in the city park near my flat. What do I need?');
    // A multi-line answer stays whole.
    expect(t.messages[1]!.content).toMatch(/^Very little\.[\s\S]*\nGo early in the morning, [\s\S]*open grass\.$/);
    expect(t.messages.some((m) => m.content.includes('Sure, here is'))).toBe(false);
    expect(t.messages.some((m) => m.content.includes('all I wanted'))).toBe(false);
    expect(turnCount(t.messages)).toBe(3);
  });

  it('stops at the first segment that does not split on [AI] into exactly two parts', () => {
    const noAnswer = TRANSCRIPT.replace('[AI] In most European', 'In most European');
    expect(parseTranscript(noAnswer)).toMatchObject({ stoppedAt: 1, segments: 3 });
    expect(turnCount(parseTranscript(noAnswer).messages)).toBe(1);
    const twoAnswers = TRANSCRIPT.replace('The blue tit is smaller', '[AI] The blue tit is smaller');
    expect(turnCount(parseTranscript(twoAnswers).messages)).toBe(2);
    // A model that cut the conversation after one exchange leaves nothing: the only segment is the last.
    expect(parseTranscript('[Human] Hi, what is a robin?\n[AI] A small bird.').messages).toEqual([]);
    expect(parseTranscript('No markers at all.').messages).toEqual([]);
  });

  it('reads "[Human]:" and "[AI]:" as well', () => {
    const t = parseTranscript('[Human]: What is a wren?\n[AI]: A tiny brown bird.\n[Human]: Bye');
    expect(t.messages).toEqual([
      { role: 'user', content: 'What is a wren?' },
      { role: 'assistant', content: 'A tiny brown bird.' },
    ]);
  });
});

describe('two-context turns', () => {
  const human = loadTemplate('prompts/self-chat/human-turn-v1.txt', REPO);
  const conversation: Message[] = [
    { role: 'user', content: 'What do I need for birdwatching?' },
    { role: 'assistant', content: 'Binoculars and a notebook.' },
  ];

  it('shows the human simulator the topic, the primed opening and the conversation so far', () => {
    const prompt = humanTurnPrompt(human, 'Birdwatching in a city park', conversation);
    expect(prompt).toContain('The conversation is about: Birdwatching in a city park');
    expect(prompt).toContain('[Human] Hello!\n[AI] Hi! How can I help you?\n[Human] What do I need for birdwatching?\n[AI] Binoculars and a notebook.\n');
    expect(renderTranscript(conversation)).toBe('[Human] What do I need for birdwatching?\n[AI] Binoculars and a notebook.');
  });

  it('never expands placeholders inside topics or teacher text', () => {
    const prompt = humanTurnPrompt(human, 'Templates like {{transcript}}', [{ role: 'user', content: 'What is {{topic}}?' }, { role: 'assistant', content: 'x' }]);
    expect(prompt).toContain('Templates like {{transcript}}');
    expect(prompt).toContain('[Human] What is {{topic}}?');
    const t = loadTemplate('prompts/self-chat/transcript-v1.txt', REPO);
    expect(transcriptPrompt(t, 'Tide pools')).toContain('The topic of the conversation is: Tide pools');
    expect(transcriptPrompt(t, 'Tide pools').endsWith('[Human] Hello!\n[AI] Hi! How can I help you?\n')).toBe(true);
  });

  it('gives the assistant its own chat context: the system prompt, then only the conversation', () => {
    const r = assistantRequest({ system_prompt: 'Be brief.' }, 'm', [...conversation, { role: 'user', content: 'Which park?' }], { temperature: 1, max_tokens: 9, stop: undefined });
    expect(r).toEqual({
      mode: 'chat',
      model: 'm',
      messages: [{ role: 'system', content: 'Be brief.' }, ...conversation, { role: 'user', content: 'Which park?' }],
      params: { temperature: 1, max_tokens: 9 },
    });
  });

  it('parses the human turn and the answer, cutting where the model writes the other side', () => {
    expect(parseHumanTurn('[Human] Which binoculars would you pick?')).toBe('Which binoculars would you pick?');
    expect(parseHumanTurn('  [Human]: Which ones?\n[AI] These.')).toBe('Which ones?');
    expect(parseHumanTurn('Which ones? [Human] And why?')).toBe('Which ones?');
    expect(parseHumanTurn('[Human] ')).toBe('');
    expect(parseAssistantTurn('[AI] Take 8x42 ones.\n[Human] Thanks')).toBe('Take 8x42 ones.');
    expect(parseAssistantTurn('Take 8x42 ones.\nThey are light.')).toBe('Take 8x42 ones.\nThey are light.');
  });

  it('recognises a closing human turn, not a question that thanks', () => {
    expect(isClosingTurn('Thanks, that is all I wanted to know. Goodbye!')).toBe(true);
    expect(isClosingTurn('That was really helpful, thank you!')).toBe(true);
    expect(isClosingTurn('Thanks! And which park is best in winter?')).toBe(false);
    expect(isClosingTurn('Tell me about the birds that nest in the park during spring.')).toBe(false);
  });
});

describe('language filter (eld)', () => {
  it('keeps English, rejects text reliably in another language, keeps text too short to tell', () => {
    expect(languageVerdict('How do noise-cancelling headphones work?', ['en']).passed).toBe(true);
    const es = languageVerdict('¿Cómo puedo mantener viva la masa madre durante un viaje de dos semanas?', ['en']);
    expect(es).toMatchObject({ passed: false, detail: { language: 'es', reliable: true } });
    expect(languageVerdict('Wie funktionieren Kopfhörer mit aktiver Geräuschunterdrückung eigentlich genau?', ['en']).passed).toBe(false);
    expect(languageVerdict('Ok', ['en']).passed).toBe(true);
    expect(languageVerdict('', ['en']).passed).toBe(true);
    expect(languageVerdict('¿Cómo puedo mantener viva la masa madre durante un viaje de dos semanas?', ['en', 'es']).passed).toBe(true);
    expect(languageVerdict('¿Cómo puedo mantener viva la masa madre durante un viaje de dos semanas?', [])).toMatchObject({ passed: true, detail: { skipped: true } });
  });

  it('judges a conversation on its first user turn: language, ROUGE-L, then minimum turns', () => {
    const pool = new NoveltyPool(0.7);
    pool.addStored(1, 'What do I need to start birdwatching in a city park?');
    const conv = (first: string, turns: number): Message[] =>
      Array.from({ length: turns }, (_, i) => [
        { role: 'user' as const, content: i === 0 ? first : `Follow-up ${i}?` },
        { role: 'assistant' as const, content: 'An answer.' },
      ]).flat();
    const p = { languages: ['en'], min_turns: 2 };
    expect(firstFailure(conversationVerdicts(conv('What do I need to start birdwatching in a city park?', 3), p, pool))).toBe('rouge-l');
    expect(firstFailure(conversationVerdicts(conv('¿Qué necesito para observar aves en un parque de la ciudad?', 1), p, pool))).toBe('language');
    expect(firstFailure(conversationVerdicts(conv('How do tides form along a rocky coast?', 1), p, pool))).toBe('min-turns');
    expect(firstFailure(conversationVerdicts(conv('How do tides form along a rocky coast?', 2), p, pool))).toBeUndefined();
  });
});

describe('topics', () => {
  it('reads the shipped file: one topic per line', () => {
    const topics = loadTopics('seeds/topics.txt', REPO);
    expect(topics).toHaveLength(readFileSync(`${REPO}/seeds/topics.txt`, 'utf8').trim().split('\n').length);
    expect(topics[0]).toEqual({ text: 'How to keep a sourdough starter alive while travelling for two weeks', line: 1 });
  });

  it('skips blank lines, trims, and names file and line on a bad line', () => {
    expect(parseTopics('\uFEFF  Tide pools  \n\n\r\nBread\n', 't.txt')).toEqual([
      { text: 'Tide pools', line: 1 },
      { text: 'Bread', line: 4 },
    ]);
    expect(() => parseTopics(`ok\n${'x'.repeat(1001)}\n`, 'topics/mine.txt')).toThrow(/^topics\/mine\.txt:2: the topic is 1001 characters long/);
    expect(() => parseTopics('\n \n', 'topics/empty.txt')).toThrow(/^topics\/empty\.txt: no topics found/);
    expect(() => loadTopics('no/such/topics.txt', REPO)).toThrow(/^no\/such\/topics\.txt: cannot read the topics file \(ENOENT\)/);
  });

  it('takes the instructions of a seed-task file as topics', () => {
    const dir = tempDir();
    const file = join(dir, 'seeds.jsonl');
    writeFileSync(file, '{"id":"a","category":"qa","instruction":"Explain how rainbows form.","input":"","output":"Light.","is_classification":false}\n');
    expect(loadTopics(file, REPO)).toEqual([{ text: 'Explain how rainbows form.', line: 1 }]);
  });
});
