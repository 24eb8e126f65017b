import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = resolve(REPO, '..', 'shared');
export const sharedData = (name: string) => resolve(SHARED, 'data', name);
export const REFERENCE_SCRIPT = resolve(SHARED, 'bench', 'rouge_reference.py');

/** The texts the filter is checked on: each shared file's instruction-like field, in file order. */
export function realTexts(): { name: string; texts: string[] }[] {
  const json = (name: string) => JSON.parse(readFileSync(sharedData(name), 'utf8')) as Record<string, string>[];
  const jsonl = (name: string) =>
    readFileSync(sharedData(name), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, string>);
  return [
    { name: 'codealpaca_2k instructions', texts: json('codealpaca_2k.json').map((r) => r.instruction!) },
    { name: 'self-instruct seed instructions', texts: jsonl('self_instruct_seed_tasks.jsonl').map((r) => r.instruction!) },
    { name: 'evol sample inputs', texts: json('evol_instruct_sample_h2o_wizardlm.json').map((r) => r.input!) },
  ];
}

/** Running text for the synthetic generator's word statistics: the instructions plus CNN articles. */
export function corpusSentences(): string[] {
  const articles = readFileSync(sharedData('cnn_articles_200.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => (JSON.parse(l) as { text: string }).text.split(/(?<=[.!?])\s+/));
  return [...realTexts().flatMap((f) => f.texts), ...articles];
}
