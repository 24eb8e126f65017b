import { AtomicOutputs } from '../util/atomic-file.js';

/**
 * Write several files all or nothing (src/util/atomic-file.ts): each goes to a temporary file
 * beside its target, every write checked and flushed to disk, and the temporaries are renamed only
 * once every one is complete, so a failure (disk full, read-only folder, Ctrl-C) never leaves a
 * half-written output under the real name, nor a temporary file. Throws FileWriteError.
 */
export function writeFilesAtomically(files: { path: string; lines: Iterable<string> }[]): void {
  const outputs = new AtomicOutputs();
  try {
    for (const f of files) {
      const file = outputs.file(f.path);
      for (const line of f.lines) file.write(`${line}\n`);
      file.close();
    }
    outputs.commit();
  } catch (err) {
    outputs.abort();
    throw err;
  }
}
