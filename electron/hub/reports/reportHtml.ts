import type { CandidateReport, ReportItem } from '../../../shared/hub/candidateReport.js';

/**
 * The candidate report as one standalone, printable HTML page (docs/reports.md): no script, styles
 * inline (the hub serves it with `default-src 'none'; style-src 'unsafe-inline'`), every value
 * escaped. The same page is printed to PDF by Chromium. Colour is never the only carrier: every
 * status has a word and a symbol.
 */
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const pts = (n: number): string => String(Math.round(n * 100) / 100);
const pct = (n: number | null): string => (n === null ? '—' : `${Math.round(n)}%`);
const ordinal = (n: number): string => {
  const r = Math.round(n);
  const t = r % 100;
  return `${r}${t >= 11 && t <= 13 ? 'th' : r % 10 === 1 ? 'st' : r % 10 === 2 ? 'nd' : r % 10 === 3 ? 'rd' : 'th'}`;
};
const minutes = (ms: number): string => {
  const m = Math.round(ms / 60_000);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
};
const when = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
};

const STATUS: Readonly<Record<ReportItem['status'], string>> = {
  correct: '✓ Correct',
  partial: '◐ Partly correct',
  incorrect: '✗ Incorrect',
  unanswered: '– Not answered',
  'pending-manual': '✎ Waiting for a grader',
  error: '⚠ Grading error',
};
const SUBMIT: Readonly<Record<CandidateReport['submitReason'], string>> = { candidate: 'by the candidate', 'time-up': 'when time ran out', proctor: 'by a proctor (force submit)' };

/** Ten 10% bands of the cohort, the candidate's band marked; the text says the same. */
function distribution(values: readonly number[], mine: number | null, label: string): string {
  const bins = Array.from({ length: 10 }, () => 0);
  for (const v of values) bins[Math.min(9, Math.max(0, Math.floor(v / 10)))] = (bins[Math.min(9, Math.max(0, Math.floor(v / 10)))] ?? 0) + 1;
  const top = Math.max(1, ...bins);
  const markBin = mine === null ? -1 : Math.min(9, Math.floor(mine / 10));
  const bars = bins.map((n, i) => `<span class="bin${i === markBin ? ' bin--mine' : ''}" style="height:${Math.round((n / top) * 100)}%"></span>`).join('');
  return `<span class="dist" role="img" aria-label="${esc(`${label}: the cohort in 10% bands, ${bins.map((n, i) => `${i * 10}–${i === 9 ? 100 : i * 10 + 9}%: ${n}`).join(', ')}; this candidate in the ${mine === null ? 'none' : `${markBin * 10}% band`}`)}">${bars}</span>`;
}

function bar(percent: number | null): string {
  return `<span class="bar" aria-hidden="true"><span class="bar-fill" style="width:${Math.round(percent ?? 0)}%"></span></span>`;
}

function item(i: ReportItem, n: number): string {
  const options = i.options
    ? `<ul class="options">${i.options
        .map((o) => `<li class="${o.correct ? 'opt--key' : ''}${o.chosen ? ' opt--chosen' : ''}">${o.chosen ? '<span class="tag">Chosen</span> ' : ''}${o.correct ? '<span class="tag tag--key">Key</span> ' : ''}${esc(o.text)}</li>`)
        .join('')}</ul>`
    : '';
  const sideBySide = i.options
    ? ''
    : `<div class="answer-key"><div><h5>Candidate's answer</h5>${i.answer === null ? '<p class="muted">No answer.</p>' : `<pre>${esc(i.answer)}</pre>`}</div><div><h5>Key</h5>${i.key === null ? `<p class="muted">${i.type === 'coding' ? 'Graded by hidden tests (below).' : 'No key to show.'}</p>` : `<pre>${esc(i.key)}</pre>`}</div></div>`;
  const tests = i.tests
    ? `<h5>Hidden tests: ${i.tests.passed} of ${i.tests.total} passed</h5>${
        i.tests.list.length > 0
          ? `<ul class="tests">${i.tests.list.map((t) => `<li class="${t.passed ? 'pass' : 'fail'}">${t.passed ? '✓ Passed' : '✗ Not passed'}: ${esc(t.name)}${t.points === null ? '' : ` (${pts(t.points)} pt${t.points === 1 ? '' : 's'})`}</li>`).join('')}</ul>`
          : ''
      }`
    : '';
  const feedback = i.feedback && i.type !== 'coding' ? `<p class="feedback"><strong>Feedback:</strong> ${esc(i.feedback)}</p>` : '';
  const grader = i.gradedBy ? `<p class="feedback"><strong>Graded by ${esc(i.gradedBy)}</strong>${i.comment ? `: ${esc(i.comment)}` : ''}</p>` : '';
  const explanation = i.explanation ? `<p class="feedback"><strong>Why:</strong> ${esc(i.explanation)}</p>` : '';
  return `<article class="item item--${i.status}" data-item-id="${esc(i.itemId)}">
<h4><span class="num">${n}.</span> ${esc(i.title)} <span class="score">${pts(i.score)} / ${pts(i.max)} · ${STATUS[i.status]}</span></h4>
${options}${sideBySide}${tests}${feedback}${grader}${explanation}
</article>`;
}

export function candidateReportHtml(r: CandidateReport, links: { attempt: string }): string {
  let n = 0;
  const sections = r.sections
    .map(
      (s) => `<section class="section" aria-labelledby="s-${esc(s.id)}">
<h3 id="s-${esc(s.id)}">${esc(s.title)} <span class="score">${pts(s.score)} / ${pts(s.max)} · about ${minutes(s.timeMs)}</span></h3>
${s.items.map((i) => item(i, ++n)).join('\n')}
</section>`,
    )
    .join('\n');
  const skills = r.skills
    .map(
      (s) => `<tr><th scope="row">${esc(s.title)}</th><td>${pts(s.score)} / ${pts(s.max)}</td><td class="pct"><span class="pct-n">${pct(s.percent)}</span> ${bar(s.percent)}</td><td>${s.percentile === null ? '—' : ordinal(s.percentile)}</td><td>${distribution(s.cohort, s.percent, s.title)}</td></tr>`,
    )
    .join('');
  const v = r.integrity;
  const violations = v.violations.length
    ? `<ul>${v.violations.map((x) => `<li><span class="sev sev--${x.severity}">${x.severity === 'critical' ? '⛔ Critical' : x.severity === 'warning' ? '⚠ Warning' : 'ℹ Info'}</span> ${esc(when(x.at))}: ${esc(x.detail)}</li>`).join('')}</ul>`
    : '<p>No violations were recorded.</p>';
  const commands = v.commands.length
    ? `<ul>${v.commands.map((c) => `<li>${esc(when(c.issuedAt))}: ${esc(c.text)}, by ${esc(c.issuedBy)}${c.received ? '' : ' (never reached the candidate)'}</li>`).join('')}</ul>`
    : '<p>No proctor command was sent.</p>';
  const overrides = v.overrides.length ? `<ul>${v.overrides.map((o) => `<li>${esc(when(o.issuedAt))}: ${esc(o.checks.join(', '))}, by ${esc(o.issuedBy)}</li>`).join('')}</ul>` : '<p>No pre-flight check was overridden.</p>';
  const similarity = v.similarity.length
    ? v.similarity
        .map(
          (s) => `<div class="sim"><p><strong>⚑ ${esc(s.itemTitle)}</strong>: ${Math.round(s.similarity * 100)}% of the smaller submission matches ${esc(s.other.name)}'s code. A flag for a person to review, not a penalty.</p>
${s.regions
  .slice(0, 3)
  .map((g) => `<div class="answer-key"><div><h4 class="sub">This candidate: ${esc(g.a.file)} lines ${g.a.from}–${g.a.to}</h4><pre>${esc(g.a.text)}</pre></div><div><h4 class="sub">${esc(s.other.name)}: ${esc(g.b.file)} lines ${g.b.from}–${g.b.to}</h4><pre>${esc(g.b.text)}</pre></div></div>`)
  .join('')}</div>`,
        )
        .join('')
    : '<p>No code similarity flag.</p>';
  const forced = r.submitReason === 'proctor' ? ' <strong class="warn">⚠ Force-submitted</strong>' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.candidate.name)}: candidate report, ${esc(r.exam.title)}</title>
<style>${CSS}</style></head>
<body><main>
<header class="head">
<p class="brand">Vigil candidate report · ${esc(r.exam.title)} (${esc(r.exam.version)})</p>
<h1>${esc(r.candidate.name)} <span class="muted">${esc(r.candidate.id)}</span></h1>
<dl class="facts">
<div><dt>Total</dt><dd data-testid="report-total"><strong>${pts(r.total.score)} / ${pts(r.total.max)}</strong> (${pct(r.total.percent)})</dd></div>
<div><dt>Rank</dt><dd data-testid="report-rank">${r.total.rank} of ${r.total.of}</dd></div>
<div><dt>Percentile</dt><dd data-testid="report-percentile">${ordinal(r.total.percentile)}</dd></div>
<div><dt>Time used</dt><dd>${minutes(r.timeUsedMs)}</dd></div>
<div><dt>Submitted</dt><dd>${esc(when(r.submittedAt))}, ${SUBMIT[r.submitReason]}${forced}</dd></div>
<div><dt>Integrity</dt><dd>${v.counts.critical} critical, ${v.counts.warning} warning${v.counts.warning === 1 ? '' : 's'}${v.similarity.length ? `, ${v.similarity.length} similarity flag${v.similarity.length === 1 ? '' : 's'}` : ''}</dd></div>
</dl>
${r.pendingManual ? `<p class="warn">✎ ${r.pendingManual} essay${r.pendingManual === 1 ? '' : 's'} still waiting for a grader: the total may rise.</p>` : ''}
<p class="muted">Percentiles compare with the ${r.total.of} graded candidate${r.total.of === 1 ? '' : 's'} of this sitting (the share scoring below, ties counting half). Generated ${esc(when(r.generatedAt))}.</p>
</header>
<section aria-labelledby="h-skills"><h2 id="h-skills">Skills</h2>
<table class="skills"><caption>Per skill: score, percentage, percentile, and where the candidate sits in the cohort's distribution</caption>
<thead><tr><th scope="col">Skill</th><th scope="col">Points</th><th scope="col">Percent</th><th scope="col">Percentile</th><th scope="col">Cohort distribution</th></tr></thead>
<tbody><tr class="total-row"><th scope="row">Total</th><td>${pts(r.total.score)} / ${pts(r.total.max)}</td><td class="pct"><span class="pct-n">${pct(r.total.percent)}</span> ${bar(r.total.percent)}</td><td>${ordinal(r.total.percentile)}</td><td>${distribution(r.total.cohort, r.total.percent, 'Total')}</td></tr>${skills}</tbody></table>
</section>
<section aria-labelledby="h-integrity"><h2 id="h-integrity">Integrity</h2>
<h3>Violations</h3>${violations}
<h3>Proctor commands</h3>${commands}
<h3>Pre-flight overrides</h3>${overrides}
<h3>Code similarity</h3>${similarity}
<p class="noprint"><a href="${esc(links.attempt)}">Terminal and editor replay, timeline</a></p>
</section>
<section aria-labelledby="h-items"><h2 id="h-items">Answers, section by section</h2>
${sections}
</section>
</main></body></html>`;
}

const CSS = `
:root{color-scheme:light;--fg:#14181f;--muted:#4b5563;--border:#c9ced6;--accent:#1d4ed8;--ok:#146c2e;--bad:#b3261e;--warn:#7a4100;--soft:#f1f3f6}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.7rem;margin:.2rem 0 .6rem}h2{font-size:1.3rem;margin:1.6rem 0 .6rem;border-bottom:2px solid var(--border);padding-bottom:.2rem}
h3{font-size:1.1rem;margin:1rem 0 .4rem}h4{font-size:1rem;margin:0 0 .4rem}h5{font-size:.85rem;margin:.4rem 0 .2rem;color:var(--muted)}
.brand{margin:0;color:var(--muted);font-weight:600}.muted{color:var(--muted);font-weight:400}
.facts{display:grid;grid-template-columns:repeat(3,1fr);gap:.5rem 1rem;margin:0;padding:.75rem;border:1px solid var(--border);border-radius:.5rem}
.facts dt{font-size:.8rem;color:var(--muted);font-weight:600}.facts dd{margin:0}
table{border-collapse:collapse;width:100%}caption{text-align:left;color:var(--muted);padding:.3rem 0}
th,td{border-top:1px solid var(--border);padding:.35rem .5rem;text-align:left;vertical-align:middle}thead th{background:var(--soft)}
.total-row th,.total-row td{font-weight:700}
.pct{white-space:nowrap}.pct-n{display:inline-block;min-width:3rem}.bar{display:inline-block;width:6rem;height:.6rem;border:1px solid var(--muted);border-radius:.3rem;vertical-align:middle;overflow:hidden}
.bar-fill{display:block;height:100%;background:var(--accent)}
.dist{display:inline-flex;align-items:flex-end;gap:2px;height:2rem;width:10rem;border-bottom:1px solid var(--muted)}
.bin{display:block;flex:1;background:#9db4f0;min-height:1px}.bin--mine{background:#9a3412}
.section{break-inside:auto}.score{font-weight:400;color:var(--muted);font-size:.9rem}
.item{border:1px solid var(--border);border-left:.3rem solid var(--border);border-radius:.4rem;padding:.6rem .75rem;margin:.5rem 0;break-inside:avoid}
.item--correct{border-left-color:var(--ok)}.item--incorrect,.item--unanswered{border-left-color:var(--bad)}.item--partial,.item--pending-manual{border-left-color:var(--warn)}
.num{color:var(--muted)}h4.sub{font-size:.85rem;margin:.4rem 0 .2rem;color:var(--muted)}
.answer-key{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}
pre{white-space:pre-wrap;word-break:break-word;margin:0;padding:.4rem .5rem;background:var(--soft);border-radius:.3rem;font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.options{list-style:none;padding:0;margin:.2rem 0}.options li{padding:.15rem 0}.opt--key{font-weight:600}
.tag{display:inline-block;font-size:.75rem;font-weight:700;padding:0 .35rem;border-radius:.25rem;border:1px solid var(--fg)}.tag--key{border-color:var(--ok);color:var(--ok)}
.tests{list-style:none;padding:0;margin:.2rem 0}.pass{color:var(--ok)}.fail{color:var(--bad)}
.feedback{margin:.35rem 0 0}.warn{color:var(--warn)}
.sev{font-weight:700}.sev--critical{color:var(--bad)}.sev--warning{color:var(--warn)}
.sim{border:1px solid var(--warn);border-radius:.4rem;padding:.5rem .75rem;margin:.5rem 0}
a{color:var(--accent)}
@media print{main{max-width:none;padding:0}.noprint{display:none}body{font-size:11pt}h2{break-after:avoid}@page{size:A4;margin:14mm}}
@media (max-width:44rem){.facts{grid-template-columns:1fr 1fr}.answer-key{grid-template-columns:1fr}}
`;
