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
});

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
