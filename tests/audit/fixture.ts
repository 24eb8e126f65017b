/**
 * A real Self-Instruct run (sim teacher) whose teacher also slips hostile markup into one answer,
 * so the audit is tested on generated data exactly as the pipeline stores it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimTeacher } from '../../src/teacher/sim/index.js';
import type { CallOptions, Teacher, TeacherRequest, TeacherResponse } from '../../src/teacher/types.js';
import { pipeline, run } from '../support/runs.js';

export const HOSTILE = `Describe what <script>window.__pwned = 1; document.title = "pwned"</script> and <img src=x onerror="window.__pwned = 2"> do in plain words.`;

/** The sim teacher, except that the first instruction-generation answer starts with HOSTILE. */
export class HostileTeacher implements Teacher {
  readonly provider = 'sim';
  readonly simulated = true;
  private readonly sim = new SimTeacher();
  readonly model = this.sim.model;
  private injected = false;

  async complete(request: TeacherRequest, opts?: CallOptions): Promise<TeacherResponse> {
    const res = await this.sim.complete(request, opts);
    const prompt = request.messages?.map((m) => m.content).join('\n') ?? request.prompt ?? '';
    if (!this.injected && /Continue this numbered list/.test(prompt)) {
      this.injected = true;
      const rest = res.text.split('\n').slice(1).join('\n');
      return { ...res, text: `${HOSTILE}\n${rest}` };
    }
    return res;
  }
}

export interface Fixture {
  dir: string;
  dbPath: string;
  runName: string;
  cleanup(): void;
}

export async function buildFixture(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'distillery-audit-'));
  const dbPath = join(dir, 'audit.db');
  const runName = 'audit-si';
  const config = pipeline('self-instruct.yaml', { target: 24, 'params.wave_size': 4, 'limits.concurrency': 4, 'teacher.provider': 'sim', name: runName });
  const result = await run(config, dbPath, {}, { teacher: new HostileTeacher() });
  if (result.status !== 'completed') throw new Error(`fixture run ended ${result.status}: ${result.detail}`);
  return { dir, dbPath, runName, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
