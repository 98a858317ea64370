// The item editor: shows the fields of the chosen type, limits levels to the chosen point's
// levels, and keeps a live preview rendered by the server (sanitised, exactly as candidates
// will see it).
const form = document.querySelector<HTMLFormElement>('form.item-editor');

function formFields(f: HTMLFormElement): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new FormData(f).entries()) {
    if (typeof value !== 'string' || name === '_csrf') continue;
    const existing = fields[name];
    fields[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  if (!('levels' in fields)) fields.levels = [];
  return fields;
}

function showTypeSections(f: HTMLFormElement): void {
  const type = (f.elements.namedItem('type') as HTMLSelectElement).value;
  for (const section of f.querySelectorAll<HTMLElement>('[data-for]')) {
    const visible = (section.dataset.for ?? '').split(' ').includes(type);
    section.hidden = !visible;
    for (const input of section.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) input.disabled = !visible;
  }
  const point = f.elements.namedItem('pointCode') as HTMLSelectElement;
  const typeSelect = f.elements.namedItem('type') as HTMLSelectElement;
  const wantedPart = typeSelect.selectedOptions[0]?.dataset.part ?? 'theory';
  for (const option of Array.from(point.options)) {
    if (!option.disabled || option.dataset.part) option.hidden = option.dataset.part !== wantedPart;
  }
}

function limitLevels(f: HTMLFormElement): void {
  const point = f.elements.namedItem('pointCode') as HTMLSelectElement;
  const allowed = new Set((point.selectedOptions[0]?.dataset.levels ?? '').split(','));
  for (const box of f.querySelectorAll<HTMLInputElement>('input[name="levels"]')) {
    box.disabled = !allowed.has(box.value);
    if (box.disabled) box.checked = false;
  }
}

let timer: number | undefined;
let sequence = 0;

async function refreshPreview(f: HTMLFormElement): Promise<void> {
  const url = f.dataset.previewUrl;
  const preview = document.getElementById('preview');
  const errors = document.getElementById('preview-errors');
  if (!url || !preview || !errors) return;
  const mine = ++sequence;
  const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify(formFields(f)), credentials: 'same-origin' });
  if (mine !== sequence || !response.ok) return;
  const body = (await response.json()) as { html: string; errors: Array<{ path: string; message: string }> };
  preview.innerHTML = body.html;
  errors.replaceChildren(
    ...body.errors.map((e) => {
      const li = document.createElement('li');
      li.textContent = `${e.path}: ${e.message}`;
      return li;
    }),
  );
}

if (form) {
  showTypeSections(form);
  limitLevels(form);
  form.addEventListener('change', (event) => {
    const target = event.target as HTMLElement;
    if (target.getAttribute('name') === 'type') showTypeSections(form);
    if (target.getAttribute('name') === 'pointCode') limitLevels(form);
  });
  form.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void refreshPreview(form), 300);
  });
  form.addEventListener('change', () => void refreshPreview(form));
}

// Image upload: stores the image in the bank and inserts an <img> at the cursor of the stem.
for (const input of document.querySelectorAll<HTMLInputElement>('input.image-upload')) {
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    const status = input.closest('p')?.querySelector<HTMLElement>('[data-upload-status]');
    const target = document.getElementById(input.dataset.target ?? '') as HTMLTextAreaElement | null;
    if (!file || !target || !input.dataset.uploadUrl) return;
    const body = new FormData();
    body.append('file', file);
    const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
    const response = await fetch(input.dataset.uploadUrl, { method: 'POST', body, headers: { 'X-CSRF-Token': csrf }, credentials: 'same-origin' });
    const result = (await response.json()) as { url?: string; detail?: string; errors?: Array<{ message: string }> };
    if (!response.ok || !result.url) {
      if (status) status.textContent = result.errors?.[0]?.message ?? result.detail ?? String(response.status);
      return;
    }
    const tag = `<img src="${result.url}" alt="">`;
    const at = target.selectionStart ?? target.value.length;
    target.value = `${target.value.slice(0, at)}${tag}${target.value.slice(at)}`;
    target.dispatchEvent(new Event('input', { bubbles: true }));
    if (status) status.textContent = '✓';
    input.value = '';
  });
}
