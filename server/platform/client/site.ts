// Site-wide behaviour for server-rendered pages: confirmation before destructive steps.
// Forms marked data-confirm ask first; the server also refuses unconfirmed destructive posts
// (it shows a confirmation page instead), so this works without JavaScript too.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const message = form.dataset.confirm;
  if (!message) return;
  if (!window.confirm(message)) {
    event.preventDefault();
    return;
  }
  const confirmed = form.querySelector<HTMLInputElement>('input[name="confirmed"]');
  if (confirmed) confirmed.value = '1';
  // The one warning the user has just accepted (publishing an unchanged release) is not asked again.
  const acceptNoChange = form.querySelector<HTMLInputElement>('input[name="acceptNoChange"]');
  if (acceptNoChange) acceptNoChange.value = '1';
});

// Long actions (publishing a release) show that they are running: the buttons are disabled at
// once, so a second click cannot send the form twice, and the elapsed time counts up.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.busy || event.defaultPrevented) return;
  const template = form.dataset.busy;
  const status = form.querySelector<HTMLElement>('[data-busy-status]');
  const started = Date.now();
  const show = () => {
    if (status) status.textContent = template.replace('{seconds}', String(Math.floor((Date.now() - started) / 1000)));
  };
  // Disabled after the browser has collected the form's values (a disabled button is not sent).
  setTimeout(() => {
    for (const button of Array.from(form.querySelectorAll<HTMLButtonElement>('button'))) button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    if (status) status.hidden = false;
    show();
    setInterval(show, 1000);
    if (form.dataset.progressUrl) void pollProgress(form);
  }, 0);
});

// Real progress while a release is built: the server records the rows written after each chunk;
// the page shows them (stage, n / N and a bar) until the post returns with the new page.
async function pollProgress(form: HTMLFormElement): Promise<void> {
  const bar = form.querySelector<HTMLProgressElement>('[data-busy-progress]');
  const line = document.createElement('span');
  line.className = 'small';
  line.dataset.testid = 'publish-progress-text';
  bar?.insertAdjacentElement('afterend', line);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    const response = await fetch(form.dataset.progressUrl!, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).catch(() => undefined);
    if (!response?.ok) continue;
    const progress = (await response.json()) as { number: number; stage: 'reading' | 'writing' | 'finishing'; done: number; total: number } | null;
    if (!progress) continue;
    const template = form.dataset[`progress${progress.stage[0]!.toUpperCase()}${progress.stage.slice(1)}`] ?? '';
    line.textContent = template.replace('{number}', String(progress.number)).replace('{done}', String(progress.done)).replace('{total}', String(progress.total));
    if (bar) {
      bar.hidden = false;
      bar.max = Math.max(1, progress.total);
      bar.value = progress.stage === 'reading' ? 0 : progress.done;
    }
  }
}

// A search box narrows a long <select> (the grant scope picker): options whose text does not
// contain what was typed are hidden, and the first visible one is chosen.
document.addEventListener('input', (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.filterSelect) return;
  const select = document.getElementById(box.dataset.filterSelect);
  if (!(select instanceof HTMLSelectElement)) return;
  const needle = box.value.trim().toLowerCase();
  let first: HTMLOptionElement | undefined;
  for (const option of Array.from(select.options)) {
    const shown = needle === '' || option.text.toLowerCase().includes(needle);
    option.hidden = !shown;
    if (shown && !first) first = option;
  }
  if (first && select.selectedOptions[0]?.hidden !== false) first.selected = true;
});

// A checkbox with data-toggle-class="c" data-target="#id" puts class c on the target while ticked
// (version compare: only the changed fields).
for (const box of document.querySelectorAll<HTMLInputElement>('input[type=checkbox][data-toggle-class]')) {
  const target = document.querySelector(box.dataset.target ?? '');
  const apply = () => target?.classList.toggle(box.dataset.toggleClass ?? '', box.checked);
  box.addEventListener('change', apply);
  apply();
}
