/**
 * The data folder of the data suite (npm run test:data): real public data whose terms do not let this
 * repository ship it (Code Alpaca, CC BY-NC 4.0; CNN articles, research use), and the Python ROUGE-L
 * reference implementation. Named by DISTILLERY_DATA; by default ../shared/data beside the repository.
 * A missing folder or file fails the test that needs it, naming the folder and the variable.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO } from '../support/paths.js';

export const DATA_VARIABLE = 'DISTILLERY_DATA';
export const DEFAULT_DATA_DIR = resolve(REPO, '..', 'shared', 'data');
/** A relative DISTILLERY_DATA is taken from the directory npm was run in. */
export const DATA_DIR = process.env[DATA_VARIABLE] ? resolve(process.env.INIT_CWD ?? process.cwd(), process.env[DATA_VARIABLE]!) : DEFAULT_DATA_DIR;

/** The files read from there (the two Apache-2.0 files of ../shared/data are bundled in tests/data/ and read from there). */
export type DataFile = 'codealpaca_2k.json' | 'cnn_articles_200.jsonl';
export const DATA_FILES: readonly DataFile[] = ['codealpaca_2k.json', 'cnn_articles_200.jsonl'];

const where = () => {
  const set = process.env[DATA_VARIABLE];
  if (!set) return `${DATA_DIR} (the default, ../shared/data beside the repository; set ${DATA_VARIABLE} to use another folder)`;
  return set === DATA_DIR ? `${DATA_VARIABLE}=${set}` : `${DATA_VARIABLE}=${set} (${DATA_DIR})`;
};

/** Why the data folder cannot be used, or null when it holds every file the suite reads. */
export function dataProblem(): string | null {
  if (!existsSync(DATA_DIR) || !statSync(DATA_DIR).isDirectory()) return `the data folder ${where()} does not exist; the data suite (npm run test:data) needs it`;
  const missing = DATA_FILES.filter((f) => !existsSync(resolve(DATA_DIR, f)));
  if (missing.length > 0) return `the data folder ${where()} lacks ${missing.join(', ')}`;
  return null;
}

/** The path of a file of the data folder; throws a clear error when it is missing. */
export function dataFile(name: DataFile): string {
  const path = resolve(DATA_DIR, name);
  if (!existsSync(path)) {
    const state = existsSync(DATA_DIR) ? `has no ${name}` : 'does not exist';
    throw new Error(`the data folder ${where()} ${state}; the data suite (npm run test:data) reads ${name} from it`);
  }
  return path;
}

/** ../shared/bench/rouge_reference.py by default: the bench folder beside the data folder. */
export const REFERENCE_VARIABLE = 'DISTILLERY_ROUGE_REFERENCE';
export const REFERENCE_SCRIPT = process.env[REFERENCE_VARIABLE]
  ? resolve(process.env.INIT_CWD ?? process.cwd(), process.env[REFERENCE_VARIABLE]!)
  : resolve(DATA_DIR, '..', 'bench', 'rouge_reference.py');

export function referenceScript(): string {
  if (!existsSync(REFERENCE_SCRIPT)) {
    throw new Error(
      `the ROUGE-L reference script is missing: ${REFERENCE_SCRIPT} (bench/rouge_reference.py beside the data folder ${where()}; ` +
        `set ${REFERENCE_VARIABLE} to the script's path to use another copy)`,
    );
  }
  return REFERENCE_SCRIPT;
}
