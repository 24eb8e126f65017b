import { stepRng, type Indexed } from '../../engine/rng.js';
import { render, type Template } from '../../prompts/template.js';
import { collapseWhitespace } from '../../util/text.js';
import type { SelfInstructConfig } from './params.js';

/** A demo line as the reference writes it: whitespace collapsed, stripped, trailing ":" removed. */
export function demoLine(instruction: string): string {
  return collapseWhitespace(instruction).replace(/:+$/, '').trim();
}

/** The numbered-list prompt: header, "1. ..." to "8. ...", then the bare next number "9.". */
export function instructionPrompt(t: Template, demos: readonly string[]): string {
  const lines = demos.map((d, i) => `${i + 1}. ${demoLine(d)}`).join('\n');
  return render(t, { demos: lines, next: demos.length + 1 });
}

/** Few-shot question whether a task is classification; the query is the task after "Task:". */
export function classificationPrompt(t: Template, instruction: string): string {
  return render(t, { instruction: instruction.trim() });
}

/** Instance prompt: output-first for classification tasks, input-first otherwise (chosen by the caller). */
export function instancesPrompt(t: Template, instruction: string): string {
  return render(t, { instruction: instruction.trim() });
}

/** A wave's instruction prompts: demos drawn from the pool snapshot with the wave's own seeded streams. */
export function wavePrompts<T extends { instruction: string }>(
  config: SelfInstructConfig,
  template: Template,
  wave: number,
  demoSeeds: readonly T[],
  machine: Indexed<T>,
): { demos: T[]; text: string }[] {
  const p = config.params;
  return Array.from({ length: p.wave_size }, (_, i) => {
    const rng = stepRng(config.seed, 'demos', wave, i);
    const fromMachine = rng.sample(machine, Math.min(p.machine_demos, p.demos, machine.length));
    const fromSeeds = rng.sample(demoSeeds, p.demos - fromMachine.length);
    const demos = rng.shuffle([...fromMachine, ...fromSeeds]);
    return { demos, text: instructionPrompt(template, demos.map((d) => d.instruction)) };
  });
}
