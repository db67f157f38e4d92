import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CommittedEdit } from '../src/api/rest';
import { HistoryModel } from '../src/history/history-model';
import { apply } from '../src/ot/ot';
import { Random, randomEdit } from './helpers';

describe('HistoryModel', () => {
  test('folds the op log page by page: text, language and authorship at every revision', async () => {
    const random = new Random(5);
    const names = ['Ada', 'Grace', 'Linus'];
    const log: CommittedEdit[] = [];
    const texts = [''];
    for (let r = 1; r <= 350; r++) {
      const kind = random.int(30);
      const base = { revision: r, clientId: 'c', clientSeq: r, committedAt: '2025-01-15T09:30:00Z',
        authorName: names[random.int(3)]! };
      const text = texts[r - 1]!;
      if (kind === 0) {
        log.push({ ...base, edit: { kind: 'language', language: 'python' } });
        texts.push(text);
      } else if (kind === 1) {
        log.push({ ...base, edit: { kind: 'chat', text: 'hi' } });
        texts.push(text);
      } else {
        const op = randomEdit(random, text);
        log.push({ ...base, edit: { kind: 'text', op } });
        texts.push(apply(text, op));
      }
    }
    const pages: number[] = [];
    const model = new HistoryModel(async (from) => {
      pages.push(from);
      const ops = log.slice(from - 1, from - 1 + 120);
      const next = from + 120 <= log.length ? from + 120 : undefined;
      return { ops, headRevision: log.length, ...(next === undefined ? {} : { next }) };
    });
    const progress: number[] = [];
    await model.load((loaded) => progress.push(loaded));
    assert.deepEqual(pages, [1, 121, 241]);
    assert.deepEqual(progress, [120, 240, 350]);
    for (const r of [0, 1, 99, 100, 101, 250, 350, 17, 349, 0]) {
      const state = model.stateAt(r)!;
      assert.equal(state.text, texts[r], `text at ${r}`);
      assert.equal(state.authorship.reduce((n, s) => n + s.length, 0), [...texts[r]!].length);
    }
    assert.equal(model.stateAt(351), null);
    assert.deepEqual([...model.authors].sort(), [...names].sort());
  });
});
