import { html, trusted, type SafeHtml } from './html.js';
import { CSS, contentSecurityPolicy } from './style.js';

/**
 * A whole HTML document: the one inline stylesheet, no external resource, and no script unless
 * `script` names the viewer's own (served by the viewer, allowed by that page's CSP).
 */
export function pageShell(o: { title: string; body: SafeHtml; nav?: SafeHtml; forFile?: boolean; script?: string }): string {
  const csp = o.forFile ? html`<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ forFile: true })}">` : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">${csp}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="${o.forFile ? 'no-referrer' : 'same-origin'}">
<title>${o.title}</title>
<style>${trusted(CSS)}</style>${o.script ? html`
<script src="${o.script}" defer></script>` : ''}
</head><body>
<header class="top">${o.nav ?? html`<span class="brand">Distillery audit</span>`}</header>
<main>
${o.body}
</main>
</body></html>
`.value;
}
