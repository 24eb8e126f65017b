#!/usr/bin/env node
// The `distillery` command. Running the TypeScript sources through tsx costs about half a second
// per start, so the CLI runs from an esbuild build kept under node_modules/.cache and rebuilt
// whenever a source file is newer. DISTILLERY_NO_BUNDLE=1 runs the sources through tsx instead.
//
// The build is split (esbuild `splitting`): every `import()` in the sources starts a chunk, so a
// command loads its own code and packages (packages stay external, loaded from node_modules by the
// chunk that imports them) and `--help` loads almost nothing. Each build goes to a folder of its
// own; entry.mjs, replaced atomically, points at the current one, so a concurrent start sees the
// old build or the new one, never half of one.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'src', 'cli', 'main.ts');
const cache = join(root, 'node_modules', '.cache', 'distillery');
const builds = join(cache, 'builds');
const pointer = join(cache, 'entry.mjs');
/** Builds other than the current one are removed once this old: a process started from one may still load its chunks. */
const KEEP_OLD_BUILDS_MS = 60 * 60 * 1000;

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

async function ensureBuild() {
  const newest = Math.max(newestSource(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs);
  if (existsSync(pointer) && statSync(pointer).mtimeMs >= newest) return true;
  try {
    const { build } = await import('esbuild');
    const name = `${Date.now().toString(36)}-${process.pid}`;
    await build({
      entryPoints: { main: entry },
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outdir: join(builds, name),
      outExtension: { '.js': '.mjs' }, // node_modules ends the package scope: .js would be CommonJS here
      chunkNames: 'chunk-[hash]',
      logLevel: 'silent',
    });
    const tmp = `${pointer}.${process.pid}.tmp`;
    writeFileSync(tmp, `import './builds/${name}/main.mjs';\n`);
    // Dated like the newest source the build read: a source saved while it ran is newer, and rebuilt.
    utimesSync(tmp, Date.now() / 1000, (Math.floor(newest) + 1) / 1000);
    renameSync(tmp, pointer);
    pruneBuilds(name);
    return true;
  } catch {
    return false;
  }
}

function pruneBuilds(current) {
  mkdirSync(builds, { recursive: true });
  for (const e of readdirSync(builds, { withFileTypes: true })) {
    if (e.name === current) continue;
    const p = join(builds, e.name);
    try {
      if (Date.now() - statSync(p).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      // removed by a concurrent start
    }
  }
  rmSync(join(cache, 'cli.mjs'), { force: true }); // the single-file bundle of earlier versions
}

if (process.env.DISTILLERY_NO_BUNDLE !== '1' && (await ensureBuild())) {
  await import(pathToFileURL(pointer).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}
