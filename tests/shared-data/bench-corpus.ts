/**
 * bench/rouge/corpus.ts's realTexts() and corpusSentences(), reading Code Alpaca and the CNN articles
 * from the data folder (DISTILLERY_DATA) and the two Apache-2.0 files from tests/data/, for tests that
 * use the bench's synthetic generator (bench/rouge/synth.ts). The bench itself reads ../shared.
 * Same files (the bundled ones are byte-identical copies), same parsing, so the same texts.
 */
import { readFileSync } from 'node:fs';
import { bundledData } from '../support/paths.js';
import { dataFile } from './data.js';

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>[];
const jsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, string>);

export function realTexts(): { name: string; texts: string[] }[] {
  return [
    { name: 'codealpaca_2k instructions', texts: json(dataFile('codealpaca_2k.json')).map((r) => r.instruction!) },
    { name: 'self-instruct seed instructions', texts: jsonl(bundledData('self_instruct_seed_tasks.jsonl')).map((r) => r.instruction!) },
    { name: 'evol sample inputs', texts: json(bundledData('evol_instruct_sample_h2o_wizardlm.json')).map((r) => r.input!) },
  ];
}

export function corpusSentences(): string[] {
  const articles = readFileSync(dataFile('cnn_articles_200.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => (JSON.parse(l) as { text: string }).text.split(/(?<=[.!?])\s+/));
  return [...realTexts().flatMap((f) => f.texts), ...articles];
}
