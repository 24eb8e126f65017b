#!/usr/bin/env node
// The `distillery` command. Running the TypeScript sources through tsx costs about half a second
// per start, so the CLI runs from one bundle (esbuild, packages left external) kept under
// node_modules/.cache and rebuilt whenever a source file is newer. DISTILLERY_NO_BUNDLE=1 runs the
// sources through tsx instead.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'src', 'cli', 'main.ts');
const bundle = join(root, 'node_modules', '.cache', 'distillery', 'cli.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

async function ensureBundle() {
  const fresh = existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(newestSource(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs);
  if (fresh) return true;
  try {
    const { build } = await import('esbuild');
    mkdirSync(dirname(bundle), { recursive: true });
    const tmp = `${bundle}.${process.pid}.tmp`;
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: tmp, logLevel: 'silent' });
    renameSync(tmp, bundle); // atomic: a concurrent start sees the old or the new bundle, never half of one
    return true;
  } catch {
    return false;
  }
}

if (process.env.DISTILLERY_NO_BUNDLE !== '1' && (await ensureBundle())) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}
