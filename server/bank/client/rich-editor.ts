// The visual editor of the item's rich-text fields (题干, 解析): Tiptap (ProseMirror) limited to
// what the server's sanitiser keeps — paragraphs, line breaks, bold, italic, underline,
// sub/superscript, simple tables and the bank's images. The textarea stays the form field: the
// editor writes its HTML back on every change, so the form posts exactly what the sanitiser
// then checks (it stays the gate). Without JavaScript the textarea is the editor.
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Subscript from '@tiptap/extension-subscript';
import Superscript from '@tiptap/extension-superscript';
import Image from '@tiptap/extension-image';
import { TableKit } from '@tiptap/extension-table';

const editors = new Map<HTMLTextAreaElement, Editor>();
let lastEditor: Editor | null = null;

const HTML_TAG = /<\/?(p|br|strong|em|b|i|u|sub|sup|table|img)\b/i;

/** A field saved as plain text (an import, an old item) opens as one paragraph per line. */
function asEditorHtml(value: string): string {
  if (HTML_TAG.test(value)) return value;
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return value
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => `<p>${escape(line)}</p>`)
    .join('');
}

type Command = 'bold' | 'italic' | 'underline' | 'subscript' | 'superscript' | 'table';

export function runCommand(editor: Editor, command: Command): void {
  const chain = editor.chain().focus();
  if (command === 'bold') chain.toggleBold().run();
  else if (command === 'italic') chain.toggleItalic().run();
  else if (command === 'underline') chain.toggleUnderline().run();
  else if (command === 'subscript') chain.toggleSubscript().run();
  else if (command === 'superscript') chain.toggleSuperscript().run();
  else chain.insertTable({ rows: 3, cols: 3, withHeaderRow: false }).run();
}

function mount(textarea: HTMLTextAreaElement, toolbarTemplate: HTMLTemplateElement | null): void {
  const host = document.createElement('div');
  host.className = 'rich-editor';
  host.dataset.field = textarea.name;
  const toolbar = toolbarTemplate ? (toolbarTemplate.content.firstElementChild?.cloneNode(true) as HTMLElement | null) : null;
  const surface = document.createElement('div');
  surface.className = 'rich-surface';
  if (toolbar) host.append(toolbar);
  host.append(surface);
  textarea.insertAdjacentElement('beforebegin', host);
  textarea.hidden = true;
  textarea.required = false; // a hidden required field would block the form; the server checks it
  textarea.dataset.mounted = '1';

  const editor = new Editor({
    element: surface,
    extensions: [
      StarterKit.configure({
        heading: false,
        bulletList: false,
        orderedList: false,
        listItem: false,
        listKeymap: false,
        blockquote: false,
        codeBlock: false,
        code: false,
        horizontalRule: false,
        strike: false,
        link: false,
      }),
      Subscript,
      Superscript,
      Image.configure({ inline: true }),
      TableKit.configure({ table: { resizable: false } }),
    ],
    content: asEditorHtml(textarea.value),
    editorProps: {
      attributes: {
        class: 'rich-content',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': textarea.labels?.[0]?.textContent?.trim() ?? textarea.name,
        'data-testid': `rich-${textarea.name}`,
      },
    },
    onUpdate: ({ editor: e }) => {
      textarea.value = e.isEmpty ? '' : e.getHTML();
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    },
    onFocus: ({ editor: e }) => {
      lastEditor = e;
    },
    onSelectionUpdate: ({ editor: e }) => showActive(e, toolbar),
    onTransaction: ({ editor: e }) => showActive(e, toolbar),
  });
  editors.set(textarea, editor);
  for (const button of toolbar?.querySelectorAll<HTMLButtonElement>('button[data-command]') ?? []) {
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => runCommand(editor, button.dataset.command as Command));
  }
  // A click on the label focuses the visual editor, as it focused the textarea.
  for (const label of textarea.labels ?? []) label.addEventListener('click', () => editor.commands.focus());
}

function showActive(editor: Editor, toolbar: HTMLElement | null): void {
  for (const button of toolbar?.querySelectorAll<HTMLButtonElement>('button[data-command]') ?? []) {
    const command = button.dataset.command ?? '';
    if (command !== 'table') button.setAttribute('aria-pressed', String(editor.isActive(command)));
  }
}

/** Mounts a visual editor on every `textarea[data-rich]` of the page. */
export function mountRichEditors(root: ParentNode = document): void {
  const template = document.querySelector<HTMLTemplateElement>('template#rich-toolbar');
  for (const textarea of root.querySelectorAll<HTMLTextAreaElement>('textarea[data-rich]')) {
    if (!editors.has(textarea)) mount(textarea, template);
  }
}

/** The visual editor of a field, if one is mounted on it. */
export function richEditorFor(textarea: HTMLTextAreaElement | null): Editor | undefined {
  return textarea ? editors.get(textarea) : undefined;
}

/** The visual editor that had the focus last (the palette types into it). */
export function lastFocusedRichEditor(): Editor | null {
  return lastEditor;
}

export function isRichEditorElement(element: Element | null): boolean {
  return !!element?.closest('.rich-editor');
}
