import { h } from './dom';

/** The keys the page and the editor answer, by what they do (Mod is Ctrl, or ⌘ on a Mac). */
const SHORTCUTS: ReadonlyArray<readonly [string, string]> = [
  ['Undo your last edit (never someone else\'s)', 'Mod+Z'],
  ['Redo', 'Mod+Y  or  Mod+Shift+Z'],
  ['Find', 'Mod+F'],
  ['Find and replace', 'Mod+F, then Replace'],
  ['Select the next occurrence', 'Mod+D'],
  ['Add a caret above or below', 'Mod+Alt+↑  /  Mod+Alt+↓'],
  ['Move the line up or down', 'Alt+↑  /  Alt+↓'],
  ['Indent or unindent', 'Tab  /  Shift+Tab'],
  ['Toggle a comment', 'Mod+/'],
  ['Fold or unfold the block', 'Ctrl+Shift+[  /  Ctrl+Shift+]'],
  ['Complete a word', 'Ctrl+Space'],
  ['Go to a line', 'Mod+Alt+G'],
  ['Leave the editor (Tab then moves the focus)', 'Esc, then Tab'],
  ['Saving: everything is saved as you type', 'Mod+S'],
  ['These shortcuts', 'F1  or  ? (outside the editor)'],
];

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);

/** Whether the shortcuts dialog is open. */
export function shortcutsOpen(): boolean {
  return document.querySelector('[data-testid=shortcuts-dialog]') !== null;
}

/** Opens the list of keyboard shortcuts as a modal dialog (Esc or Close closes it); `closed` runs after. */
export function showShortcuts(closed: () => void): void {
  if (shortcutsOpen()) return;
  const mod = isMac() ? '⌘' : 'Ctrl';
  const rows = SHORTCUTS.map(([what, keys]) => h('tr', {},
    h('td', {}, what), h('td', {}, h('kbd', {}, keys.replaceAll('Mod', mod)))));
  const dialog = h('dialog', { class: 'dialog shortcuts', testid: 'shortcuts-dialog', 'aria-label': 'Keyboard shortcuts' },
    h('form', { method: 'dialog' },
      h('h2', {}, 'Keyboard shortcuts'),
      h('table', {}, h('tbody', {}, ...rows)),
      h('div', { class: 'dialog-buttons' },
        h('button', { type: 'submit', class: 'primary', testid: 'shortcuts-close' }, 'Close'))));
  dialog.addEventListener('close', () => {
    dialog.remove();
    closed();
  });
  document.body.append(dialog);
  dialog.showModal();
}
