/**
 * The proctor console: the room roster, refreshed every few seconds without reloading, and the
 * room's actions (实名核验, 延时, 缺考, 终止考核), each asking for what it needs first.
 */
interface ProctorConfig {
  sessionId: string;
  room: string;
  csrf: string;
  canAct: boolean;
  messages: Record<string, string>;
}

interface RosterRow {
  registrationId: string;
  seat: number;
  admissionNo: string;
  name: string;
  idNumberMasked: string;
  hasPhoto: boolean;
  checkedIn: boolean;
  status: string;
  answered: number;
  total: number | null;
  lastSeenAt: string | null;
  deadline: string | null;
  screenSwitches: number;
  flagged: boolean;
}

const config = JSON.parse(document.getElementById('proctor-config')!.textContent!) as ProctorConfig;
const m = (key: string) => config.messages[key] ?? key;
const body = document.getElementById('roster-body')!;
const updated = document.getElementById('roster-updated')!;
const summary = document.getElementById('roster-summary')!;
const dialog = document.getElementById('action-dialog') as HTMLDialogElement;
const time = new Intl.DateTimeFormat('zh-CN', { timeStyle: 'medium', timeZone: 'Asia/Shanghai' });

function cell(text: string, className = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function button(label: string, action: string, row: RosterRow): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'small';
  b.textContent = label;
  b.dataset.action = action;
  b.dataset.id = row.registrationId;
  b.addEventListener('click', () => act(action, row));
  return b;
}

/** Photos are fetched once per page: the roster redraws every few seconds, the images are kept. */
const photos = new Map<string, HTMLImageElement>();

function photoCell(row: RosterRow): HTMLTableCellElement {
  const td = document.createElement('td');
  td.className = 'photo';
  if (!row.hasPhoto) {
    td.textContent = m('proctor.noPhoto');
    return td;
  }
  let img = photos.get(row.registrationId);
  if (!img) {
    img = document.createElement('img');
    img.src = `/api/v1/sessions/${config.sessionId}/registrations/${row.registrationId}/photo`;
    img.alt = `${m('proctor.photo')} ${row.name}`;
    img.width = 48;
    img.height = 64;
    img.loading = 'lazy';
    photos.set(row.registrationId, img);
  }
  td.append(img);
  return td;
}

function render(rows: RosterRow[]): void {
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      tr.dataset.admission = row.admissionNo;
      if (row.flagged) tr.classList.add('flagged');
      const actions = document.createElement('td');
      actions.className = 'actions';
      if (config.canAct) {
        if (!row.checkedIn && row.status !== 'absent') actions.append(button(m('proctor.checkIn'), 'check-in', row));
        if (row.status === 'not_started') actions.append(button(m('proctor.absent'), 'absent', row));
        if (row.status === 'in_progress') actions.append(button(m('proctor.extend'), 'extend', row), button(m('proctor.terminate'), 'terminate', row));
      }
      tr.append(
        cell(String(row.seat)),
        cell(row.admissionNo),
        photoCell(row),
        cell(row.name),
        cell(row.idNumberMasked, 'mono'),
        cell(row.checkedIn ? '✓' : '—'),
        cell(m(`proctor.status.${row.status}`), `status status-${row.status}`),
        cell(row.total ? `${row.answered} / ${row.total}` : String(row.answered)),
        cell(row.lastSeenAt ? time.format(new Date(row.lastSeenAt)) : '—'),
        cell(row.screenSwitches ? `${row.screenSwitches}${row.flagged ? ' ⚑' : ''}` : '0'),
        actions,
      );
      return tr;
    }),
  );
  const count = (status: string) => rows.filter((r) => r.status === status).length;
  summary.textContent = `${m('proctor.summary.total')} ${rows.length} · ${m('proctor.status.in_progress')} ${count('in_progress')} · ${m('proctor.status.submitted')} ${count('submitted')} · ${m('proctor.status.not_started')} ${count('not_started')} · ${m('proctor.status.absent')} ${count('absent')}`;
}

async function refresh(): Promise<void> {
  try {
    const res = await fetch(`/api/v1/sessions/${config.sessionId}/rooms/${encodeURIComponent(config.room)}/roster`, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(String(res.status));
    const roster = (await res.json()) as { candidates: RosterRow[]; serverNow: string };
    render(roster.candidates);
    updated.textContent = `${m('proctor.updated')} ${time.format(new Date(roster.serverNow))}`;
    updated.dataset.state = 'ok';
  } catch {
    updated.textContent = m('proctor.offline');
    updated.dataset.state = 'offline';
  }
}

function ask(title: string, withMinutes: boolean): Promise<{ reason: string; minutes: number } | undefined> {
  const form = dialog.querySelector('form')!;
  dialog.querySelector('h2')!.textContent = title;
  (form.elements.namedItem('reason') as HTMLTextAreaElement).value = '';
  const minutes = form.elements.namedItem('minutes') as HTMLInputElement;
  minutes.closest('label')!.hidden = !withMinutes;
  minutes.value = '5';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => resolve(dialog.returnValue === 'ok' ? { reason: (form.elements.namedItem('reason') as HTMLTextAreaElement).value.trim(), minutes: Number(minutes.value) } : undefined),
      { once: true },
    );
  });
}

async function act(action: string, row: RosterRow): Promise<void> {
  let url = `/api/v1/registrations/${row.registrationId}/${action}`;
  let payload: unknown;
  if (action === 'extend' || action === 'terminate') {
    const answer = await ask(`${m(`proctor.${action}`)} · ${row.name}（${row.admissionNo}）`, action === 'extend');
    if (!answer) return;
    url = `/api/v1/attempts/${row.registrationId}/${action}`;
    payload = action === 'extend' ? { minutes: answer.minutes, reason: answer.reason } : { reason: answer.reason };
  } else if (action === 'absent' && !window.confirm(`${m('proctor.confirmAbsent')} ${row.name}（${row.admissionNo}）`)) return;
  const res = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': config.csrf }, ...(payload ? { body: JSON.stringify(payload) } : {}) });
  const note = document.getElementById('action-note')!;
  if (res.ok) note.textContent = `${m('proctor.done')}：${m(`proctor.${action === 'check-in' ? 'checkIn' : action}`)} · ${row.name}`;
  else {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string; errors?: Array<{ message: string }> };
    note.textContent = problem.errors?.[0]?.message ?? problem.detail ?? m('proctor.failed');
  }
  await refresh();
}

void refresh();
window.setInterval(() => void refresh(), 5000);

export {};
