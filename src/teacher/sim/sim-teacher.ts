import type { CallOptions, Teacher, TeacherRequest, TeacherResponse } from '../types.js';
import { SIM_MODEL, simulate } from './simulate.js';

/** The offline, deterministic simulated teacher: no I/O, every response labelled as simulated. */
export class SimTeacher implements Teacher {
  readonly provider = 'sim';
  readonly simulated = true;
  constructor(readonly model: string = SIM_MODEL) {}

  /** The stage's own example writer when the request names one, else the stage recognised from the prompt. */
  async complete(request: TeacherRequest, opts: CallOptions = {}): Promise<TeacherResponse> {
    opts.signal?.throwIfAborted();
    return simulate(request, opts.stage?.example);
  }

  async close(): Promise<void> {}
}
