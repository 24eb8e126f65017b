import { createHash } from 'node:crypto';

/** The one stylesheet of the report and the web viewer, inlined and allowed by its CSP hash. */
export const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #222; background: #fafafa; }
header.top { background: #1f3b57; color: #fff; padding: 8px 20px; display: flex; gap: 18px; align-items: baseline; flex-wrap: wrap; }
header.top a { color: #fff; text-decoration: none; }
header.top .brand { font-weight: 700; font-size: 16px; }
main { padding: 16px 20px 40px; max-width: 1280px; }
h1 { font-size: 22px; margin: 4px 0 12px; }
h2 { font-size: 17px; margin: 26px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
a { color: #1d5a94; }
table { border-collapse: collapse; background: #fff; margin: 6px 0 12px; }
th, td { border: 1px solid #e1e1e1; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f0f3f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #777; }
.note { color: #555; font-size: 13px; }
.warn { background: #fff4d6; border: 1px solid #e9c46a; padding: 6px 10px; border-radius: 4px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 12px; border: 1px solid #ccc; background: #fff; white-space: nowrap; }
.badge.accepted { color: #2d6a35; border-color: #3a7d44; background: #eef7ef; }
.badge.rejected { color: #9b2c20; border-color: #c0392b; background: #fcefed; }
.badge.pending { color: #7d6608; border-color: #b7950b; background: #fdf8e6; }
.badge.pass { color: #2d6a35; border-color: #3a7d44; }
.badge.fail { color: #9b2c20; border-color: #c0392b; }
pre.text { white-space: pre-wrap; word-break: break-word; background: #fff; border: 1px solid #e1e1e1; padding: 8px 10px; margin: 4px 0 10px; max-height: 480px; overflow: auto; font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
.charts { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
figure { margin: 0; background: #fff; border: 1px solid #e1e1e1; padding: 8px; max-width: 100%; overflow-x: auto; }
figure figcaption { font-weight: 600; margin-bottom: 4px; }
figure svg { max-width: 100%; height: auto; }
svg a:hover rect { stroke: #000; stroke-width: 1.5; }
form.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; background: #fff; border: 1px solid #e1e1e1; padding: 8px 10px; margin: 8px 0; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: #555; }
form.filters input[type=search] { min-width: 260px; }
form.filters input, form.filters select, form.filters button { font: inherit; padding: 3px 6px; }
table.samples td.text { max-width: 720px; }
table.samples td:not(.text) { white-space: nowrap; }
table.samples td.text .sub { color: #666; font-size: 12px; }
nav.pager { display: flex; gap: 16px; margin: 8px 0; align-items: center; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0 12px; }
dl.kv dt { color: #555; }
dl.kv dd { margin: 0; }
.message { margin: 6px 0; }
.message .role { font-weight: 600; font-size: 12px; text-transform: uppercase; color: #555; }
ul.tree, ul.tree ul { list-style: none; padding-left: 18px; margin: 2px 0; }
ul.tree { padding-left: 0; }
ul.tree li { margin: 2px 0; }
ul.tree .rel { color: #555; font-size: 12px; }
table.samples td.review { white-space: normal; min-width: 150px; }
table.samples tr.current { outline: 2px solid #1d5a94; outline-offset: -2px; background: #eef4fb; }
form.review { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; align-items: center; }
form.review input[name=note] { width: 9em; font: inherit; font-size: 12px; padding: 1px 4px; }
form.review button { font: inherit; font-size: 12px; padding: 1px 6px; }
form.review.full { flex-direction: column; align-items: stretch; max-width: 640px; background: #fff; border: 1px solid #e1e1e1; padding: 8px 10px; }
form.review.full label { display: flex; flex-direction: column; font-size: 12px; color: #555; }
form.review.full textarea, form.review.full input[type=text] { width: auto; font: inherit; }
form.review.full button { font-size: 14px; padding: 3px 10px; }
form.bulk { margin: 6px 0; }
form.filters input.score { width: 6em; }
.badge.review.approved { color: #2d6a35; border-color: #3a7d44; background: #eef7ef; }
.badge.review.rejected { color: #9b2c20; border-color: #c0392b; background: #fcefed; }
.badge.review.flagged { color: #7d6608; border-color: #b7950b; background: #fdf8e6; }
.badge.label { background: #f0f3f6; }
p.notice { background: #eef7ef; border: 1px solid #3a7d44; padding: 6px 10px; border-radius: 4px; }
kbd { border: 1px solid #bbb; border-radius: 3px; padding: 0 4px; font: 12px ui-monospace, monospace; background: #fff; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
`;

/** The CSP source expression that allows exactly this stylesheet as an inline <style>. */
export const CSS_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;

/**
 * No external anything: only this stylesheet, same-origin links and forms. No script, except on
 * a page that names one (`script`: the full URL of the viewer's own script, a source that allows
 * that exact path and nothing else).
 */
export function contentSecurityPolicy(opts: { forFile?: boolean; script?: string } = {}): string {
  return opts.forFile
    ? `default-src 'none'; style-src ${CSS_HASH}; img-src data:; base-uri 'none'; form-action 'none'`
    : `default-src 'none'; style-src ${CSS_HASH}; img-src 'self' data:;${opts.script ? ` script-src ${opts.script};` : ''} base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;
}
