import type { RunContext } from '../../engine/context.js';
import { checkStageTemplate, defineStage } from '../../engine/stage.js';
import { loadTemplate, type Template } from '../../prompts/template.js';
import { instancesInputFirst as simInputFirst } from '../../teacher/sim/stages/instances-input-first.js';
import { instancesOutputFirst as simOutputFirst } from '../../teacher/sim/stages/instances-output-first.js';
import { isClassification as simIsClassification } from '../../teacher/sim/stages/is-classification.js';
import { selfInstructInstructions } from '../../teacher/sim/stages/self-instruct-instructions.js';
import { normaliseClassification, normaliseInstructionList } from './chat-form.js';
import { normaliseClassificationAnswer, normaliseGenerationAnswer } from './chat-form-instances.js';
import { classifyChatStop, generationChatStop, instancesChatStop } from './chat-stops.js';
import { instanceChecks } from './instances.js';
import { instancesForm, instructionListForm, labelledInstancesForm } from './structured.js';
import type { SelfInstructConfig } from './params.js';
import { parseClassificationInstances, parseGenerationInstances, parseInstructionList, parseIsClassification, type RawInstance } from './parse.js';
import { classificationPrompt, instancesPrompt, instructionPrompt } from './prompts.js';

/** A task as the classify and instance stages see it. */
export interface TaskInput {
  instruction: string;
}

/** Continue a numbered list of demo instructions; the answer is the list's new items. */
export const generateInstructions = defineStage<{ demos: readonly { instruction: string }[] }, string[]>({
  recipe: 'self-instruct',
  name: 'generate-instructions',
  placeholders: ['demos', 'next'],
  prompt: ({ demos }, template) => instructionPrompt(template!, demos.map((d) => d.instruction)),
  parse: (text) => parseInstructionList(text),
  example: selfInstructInstructions.write,
  usable: (list) => list.some((t) => t !== ''),
  structured: instructionListForm,
  normalise: (text, { demos }) => normaliseInstructionList(text, demos.map((d) => d.instruction)),
  chatStop: generationChatStop,
});

/** Is the task classification? Any answer decides it (anything but yes is no). */
export const classify = defineStage<TaskInput, boolean>({
  recipe: 'self-instruct',
  name: 'classify',
  placeholders: ['instruction'],
  prompt: ({ instruction }, template) => classificationPrompt(template!, instruction),
  parse: (text) => parseIsClassification(text),
  example: simIsClassification.write,
  usable: (answer) => typeof answer === 'boolean',
  normalise: (text) => normaliseClassification(text),
  chatStop: classifyChatStop,
});

const someUsable = (raw: RawInstance[]): boolean => raw.some((inst) => instanceChecks(inst).every((v) => v.passed));

/** Instances of a classification task, output-first: each label, then an input of that class. */
export const instancesOutputFirst = defineStage<TaskInput, RawInstance[]>({
  recipe: 'self-instruct',
  name: 'generate-instances',
  variant: 'instances-output-first',
  placeholders: ['instruction'],
  prompt: ({ instruction }, template) => instancesPrompt(template!, instruction),
  parse: (text) => parseClassificationInstances(text),
  example: simOutputFirst.write,
  usable: someUsable,
  structured: labelledInstancesForm,
  normalise: normaliseClassificationAnswer,
  chatStop: instancesChatStop,
});

/** Instances of any other task, input-first: each input, then its output. */
export const instancesInputFirst = defineStage<TaskInput, RawInstance[]>({
  recipe: 'self-instruct',
  name: 'generate-instances',
  variant: 'instances-input-first',
  placeholders: ['instruction'],
  prompt: ({ instruction }, template) => instancesPrompt(template!, instruction),
  parse: (text) => parseGenerationInstances(text),
  example: simInputFirst.write,
  usable: someUsable,
  structured: instancesForm,
  normalise: normaliseGenerationAnswer,
  chatStop: instancesChatStop,
});

export const SELF_INSTRUCT_STAGES = [generateInstructions, classify, instancesOutputFirst, instancesInputFirst] as const;

export interface SelfInstructTemplates {
  instructions: Template;
  classify: Template;
  instancesClf: Template;
  instancesGen: Template;
}

/** Every template of the run, loaded and then checked against its stage, before the first call. */
export function loadSelfInstructTemplates(ctx: Pick<RunContext<SelfInstructConfig>, 'config' | 'root'>): SelfInstructTemplates {
  const paths = ctx.config.params.prompts;
  const t: SelfInstructTemplates = {
    instructions: loadTemplate(ctx.config.params.classification_only ? paths.instructions_classification : paths.instructions, ctx.root),
    classify: loadTemplate(paths.is_classification, ctx.root),
    instancesClf: loadTemplate(paths.instances_classification, ctx.root),
    instancesGen: loadTemplate(paths.instances, ctx.root),
  };
  checkStageTemplate(generateInstructions, t.instructions);
  checkStageTemplate(classify, t.classify);
  checkStageTemplate(instancesOutputFirst, t.instancesClf);
  checkStageTemplate(instancesInputFirst, t.instancesGen);
  return t;
}
