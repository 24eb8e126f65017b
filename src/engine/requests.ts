import type { TeacherConfig } from '../config/common.js';
import type { StageSampling } from '../config/common.js';
import type { TeacherRequest } from '../teacher/types.js';

/** Wrap a rendered prompt as the configured mode asks: a user message, or a raw completion prompt. */
export function buildRequest(teacher: Pick<TeacherConfig, 'mode' | 'system_prompt'>, model: string, prompt: string, sampling: StageSampling): TeacherRequest {
  const params = Object.fromEntries(Object.entries(sampling).filter(([, v]) => v !== undefined)) as StageSampling;
  if (teacher.mode === 'completion') return { mode: 'completion', model, prompt, params };
  const messages = teacher.system_prompt
    ? [{ role: 'system' as const, content: teacher.system_prompt }, { role: 'user' as const, content: prompt }]
    : [{ role: 'user' as const, content: prompt }];
  return { mode: 'chat', model, messages, params };
}
