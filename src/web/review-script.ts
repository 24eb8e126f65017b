/**
 * The viewer's one script: keyboard shortcuts for the review queue. Served by the app at
 * REVIEW_SCRIPT_PATH and allowed by the queue page's CSP for that path alone. The queue works
 * without it (plain forms); the script only moves a cursor and submits those same forms.
 */
import { createHash } from 'node:crypto';

export const REVIEW_SCRIPT_PATH = '/assets/review-keys.js';

export const REVIEW_SCRIPT = `'use strict';
(() => {
  const rows = Array.from(document.querySelectorAll('table.samples tbody tr[data-id]'));
  if (rows.length === 0) return;
  // After a decision the server sends us back with #r<id>: continue after that row, or, when it
  // has left the list (a "not yet reviewed" queue), at the place it had (kept for this tab only).
  const KEY = 'distillery-review-at';
  const remember = (i) => {
    try {
      sessionStorage.setItem(KEY, String(i));
    } catch (e) {
      // No storage: the cursor falls back to the id order below.
    }
  };
  const remembered = () => {
    try {
      const v = sessionStorage.getItem(KEY);
      return v === null ? null : Number(v);
    } catch (e) {
      return null;
    }
  };
  let at = 0;
  const last = /^#r(\\d+)$/.exec(location.hash);
  if (last) {
    const same = rows.findIndex((r) => r.dataset.id === last[1]);
    const place = remembered();
    if (same >= 0) at = same + 1;
    else if (place !== null && Number.isInteger(place)) at = place;
    else {
      const i = rows.findIndex((r) => Number(r.dataset.id) > Number(last[1]));
      at = i < 0 ? rows.length - 1 : i;
    }
    at = Math.min(at, rows.length - 1);
  }
  let busy = false;
  const select = (i) => {
    rows[at].classList.remove('current');
    rows[at].removeAttribute('aria-current');
    at = Math.max(0, Math.min(rows.length - 1, i));
    rows[at].classList.add('current');
    rows[at].setAttribute('aria-current', 'true');
    rows[at].scrollIntoView({ block: 'nearest' });
  };
  select(at);
  const decide = (decision) => {
    const form = rows[at].querySelector('form.review');
    const button = form && form.querySelector('button[value="' + decision + '"]');
    if (!button || busy) return;
    busy = true;
    remember(at);
    form.requestSubmit(button);
  };
  const note = () => {
    const field = rows[at].querySelector('form.review input[name="note"]');
    if (field) field.focus();
  };
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) {
      // In the note: Escape or Enter goes back to the queue, keeping the text for the decision.
      if (t.name === 'note' && (e.key === 'Escape' || e.key === 'Enter')) {
        e.preventDefault();
        t.blur();
      }
      return;
    }
    const act = { j: () => select(at + 1), k: () => select(at - 1), a: () => decide('approved'), r: () => decide('rejected'), f: () => decide('flagged'), n: note }[e.key];
    if (act) {
      e.preventDefault();
      act();
    }
  });
})();
`;

/** For the ETag: the script changes only with the program. */
export const REVIEW_SCRIPT_ETAG = `"${createHash('sha256').update(REVIEW_SCRIPT).digest('base64url').slice(0, 16)}"`;
