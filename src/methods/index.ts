import type { ConfigOf, MethodName } from '../config/schema.js';
import type { RunContext, RunOutcome } from '../engine/context.js';
import { runSelfInstruct } from './self-instruct/run.js';
import { runAlpaca } from './alpaca/run.js';
import { runSelfChat } from './self-chat/run.js';
import { runEvolInstruct } from './evol-instruct/run.js';
import { runBacktranslation } from './backtranslation/run.js';

type MethodRunner<M extends MethodName> = (ctx: RunContext<ConfigOf<M>>) => Promise<RunOutcome>;

/** Each recipe's orchestration, by the `method` key of a pipeline. */
export const METHODS: { [M in MethodName]: { run: MethodRunner<M>; mainKind: string } } = {
  'self-instruct': { run: runSelfInstruct, mainKind: 'instruction' },
  alpaca: { run: runAlpaca, mainKind: 'alpaca' },
  'self-chat': { run: runSelfChat, mainKind: 'conversation' },
  'evol-instruct': { run: runEvolInstruct, mainKind: 'evolved' },
  backtranslation: { run: runBacktranslation, mainKind: 'pair' },
};

export function runMethod(ctx: RunContext): Promise<RunOutcome> {
  const entry = METHODS[ctx.config.method] as { run: MethodRunner<MethodName> };
  return entry.run(ctx as RunContext<ConfigOf<MethodName>>);
}
