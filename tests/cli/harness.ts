import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';

/** Commands registered on a program in this process, as the CLI registers them; stdout, stderr and the usage-error code captured. */
export async function inProcess(register: ((program: Command) => void)[], args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const program = new Command('distillery').exitOverride();
  let stdout = '';
  let stderr = '';
  program.configureOutput({ writeOut: (s) => void (stdout += s), writeErr: (s) => void (stderr += s) });
  for (const r of register) r(program);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  let code = 0;
  try {
    await program.parseAsync(['node', 'distillery', ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { stdout, stderr, code };
}
