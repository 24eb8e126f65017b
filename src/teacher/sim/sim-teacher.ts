import type { Teacher, TeacherRequest, TeacherResponse } from '../types.js';
import { SIM_MODEL, simulate } from './simulate.js';

/** The offline, deterministic simulated teacher: no I/O, every response labelled as simulated. */
export class SimTeacher implements Teacher {
  readonly provider = 'sim';
  readonly simulated = true;
  constructor(readonly model: string = SIM_MODEL) {}

  async complete(request: TeacherRequest, signal?: AbortSignal): Promise<TeacherResponse> {
    signal?.throwIfAborted();
    return simulate(request);
  }

  async close(): Promise<void> {}
}
