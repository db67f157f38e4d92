import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PresenceTracker } from '../src/session/presence-tracker';

const grace = (revision: number, anchor: number, head = anchor) =>
  ({ clientId: 'g', name: 'Grace', color: '#ff7f0e', revision, selections: [{ anchor, head }] });

describe('PresenceTracker', () => {
  test('a person is active when they join, move their caret or type; not when others move it or nothing changed', () => {
    let now = 1000;
    const t = new PresenceTracker(() => now);
    t.reset([grace(0, 2)], 0, []);
    assert.equal(t.list()[0]!.activeAt, 1000);
    now = 2000;
    t.applied(['ab'], null); // someone else's text moves her caret: she did nothing
    t.update(grace(1, 4), 1, []); // the same caret again (a refresh, or the presence after her ack)
    assert.equal(t.list()[0]!.activeAt, 1000);
    now = 3000;
    t.update(grace(1, 0), 1, []); // she moved
    assert.equal(t.list()[0]!.activeAt, 3000);
    now = 4000;
    t.applied(['x'], 'g'); // she typed
    assert.equal(t.list()[0]!.activeAt, 4000);
  });

  test('a participant on a read-only link is marked so', () => {
    const t = new PresenceTracker();
    t.reset([{ ...grace(0, 0), readOnly: true }, { ...grace(0, 0), clientId: 'a', name: 'Ada' }], 0, []);
    assert.deepEqual(t.list().map((p) => [p.name, p.readOnly]), [['Grace', true], ['Ada', false]]);
  });

  test('carets move through every op; a caret follows what its owner types, not what others type', () => {
    const t = new PresenceTracker();
    t.reset([grace(0, 2)], 0, []);
    t.applied(['ab'], null); // someone else inserts before it
    assert.deepEqual(t.list()[0]!.selections, [{ anchor: 4, head: 4 }]);
    t.applied([4, 'x'], null); // someone else inserts at it: the caret stays
    assert.deepEqual(t.list()[0]!.selections, [{ anchor: 4, head: 4 }]);
    t.applied([4, 'y'], 'g'); // its owner types at it: the caret moves on
    assert.deepEqual(t.list()[0]!.selections, [{ anchor: 5, head: 5 }]);
  });

  test('a presence from an older revision is moved through the revisions since, then our unacknowledged edits', () => {
    const t = new PresenceTracker();
    t.reset([], 10, []);
    t.committed(11, ['AAA'], 'x');
    t.committed(12, [{ d: 1 }], 'x');
    // Grace sent her caret at 5 while at revision 10; we are at 12 with our own edit ["!"] not acknowledged yet
    t.update(grace(10, 5, 1), 12, [['!']]);
    assert.deepEqual(t.list()[0]!.selections, [{ anchor: 8, head: 4 }]);
  });

  test('an invalid color is replaced, and a participant leaves', () => {
    const t = new PresenceTracker();
    t.reset([{ ...grace(0, 0), color: 'red;background:url(x)' }], 0, []);
    assert.match(t.list()[0]!.color, /^#[0-9a-f]{6}$/);
    assert.equal(t.remove('g'), true);
    assert.deepEqual(t.list(), []);
  });
});
