import { defineRecipe } from '../../engine/recipe.js';
import { selfChatManifest } from './manifest.js';
import type { SelfChatConfig } from './params.js';
import { runSelfChat } from './run.js';

/** TEMPORARY wrapper while the recipe moves onto the wave runner. */
export const selfChat = defineRecipe<SelfChatConfig>({
  manifest: selfChatManifest,
  stages: [],
  run: runSelfChat,
});
