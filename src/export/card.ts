import { stringify } from 'yaml';
import { recipeOf } from '../methods/registry.js';
import { hfFeatures, isList, type Field } from './columns.js';

/** Everything the dataset card says, gathered by the export; `buildCard` is pure. */
export interface CardInput {
  run: {
    name: string;
    method: string;
    provider: string;
    model: string;
    simulated: boolean;
    seed: number;
    status: string;
    toolVersion: string;
    createdAt: string;
    updatedAt: string;
  };
  /** The pipeline config, already made safe (see `safeConfig`). */
  config: unknown;
  selection: {
    kinds: readonly string[];
    statuses: readonly string[];
    stages?: readonly string[];
    minScore?: number;
    /** The human-review choice of the export (default any). */
    reviewed?: 'approved' | 'not-rejected' | 'any';
    provenance: boolean;
    systemPrompt: boolean;
    splitSeed: number;
  };
  splits: readonly { name: string; rows: number; path: string; bytes: number }[];
  fields: readonly Field[];
  samples: readonly { kind: string; status: string; reason: string | null; n: number }[];
  filters: readonly { kind: string; filter: string; checked: number; passed: number; failed: number; meanScore: number | null }[];
  calls: { total: number; promptTokens: number; completionTokens: number; cost: number; byStage: readonly { stage: string; calls: number; tokens: number; cost: number }[] };
  /**
   * Latest human decisions on the run's exportable samples of the exported kinds. Shown when a
   * reviewer decided anything, or when the export selected by review.
   */
  reviews?: { samples: number; approved: number; rejected: number; flagged: number };
  /** A Hub license id chosen by the user; default `other` (see the card's license section). */
  license?: string;
  /**
   * Who answered the run's stored calls: endpoint (null for calls from before endpoints were
   * recorded) and the model name it reported, with call counts. Default: not shown.
   */
  answeredBy?: readonly { endpoint: string | null; model: string; calls: number }[];
}

/** The Hub's size_categories bucket for a row count. */
export function sizeCategory(n: number): string {
  const buckets: [number, string][] = [
    [1e3, 'n<1K'],
    [1e4, '1K<n<10K'],
    [1e5, '10K<n<100K'],
    [1e6, '100K<n<1M'],
    [1e7, '1M<n<10M'],
    [1e8, '10M<n<100M'],
    [1e9, '100M<n<1B'],
  ];
  for (const [limit, label] of buckets) if (n < limit) return label;
  return 'n>1T';
}

/** The card's YAML front matter: configs (data files per split), features, split sizes. */
export function cardFrontMatter(c: CardInput): Record<string, unknown> {
  const total = c.splits.reduce((a, s) => a + s.rows, 0);
  const tags = ['synthetic', 'distillery', c.run.method];
  if (c.run.simulated) tags.push('simulated');
  return {
    pretty_name: c.run.name,
    license: c.license ?? 'other',
    task_categories: ['text-generation'],
    tags,
    size_categories: [sizeCategory(total)],
    configs: [
      {
        config_name: 'default',
        data_files: c.splits.map((s) => ({ split: s.name, path: `data/${s.name}-*` })),
      },
    ],
    dataset_info: {
      features: hfFeatures(c.fields),
      splits: c.splits.map((s) => ({ name: s.name, num_examples: s.rows })),
      download_size: c.splits.reduce((a, s) => a + s.bytes, 0),
    },
  };
}

/** README.md of a Hugging Face dataset folder: YAML front matter, then the recipe, teacher, counts, cost, config and terms. */
export function buildCard(c: CardInput): string {
  const recipe = recipeOf(c.run.method)?.manifest ?? { title: c.run.method, summary: `The \`${c.run.method}\` recipe of Distillery.`, citation: undefined };
  const total = c.splits.reduce((a, s) => a + s.rows, 0);
  const out: string[] = [];
  out.push('---', stringify(cardFrontMatter(c), { lineWidth: 0 }).trimEnd(), '---', '');
  out.push(`# ${c.run.name}`, '');
  if (c.run.simulated) {
    out.push(
      '> **Simulated data.** This run used Distillery\'s offline `sim` teacher: every response is placeholder text from a seeded generator, not the output of a language model. Use it to try pipelines and trainers, not to train a model.',
      '',
    );
  }
  out.push(
    `Synthetic instruction-tuning data: ${total} ${total === 1 ? 'example' : 'examples'} made with the ${recipe.title} recipe by Distillery ${c.run.toolVersion}, from the teacher \`${c.run.model}\` (${c.run.provider}), run \`${c.run.name}\` (status ${c.run.status}, created ${c.run.createdAt}, last updated ${c.run.updatedAt}).`,
    '',
  );

  out.push('## Dataset structure', '');
  out.push(table(['split', 'examples', 'file', 'bytes'], c.splits.map((s) => [s.name, String(s.rows), `\`${s.path}\``, String(s.bytes)])), '');
  out.push(table(['field', 'type', 'description'], c.fields.map((f) => [`\`${f.name}\``, fieldType(f), f.description])), '');
  out.push('```python', 'from datasets import load_dataset', 'ds = load_dataset("path/to/this/folder")  # or the Hub repository it was uploaded to', '```', '');

  out.push('## Recipe', '', recipe.summary, '');
  const details = recipeOf(c.run.method)?.manifest.cardDetails?.(c.config) ?? [];
  if (details.length > 0) out.push(...details, '');
  out.push(`Method \`${c.run.method}\`, run seed ${c.run.seed}. The full pipeline config is below.`, '');
  const sel = c.selection;
  out.push('This export holds:', '');
  out.push(`- samples of kind ${list(sel.kinds)} with status ${list(sel.statuses)}${sel.stages?.length ? `, from stage ${list(sel.stages)}` : ''};`);
  if (sel.minScore !== undefined) out.push(`- only samples whose latest judge score is at least ${sel.minScore};`);
  if (sel.reviewed === 'approved') out.push('- only samples whose latest human review approved them;');
  if (sel.reviewed === 'not-rejected') out.push('- no sample whose latest human review rejected it (unreviewed and flagged samples are kept);');
  out.push(
    c.splits.length > 1
      ? `- splits assigned by a hash of (sample id, seed ${sel.splitSeed}): a sample keeps its split on every re-export with that seed;`
      : '- a single split;',
  );
  out.push(sel.systemPrompt ? "- the pipeline's system prompt as the first message of every sample;" : '- no system message (the pipeline had no system prompt);');
  out.push(sel.provenance ? '- provenance columns (sample id, run, call id, verdicts, parents) on every row.' : '- no provenance columns (export with `--with-provenance` to add them).', '');

  out.push('## Teacher', '');
  const teacher = (c.config as { teacher?: Record<string, unknown> } | null)?.teacher ?? {};
  out.push(
    table(
      ['provider', 'model', 'mode', 'endpoint'],
      [[c.run.provider + (c.run.simulated ? ' (simulated)' : ''), `\`${c.run.model}\``, String(teacher.mode ?? ''), String(teacher.base_url ?? (c.run.provider === 'openai' ? 'OpenAI API (or $OPENAI_BASE_URL)' : c.run.provider === 'anthropic' ? 'Anthropic API (or $ANTHROPIC_BASE_URL)' : '-'))]],
    ),
    '',
  );
  if (c.answeredBy && c.answeredBy.length > 0) {
    const endpoints = new Set(c.answeredBy.map((a) => a.endpoint ?? ''));
    out.push(
      endpoints.size > 1
        ? `The answers came from ${endpoints.size} endpoints (calls by endpoint and the model each reported):`
        : 'The answers came from one endpoint (calls by the model it reported):',
      '',
    );
    out.push(table(['endpoint', 'model', 'calls'], c.answeredBy.map((a) => [a.endpoint ?? '(not recorded)', `\`${a.model}\``, String(a.calls)])), '');
  }

  out.push('## Counts by filter', '');
  out.push('Every generated sample is stored, accepted or rejected, with the reason. Samples by kind:', '');
  const kinds = [...new Set(c.samples.map((s) => s.kind))];
  const byStatus = (kind: string, status: string) => c.samples.filter((s) => s.kind === kind && s.status === status).reduce((a, s) => a + s.n, 0);
  out.push(table(['kind', 'accepted', 'rejected', 'pending'], kinds.map((k) => [k, String(byStatus(k, 'accepted')), String(byStatus(k, 'rejected')), String(byStatus(k, 'pending'))])), '');
  const rejected = c.samples.filter((s) => s.status === 'rejected');
  if (rejected.length > 0) {
    out.push('Rejected samples by first failed filter (reason):', '');
    out.push(table(['kind', 'reason', 'samples'], rejected.map((s) => [s.kind, s.reason ?? '(none)', String(s.n)])), '');
  }
  if (c.filters.length > 0) {
    out.push('Verdicts by filter (a sample is checked by each filter of its stage):', '');
    out.push(
      table(
        ['kind', 'filter', 'checked', 'passed', 'failed', 'mean score'],
        c.filters.map((f) => [f.kind, f.filter, String(f.checked), String(f.passed), String(f.failed), f.meanScore === null ? '' : round(f.meanScore, 4)]),
      ),
      '',
    );
  }

  const rv = c.reviews;
  if (rv && (rv.approved + rv.rejected + rv.flagged > 0 || (sel.reviewed ?? 'any') !== 'any')) {
    const reviewed = rv.approved + rv.rejected + rv.flagged;
    out.push('## Human review', '');
    out.push(
      `People reviewed ${reviewed} of the run's ${rv.samples} exportable samples of kind ${list(sel.kinds)} in Distillery's audit viewer (latest decision per sample; the machine verdicts above are unchanged):`,
      '',
    );
    out.push(table(['approved', 'rejected', 'flagged', 'not reviewed'], [[String(rv.approved), String(rv.rejected), String(rv.flagged), String(rv.samples - reviewed)]]), '');
  }

  out.push('## Cost', '');
  out.push(
    table(
      ['teacher calls', 'prompt tokens', 'completion tokens', 'cost (USD)'],
      [[String(c.calls.total), String(c.calls.promptTokens), String(c.calls.completionTokens), `${round(c.calls.cost, 4)}${c.run.simulated ? ' (simulated: no real cost)' : ''}`]],
    ),
    '',
  );
  if (c.calls.byStage.length > 0) {
    out.push(table(['stage', 'calls', 'tokens', 'cost (USD)'], c.calls.byStage.map((s) => [s.stage, String(s.calls), String(s.tokens), round(s.cost, 4)])), '');
  }

  out.push('## Pipeline config', '');
  out.push('The resolved config of the run (every default filled in; credentials are never stored):', '');
  out.push(...fenced('yaml', stringify(c.config, { lineWidth: 0, blockQuote: false }).trimEnd()), '');

  out.push('## License and terms of use', '');
  if (c.run.simulated) {
    out.push('The samples are placeholder text written by Distillery\'s simulated teacher; they carry no third-party terms. Distillery itself is Apache-2.0.', '');
  } else {
    out.push(
      `The responses (and, for most recipes, the instructions) were written by \`${c.run.model}\` through ${c.run.provider}. Their use is governed by that provider's terms of use and the model's license, which may restrict what you can do with its outputs (some providers forbid using them to develop competing models). The seed tasks or source texts carry their own licenses. Distillery's code, seeds and prompts are Apache-2.0, but that license does not extend to generated data. The \`license\` field above is \`${c.license ?? 'other'}\`${c.license ? ' as set at export' : ' until you choose one'}; check the teacher's terms before training on or publishing this dataset.`,
      '',
    );
  }

  out.push('## Provenance', '');
  out.push(
    `Distillery keeps the provenance of every sample in its SQLite database: the rendered prompt and raw response of the call that produced it, the demos and parents it came from, each filter's verdict and score, and its cost.${sel.provenance ? ' The `sample_id` and `call_id` columns of this dataset are keys into that database.' : ''}`,
    '',
  );

  if (recipe.citation) out.push('## Citation', '', recipe.citation, '');
  return `${out.join('\n').trimEnd()}\n`;
}

function fieldType(f: Field): string {
  return isList(f) ? `list<{${f.items.map((i) => `${i.name}: ${i.type}`).join(', ')}}>` : `${f.type}${f.nullable ? ' (nullable)' : ''}`;
}

function list(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(', ');
}

function round(n: number, digits: number): string {
  return String(Number(n.toFixed(digits)));
}

/** A Markdown table; pipes and line breaks in cells are escaped. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [`| ${header.map(cell).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

/** A fenced code block whose fence is longer than any backtick run inside it. */
export function fenced(lang: string, body: string): string[] {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, body, fence];
}
