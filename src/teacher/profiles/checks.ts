/** What a config asks that a server profile refuses, found before the first call (DESIGN invariant 5). */
import type { StageSampling } from '../../config/common.js';
import type { ServerProfile } from './catalog.js';

export interface ProfileProblem {
  key: string;
  message: string;
}

export function profileProblems(
  profile: ServerProfile,
  teacher: { mode: 'chat' | 'completion'; model: string },
  uses: readonly { key: string; sampling: StageSampling }[],
): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const who = `teacher.server "${profile.name}" (${profile.title})`;
  if (teacher.mode === 'completion' && !profile.completion) {
    problems.push({ key: 'teacher.mode', message: `${who} has no completions endpoint (every request would be a 404): use teacher.mode: chat` });
  } else if (teacher.mode === 'completion' && profile.completionModels && !profile.completionModels.test(teacher.model)) {
    problems.push({
      key: 'teacher.mode',
      message: `"${teacher.model}" is a chat model, and ${who} serves /v1/completions only for instruct and base models (e.g. gpt-3.5-turbo-instruct, davinci-002): use teacher.mode: chat`,
    });
  }
  for (const u of uses) {
    const s = u.sampling;
    if (s.top_p === 0 && s.temperature !== 0 && (profile.topP === '(0,1]' || profile.topP === '(0,1)')) {
      const range = profile.topP === '(0,1)' ? '(0, 1)' : '(0, 1]';
      problems.push({ key: `${u.key}.top_p`, message: `${who} takes top_p in ${range}; top_p 0 is only left out with temperature 0 (greedy decoding)` });
    }
    if (profile.stop && profile.maxStop !== null && (s.stop?.length ?? 0) > profile.maxStop) {
      problems.push({ key: `${u.key}.stop`, message: `${who} takes at most ${profile.maxStop} stop strings` });
    }
  }
  return problems;
}

/** The parameters a profile leaves out of every request (said once when the run starts). */
export function unsentParams(profile: ServerProfile): string[] {
  const out: string[] = [];
  if (profile.fixedTemperature) out.push('temperature');
  if (profile.topP === 'none') out.push('top_p');
  if (!profile.penalties) out.push('presence_penalty', 'frequency_penalty');
  if (!profile.stop) out.push('stop');
  if (!profile.seed) out.push('seed');
  return out;
}
