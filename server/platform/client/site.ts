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
