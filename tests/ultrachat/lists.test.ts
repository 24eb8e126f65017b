import { describe, expect, it } from 'vitest';
import { cleanItem, itemKey, normaliseList, parseList } from '../../src/methods/ultrachat/lists.js';
import { readList } from '../../src/methods/ultrachat/stages.js';

describe('ultrachat list parser', () => {
  it('reads a clean numbered list', () => {
    const text = '1. The history of tea\n2. Tea ceremonies in Japan\n3. Growing tea at home';
    expect(parseList(text, 30)).toEqual({ items: ['The history of tea', 'Tea ceremonies in Japan', 'Growing tea at home'], duplicates: [], extra: 0 });
  });

  it('drops a preamble, a heading, bold marks, blank lines and a closing remark', () => {
    const text = [
      'Sure! Here are 30 subtopics related to "Oceans and marine science":',
      '',
      '### Subtopics',
      '',
      '1. **Coral reef ecosystems**',
      '',
      '2. **Deep-sea hydrothermal vents** – life without sunlight',
      '',
      '3. **Ocean acidification**',
      '',
      'Let me know if you would like me to expand on any of these!',
    ].join('\n');
    expect(parseList(text, 30).items).toEqual(['Coral reef ecosystems', 'Deep-sea hydrothermal vents – life without sunlight', 'Ocean acidification']);
  });

  it('reads bullets, "1)" and bold-wrapped numbers, and labels like "Question 3:"', () => {
    expect(parseList('- Tides and the moon\n* Rip currents\n• Sea level rise', 10).items).toEqual(['Tides and the moon', 'Rip currents', 'Sea level rise']);
    expect(parseList('1) Why is the sea salty?\n2) How deep is the ocean?', 10).items).toEqual(['Why is the sea salty?', 'How deep is the ocean?']);
    expect(parseList('**1.** Why is the sea salty?\n**2. How deep is the ocean?**', 10).items).toEqual(['Why is the sea salty?', 'How deep is the ocean?']);
    expect(parseList('Question 1: Why is the sea salty?\nQuestion 2: How do waves form?', 10).items).toEqual(['Why is the sea salty?', 'How do waves form?']);
  });

  it('reads an unnumbered list without its preamble and closing lines', () => {
    const text = 'Here are some questions about sourdough:\n\nHow do I keep a starter alive?\nWhy does my bread come out dense?\n\nI hope these help!';
    expect(parseList(text, 10).items).toEqual(['How do I keep a starter alive?', 'Why does my bread come out dense?']);
  });

  it('drops duplicates after folding case, spaces and punctuation, and empty items', () => {
    const text = '1. Coral reefs\n2. coral  reefs!\n3. **Coral Reefs**\n4. -\n5. Kelp forests';
    expect(parseList(text, 10)).toEqual({ items: ['Coral reefs', 'Kelp forests'], duplicates: ['coral reefs!', 'Coral Reefs'], extra: 0 });
    expect(itemKey('  "Coral   Reefs?" ')).toBe('coral reefs');
  });

  it('keeps at most n items and counts the rest', () => {
    const text = Array.from({ length: 12 }, (_, i) => `${i + 1}. Item number ${i + 1}`).join('\n');
    const r = parseList(text, 10);
    expect(r.items).toHaveLength(10);
    expect(r.extra).toBe(2);
  });

  it('strips quotes around an item but keeps quotes inside it', () => {
    expect(cleanItem('3. "What makes a good harbour?"')).toBe('What makes a good harbour?');
    expect(cleanItem('4. What does "blue economy" mean?')).toBe('What does "blue economy" mean?');
  });

  it('drops the last item of an answer cut at max_tokens', () => {
    const r = readList('1. Coral reefs\n2. Kelp forests\n3. The mid-ocean ri', 'length', 30);
    expect(r.items).toEqual(['Coral reefs', 'Kelp forests']);
    expect(r.cut).toBe('The mid-ocean ri');
    expect(readList('1. Coral reefs\n2. Kelp forests', 'stop', 30).cut).toBeNull();
  });

  it('gives nothing for a refusal, and keeps a numbered list after an apology line', () => {
    expect(parseList("I'm sorry, but I can't help with that.", 10).items).toEqual([]);
    expect(parseList('I apologize for the confusion earlier. Here is the list:\n1. Tides\n2. Waves', 10).items).toEqual(['Tides', 'Waves']);
  });
});

describe('chat-mode normalising of a list answer', () => {
  it('keeps the item lines and records the preamble, headings and closing it took out', () => {
    const text = 'Sure! Here are 10 questions about tides:\n\n## Questions\n\n1. Why are there two high tides a day?\n\n---\n\n2. What is a king tide?\n\nLet me know if you want more!';
    const n = normaliseList(text);
    expect(n.text).toBe('1. Why are there two high tides a day?\n2. What is a king tide?');
    expect(n.edits).toEqual([
      { habit: 'preamble', removed: 'Sure! Here are 10 questions about tides:\n## Questions' },
      { habit: 'closing', removed: 'Let me know if you want more!' },
    ]);
    // The parser reads the same items with or without it.
    expect(parseList(n.text, 10)).toEqual(parseList(text, 10));
  });

  it('changes nothing in a clean list', () => {
    expect(normaliseList('1. Tides\n2. Waves')).toEqual({ text: '1. Tides\n2. Waves', edits: [] });
    expect(normaliseList('Tides\nWaves')).toEqual({ text: 'Tides\nWaves', edits: [] });
  });

  it('records a heading between the items as markup', () => {
    const n = normaliseList('1. Tides\n### Part two\n2. Waves');
    expect(n.edits).toEqual([{ habit: 'markup', removed: '### Part two' }]);
  });
});
