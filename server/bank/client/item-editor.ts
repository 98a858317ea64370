// The item editor: shows the fields of the chosen type, limits levels to the chosen point's
// levels, and keeps a live preview rendered by the server (sanitised, exactly as candidates
// will see it). 题干 and 解析 are edited visually (rich-editor.ts).
import { isRichEditorElement, lastFocusedRichEditor, mountRichEditors, richEditorFor } from './rich-editor';

mountRichEditors();
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
  const body = (await response.json()) as { html: string; errors: Array<{ path: string; message: string }>; similar?: Array<{ id: string; code: string; stem: string; similarity: number }> };
  preview.innerHTML = body.html;
  showSimilar(body.similar ?? []);
  errors.replaceChildren(
    ...body.errors.map((e) => {
      const li = document.createElement('li');
      li.textContent = e.message; // already in the page's language, naming the field by its label
      return li;
    }),
  );
}

/** 查重 while writing: the saved items most like this stem, with their similarity. */
function showSimilar(similar: Array<{ id: string; code: string; stem: string; similarity: number }>): void {
  const section = document.getElementById('preview-similar');
  const list = section?.querySelector('ul');
  if (!section || !list) return;
  section.hidden = similar.length === 0;
  list.replaceChildren(
    ...similar.map((s) => {
      const li = document.createElement('li');
      const link = document.createElement('a');
      link.href = `/bank/items/${s.id}`;
      link.target = '_blank';
      link.textContent = s.code;
      li.append(link, ` ${Math.round(s.similarity * 100)}% · ${s.stem.slice(0, 60)}`);
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
    const rich = richEditorFor(target);
    if (rich) {
      rich.chain().focus().setImage({ src: result.url, alt: '' }).run();
      if (status) status.textContent = '✓';
      input.value = '';
      return;
    }
    const at = target.selectionStart ?? target.value.length;
    target.value = `${target.value.slice(0, at)}${tag}${target.value.slice(at)}`;
    target.dispatchEvent(new Event('input', { bubbles: true }));
    if (status) status.textContent = '✓';
    input.value = '';
  });
}

// The symbol palette: a click types the symbol where the writer was typing — the visual editor
// of 题干/解析, or an option or other text field; 下标/上标 make the selection (or what is typed
// next) sub/superscript there, and wrap a text field's selection in <sub>/<sup>. The server's
// sanitiser still decides what is kept.
let lastText: HTMLInputElement | HTMLTextAreaElement | null = document.querySelector<HTMLTextAreaElement>('textarea[name="stem"]');
let richLast = !!richEditorFor(lastText as HTMLTextAreaElement | null);
document.addEventListener('focusin', (event) => {
  const target = event.target as Element | null;
  if (isRichEditorElement(target)) richLast = true;
  else if ((target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type === 'text')) && target.closest('form.item-editor')) {
    lastText = target;
    richLast = false;
  }
});
for (const button of document.querySelectorAll<HTMLButtonElement>('.symbol-palette button')) {
  button.addEventListener('mousedown', (event) => event.preventDefault());
  button.addEventListener('click', () => {
    const rich = richLast ? lastFocusedRichEditor() ?? richEditorFor(document.querySelector<HTMLTextAreaElement>('textarea[name="stem"]')) : undefined;
    if (rich) {
      const chain = rich.chain().focus();
      if (button.dataset.symbol) chain.insertContent(button.dataset.symbol).run();
      else if (button.dataset.wrap === 'sub') chain.toggleSubscript().run();
      else chain.toggleSuperscript().run();
      return;
    }
    const field = lastText;
    if (!field) return;
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    const selected = field.value.slice(start, end);
    const insert = button.dataset.symbol ?? `<${button.dataset.wrap}>${selected}</${button.dataset.wrap}>`;
    field.setRangeText(insert, start, end, 'end');
    field.focus();
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

// The answer is chosen by clicking an option's letter: one letter for 单选, any number for 多选
// (the type says which, data-answers); the letters field stays for keyboards and no-JS.
function answerMode(f: HTMLFormElement): string {
  return (f.elements.namedItem('type') as HTMLSelectElement).selectedOptions[0]?.dataset.answers ?? '';
}
function answerField(f: HTMLFormElement): HTMLInputElement | null {
  return f.querySelector<HTMLInputElement>('[data-for] input[name="answer"]:not(:disabled)');
}
function lettersOf(text: string): string[] {
  return (text.toUpperCase().match(/[A-H]/g) ?? []).filter((l, i, all) => all.indexOf(l) === i).sort();
}
function showAnswer(f: HTMLFormElement): void {
  const letters = lettersOf(answerField(f)?.value ?? '');
  for (const toggle of f.querySelectorAll<HTMLButtonElement>('.answer-toggle')) toggle.setAttribute('aria-pressed', String(letters.includes(toggle.dataset.answerKey ?? '')));
}
if (form) {
  for (const toggle of form.querySelectorAll<HTMLButtonElement>('.answer-toggle')) {
    toggle.addEventListener('click', () => {
      const field = answerField(form);
      const key = toggle.dataset.answerKey ?? '';
      if (!field || !answerMode(form)) return;
      const letters = lettersOf(field.value);
      const next = answerMode(form) === 'one' ? [key] : letters.includes(key) ? letters.filter((l) => l !== key) : [...letters, key].sort();
      field.value = next.join(',');
      showAnswer(form);
      field.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
  form.addEventListener('input', () => showAnswer(form));
  form.addEventListener('change', () => showAnswer(form));
  showAnswer(form);
}
