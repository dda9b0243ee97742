/* global document, window, fetch, TextDecoder */
// The review page: renders the page model the server sends (GET /api/state),
// sends one correction at a time (POST /api/change) and re-renders from the
// answer. Every word comes from strings.json; elements are made with
// createElement and textContent only, so nothing from a file can run here.
'use strict';

let S = {};
let view = null;
let busy = false;

function t(key, vars) {
  const text = S[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars && vars[name] !== undefined ? String(vars[name]) : ''));
}

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = value;
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'value') el.value = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

let idCounter = 0;
/** A label bound to its control, so screen readers and clicks on the words both work. */
function field(labelText, control) {
  const id = control.id || `f${++idCounter}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id, text: labelText }), control);
}

function setStatus(text, isError) {
  const el = document.getElementById('status');
  el.textContent = text;
  el.className = isError ? 'error' : '';
}

function errorText(body) {
  const code = body && body.error ? body.error : 'failed';
  return t(`error.${code}`, { detail: body && body.detail ? body.detail : '' });
}

async function api(method, url, body) {
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new Error(t('error.offline'));
  }
  const data = await response.json().catch(() => ({ error: 'failed' }));
  if (!response.ok) throw new Error(errorText(data));
  return data;
}

/** Send one correction; the answer is the whole page model again, re-rendered with focus kept. */
async function change(body) {
  if (busy) return;
  busy = true;
  setStatus(t('saving'));
  try {
    view = await api('POST', '/api/change', body);
    render();
    setStatus(t('saved'));
  } catch (err) {
    setStatus(err.message, true);
  } finally {
    busy = false;
  }
}

function confidenceWord(value) {
  return value >= 0.8 ? t('confidence.high') : value >= 0.5 ? t('confidence.medium') : t('confidence.low');
}

function categoryName(id) {
  const found = view.categories.find((c) => c.id === id);
  return found ? found.name : id;
}

function thumbnail(path, enabled) {
  const box = h('div', { class: 'thumb' });
  const placeholder = () => h('div', { class: 'placeholder', text: t('noPicture') });
  if (!enabled) { box.append(placeholder()); return box; }
  const img = h('img', { alt: t('pictureOf', { path }), loading: 'lazy', src: `/thumb?path=${encodeURIComponent(path)}` });
  // 204 (nothing cheap to show) and errors alike become the neutral tile.
  img.addEventListener('error', () => img.replaceWith(placeholder()));
  box.append(img);
  return box;
}

function categorySelect(file) {
  const select = h('select', { 'data-key': `cat:${file.path}`, onchange: (e) => change({ kind: 'category', path: file.path, category: e.target.value }) },
    view.categories.map((c) => h('option', { value: c.id, selected: c.id === file.category, text: c.name })));
  return field(t('category'), select);
}

function dateFields(file) {
  const input = h('input', { type: 'date', 'data-key': `date:${file.path}`, value: file.date && file.date.date ? file.date.date : '' });
  const save = h('button', { type: 'button', 'data-key': `savedate:${file.path}`, text: t('saveDate'), onclick: () => { if (input.value) change({ kind: 'date', path: file.path, date: input.value }); } });
  const notes = [];
  if (file.date && file.date.ambiguous) notes.push(h('p', { class: 'note', text: t('dateAmbiguous', { dates: file.date.ambiguous.join(' / ') }) }));
  if (!file.date || !file.date.date) { if (!file.date || !file.date.ambiguous) notes.push(h('p', { class: 'muted', text: t('dateNone') })); }
  else notes.push(h('p', { class: 'muted', text: `${t(`dateSource.${file.date.source}`)}; ${file.date.source === 'override' ? '' : confidenceWord(file.date.confidence)}`.replace(/; $/, '') }));
  return [h('div', { class: 'fields' }, field(t('date'), input), save), ...notes];
}

function reasonsList(file) {
  if (file.reasons.length === 0) return h('p', { class: 'muted', text: t('noReasons') });
  // A known rule has its own sentence; any other says where the words were found.
  return h('ul', { class: 'reasons' }, file.reasons.map((r) => {
    const key = S[`reason.rule.${r.rule}`] ? `reason.rule.${r.rule}` : `reason.${r.from}`;
    return h('li', { text: t(key, { words: r.matched.map((m) => `"${m}"`).join(', '), plain: r.matched.join(', ') }) });
  }));
}

function fileActions(file, options) {
  const buttons = [];
  buttons.push(h('button', { type: 'button', 'data-key': `out:${file.path}`, text: file.leftOut ? t('putBack') : t('leaveOut'), onclick: () => change({ kind: 'leave-out', path: file.path, value: !file.leftOut }) }));
  if (!options || !options.noOtherPerson) buttons.push(h('button', { type: 'button', 'data-key': `other:${file.path}`, text: t('otherPersonButton'), onclick: () => change({ kind: 'other-person', path: file.path, value: true }) }));
  if (file.changed.length > 0 || file.keptOnPurpose !== undefined) buttons.push(h('button', { type: 'button', 'data-key': `reset:${file.path}`, text: t('undo'), onclick: () => change({ kind: 'reset', path: file.path }) }));
  return h('div', { class: 'actions' }, buttons);
}

function fileNotes(file) {
  const notes = [];
  if (file.previousCategory) notes.push(h('p', { class: 'muted', text: t('changedByYou', { previous: categoryName(file.previousCategory) }) }));
  if (file.leftOut) notes.push(h('p', { class: 'note bad', text: t('leftOutNote') }));
  if (file.duplicateOf) notes.push(h('p', { class: 'muted', text: t('duplicateNote', { original: file.duplicateOf }) }));
  if (file.keptOnPurpose !== undefined) notes.push(h('p', { class: 'muted', text: t('keptNote', { reason: file.keptOnPurpose }) }));
  return notes;
}

function documentCard(file) {
  return h('li', { class: `card${file.leftOut ? ' left-out' : ''}`, 'data-path': file.path },
    thumbnail(file.path, file.thumbnail),
    h('div', { class: 'body' },
      h('h3', { class: 'path', text: file.path }),
      file.title ? h('p', { class: 'muted', text: file.title }) : null,
      h('p', { text: `${categoryName(file.category)} — ${file.changed.includes('category') ? t('setByYou') : confidenceWord(file.confidence)}` }),
      reasonsList(file),
      h('div', { class: 'fields' }, categorySelect(file)),
      dateFields(file),
      fileNotes(file),
      fileActions(file)));
}

function checklistSection() {
  const list = view.checklist;
  const missing = list.items.filter((i) => i.severity === 'required' && (i.status === 'missing' || i.status === 'partial')).length;
  return h('section', { 'aria-labelledby': 'h-checklist' },
    h('h2', { id: 'h-checklist', text: t('checklistHeading') }),
    h('p', { class: 'muted', text: list.title }),
    h('p', { class: 'note', id: 'checklist-summary', text: list.status === 'complete' ? t('checklistComplete') : t('checklistIncomplete', { count: missing }) }),
    h('ul', { class: 'items', id: 'checklist' }, list.items.map((item) => h('li', { class: `item ${item.status}`, 'data-item': item.id, 'data-status': item.status },
      h('h3', {}, h('span', { class: `badge ${item.status}`, text: t(`status.${item.status}`) }), item.title, h('span', { class: 'muted', text: ` (${t(`severity.${item.severity}`)})` })),
      item.detail ? h('p', { text: item.detail }) : null,
      item.satisfiedBy.length > 0 && item.status !== 'missing' ? h('p', { class: 'muted path', text: t('foundIn', { files: item.satisfiedBy.slice(0, 5).join(', ') + (item.satisfiedBy.length > 5 ? ' …' : '') }) }) : null,
      h('details', {}, h('summary', { text: t('why') }), h('p', { text: item.why })),
      item.request && (item.status === 'missing' || item.status === 'partial') ? h('details', {}, h('summary', { text: t('askFor', { department: item.request.department }) }), h('p', { class: 'request', text: item.request.wording })) : null))));
}

function documentsSection() {
  return h('section', { 'aria-labelledby': 'h-docs' },
    h('h2', { id: 'h-docs', text: t('documentsHeading') }),
    h('p', { class: 'intro', text: t('documentsIntro') }),
    view.documents.length === 0 ? h('p', { text: t('noDocuments') }) : h('ul', { class: 'items', id: 'documents' }, view.documents.map(documentCard)));
}

function studiesSection() {
  return h('section', { 'aria-labelledby': 'h-studies' },
    h('h2', { id: 'h-studies', text: t('studiesHeading') }),
    view.studies.length === 0 ? h('p', { text: t('noStudies') }) : h('ul', { class: 'items' }, view.studies.map((study) => h('li', { class: `card${study.leftOut ? ' left-out' : ''}`, 'data-path': study.path },
      thumbnail(study.firstFile || '', Boolean(study.firstFile)),
      h('div', { class: 'body' },
        h('h3', { text: study.description || t('noDescription') }),
        h('p', { text: t('studyLine', { date: study.date || t('studyNoDate'), modalities: study.modalities.join(', '), instances: study.instances }) }),
        study.firstFile ? h('p', { class: 'muted path', text: study.firstFile }) : null,
        h('ul', {}, study.series.map((s) => h('li', { text: t('seriesLine', { modality: s.modality || '', description: s.description || t('noDescription'), instances: s.instances, date: s.date ? `, ${s.date}` : '' }) }))),
        study.leftOut ? h('p', { class: 'note bad', text: t('leftOutNote') }) : null,
        study.path ? h('div', { class: 'actions' },
          h('button', { type: 'button', 'data-key': `out:${study.path}`, text: study.leftOut ? t('putBack') : t('leaveOut'), onclick: () => change({ kind: 'leave-out', path: study.path, value: !study.leftOut }) }),
          h('button', { type: 'button', 'data-key': `other:${study.path}`, text: t('otherPersonButton'), onclick: () => change({ kind: 'other-person', path: study.path, value: true }) })) : h('p', { class: 'muted', text: t('studyMixed') }))))));
}

function slidesSection() {
  if (view.slides.length === 0) return null;
  return h('section', { 'aria-labelledby': 'h-slides' },
    h('h2', { id: 'h-slides', text: t('slidesHeading') }),
    h('ul', { class: 'items' }, view.slides.map((slide) => h('li', { class: `card${slide.leftOut ? ' left-out' : ''}`, 'data-path': slide.path },
      thumbnail(slide.path, slide.thumbnail),
      h('div', { class: 'body' },
        h('h3', { class: 'path', text: slide.path }),
        h('p', { text: t('slideLine', { vendor: slide.vendor, date: slide.scanDate ? `, ${slide.scanDate}` : '' }) }),
        fileNotes(slide),
        fileActions(slide))))));
}

function problemsSection() {
  if (view.problems.length === 0) return null;
  return h('section', { 'aria-labelledby': 'h-problems' },
    h('h2', { id: 'h-problems', text: t('problemsHeading') }),
    h('p', { class: 'intro', text: t('problemsIntro') }),
    h('ul', { class: 'items', id: 'problems' }, view.problems.map((p) => h('li', { class: 'item missing' }, h('h3', { class: 'path', text: p.path }), h('p', { text: p.problem })))));
}

function otherPersonSection() {
  if (view.otherPerson.length === 0) return null;
  return h('section', { 'aria-labelledby': 'h-other-person' },
    h('h2', { id: 'h-other-person', text: t('otherPersonHeading') }),
    h('p', { class: 'intro', text: t('otherPersonIntro') }),
    h('ul', { class: 'items', id: 'other-person' }, view.otherPerson.map((file) => {
      const reason = h('input', { type: 'text', 'data-key': `reason:${file.path}`, maxlength: 500 });
      return h('li', { class: 'card', 'data-path': file.path },
        thumbnail(file.path, file.thumbnail),
        h('div', { class: 'body' },
          h('h3', { class: 'path', text: file.path }),
          h('p', { text: categoryName(file.category) }),
          h('div', { class: 'fields' }, field(t('keepReason'), reason),
            h('button', { type: 'button', 'data-key': `keep:${file.path}`, text: t('keepAnyway'), onclick: () => change({ kind: 'keep-anyway', path: file.path, value: true, ...(reason.value.trim() ? { reason: reason.value.trim() } : {}) }) })),
          fileActions(file, { noOtherPerson: true })));
    })));
}

function otherFilesSection() {
  if (view.otherFiles.length === 0) return null;
  return h('section', { 'aria-labelledby': 'h-other-files' },
    h('h2', { id: 'h-other-files', text: t('otherFilesHeading') }),
    h('p', { class: 'intro', text: t('otherFilesIntro') }),
    h('ul', { class: 'items' }, view.otherFiles.map((file) => h('li', { class: `item${file.leftOut ? ' left-out' : ''}`, 'data-path': file.path },
      h('h3', { class: 'path', text: file.path }), fileNotes(file), h('div', { class: 'fields' }, categorySelect(file)), fileActions(file)))));
}

function textInput(key, value, type) {
  return h('input', { type: type || 'text', 'data-key': key, value: value || '' });
}

function detailsSection() {
  const c = view.caseFile;
  const name = textInput('patient-name', c.patient.name);
  const birth = textInput('patient-birth', c.patient.birthDate, 'date');
  const pid = textInput('patient-id', c.patient.id);
  const questions = h('textarea', { 'data-key': 'questions', 'aria-describedby': 'questions-help' });
  questions.value = c.questions.join('\n');
  const sender = c.sender || {};
  const sName = textInput('sender-name', sender.name);
  const sRole = textInput('sender-role', sender.role);
  const sEmail = textInput('sender-email', sender.email, 'email');
  const sPhone = textInput('sender-phone', sender.phone, 'tel');
  const rows = h('div', { id: 'physical-rows' });
  const addRow = (item) => {
    const kind = h('select', {}, ['glass-slides', 'paraffin-blocks', 'unstained-sections', 'cd-dvd', 'other'].map((k) => h('option', { value: k, selected: item.kind === k, text: t(`physicalKind.${k}`) })));
    const count = h('input', { type: 'number', min: 1, step: 1, value: item.count ?? '' });
    const description = h('input', { type: 'text', value: item.description ?? '' });
    const shipped = h('input', { type: 'date', value: item.shippedOn ?? '' });
    const row = h('div', { class: 'physical-row' }, field(t('physicalKind'), kind), field(t('physicalCount'), count), field(t('physicalDescription'), description), field(t('physicalShippedOn'), shipped));
    row.append(h('button', { type: 'button', text: t('removeItem'), onclick: () => row.remove() }));
    row.read = () => {
      const out = { kind: kind.value };
      if (count.value) out.count = Number(count.value);
      if (description.value.trim()) out.description = description.value.trim();
      if (shipped.value) out.shippedOn = shipped.value;
      return out;
    };
    rows.append(row);
  };
  for (const item of c.physical) addRow(item);

  const patientChange = () => {
    const patient = {};
    if (name.value.trim()) patient.name = name.value.trim();
    if (birth.value) patient.birthDate = birth.value;
    if (pid.value.trim()) patient.id = pid.value.trim();
    return { kind: 'patient', patient };
  };
  const senderChange = () => {
    if (!sName.value.trim()) return { kind: 'sender', sender: null };
    const s = { ...sender, name: sName.value.trim() };
    for (const [k, el] of [['role', sRole], ['email', sEmail], ['phone', sPhone]]) { if (el.value.trim()) s[k] = el.value.trim(); else delete s[k]; }
    return { kind: 'sender', sender: s };
  };
  return h('section', { 'aria-labelledby': 'h-details' },
    h('h2', { id: 'h-details', text: t('detailsHeading') }),
    h('fieldset', {}, h('legend', { text: t('patientHeading') }), field(t('patientName'), name), field(t('patientBirthDate'), birth), field(t('patientId'), pid),
      h('div', { class: 'actions' }, h('button', { type: 'button', 'data-key': 'save-patient', text: t('save'), onclick: () => change(patientChange()) }))),
    h('fieldset', {}, h('legend', { text: t('questionsHeading') }), h('p', { id: 'questions-help', class: 'muted', text: t('questionsHelp') }), field(t('questionsHeading'), questions),
      h('div', { class: 'actions' }, h('button', { type: 'button', 'data-key': 'save-questions', text: t('save'), onclick: () => change({ kind: 'questions', questions: questions.value.split('\n').map((q) => q.trim()).filter(Boolean) }) }))),
    h('fieldset', {}, h('legend', { text: t('senderHeading') }), field(t('senderName'), sName), field(t('senderRole'), sRole), field(t('senderEmail'), sEmail), field(t('senderPhone'), sPhone),
      h('div', { class: 'actions' }, h('button', { type: 'button', 'data-key': 'save-sender', text: t('save'), onclick: () => change(senderChange()) }))),
    h('fieldset', {}, h('legend', { text: t('physicalHeading') }), h('p', { class: 'muted', text: t('physicalHelp') }), rows,
      h('div', { class: 'actions' },
        h('button', { type: 'button', 'data-key': 'add-physical', text: t('addItem'), onclick: () => addRow({ kind: 'glass-slides' }) }),
        h('button', { type: 'button', 'data-key': 'save-physical', text: t('save'), onclick: () => change({ kind: 'physical', physical: [...rows.children].map((r) => r.read()) }) }))));
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = n / 1024;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) { value /= 1024; i++; }
  return `${value.toFixed(1)} ${units[i]}`;
}

/** Reads the build's server-sent events from a POST response (EventSource only does GET). */
async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const name = (block.match(/^event: (.*)$/m) || [])[1];
      const data = (block.match(/^data: (.*)$/m) || [])[1];
      if (name && data) onEvent(name, JSON.parse(data));
    }
  }
}

function buildSection() {
  const progress = h('progress', { max: 100, value: 0, hidden: true, id: 'build-progress', 'aria-label': t('building') });
  const phase = h('p', { id: 'build-phase', role: 'status' });
  const result = h('div', { id: 'build-result' });
  const button = h('button', { type: 'button', class: 'primary', id: 'build', text: t('buildButton') });
  button.addEventListener('click', async () => {
    button.disabled = true;
    progress.hidden = false;
    progress.removeAttribute('value');
    result.replaceChildren();
    phase.textContent = t('building');
    try {
      const response = await fetch('/api/build', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', credentials: 'same-origin' });
      if (!response.ok) throw new Error(errorText(await response.json().catch(() => ({}))));
      await readEvents(response, (name, data) => {
        if (name === 'progress') {
          phase.textContent = t(`phase.${data.phase}`, { files: data.files, total: data.totalFiles });
          // Packing counts bytes; joining PDFs counts files: either fills the bar.
          if (data.totalBytes > 0) { progress.max = data.totalBytes; progress.value = data.bytes; }
          else if (data.totalFiles > 0) { progress.max = data.totalFiles; progress.value = data.files; }
        } else if (name === 'done') {
          progress.hidden = true;
          phase.textContent = data.written ? t('built') : t('notBuilt');
          if (data.written) result.replaceChildren(h('dl', { class: 'result' },
            h('dt', { text: t('packetPath') }), h('dd', { class: 'path', id: 'packet-path', text: data.output }),
            h('dt', { text: t('packetSize') }), h('dd', { id: 'packet-size', text: formatBytes(data.bytes) }),
            h('dt', { text: t('packetHash') }), h('dd', { class: 'path', id: 'packet-sha256', text: data.sha256 }),
            h('dt', { text: t('stillMissing') }), h('dd', {}, data.missing.length === 0 ? t('nothingMissing') : h('ul', { id: 'packet-missing' }, data.missing.map((m) => h('li', { text: `${m.title} (${t(`status.${m.status}`)}, ${t(`severity.${m.severity}`)})` }))))));
        } else if (name === 'failed') {
          progress.hidden = true;
          phase.textContent = errorText(data);
        }
      });
    } catch (err) {
      progress.hidden = true;
      phase.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { 'aria-labelledby': 'h-build' },
    h('h2', { id: 'h-build', text: t('buildHeading') }),
    h('p', { class: 'intro', text: t('buildIntro') }),
    button, progress, phase, result);
}

let buildSectionElement = null;

function render() {
  const focused = document.activeElement && document.activeElement.getAttribute('data-key');
  const main = document.getElementById('main');
  document.title = t('pageTitle', { caseName: view.caseName });
  const finish = h('button', { type: 'button', 'data-key': 'finish', text: t('finish'), onclick: async () => {
    try { await api('POST', '/api/done', {}); } catch { /* it stopped either way */ }
    main.replaceChildren(h('h1', { text: t('finished') }));
    setStatus('');
  } });
  // The build section keeps its progress and result across corrections.
  buildSectionElement = buildSectionElement || buildSection();
  main.replaceChildren(
    h('header', {},
      h('h1', { text: t('heading', { caseName: view.caseName }) }),
      h('p', { class: 'intro', text: t('intro') }),
      view.casePatient ? h('p', { text: t('patientIntro', { patient: view.casePatient }) }) : null,
      view.caseFileInvalid ? h('p', { class: 'note bad', text: t('caseFileInvalid') }) : null,
      h('div', { class: 'actions' }, finish)),
    checklistSection(),
    documentsSection(),
    studiesSection(),
    slidesSection(),
    otherPersonSection(),
    problemsSection(),
    otherFilesSection(),
    detailsSection(),
    buildSectionElement);
  if (focused) {
    const again = main.querySelector(`[data-key="${window.CSS.escape(focused)}"]`);
    if (again) again.focus();
  }
}

async function start() {
  const loading = document.getElementById('loading');
  try {
    S = await api('GET', '/strings.json');
    document.documentElement.lang = S.lang || 'en';
    loading.textContent = t('loading');
    view = await api('GET', '/api/state');
    render();
  } catch (err) {
    loading.textContent = err.message;
  }
}

start();
