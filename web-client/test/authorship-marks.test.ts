import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EditorState, Transaction } from '@codemirror/state';
import { astralIndex } from '../src/editor/astral-index';
import {
  type AuthorRef, authorsShown, authorshipMarks, changeAuthor, loadAuthorship, startAuthorship, stopAuthorship,
} from '../src/editor/authorship-marks';
import { opToChanges } from '../src/editor/changes';
import { codePointLength } from '../src/ot/code-points';
import type { TextOperation } from '../src/ot/text-operation';
import { authorsAfter, Random, randomEdit } from './helpers';

const ME: AuthorRef = { clientId: 'c-me', name: 'Me' };
const ADA: AuthorRef = { clientId: 'c-ada', name: 'Ada' };
const GRACE: AuthorRef = { clientId: 'c-grace', name: 'Grace' };
const colors = () => '#112233';

function editor(doc: string): EditorState {
  return EditorState.create({ doc, extensions: [EditorState.lineSeparator.of('\n'), astralIndex, authorshipMarks] });
}

/** Applies `op` (code points) as the editor would: a remote op with its author, or a local one. */
function change(state: EditorState, op: TextOperation, by?: AuthorRef): EditorState {
  return state.update({
    changes: opToChanges(op, state.field(astralIndex)),
    annotations: by ? [Transaction.remote.of(true), changeAuthor.of(by)] : [],
  }).state;
}

/** Who wrote each code point, as the marks say: `name` per code point. */
function perCodePoint(state: EditorState): string[] {
  const marks = state.field(authorshipMarks);
  return (marks.runs ?? []).flatMap((r) => Array<string>(r.length).fill(marks.table.authors[r.author]!.name));
}

describe('live authorship marks', () => {
  test('the server runs, moved through the pending edit and every change made while they were on their way', () => {
    // the server holds "hello 🌍" by Ada at the revision the tab holds; the tab's own " me" is not acknowledged yet
    let state = editor('hello 🌍 me');
    state = state.update({ effects: startAuthorship.of({ token: 1, me: ME, pending: [[7, ' me']], colors }) }).state;
    assert.equal(state.field(authorshipMarks).status, 'loading');
    state = change(state, ['G:'], GRACE); // someone else's op arrives meanwhile
    state = change(state, [12, '!']); // and the user types
    state = state.update({ effects: loadAuthorship.of({ token: 1, runs: [{ length: 7, author: 'c-ada', name: 'Ada' }] }) })
      .state;

    const marks = state.field(authorshipMarks);
    assert.equal(marks.status, 'on');
    assert.equal(state.doc.toString(), 'G:hello 🌍 me!');
    assert.deepEqual(perCodePoint(state), [
      ...Array<string>(2).fill('Grace'), ...Array<string>(7).fill('Ada'), ...Array<string>(4).fill('Me')]);
    assert.deepEqual(authorsShown(marks).map((a) => [a.author.name, a.codePoints]), [['Ada', 7], ['Me', 4], ['Grace', 2]]);
    const ranges: Array<[number, number, string]> = [];
    marks.decorations.between(0, state.doc.length, (from, to, d) => {
      ranges.push([from, to, String(d.spec.attributes['data-author-name'])]);
    });
    // UTF-16 offsets: the globe is two units
    assert.deepEqual(ranges, [[0, 2, 'Grace'], [2, 10, 'Ada'], [10, 14, 'Me']]);
  });

  test('an answer for an earlier start is ignored; stop drops the marks', () => {
    let state = editor('abc');
    state = state.update({ effects: startAuthorship.of({ token: 1, me: ME, pending: [], colors }) }).state;
    state = state.update({ effects: startAuthorship.of({ token: 2, me: ME, pending: [], colors }) }).state;
    state = state.update({ effects: loadAuthorship.of({ token: 1, runs: [{ length: 3, author: 'c-ada', name: 'Ada' }] }) })
      .state;
    assert.equal(state.field(authorshipMarks).status, 'loading');
    state = state.update({ effects: loadAuthorship.of({ token: 2, runs: [{ length: 3, author: 'c-ada', name: 'Ada' }] }) })
      .state;
    assert.equal(state.field(authorshipMarks).status, 'on');
    state = state.update({ effects: stopAuthorship.of(null) }).state;
    assert.equal(state.field(authorshipMarks).status, 'off');
    assert.equal(state.field(authorshipMarks).decorations.size, 0);
  });

  test('runs that do not cover the text are not shown, and a reloaded text makes the marks stale', () => {
    let state = editor('abc');
    state = state.update({ effects: startAuthorship.of({ token: 1, me: ME, pending: [], colors }) }).state;
    state = state.update({ effects: loadAuthorship.of({ token: 1, runs: [{ length: 2, author: 'c-ada', name: 'Ada' }] }) })
      .state;
    assert.equal(state.field(authorshipMarks).status, 'failed');
    assert.equal(state.field(authorshipMarks).decorations.size, 0);

    state = state.update({ effects: startAuthorship.of({ token: 2, me: ME, pending: [], colors }) }).state;
    state = state.update({ effects: loadAuthorship.of({ token: 2, runs: [{ length: 3, author: 'c-ada', name: 'Ada' }] }) })
      .state;
    // a snapshot replaces the text: remote, with no author
    state = state.update({ changes: { from: 0, to: 3, insert: 'xyz' }, annotations: Transaction.remote.of(true) }).state;
    assert.equal(state.field(authorshipMarks).status, 'stale');
  });

  test('random local and remote edits with astral characters: each code point is marked as whoever typed it', () => {
    const random = new Random(12);
    const people = [ME, ADA, GRACE];
    let state = editor('');
    state = state.update({ effects: startAuthorship.of({ token: 1, me: ME, pending: [], colors }) }).state;
    state = state.update({ effects: loadAuthorship.of({ token: 1, runs: [] }) }).state;
    let model: string[] = []; // the author of each code point, tracked apart from the marks
    for (let i = 0; i < 400; i++) {
      const text = state.doc.toString();
      const op = randomEdit(random, text);
      const by = random.pick(people);
      state = change(state, op, by === ME ? undefined : by);
      model = authorsAfter(model, op, by.name);
      assert.deepEqual(perCodePoint(state), model, `after edit ${i}`);
      assert.equal(model.length, codePointLength(state.doc.toString()));
    }
  });
});
