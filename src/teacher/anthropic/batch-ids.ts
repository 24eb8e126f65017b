/**
 * Custom ids of Message Batches requests. The API takes 1-64 of [a-zA-Z0-9_-], so the OpenAI
 * form (`call-<id>|<stage>`) cannot be sent: the stage id follows `-s-` with every other character
 * written as `_` and two hex digits of its UTF-8 bytes. A real server ignores the stage; the fake
 * server reads it to answer that stage's example (online it is the X-Distillery-Stage header).
 * When the stage would not fit in 64 characters it is left out (the fake server then recognises
 * the stage from the prompt). Pure.
 */
const MAX = 64;
const STAGE_MARK = '-s-';

export function anthropicCustomId(callId: number, stageId: string | undefined): string {
  const head = `call-${callId}`;
  if (!stageId) return head;
  let enc = '';
  for (const byte of Buffer.from(stageId, 'utf8')) {
    const ch = String.fromCharCode(byte);
    enc += /[a-zA-Z0-9-]/.test(ch) ? ch : `_${byte.toString(16).padStart(2, '0')}`;
  }
  const id = `${head}${STAGE_MARK}${enc}`;
  return id.length <= MAX ? id : head;
}

/** The stage id a custom id of ours carries, or undefined (none, or not one of ours). */
export function stageOfAnthropicCustomId(customId: string): string | undefined {
  const m = /^call-\d+-s-([a-zA-Z0-9_-]+)$/.exec(customId);
  if (!m) return undefined;
  const bytes: number[] = [];
  const enc = m[1]!;
  for (let i = 0; i < enc.length; i++) {
    if (enc[i] === '_') {
      const hex = enc.slice(i + 1, i + 3);
      if (!/^[0-9a-f]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(enc.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}
