import { html, trusted, type SafeHtml } from './html.js';
import { CSS, contentSecurityPolicy } from './style.js';

/** A whole HTML document: the one inline stylesheet, no script, no external resource. */
export function pageShell(o: { title: string; body: SafeHtml; nav?: SafeHtml; forFile?: boolean }): string {
  const csp = o.forFile ? html`<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ forFile: true })}">` : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">${csp}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${o.title}</title>
<style>${trusted(CSS)}</style>
</head><body>
<header class="top">${o.nav ?? html`<span class="brand">Distillery audit</span>`}</header>
<main>
${o.body}
</main>
</body></html>
`.value;
}
