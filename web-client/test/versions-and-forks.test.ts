import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CommittedEdit } from '../src/api/rest';
import { HistoryModel } from '../src/history/history-model';
import { languageAfter, OtClient, textOpOf } from '../src/ot/ot-client';
import { apply } from '../src/ot/ot';
import { decodeEdit } from '../src/protocol/messages';

describe('named versions and forks (issue 12)', () => {
  test('decodes a name and a fork edit as the protocol writes them', () => {
    assert.deepEqual(decodeEdit({ kind: 'name', revision: 12, name: 'before the refactor' }),
      { kind: 'name', revision: 12, name: 'before the refactor' });
    assert.deepEqual(decodeEdit({
      kind: 'fork', forkedFrom: { docId: 'ro_AAAAAAAAAAAAAAAAAAAAAA', revision: 3 }, text: 'hé🌍\n', language: 'java',
    }), {
      kind: 'fork', forkedFrom: { docId: 'ro_AAAAAAAAAAAAAAAAAAAAAA', revision: 3 }, text: 'hé🌍\n', language: 'java',
    });
  });

  test('a name changes neither text nor language; a fork inserts its whole text and sets its language', () => {
    const name = { kind: 'name', revision: 1, name: 'v1' } as const;
    const fork = { kind: 'fork', forkedFrom: { docId: 'origin', revision: 2 }, text: 'a🌍b', language: 'python' } as const;
    assert.deepEqual(textOpOf(name), []);
    assert.equal(languageAfter(name, 'java'), 'java');
    assert.equal(apply('', textOpOf(fork)), 'a🌍b');
    assert.equal(languageAfter(fork, 'plaintext'), 'python');
    assert.deepEqual(textOpOf({ ...fork, text: '' }), []);
  });

  test('a client that typed before the fork arrived keeps its text after the fork', () => {
    const client = new OtClient(0);
    const submission = client.applyLocal({ kind: 'text', op: ['x'] });
    assert.equal(submission?.baseRevision, 0);
    const remote = client.applyServer({ kind: 'fork', forkedFrom: { docId: 'o', revision: 1 }, text: 'abc',
      language: 'java' });
    // the fork, committed first, keeps its insert first at the tie
    assert.equal(apply('x', remote), 'abcx');
    assert.equal(client.revision, 1);
  });

  test('History folds a fork as the first author\'s text and names as no-ops', async () => {
    const at = '2025-01-15T09:30:00Z';
    const log: CommittedEdit[] = [
      { revision: 1, clientId: 'fork-1', clientSeq: 1, committedAt: at, authorName: 'Ada',
        edit: { kind: 'fork', forkedFrom: { docId: 'o', revision: 7 }, text: 'class A {}', language: 'java' } },
      { revision: 2, clientId: 'c-g', clientSeq: 1, committedAt: at, authorName: 'Grace',
        edit: { kind: 'name', revision: 1, name: 'as forked' } },
      { revision: 3, clientId: 'c-g', clientSeq: 2, committedAt: at, authorName: 'Grace',
        edit: { kind: 'text', op: [10, '!'] } },
    ];
    const model = new HistoryModel(async () => ({ ops: log, headRevision: 3 }));
    await model.load(() => {});
    assert.equal(model.stateAt(1)!.text, 'class A {}');
    assert.equal(model.stateAt(1)!.language, 'java');
    assert.equal(model.stateAt(2)!.text, 'class A {}');
    assert.equal(model.stateAt(3)!.text, 'class A {}!');
    assert.deepEqual(model.stateAt(3)!.authorship.map((s) => [model.authors[s.author], s.length]),
      [['Ada', 10], ['Grace', 1]]);
  });
});
