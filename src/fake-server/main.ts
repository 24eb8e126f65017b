/**
 * CLI: tsx src/fake-server/main.ts [--port N] [--latency-ms N] [--fault-rate X] [--faults kind,kind]
 *      [--fault-seed N] [--retry-after-ms N] [--rules lenient|openai|openai-reasoning|vllm|sglang|tgi|llama.cpp] [--chat-only]
 *      [--slots N --ttft-ms N --tpot-ms N] [--fail-at-ms N] [--rate-limit-requests N --rate-limit-window-ms N] [--batch-delay-ms N]
 * Prints one line "fake OpenAI server listening on http://127.0.0.1:PORT/v1" and serves until
 * SIGTERM/SIGINT. GET /__stats returns the counters as JSON; POST /__reset zeroes them.
 */
import { parseArgs } from 'node:util';
import { FAULT_KINDS, TRANSIENT_FAULT_KINDS, type FaultKind } from './faults.js';
import { startFakeServer } from './server.js';
import { RULE_SETS, type RuleSet } from './rules.js';

function fail(message: string): never {
  process.stderr.write(`fake-server: ${message}\n`);
  process.exit(2);
}

function num(name: string, raw: string | undefined, check: (n: number) => boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) fail(`invalid --${name}: ${raw}`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'latency-ms': { type: 'string' },
        'fault-rate': { type: 'string' },
        faults: { type: 'string' },
        'fault-seed': { type: 'string' },
        'retry-after-ms': { type: 'string' },
        rules: { type: 'string' },
        'chat-only': { type: 'boolean' },
        slots: { type: 'string' },
        'ttft-ms': { type: 'string' },
        'tpot-ms': { type: 'string' },
        'fail-at-ms': { type: 'string' },
        'rate-limit-requests': { type: 'string' },
        'rate-limit-window-ms': { type: 'string' },
        'batch-delay-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(
      'usage: tsx src/fake-server/main.ts [--port N] [--latency-ms N] [--fault-rate X] [--faults kind,kind] [--fault-seed N] [--retry-after-ms N] [--rules R] [--chat-only]\n' +
        '       [--slots N --ttft-ms N --tpot-ms N] [--fail-at-ms N] [--rate-limit-requests N --rate-limit-window-ms N] [--batch-delay-ms N]\n' +
        `fault kinds: ${FAULT_KINDS.join(', ')}\nrules (refuse what that server refuses; default lenient): ${RULE_SETS.join(', ')}\n`,
    );
    return;
  }
  const port = num('port', values.port, (n) => Number.isInteger(n) && n >= 0 && n < 65536);
  const latencyMs = num('latency-ms', values['latency-ms'], (n) => n >= 0);
  const rate = num('fault-rate', values['fault-rate'], (n) => n >= 0 && n <= 1) ?? 0;
  const seed = num('fault-seed', values['fault-seed'], Number.isInteger) ?? 0;
  const retryAfterMs = num('retry-after-ms', values['retry-after-ms'], (n) => n >= 0);
  const kinds = (values.faults ?? (rate > 0 ? TRANSIENT_FAULT_KINDS.join(',') : ''))
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const k of kinds) if (!(FAULT_KINDS as readonly string[]).includes(k)) fail(`unknown fault kind "${k}" (known: ${FAULT_KINDS.join(', ')})`);
  if (values.faults && rate === 0) process.stderr.write('fake-server: --faults given without --fault-rate; no faults will be injected\n');

  const slots = num('slots', values.slots, (n) => Number.isInteger(n) && n >= 1);
  const ttftMs = num('ttft-ms', values['ttft-ms'], (n) => n >= 0);
  const tpotMs = num('tpot-ms', values['tpot-ms'], (n) => n >= 0);
  if ((ttftMs !== undefined || tpotMs !== undefined) && slots === undefined) fail('--ttft-ms and --tpot-ms need --slots (the server-like mode)');
  if (slots !== undefined && latencyMs !== undefined) fail('--latency-ms and --slots are two timing modes: give one');
  const failAtMs = num('fail-at-ms', values['fail-at-ms'], (n) => n >= 0);
  const rlRequests = num('rate-limit-requests', values['rate-limit-requests'], (n) => Number.isInteger(n) && n >= 1);
  const rlWindowMs = num('rate-limit-window-ms', values['rate-limit-window-ms'], (n) => n > 0);
  if (rlWindowMs !== undefined && rlRequests === undefined) fail('--rate-limit-window-ms needs --rate-limit-requests');
  const batchDelayMs = num('batch-delay-ms', values['batch-delay-ms'], (n) => n >= 0);
  const rules = values.rules ?? 'lenient';
  if (!(RULE_SETS as readonly string[]).includes(rules)) fail(`unknown --rules "${rules}" (known: ${RULE_SETS.join(', ')})`);
  const server = await startFakeServer({
    rules: rules as RuleSet,
    chatOnly: values['chat-only'] ?? undefined,
    port,
    latencyMs,
    retryAfterMs,
    faults: rate > 0 ? { rate, kinds: kinds as FaultKind[], seed } : null,
    ...(slots !== undefined ? { serving: { slots, ttftMs: ttftMs ?? 0, tpotMs: tpotMs ?? 0 } } : {}),
    ...(failAtMs !== undefined ? { failAtMs } : {}),
    ...(rlRequests !== undefined ? { rateLimit: { requests: rlRequests, windowMs: rlWindowMs ?? 60_000 } } : {}),
    ...(batchDelayMs !== undefined ? { batch: { delayMs: batchDelayMs } } : {}),
  });
  process.stdout.write(`fake OpenAI server listening on ${server.url}\n`);
  process.stdout.write(`Anthropic Messages API on the same port: teacher.base_url ${server.anthropicUrl} (provider anthropic)\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => fail((err as Error)?.stack ?? String(err)));
