/**
 * The lobby: a countdown to the start by server time (corrected for clock offset), and the
 * start button, enabled once the server's clock reaches the start.
 */
interface LobbyConfig {
  startsAt: string;
  serverNow: string;
  csrf: string;
  open: boolean;
  messages: Record<string, string>;
}

/** Where the lobby leaves the start's answer for the exam page (read once, then removed). */
const START_HANDOFF = 'exam-start-handoff';

const config = JSON.parse(document.getElementById('lobby-config')!.textContent!) as LobbyConfig;
const offset = Date.parse(config.serverNow) - Date.now();
const startsAt = Date.parse(config.startsAt);
const countdown = document.getElementById('countdown')!;
const button = document.getElementById('start') as HTMLButtonElement;
const note = document.getElementById('start-note')!;

function tick(): void {
  const left = Math.max(0, startsAt - (Date.now() + offset));
  const s = Math.ceil(left / 1000);
  countdown.textContent = left > 0 ? `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` : config.messages.started!;
  button.disabled = left > 0 || !config.open;
}

button.addEventListener('click', async () => {
  button.disabled = true;
  note.textContent = config.messages.starting!;
  try {
    const sentAt = Date.now();
    const res = await fetch('/api/v1/attempts/start', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': config.csrf } });
    if (res.ok) {
      // The start answers with the paper: hand it to the exam page so it need not ask again.
      const paper: unknown = await res.json().catch(() => undefined);
      if (paper) {
        try {
          sessionStorage.setItem(START_HANDOFF, JSON.stringify({ paper, sentAt, receivedAt: Date.now() }));
        } catch {
          // Storage full or disabled: the exam page fetches the paper itself.
        }
      }
      window.location.reload();
      return;
    }
    const problem = (await res.json().catch(() => ({}))) as { detail?: string };
    note.textContent = problem.detail ?? config.messages.failed!;
  } catch {
    note.textContent = config.messages.offline!;
  }
  button.disabled = false;
});

tick();
window.setInterval(tick, 500);
// The session may be opened by the centre while the candidate waits: look again now and then.
if (!config.open) window.setTimeout(() => window.location.reload(), 20_000);

export {};
