import { AnswerQueue, isAnswered } from './answer-queue';

/**
 * The exam player: one question at a time with a navigator, a timer from the server's
 * deadline corrected for clock offset, autosave through a persisted queue, 交卷 that waits
 * out a network loss, and screen events recorded (never blocked).
 */

interface Config {
  attemptId: string;
  csrf: string;
  messages: Record<string, string>;
}

interface PaperItem {
  position: number;
  section: number;
  type: string;
  typeLabel: string;
  points: number;
  html: string;
}

interface Paper {
  id: string;
  status: string;
  deadline: string;
  serverNow: string;
  sections: Array<{ section: number; title: string; count: number; points: number }>;
  items: PaperItem[];
  answers: Array<{ position: number; value: unknown; seq: number }>;
}

const config = JSON.parse(document.getElementById('exam-config')!.textContent!) as Config;
const m = (key: string, vars: Record<string, string | number> = {}) => (config.messages[key] ?? key).replace(/\{(\w+)\}/g, (_x, k: string) => String(vars[k] ?? ''));
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let offsetMs = 0;
let deadline = 0;
let items: PaperItem[] = [];
let current = 0;
let ended = false;
let submitting = false;
let flushTimer: number | undefined;
let retryDelay = 1000;
let online = navigator.onLine;
const queue = new AnswerQueue(window.localStorage, `exam:${config.attemptId}`, () => Date.now() + offsetMs);
const shown = new Map<number, unknown>();
const events: Array<{ type: string; at: string }> = [];

async function api(method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': config.csrf },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

function setClock(serverNow: string, sentAt: number, receivedAt: number): void {
  offsetMs = Date.parse(serverNow) - (sentAt + receivedAt) / 2;
}

// ---- status line ----------------------------------------------------------------------

function showSaveState(): void {
  const el = $('save-state');
  const pending = queue.size;
  if (!online) {
    el.textContent = m('exam.state.offline', { n: pending });
    el.dataset.state = 'offline';
  } else if (pending > 0) {
    el.textContent = m('exam.state.saving', { n: pending });
    el.dataset.state = 'saving';
  } else {
    el.textContent = m('exam.state.saved');
    el.dataset.state = 'saved';
  }
}

// ---- saving -----------------------------------------------------------------------------

function scheduleFlush(delay = 400): void {
  if (flushTimer !== undefined) window.clearTimeout(flushTimer);
  flushTimer = window.setTimeout(() => void flush(), delay);
}

/** Sends every queued answer; an entry leaves the queue only on the server's acknowledgement. */
async function flush(): Promise<boolean> {
  flushTimer = undefined;
  for (const entry of queue.pending()) {
    let res: Response;
    try {
      res = await api('PUT', `/api/v1/attempts/${config.attemptId}/answers/${entry.position}`, { value: entry.value, seq: entry.seq });
    } catch {
      online = false;
      showSaveState();
      scheduleFlush(retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15_000);
      return false;
    }
    online = true;
    retryDelay = 1000;
    if (res.ok) {
      const ack = (await res.json()) as { position: number; seq: number };
      queue.acknowledge(ack.position, ack.seq);
    } else if (res.status === 409) {
      const problem = (await res.json().catch(() => ({}))) as { reason?: string; seq?: number };
      if (problem.reason === 'stale') queue.acknowledge(entry.position, problem.seq ?? entry.seq);
      else {
        // Closed or past the deadline: nothing more can be saved; show the result.
        endExam();
        return false;
      }
    } else if (res.status >= 500 || res.status === 429) {
      scheduleFlush(retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15_000);
      showSaveState();
      return false;
    } else {
      // A refusal that retrying cannot fix (a malformed value): drop it, keep the rest.
      queue.acknowledge(entry.position, entry.seq);
    }
    showSaveState();
  }
  showSaveState();
  return queue.size === 0;
}

// ---- rendering ----------------------------------------------------------------------------

function valueFrom(container: HTMLElement, item: PaperItem): unknown {
  const name = `q${item.position}`;
  const inputs = Array.from(container.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`));
  if (inputs[0] instanceof HTMLTextAreaElement) return inputs[0].value;
  const checked = (inputs as HTMLInputElement[]).filter((i) => i.checked).map((i) => i.value);
  if ((inputs[0] as HTMLInputElement | undefined)?.type === 'checkbox') return checked.sort();
  if (!checked.length) return null;
  if (checked[0] === 'true' || checked[0] === 'false') return checked[0] === 'true';
  return checked[0];
}

function applyValue(container: HTMLElement, item: PaperItem, value: unknown): void {
  const name = `q${item.position}`;
  for (const input of Array.from(container.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`))) {
    if (input instanceof HTMLTextAreaElement) input.value = typeof value === 'string' ? value : '';
    else if (input.type === 'checkbox') input.checked = Array.isArray(value) && value.includes(input.value);
    else input.checked = value !== null && value !== undefined && String(value) === input.value;
  }
}

function renderNavigator(): void {
  const nav = $('navigator');
  const flags = queue.flags();
  nav.replaceChildren(
    ...items.map((item) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = String(item.position + 1);
      button.className = 'nav-item';
      if (isAnswered(shown.get(item.position))) button.classList.add('answered');
      if (flags.has(item.position)) button.classList.add('flagged');
      if (item.position === current) button.setAttribute('aria-current', 'true');
      button.setAttribute('aria-label', m('exam.nav.item', { n: item.position + 1 }));
      button.dataset.position = String(item.position);
      button.addEventListener('click', () => show(item.position));
      return button;
    }),
  );
  const answered = items.filter((i) => isAnswered(shown.get(i.position))).length;
  $('progress').textContent = m('exam.progress', { answered, total: items.length });
}

function show(position: number): void {
  const item = items[position];
  if (!item) return;
  current = position;
  const section = $('section-title');
  section.textContent = m('exam.section', { title: item.typeLabel, points: item.points });
  const body = $('question');
  body.innerHTML = `<p class="question-number">${m('exam.question', { n: position + 1, total: items.length })}</p>${item.html}`;
  applyValue(body, item, shown.get(position));
  const onChange = () => {
    const value = valueFrom(body, item);
    shown.set(position, value);
    queue.record(position, value);
    showSaveState();
    renderNavigator();
    scheduleFlush(item.type === 'short' ? 1200 : 300);
  };
  body.querySelectorAll('input').forEach((input) => input.addEventListener('change', onChange));
  body.querySelectorAll('textarea').forEach((input) => input.addEventListener('input', onChange));
  ($('flag') as HTMLButtonElement).setAttribute('aria-pressed', String(queue.flags().has(position)));
  ($('prev') as HTMLButtonElement).disabled = position === 0;
  ($('next') as HTMLButtonElement).disabled = position === items.length - 1;
  renderNavigator();
}

// ---- time ---------------------------------------------------------------------------------

function tick(): void {
  if (ended) return;
  const left = Math.max(0, deadline - (Date.now() + offsetMs));
  const s = Math.floor(left / 1000);
  const text = `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  const timer = $('timer');
  timer.textContent = text;
  timer.dataset.low = String(s < 300);
  if (left === 0 && !submitting) {
    $('submit-note').textContent = m('exam.timeUp');
    void submit();
  }
}

async function pollClock(): Promise<void> {
  if (ended) return;
  const sentAt = Date.now();
  try {
    const res = await api('GET', `/api/v1/attempts/${config.attemptId}/clock`);
    if (!res.ok) return;
    const clock = (await res.json()) as { serverNow: string; deadline: string; status: string };
    setClock(clock.serverNow, sentAt, Date.now());
    deadline = Date.parse(clock.deadline);
    online = true;
    if (clock.status !== 'in_progress') endExam();
    else if (queue.size) scheduleFlush(0);
  } catch {
    online = false;
  }
  showSaveState();
}

// ---- submitting ---------------------------------------------------------------------------

function openConfirm(): void {
  const unanswered = items.filter((i) => !isAnswered(shown.get(i.position))).length;
  $('confirm-text').textContent = unanswered ? m('exam.confirm.unanswered', { n: unanswered }) : m('exam.confirm.all');
  ($('confirm') as HTMLDialogElement).showModal();
}

/** Sends what is queued, then 交卷; offline, it waits and retries, and the candidate may go back. */
async function submit(): Promise<void> {
  if (ended) return;
  submitting = true;
  $('submit-note').textContent = m('exam.submitting');
  ($('submit') as HTMLButtonElement).disabled = true;
  for (;;) {
    if (ended) return;
    const flushed = await flush();
    if (flushed) {
      try {
        const res = await api('POST', `/api/v1/attempts/${config.attemptId}/submit`);
        if (res.ok) {
          endExam();
          return;
        }
      } catch {
        online = false;
      }
    }
    if (ended) return;
    showSaveState();
    $('submit-note').textContent = m('exam.submitWaiting');
    ($('resume') as HTMLButtonElement).hidden = false;
    await new Promise((resolve) => window.setTimeout(resolve, 2000));
    if (!submitting) return;
  }
}

function endExam(): void {
  if (ended) return;
  ended = true;
  window.location.replace('/exam');
}

// ---- events -------------------------------------------------------------------------------

function recordEvent(type: string): void {
  events.push({ type, at: new Date(Date.now() + offsetMs).toISOString() });
}

async function sendEvents(): Promise<void> {
  if (!events.length || ended) return;
  const batch = events.splice(0, 100);
  try {
    const res = await api('POST', `/api/v1/attempts/${config.attemptId}/events`, { events: batch });
    if (!res.ok && res.status >= 500) events.unshift(...batch);
  } catch {
    events.unshift(...batch);
  }
}

// ---- start --------------------------------------------------------------------------------

/** The paper the lobby's start answered with, if it is this attempt's and fresh (read once). */
function handedOverPaper(): { paper: Paper; sentAt: number; receivedAt: number } | undefined {
  try {
    const raw = sessionStorage.getItem('exam-start-handoff');
    if (!raw) return undefined;
    sessionStorage.removeItem('exam-start-handoff');
    const handoff = JSON.parse(raw) as { paper: Paper; sentAt: number; receivedAt: number };
    const fresh = Date.now() - handoff.receivedAt < 60_000 && handoff.receivedAt >= handoff.sentAt;
    return handoff.paper.id === config.attemptId && fresh ? handoff : undefined;
  } catch {
    return undefined;
  }
}

async function load(): Promise<void> {
  const handoff = handedOverPaper();
  for (;;) {
    const sentAt = handoff?.sentAt ?? Date.now();
    try {
      const res = handoff ? undefined : await fetch('/api/v1/attempts/current', { credentials: 'same-origin' });
      if (handoff || res!.ok) {
        const paper = handoff ? handoff.paper : ((await res!.json()) as Paper);
        setClock(paper.serverNow, sentAt, handoff?.receivedAt ?? Date.now());
        if (paper.status !== 'in_progress') return endExam();
        deadline = Date.parse(paper.deadline);
        items = paper.items;
        for (const [position, value] of queue.merge(paper.answers)) shown.set(position, value);
        break;
      }
      if (res!.status === 404 || res!.status === 401) return endExam();
    } catch {
      online = false;
      showSaveState();
    }
    await new Promise((resolve) => window.setTimeout(resolve, 2000));
  }
  $('exam').hidden = false;
  $('loading').hidden = true;
  show(0);
  showSaveState();
  if (queue.size) scheduleFlush(0);
  window.setInterval(tick, 250);
  window.setInterval(() => void pollClock(), 30_000);
  window.setInterval(() => void sendEvents(), 10_000);
  tick();
}

$('prev').addEventListener('click', () => show(current - 1));
$('next').addEventListener('click', () => show(current + 1));
$('flag').addEventListener('click', () => {
  queue.toggleFlag(current);
  show(current);
});
$('submit').addEventListener('click', openConfirm);
$('confirm-yes').addEventListener('click', () => {
  ($('confirm') as HTMLDialogElement).close();
  void submit();
});
$('confirm-no').addEventListener('click', () => ($('confirm') as HTMLDialogElement).close());
$('resume').addEventListener('click', () => {
  submitting = false;
  ($('resume') as HTMLButtonElement).hidden = true;
  ($('submit') as HTMLButtonElement).disabled = false;
  $('submit-note').textContent = '';
});
$('fullscreen').addEventListener('click', () => void document.documentElement.requestFullscreen?.().catch(() => undefined));
document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (target instanceof HTMLTextAreaElement) return;
  if (event.key === 'ArrowRight' || event.key === 'PageDown') show(current + 1);
  else if (event.key === 'ArrowLeft' || event.key === 'PageUp') show(current - 1);
  else return;
  event.preventDefault();
});
window.addEventListener('online', () => {
  online = true;
  retryDelay = 1000;
  showSaveState();
  scheduleFlush(0);
});
window.addEventListener('offline', () => {
  online = false;
  showSaveState();
});
window.addEventListener('blur', () => recordEvent('blur'));
document.addEventListener('paste', () => recordEvent('paste'));
document.addEventListener('fullscreenchange', () => recordEvent(document.fullscreenElement ? 'fullscreen-enter' : 'fullscreen-exit'));
void load();
