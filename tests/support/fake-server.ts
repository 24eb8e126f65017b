import { afterAll, beforeAll } from 'vitest';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../../src/fake-server/index.js';

export interface SuiteFakeServer {
  /** The suite's server (started before its first test). */
  readonly server: FakeServer;
  /** The environment a run needs to reach it through the real `openai` client. */
  env(): NodeJS.ProcessEnv;
}

/** One fake OpenAI server for the enclosing describe block, started before it and closed after it. */
export function useFakeServer(opts?: FakeServerOptions): SuiteFakeServer {
  let started: FakeServer | undefined;
  beforeAll(async () => {
    started = await startFakeServer(opts);
  });
  afterAll(async () => {
    await started?.close();
  });
  const fake: SuiteFakeServer = {
    get server() {
      if (!started) throw new Error('the fake server is started in beforeAll; use it inside a test');
      return started;
    },
    env: () => ({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: fake.server.url }),
  };
  return fake;
}
