import type { CheckResult } from '../model/check.js';
import type { ScanResult } from '../model/scan.js';
import { VERSION } from '../version.js';
import { safeRendering } from '../util/terminal-text.js';
import { buildCheckView, problemsIntro, type CheckViewOptions, type DocumentGapView, type ItemView, type SentRequestView } from './check-view.js';

/** HTML-escaped, and a control or bidi character from a case shown as `\x1b` / `<U+202E>` (B14): a browser would hide it or reorder the text. */
export function escapeHtml(text: string): string {
  return safeRendering(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const e = escapeHtml;

/**
 * Everything inline: no fonts, images or scripts from anywhere else, so the page
 * works offline, from an email attachment or a USB stick. The CSP says so.
 */
const STYLE = `
:root { --ok: #1b7f3b; --bad: #b3261e; --part: #a05a00; --muted: #5f6368; --line: #d0d4d9; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: #1f1f1f; margin: 0 auto; max-width: 52rem; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; padding-bottom: .2rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.meta { color: var(--muted); margin: 0 0 .5rem; }
.intro { margin: 0 0 1rem; }
.status { padding: .75rem 1rem; border-radius: .4rem; border: 2px solid; font-weight: 600; }
.status.complete { border-color: var(--ok); color: var(--ok); }
.status.incomplete { border-color: var(--bad); color: var(--bad); }
.counts { color: var(--muted); margin: .5rem 0 0; }
ul.items { list-style: none; padding: 0; margin: 0; }
ul.items > li { display: grid; grid-template-columns: 1.8rem 1fr; gap: 0 .4rem; padding: .5rem 0; border-bottom: 1px solid var(--line); break-inside: avoid; }
.mark { font-size: 1.2rem; line-height: 1.3; font-weight: 700; text-align: center; }
.met .mark { color: var(--ok); } .missing .mark { color: var(--bad); } .partial .mark { color: var(--part); } .not-applicable .mark { color: var(--muted); }
.title { font-weight: 600; }
.state { color: var(--muted); }
.missing .state { color: var(--bad); } .partial .state { color: var(--part); }
.why, .found, .ask { grid-column: 2; margin: .15rem 0 0; }
.why { color: #333; }
.found { color: var(--muted); font-size: .92rem; overflow-wrap: anywhere; }
.ask { background: #f4f6f8; border-left: 3px solid var(--part); padding: .35rem .6rem; }
.department { break-inside: avoid; margin-bottom: 1rem; }
pre.email { white-space: pre-wrap; font: inherit; background: #f4f6f8; border: 1px solid var(--line); border-radius: .3rem; padding: .6rem .8rem; margin: .25rem 0; }
button.copy { font: inherit; font-size: .85rem; padding: .2rem .6rem; cursor: pointer; }
.problems li { margin-bottom: .5rem; break-inside: avoid; }
.sev { font-weight: 700; text-transform: uppercase; font-size: .75rem; padding: .05rem .35rem; border-radius: .2rem; color: #fff; }
.sev.error { background: var(--bad); } .sev.warning { background: var(--part); } .sev.info { background: var(--muted); }
code, .path { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; overflow-wrap: anywhere; }
table.sent { width: 100%; border-collapse: collapse; font-size: .92rem; }
table.sent th, table.sent td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: .35rem .4rem; }
table.sent tr { break-inside: avoid; }
td.num { text-align: right; }
.req { font-weight: 700; } .req.overdue { color: var(--bad); } .req.outstanding { color: var(--part); } .req.received { color: var(--ok); }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@page { margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  button.copy { display: none; }
  h2 { break-after: avoid; }
  /* The requests are meant to be handed over or copied: start them on their own page. */
  #requests { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
`;

/** Copy buttons: a convenience only; the text stays selectable when the clipboard is not available (file://). */
const SCRIPT = `
document.querySelectorAll('button.copy').forEach(function (button) {
  button.addEventListener('click', function () {
    var pre = document.getElementById(button.getAttribute('data-target'));
    if (!pre) return;
    var text = pre.textContent || '';
    var done = function () { button.textContent = 'Copied'; };
    var select = function () { var r = document.createRange(); r.selectNodeContents(pre); var s = window.getSelection(); if (s) { s.removeAllRanges(); s.addRange(r); } button.textContent = 'Selected: press Ctrl+C'; };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, select); else select();
  });
});
`;

function itemHtml(view: ItemView, showRequest: boolean): string {
  const { item } = view;
  const parts = [
    `<li class="${e(item.status)}" data-item="${e(item.id)}">`,
    `<span class="mark" aria-hidden="true">${view.mark}</span>`,
    `<div><span class="title">${e(item.title)}</span> <span class="state">— ${e(view.statusText)}${item.detail ? `: ${e(item.detail)}` : ''}</span></div>`,
  ];
  if (showRequest) parts.push(`<p class="why">${e(item.why)}</p>`);
  if (view.evidence.length) parts.push(`<p class="found">Found: ${view.evidence.map((x) => `<span class="path">${e(x)}</span>`).join('; ')}</p>`);
  if (showRequest && item.request) parts.push(`<p class="ask">Ask <strong>${e(item.request.department)}</strong>: “${e(item.request.wording)}”</p>`);
  parts.push('</li>');
  return parts.join('');
}

/** Requests already sent, one table row each: what was asked, how long it has waited, and the reminder ready to copy when overdue. */
function sentRequestsHtml(requests: readonly SentRequestView[]): string {
  const rows = requests.map((r, index) => {
    const items = r.items.map((i) => `<div>${i.mark} ${e(i.label)}: ${e(i.statusText)}</div>`).join('');
    const followUp = r.followUp
      ? `<pre class="email" id="follow-up-${index}">${e(r.followUp)}</pre><button type="button" class="copy" data-target="follow-up-${index}">Copy text</button>`
      : '';
    return `<tr class="${r.status}"><td>${e(r.department)}${r.heading.includes(' by ') ? `<div class="found">${e(r.heading.slice(r.heading.lastIndexOf(' by ') + 1))}</div>` : ''}</td><td>${items}</td><td>${e(r.sentLong)}</td>`
      + `<td class="num">${r.businessDays}</td><td><span class="req ${r.status}">${r.mark} ${e(r.status)}</span><div class="found">${e(r.statusText)}</div></td><td>${followUp || '<span class="found">none needed yet</span>'}</td></tr>`;
  });
  const table = '<table class="sent"><thead><tr><th>Department</th><th>Items</th><th>Sent</th><th>Waiting (business days)</th><th>Status</th><th>Follow-up wording</th></tr></thead>'
    + `<tbody>${rows.join('')}</tbody></table>`;
  return section('Requests sent', 'requests-sent', `<p>Requests recorded in casepack.yaml, checked against the documents now in the case. Records offices usually answer within 5 to 15 business days; after 15 a request is overdue.</p>${table}`);
}

/** Letters found instead of the report they quote, and reports that lack a part: what each is and what is missing. */
function documentGapsHtml(gaps: readonly DocumentGapView[]): string {
  const summaries = gaps.filter((g) => g.kind === 'summary-only');
  const incomplete = gaps.filter((g) => g.kind === 'incomplete');
  const row = (g: DocumentGapView) => `<li class="partial"><span class="mark" aria-hidden="true">◐</span><div><span class="path">${e(g.document)}</span> <span class="state">— ${e(g.what)}</span></div>`
    + `<p class="found">Counted for: ${e(g.itemTitle)}</p>${g.ask ? `<p class="ask">${e(capitalise(g.ask))}.</p>` : ''}</li>`;
  const parts: string[] = [];
  if (summaries.length) parts.push('<h3>Found only in a summary</h3><p>A letter or note quotes the result, but a reviewer needs the laboratory\'s or department\'s own report.</p>', `<ul class="items">${summaries.map(row).join('')}</ul>`);
  if (incomplete.length) parts.push('<h3>There, but incomplete</h3><p>These reports are here but lack a part a reviewer needs.</p>', `<ul class="items">${incomplete.map(row).join('')}</ul>`);
  return section('Summaries and incomplete reports', 'document-gaps', parts.join(''));
}

function capitalise(text: string): string {
  return text ? `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}` : text;
}

function section(title: string, id: string, body: string): string {
  return `<section id="${id}"><h2>${e(title)}</h2>${body}</section>`;
}

/** The missing-items report as one self-contained HTML page: readable by a family member, printable on A4 or Letter. */
export function renderHtml(check: CheckResult, scan?: ScanResult, options: CheckViewOptions = {}): string {
  const v = buildCheckView(check, scan, options);
  const body: string[] = [];
  body.push(`<header><h1>Second-opinion checklist: ${e(v.caseName)}</h1>`);
  body.push(`<p class="meta">Checklist: ${e(v.checklistTitle)} · checked as of ${e(v.asOfLong)}</p>`);
  if (v.checklistDescription) body.push(`<p class="intro">${e(v.checklistDescription)}</p>`);
  body.push(`<div class="status ${v.complete ? 'complete' : 'incomplete'}" role="status">${v.complete ? '✓ Complete.' : '✗ Incomplete.'} ${e(v.headline)}</div>`);
  body.push(`<p class="counts">${e(v.countsLine)}</p></header>`);
  body.push('<main>');
  if (v.missingRequired.length) body.push(section('Missing: needed', 'missing-required', `<ul class="items">${v.missingRequired.map((i) => itemHtml(i, true)).join('')}</ul>`));
  if (v.missingRecommended.length) body.push(section('Missing: recommended', 'missing-recommended', `<ul class="items">${v.missingRecommended.map((i) => itemHtml(i, true)).join('')}</ul>`));
  if (v.documentGaps.length) body.push(documentGapsHtml(v.documentGaps));
  if (v.sentRequests.length) body.push(sentRequestsHtml(v.sentRequests));
  if (v.requests.length) {
    const blocks = v.requests.map((dep, index) => `<div class="department"><h3>${e(dep.department)}</h3>` +
      `<pre class="email" id="email-${index}">${e(dep.email)}</pre>` +
      `<button type="button" class="copy" data-target="email-${index}">Copy text</button></div>`);
    body.push(section('What to ask for, by department', 'requests', `<p>Each block can be copied into an email or letter to that department.</p>${blocks.join('')}`));
  }
  if (v.fileProblems.length) {
    const rows = v.fileProblems.map((g) => {
      const shown = g.paths.slice(0, 5).map((p) => `<div class="path">${e(p)}</div>`).join('');
      const more = g.paths.length > 5 ? `<div class="path">… and ${g.paths.length - 5} more</div>` : '';
      return `<li><span class="sev ${g.severity}">${g.severity}</span> ${e(g.message)}${g.count > 1 ? ` (${g.count}×)` : ''} <code>${e(g.code)}</code>${shown}${more}<div>What to do: ${e(g.hint)}</div></li>`;
    });
    body.push(section('File problems', 'file-problems', `<ul class="problems">${rows.join('')}</ul>`));
  }
  if (v.problemFiles.length) {
    const rows = v.problemFiles.map((p) => `<li><div class="path">${e(p.source)}</div>${e(p.problem)}</li>`).join('');
    body.push(section('Problems', 'problems', `<p>${e(problemsIntro(v.problemFilesPacked))}</p><ul class="problems">${rows}</ul>`));
  }
  if (v.present.length) body.push(section('Already there', 'present', `<ul class="items">${v.present.map((i) => itemHtml(i, false)).join('')}</ul>`));
  if (v.notApplicable.length) body.push(section('Not needed for this case', 'not-applicable', `<ul class="items">${v.notApplicable.map((i) => itemHtml(i, false)).join('')}</ul>`));
  if (v.assumedFacts.length) {
    const facts = v.assumedFacts.map((f) => `<li>${e(f.phrase)} <code>facts: { ${e(f.name)}: true/false }</code></li>`).join('');
    body.push(section('What we assumed', 'assumed', `<p>casepack.yaml does not say whether:</p><ul>${facts}</ul><p>Items that depend on these are listed as recommended until you say. Add the facts to casepack.yaml to make the check exact.</p>`));
  }
  body.push('</main>');
  const sources = v.checklistSources.length ? `<p>This checklist is based on: ${v.checklistSources.map(e).join('; ')}.</p>` : '';
  body.push(`<footer>${sources}<p>Made by casepack ${e(VERSION)} from the files in the case folder. This list helps to gather documents; it is not medical advice.</p></footer>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; script-src \'unsafe-inline\'">',
    `<title>${e(`Checklist: ${v.caseName} — ${v.complete ? 'complete' : 'incomplete'}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    `<body>${body.join('\n')}<script>${SCRIPT}</script></body>`,
    '</html>',
    '',
  ].join('\n');
}
