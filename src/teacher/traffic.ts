/**
 * Where this session's requests are right now: waiting for a slot (concurrency, rate caps), at the
 * server, or waiting out a backoff before a retry; and how long attempts spent in each of the first
 * two. The journal keeps one; the progress display reads it between events, so a run whose calls
 * are slow still says what it waits for (a frozen line for six minutes tells the user nothing), and
 * the summary can say whether time went to our own queue or to the server (whose own queue behind
 * its slots is inside "at the server": a non-streamed answer does not tell them apart).
 */

export interface TrafficSnapshot {
  /** Attempts admitted by nothing yet: waiting for a free slot or the rate caps. */
  queued: number;
  /** Attempts sent and not answered. */
  inFlight: number;
  /** Requests waiting out a backoff or Retry-After before their next attempt. */
  retrying: number;
  /** The longest-running attempt in flight: its stage and how long it has been out. */
  oldest: { stage: string; ms: number } | null;
  /** Attempts that reached the server this session, and the milliseconds they spent queued before and at the server. */
  sent: number;
  slotWaitMs: number;
  serverMs: number;
}

export interface AttemptTicket {
  /** The attempt was admitted and is being sent now. */
  admitted(): void;
  /** The attempt is over (answered, failed or never sent). */
  done(): void;
}

export class Traffic {
  private queued = 0;
  private retrying = 0;
  private readonly out = new Map<number, { stage: string; since: number }>();
  private nextId = 0;
  private sent = 0;
  private slotWaitMs = 0;
  private serverMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** An attempt waits for admission; the ticket moves it to the server and out again. Safe to end twice. */
  attempt(stage: string): AttemptTicket {
    const id = this.nextId++;
    const queuedAt = this.now();
    let state: 'queued' | 'out' | 'done' = 'queued';
    this.queued++;
    return {
      admitted: () => {
        if (state !== 'queued') return;
        state = 'out';
        this.queued--;
        const t = this.now();
        this.slotWaitMs += t - queuedAt;
        this.sent++;
        this.out.set(id, { stage, since: t });
      },
      done: () => {
        if (state === 'done') return;
        if (state === 'queued') this.queued--;
        else {
          this.serverMs += this.now() - this.out.get(id)!.since;
          this.out.delete(id);
        }
        state = 'done';
      },
    };
  }

  /** A request waits out a backoff: call the returned function when the wait is over. */
  backoff(): () => void {
    this.retrying++;
    let over = false;
    return () => {
      if (over) return;
      over = true;
      this.retrying--;
    };
  }

  snapshot(): TrafficSnapshot {
    const t = this.now();
    let oldest: TrafficSnapshot['oldest'] = null;
    // Map order is insertion order: the first entry is the longest out.
    for (const { stage, since } of this.out.values()) {
      oldest = { stage, ms: t - since };
      break;
    }
    return { queued: this.queued, inFlight: this.out.size, retrying: this.retrying, oldest, sent: this.sent, slotWaitMs: this.slotWaitMs, serverMs: this.serverMs };
  }
}

/** "3 in flight (oldest 2m 01s, evol-instruct/evolve), 5 queued for a slot, 1 waiting to retry", or '' when nothing is out. */
export function trafficText(s: TrafficSnapshot): string {
  const parts: string[] = [];
  if (s.inFlight > 0) parts.push(`${s.inFlight} in flight${s.oldest ? ` (oldest ${duration(s.oldest.ms)}, ${s.oldest.stage})` : ''}`);
  if (s.queued > 0) parts.push(`${s.queued} queued for a slot`);
  if (s.retrying > 0) parts.push(`${s.retrying} waiting to retry`);
  return parts.join(', ');
}

/** "attempts spent on average 0.4 s queued for a slot and 12.1 s at the server (its own queue included)", or '' before any was sent. */
export function timeSplitText(s: TrafficSnapshot): string {
  if (s.sent === 0) return '';
  const avg = (ms: number) => `${(ms / s.sent / 1000).toFixed(1)} s`;
  return `${s.sent} attempts spent on average ${avg(s.slotWaitMs)} queued for a slot here and ${avg(s.serverMs)} at the server (the server's own queue included)`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}
