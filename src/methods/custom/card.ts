/** What the dataset card says of a user's pipeline: its stages with their teachers, outputs and filters. Pure. */
import type { CustomConfig } from './params.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function customCardDetails(config: unknown): string[] {
  const c = config as Partial<CustomConfig> | null;
  const stages = c?.params?.stages;
  if (!stages) return [];
  const teacherOf = (name: string | undefined) => {
    const t = name ? c?.teachers?.[name] : c?.teacher;
    return `${name ?? 'default'}: \`${t?.model ?? '?'}\``;
  };
  const rows = stages.map((s, i) => {
    const output = s.output.type === 'json' ? `json (${Object.keys((s.output.schema['properties'] as object | undefined) ?? {}).join(', ')})` : s.output.type === 'regex' ? `regex (${Object.keys(s.output.fields).join(', ')})` : 'text';
    const filters = s.filters.map((f) => (f.type === 'judge' ? `judge (min ${f.min_score})` : `${f.type} on ${f.field}`)).join('; ') || '-';
    const system = s.system === undefined ? '-' : typeof s.system === 'string' ? 'fixed' : 'field' in s.system ? `field ${s.system.field}` : `drawn from ${s.system.choose.length}`;
    return `| ${i + 1} | \`${s.name}\` | ${cell(teacherOf(s.teacher))} | ${s.n} | ${cell(output)} | ${cell(system)} | ${cell(filters)} |`;
  });
  return [
    'The pipeline\'s stages, in order (every row goes through each; a row that fails a filter stops there, with that filter as its reason):',
    '',
    '| # | stage | teacher | answers per row | output | system message | filters |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ];
}
