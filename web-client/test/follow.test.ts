import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { insertOp } from '../src/ot/text-operation';
import { decodeServerFrame, participantOf, viewOf } from '../src/protocol/messages';
import { Follow, type FollowTarget, followersOf, type StopReason, topLineFor } from '../src/session/follow';
import { type Person, PresenceTracker } from '../src/session/presence-tracker';
import { followersText } from '../src/ui/follow-indicator';
import { setUp, Tab } from './tab';

const person = (clientId: string, name: string, caret: number | null, extra: Partial<Person> = {}): Person => ({
  clientId, name, color: '#ff7f0e', selections: caret === null ? [] : [{ anchor: caret, head: caret }],
  readOnly: false, activeAt: 0, view: null, following: null, ...extra,
});

function recordingFollow() {
  const reveals: FollowTarget[] = [];
  const changes: Array<[string | null, StopReason | null]> = [];
  const follow = new Follow({
    reveal: (target) => reveals.push(target),
    changed: (leader, reason) => changes.push([leader?.name ?? null, reason]),
  });
  return { follow, reveals, changes };
}

describe('Follow', () => {
  test('following someone shows where they are at once, then again each time they move, not when others do', () => {
    const { follow, reveals, changes } = recordingFollow();
    const grace = person('g', 'Grace', 10, { view: { from: 0, to: 40 } });
    const linus = person('l', 'Linus', 3);
    follow.toggle('g', [grace, linus]);
    assert.equal(follow.leaderId, 'g');
    assert.deepEqual(changes, [['Grace', null]]);
    assert.deepEqual(reveals, [{ view: { from: 0, to: 40 }, caret: 10 }]);

    follow.people([grace, { ...linus, selections: [{ anchor: 5, head: 5 }] }]); // Linus moved
    assert.equal(reveals.length, 1);
    follow.people([{ ...grace, selections: [{ anchor: 900, head: 900 }], view: { from: 800, to: 990 } }, linus]);
    assert.deepEqual(reveals.at(-1), { view: { from: 800, to: 990 }, caret: 900 });
    assert.equal(changes.length, 1, 'still following Grace');
  });

  test('a second click on the leader, Esc, typing, a click or a scroll stop it; stopping twice says so once', () => {
    for (const reason of ['toggled', 'escape', 'typed', 'clicked', 'scrolled'] as const) {
      const { follow, changes } = recordingFollow();
      const grace = person('g', 'Grace', 1);
      follow.toggle('g', [grace]);
      if (reason === 'toggled') follow.toggle('g', [grace]);
      else follow.stop(reason);
      follow.stop('typed');
      assert.equal(follow.leaderId, null);
      assert.deepEqual(changes, [['Grace', null], [null, reason]]);
    }
  });

  test('the leader leaving stops it; following someone else switches; an unknown person is not followed', () => {
    const { follow, reveals, changes } = recordingFollow();
    const grace = person('g', 'Grace', 1);
    const linus = person('l', 'Linus', 7);
    follow.toggle('nobody', [grace]);
    assert.equal(follow.leaderId, null);
    follow.toggle('g', [grace, linus]);
    follow.toggle('l', [grace, linus]);
    assert.equal(follow.leaderId, 'l');
    assert.deepEqual(reveals.map((r) => r.caret), [1, 7]);
    follow.people([grace]);
    assert.equal(follow.leaderId, null);
    assert.deepEqual(changes, [['Grace', null], ['Linus', null], [null, 'left']]);
    follow.people([]);
    assert.equal(changes.length, 3);
  });

  test('a leader who renames is shown under the new name; one with no caret and no view is followed to nowhere', () => {
    const { follow, reveals, changes } = recordingFollow();
    follow.toggle('g', [person('g', 'Grace', null)]);
    assert.deepEqual(reveals, [{ view: null, caret: null }]);
    follow.people([person('g', 'Grace H.', null)]);
    assert.deepEqual(changes, [['Grace', null], ['Grace H.', null]]);
  });

  test('followers of a client are the people whose following is its clientId, by name', () => {
    const people = [person('b', 'Linus', 0, { following: 'me' }), person('a', 'Ada', 0, { following: 'me' }),
      person('c', 'Grace', 0, { following: 'b' }), person('d', 'Ken', 0)];
    assert.deepEqual(followersOf(people, 'me').map((p) => p.name), ['Ada', 'Linus']);
    assert.deepEqual(followersText([]), '');
    assert.equal(followersText(['Ada']), 'Ada is following you');
    assert.equal(followersText(['Ada', 'Linus']), 'Ada and Linus are following you');
    assert.equal(followersText(['Ada', 'Linus', 'Ken']), 'Ada, Linus and 1 other are following you');
    assert.equal(followersText(['Ada', 'Linus', 'Ken', 'Grace']), 'Ada, Linus and 2 others are following you');
  });
});

describe('topLineFor', () => {
  test("the leader's top line when this window shows their caret from there", () => {
    assert.equal(topLineFor(200, 210, 30, 1), 200);
    assert.equal(topLineFor(200, null, 30, 1), 200);
  });

  test("a window too short for the leader's view shows their caret: where it is in view, else a third down", () => {
    assert.equal(topLineFor(200, 240, 30, 1), 230);
    assert.equal(topLineFor(200, 240, 30, 225), 225, 'the caret is already in view: no jump');
    assert.equal(topLineFor(null, 240, 30, 1), 230);
    assert.equal(topLineFor(null, 5, 30, 100), 1, 'never above the first line');
  });

  test('nothing to go to without a view and a caret; a window of no lines counts as one', () => {
    assert.equal(topLineFor(null, null, 30, 1), null);
    assert.equal(topLineFor(null, 50, 0, 1), 50);
  });
});

describe('presence fields of following', () => {
  test('a view and following are kept as sent; bad ones are dropped as if never sent', () => {
    const base = { clientId: 'g', name: 'Grace', color: '#ff7f0e', revision: 3, selections: [] };
    assert.deepEqual(participantOf({ ...base, view: { from: 2, to: 9 }, following: 'c-7f3a9e' }),
      { ...base, view: { from: 2, to: 9 }, following: 'c-7f3a9e' });
    const bad = [{ from: 9, to: 2 }, { from: -1, to: 2 }, { from: 1.5, to: 2 }, { from: 1 }, [1, 2], 'x', null];
    for (const view of bad) {
      assert.deepEqual(participantOf({ ...base, view } as never), base, JSON.stringify(view));
    }
    for (const following of ['', 'a b', 7, null, 'x'.repeat(65)]) {
      assert.deepEqual(participantOf({ ...base, following } as never), base, JSON.stringify(following));
    }
    assert.deepEqual(viewOf({ from: 0, to: 0 }), { from: 0, to: 0 });
  });

  test('the server frames that carry participants are read through the same rules', () => {
    const grace = '{"clientId":"g","name":"Grace","color":"#ff7f0e","revision":0,"selections":[],'
      + '"view":{"from":5,"to":1},"following":"a"}';
    const [presence] = decodeServerFrame(`{"type":"presence",${grace.slice(1)}`);
    assert.deepEqual(presence, { type: 'presence', clientId: 'g', name: 'Grace', color: '#ff7f0e', revision: 0,
      selections: [], following: 'a' });
    const [snapshot] = decodeServerFrame('{"type":"snapshot","docId":"d","revision":0,"text":"","language":"plaintext",'
      + `"readOnly":false,"present":[${grace}]}`);
    assert.deepEqual((snapshot as { present: unknown[] }).present, [{ clientId: 'g', name: 'Grace', color: '#ff7f0e',
      revision: 0, selections: [], following: 'a' }]);
  });

  test("a participant's view moves with the text like their selections", () => {
    const t = new PresenceTracker();
    const grace = { clientId: 'g', name: 'Grace', color: '#ff7f0e', revision: 0, selections: [],
      view: { from: 2, to: 6 }, following: 'a' };
    t.committed(1, insertOp(0, 'xx'), 'k');
    t.update(grace, 1, [insertOp(0, 'y')]); // made at revision 0; then revision 1 and our own unsent edit
    assert.deepEqual(t.list()[0]!.view, { from: 5, to: 9 });
    assert.equal(t.list()[0]!.following, 'a');
    t.applied(insertOp(7, 'zzz'), null);
    assert.deepEqual(t.list()[0]!.view, { from: 5, to: 12 });
    t.update({ ...grace, revision: 1, view: undefined, following: undefined } as never, 1, []);
    assert.equal(t.list()[0]!.view, null);
    assert.equal(t.list()[0]!.following, null);
  });

  test("a tab's presence carries its view and whom it follows; the other tab sees them", () => {
    const { clock, gateway } = setUp('0123456789\n'.repeat(20));
    let following: string | null = null;
    const ada = new Tab(gateway, clock, 'Ada', 1, { view: () => ({ from: 11, to: 120 }), following: () => following });
    const grace = new Tab(gateway, clock, 'Grace', 2);
    ada.session.start();
    grace.session.start();
    gateway.flush();
    following = grace.session.authorId;
    ada.session.selectionsChanged();
    clock.advance(100);
    gateway.flush();
    const sent = gateway.received.filter(([, m]) => m.type === 'presence').map(([, m]) => m).at(-1)!;
    assert.deepEqual(sent.view, { from: 11, to: 120 });
    assert.equal(sent.following, grace.session.authorId);
    const adaForGrace = grace.people.find((p) => p.name === 'Ada')!;
    assert.deepEqual(adaForGrace.view, { from: 11, to: 120 });
    assert.deepEqual(followersOf(grace.people, grace.session.authorId).map((p) => p.name), ['Ada']);

    following = null;
    ada.session.selectionsChanged();
    clock.advance(100);
    gateway.flush();
    const last = gateway.received.filter(([, m]) => m.type === 'presence').map(([, m]) => m).at(-1)!;
    assert.equal('following' in last, false, 'following nobody: the field is absent');
    assert.deepEqual(followersOf(grace.people, grace.session.authorId), []);
  });
});
