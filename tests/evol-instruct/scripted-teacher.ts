import { estimatePromptTokens } from '../../src/teacher/prompt-check.js';
import { simStage } from '../../src/teacher/sim/simulate.js';
import type { Teacher, TeacherRequest, TeacherResponse } from '../../src/teacher/types.js';

/**
 * A deterministic in-process teacher for Evol-Instruct tests whose answers depend only on the
 * request (so any concurrency gives the same run), recognising the stage with the sim's own
 * recognisers. Every rewrite appends one sentence; trigger words in an instruction provoke each
 * elimination rule:
 * - "tulip": the rewrite leaks the marker "#Rewritten Prompt#:" (rule 4);
 * - "kettle": the rewrite returns the given prompt unchanged (rule 1, identical text);
 * - "violin": the equality check answers "Equal" (rule 1, the teacher's judgement);
 * - "glacier": the answer is a short apology with "sorry" (rule 2);
 * - "lighthouse": the answer is only stop words and punctuation (rule 3);
 * - "harbor": the rewrite copies `copyOf` word for word (ROUGE-L against another input).
 * It reports the prompt's estimated size as its prompt tokens, so the prompt-intact check sees an intact prompt.
 */
export class ScriptedEvolTeacher implements Teacher {
  readonly provider = 'scripted';
  readonly model = 'scripted-evol';
  readonly simulated = true;
  readonly requests: { stage: string; text: string }[] = [];

  constructor(private readonly copyOf: string) {}

  async complete(request: TeacherRequest): Promise<TeacherResponse> {
    const text = request.messages?.at(-1)?.content ?? request.prompt ?? '';
    const stage = simStage(request).name;
    this.requests.push({ stage, text });
    return { text: this.answer(stage, text), finishReason: 'stop', usage: { promptTokens: estimatePromptTokens(request), completionTokens: 10, cachedPromptTokens: 0 }, model: this.model, simulated: true };
  }

  private answer(stage: string, text: string): string {
    if (stage === 'evol-in-depth' || stage === 'evol-in-breadth') {
      const given = (/#(?:The )?Given Prompt#:\n([\s\S]*)\n#(?:Rewritten|Created) Prompt#:\n?$/.exec(text)?.[1] ?? '').trim();
      if (/kettle/i.test(given)) return given;
      if (/harbor/i.test(given)) return this.copyOf;
      const rewritten = `${given} Explain each step and give one example from daily life.`;
      return /tulip/i.test(given) ? `#Rewritten Prompt#: ${rewritten}` : rewritten;
    }
    if (stage === 'evol-equality') return /violin/i.test(text) ? 'Equal' : 'Not Equal';
    if (/glacier/i.test(text)) return "I'm sorry, but I cannot answer that without more detail.";
    if (/lighthouse/i.test(text)) return 'It is what it is, and that is all...';
    const words = Array.from({ length: 12 }, (_, i) => `Point ${i + 1} covers a practical detail worth noting.`).join(' ');
    return `Here is a careful answer. ${words}`;
  }
}
