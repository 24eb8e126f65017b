/**
 * Every recipe, by its manifest's method name. A new recipe is one folder under src/methods and
 * one line here; config, export, the dataset card, `plan`, the CLI and the sim read this list.
 */
import type { BaseConfig } from '../config/common.js';
import type { Recipe } from '../engine/recipe.js';
import type { Stage } from '../engine/stage.js';
import { judgeStage } from '../engine/judge-stage.js';
import type { ExampleWriter } from '../teacher/types.js';
import { alpaca } from './alpaca/recipe.js';
import { custom } from './custom/recipe.js';
import { customExample } from './custom/stages.js';
import { backtranslation } from './backtranslation/recipe.js';
import { evolInstruct } from './evol-instruct/recipe.js';
import { magpie } from './magpie/recipe.js';
import { ossInstruct } from './oss-instruct/recipe.js';
import { selfChat } from './self-chat/recipe.js';
import { selfInstruct } from './self-instruct/recipe.js';
import { orca } from './orca/recipe.js';
import { preference } from './preference/recipe.js';
import { unnatural } from './unnatural/recipe.js';
import { ultrachat } from './ultrachat/recipe.js';

export const RECIPES = [selfInstruct, alpaca, evolInstruct, backtranslation, selfChat, magpie, ossInstruct, orca, preference, unnatural, ultrachat, custom] as const;

export type AnyRecipe = (typeof RECIPES)[number];
/** The union of every recipe's pipeline config. */
export type PipelineConfig = Parameters<AnyRecipe['run']>[0]['config'];
export type MethodName = PipelineConfig['method'];
export type ConfigOf<M extends MethodName> = Extract<PipelineConfig, { method: M }>;

const byMethod = new Map<string, Recipe<BaseConfig>>(RECIPES.map((r) => [r.manifest.method, r as unknown as Recipe<BaseConfig>]));

/** The recipe of a method name (undefined for a name no recipe has, e.g. a run made by a newer version). */
export function recipeOf(method: string): Recipe<BaseConfig> | undefined {
  return byMethod.get(method);
}

/** Every declared stage, the shared judge included: for the sim's examples and the contract test. */
export function allStages(): Stage[] {
  return [...RECIPES.flatMap((r) => r.stages as readonly Stage[]), judgeStage('judge')];
}

const examples = new Map<string, ExampleWriter>(allStages().map((s) => [s.id, s.example]));

/** The example writer of a declared stage id (`recipe/stage`), for a sim behind HTTP. */
export function stageExample(id: string): ExampleWriter | undefined {
  // A custom pipeline's stage ids name their output (custom/json, custom/regex:<fields>), not a declaration.
  return examples.get(id) ?? (id.startsWith('custom/') ? customExample(id) : undefined);
}
