/**
 * The fake server's server-like mode: a model server's timing without a model. `slots` requests
 * decode at once (a vLLM/SGLang batch); each takes `ttftMs` plus `tpotMs` per output token; the
 * rest wait in a FIFO queue, so past saturation latency grows with the queue as on a real server.
 */
export interface ServingOptions {
  slots: number;
  /** Time to first token, ms. */
  ttftMs: number;
  /** Time per output token, ms. */
  tpotMs: number;
}

export class Serving {
  private busy = 0;
  private readonly queue: (() => void)[] = [];
  /** Most requests seen waiting for a slot at once. */
  maxQueued = 0;

  constructor(readonly opts: ServingOptions) {
    if (!(opts.slots >= 1)) throw new Error('server-like mode needs at least one slot');
  }

  get queued(): number {
    return this.queue.length;
  }

  get running(): number {
    return this.busy;
  }

  /** How long one request decodes once it has a slot. */
  decodeMs(outputTokens: number): number {
    return this.opts.ttftMs + this.opts.tpotMs * outputTokens;
  }

  /** Wait for a slot, hold it for the decode time, give it to the next in line. */
  async serve(outputTokens: number, sleep: (ms: number) => Promise<void>): Promise<void> {
    if (this.busy >= this.opts.slots) {
      await new Promise<void>((resolve) => {
        this.queue.push(resolve);
        this.maxQueued = Math.max(this.maxQueued, this.queue.length);
      });
    } else this.busy++;
    try {
      await sleep(this.decodeMs(outputTokens));
    } finally {
      const next = this.queue.shift();
      if (next) next(); // the slot passes on, still busy
      else this.busy--;
    }
  }
}
