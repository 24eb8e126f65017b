import { describe, expect, it } from 'vitest';
import { TeacherConfigSchema } from '../../src/config/common.js';
import { defaultChatStop, defineStage, stageRequest } from '../../src/engine/stage.js';
import { allStages } from '../../src/methods/registry.js';

/**
 * In chat mode a stop string must not be able to fire inside the content a chat model writes:
 * "\n\n" (blank lines between items are a chat habit) is never sent, whatever the stage.
 */
describe('chat-mode stop strings', () => {
  const teacher = (over: object = {}) => TeacherConfigSchema.parse({ mode: 'chat', ...over });

  it('never sends a blank line as a stop, for any declared stage', () => {
    const configured = ['\n\n', '\n16', '16.', 'Task:'];
    for (const stage of allStages()) {
      const safe = stage.chatStop ? stage.chatStop(configured) : defaultChatStop(configured);
      expect(safe, stage.id).not.toContain('\n\n');
    }
  });

  it('sends the configured stops as they are in completion mode and with chat.stops: as-configured', () => {
    const stage = defineStage<string, string>({
      recipe: 'test', name: 'echo', placeholders: [], prompt: (input) => input, parse: (t) => t, example: () => 'x', usable: () => true,
    });
    const ask = { stage, input: 'Say hello.', sampling: { temperature: 1, stop: ['\n\n', 'X'] } };
    const request = (over: object) => stageRequest({ config: { teacher: teacher(over) } } as never, 'm', ask);
    expect(request({ mode: 'completion' }).params.stop).toEqual(['\n\n', 'X']);
    expect(request({ chat: { stops: 'as-configured' } }).params.stop).toEqual(['\n\n', 'X']);
    expect(request({}).params.stop).toEqual(['X']);
  });
});
