import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { insertOp } from '../src/ot/text-operation';
import { describeError } from '../src/protocol/messages';
import { HISTORY_BEHIND, HISTORY_UNAVAILABLE } from '../src/session/history-catch-up';
import type { FakeGateway, ManualClock } from './fake-gateway';
import { Random, randomEdit } from './helpers';
import { assertConverged, joins, setUp, startTabs, submits, Tab } from './tab';

/** Delivers every frame and lets the history API's answers arrive, until both are done. */
async function settle(gateway: FakeGateway): Promise<void> {
  for (let round = 0; round < 10; round++) {
    gateway.flush();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lets `ms` pass in steps of half a second, settling after each (so a reconnect's join is answered in time). */
async function pass(clock: ManualClock, gateway: FakeGateway, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 500) {
    clock.advance(500);
    await settle(gateway);
  }
}

/** A tab on `initial` that is online, then loses its connection. */
function tabGoingOffline(initial: string, maxResumeReplay: number) {
  const { clock, gateway } = setUp(initial);
  gateway.maxResumeReplay = maxResumeReplay;
  const tab = new Tab(gateway, clock);
  tab.session.start();
  gateway.flush();
  return { clock, gateway, tab };
}

const othersType = (gateway: FakeGateway, n: number) => {
  for (let i = 0; i < n; i++) gateway.commitForeign({ kind: 'text', op: insertOp(0, String(i)) });
};

/**
 * A tab on `abc` goes offline and types X (in flight, unsent), while others make revisions 1 to 5 `43210abc`:
 * more than the 3 the gateway replays. `prepare` sets the gateway up first.
 */
function awayWhileOthersType(prepare: (gateway: FakeGateway) => void = () => {}) {
  const away = tabGoingOffline('abc', 3);
  prepare(away.gateway);
  away.gateway.dropAll();
  away.tab.type(insertOp(3, 'X'));
  othersType(away.gateway, 5);
  return away;
}

describe('a tab away longer than the gateway replays (CANNOT_RESUME)', () => {
  test('keeps its unsent edits and clientId, rebases them over the history, page by page, and sends them', async () => {
    const { clock, gateway, tab } = awayWhileOthersType((g) => {
      g.historyPageSize = 2;
    });
    tab.type(insertOp(4, 'Y')); // in the outbox, after X in flight
    await pass(clock, gateway, 1_000);

    assert.equal(tab.status, 'online');
    assert.equal(gateway.text, '43210abcXY');
    assert.equal(tab.text, gateway.text);
    assert.equal(tab.discarded, 0);
    const [first, refused, resumed] = joins(gateway);
    assert.equal(refused!.knownRevision, 0, 'refused with CANNOT_RESUME: 5 revisions behind, 3 are replayed');
    assert.equal(resumed!.knownRevision, 5, 'joined again at the history\'s head');
    assert.deepEqual([refused!.clientId, resumed!.clientId], [first!.clientId, first!.clientId]);
    assert.deepEqual(gateway.historyReads, [1, 3, 5], 'every page, from the revision after the tab\'s');
    assert.deepEqual(submits(gateway).map((s) => [s.clientSeq, s.baseRevision]), [[1, 5], [2, 6]]);
    assert.ok(tab.notices.includes('Caught up with 5 revisions made while this tab was away; your changes are kept.'),
      `${tab.notices}`);
  });

  test('an edit committed while the tab was away is settled by the history and never sent again', async () => {
    const { clock, gateway, tab } = tabGoingOffline('abc', 3);
    tab.type(insertOp(3, 'X'));
    gateway.sockets[0]!.pumpUp(); // the submit is committed at revision 1...
    gateway.dropAll(); // ...and its ack is lost with the connection
    tab.type(insertOp(4, 'Y'));
    othersType(gateway, 5);
    await pass(clock, gateway, 1_000);

    assert.equal(gateway.text, '43210abcXY');
    assert.equal(tab.text, gateway.text);
    assert.equal(tab.session.unacknowledged, 0);
    assert.equal(joins(gateway)[1]!.knownRevision, 0);
    assert.equal(joins(gateway)[2]!.knownRevision, 6);
    assert.deepEqual(submits(gateway).map((s) => s.clientSeq), [1, 2], 'X once (before the drop), then Y');
    const mine = joins(gateway)[0]!.clientId;
    assert.deepEqual(gateway.log.filter((c) => c.clientId === mine).map((c) => [c.clientSeq, c.revision]),
      [[1, 1], [2, 7]]);
  });

  test('BASE_REVISION_TOO_OLD resumes; a resume past the window then catches up from the history', async () => {
    const { clock, gateway, tab } = tabGoingOffline('abc', 3);
    gateway.refuseNext.push('BASE_REVISION_TOO_OLD');
    tab.type(insertOp(3, 'X'));
    gateway.sockets[0]!.pumpUp(); // refused: RESUME
    othersType(gateway, 5);
    await pass(clock, gateway, 3_000);
    assert.deepEqual(joins(gateway).map((j) => j.knownRevision), [undefined, 0, 5]);
    assert.equal(gateway.text, '43210abcX');
    assert.equal(tab.text, gateway.text);
    assert.equal(tab.discarded, 0);
  });

  test('without edits to keep, it reloads the document as before: no history is read', async () => {
    const { clock, gateway, tab } = tabGoingOffline('abc', 3);
    gateway.dropAll();
    othersType(gateway, 5);
    await pass(clock, gateway, 3_000);
    assert.equal(tab.text, gateway.text);
    assert.deepEqual(gateway.historyReads, []);
    assert.equal(joins(gateway)[2]!.knownRevision, undefined);
    assert.equal(tab.discarded, 0);
  });

  test('while the history cannot be reached the edits wait, the tab says why, and they go once it can', async () => {
    const { clock, gateway, tab } = awayWhileOthersType((g) => {
      g.historyFails = { status: 502, code: 'UNAVAILABLE' };
    });
    await pass(clock, gateway, 1_000);
    const waiting = tab.session.connection as { status: string; reason?: string };
    assert.deepEqual([waiting.status, waiting.reason], ['offline', HISTORY_UNAVAILABLE]);
    assert.equal(tab.session.unacknowledged, 1);
    assert.equal(tab.text, 'abcX');

    gateway.historyFails = null;
    await pass(clock, gateway, 5_000);
    assert.equal(tab.status, 'online');
    assert.equal(gateway.text, '43210abcX');
    assert.equal(tab.text, gateway.text);
    assert.equal(tab.discarded, 0);
  });

  test('a history that never gets past the tab\'s revision is waited for, then given up with a resync', async () => {
    const { clock, gateway, tab } = awayWhileOthersType((g) => {
      g.historyLag = 5; // the history holds nothing after revision 0 yet (the snapshot service lags)
    });
    await pass(clock, gateway, 1_000);
    assert.equal((tab.session.connection as { reason?: string }).reason, HISTORY_BEHIND);
    assert.equal(tab.session.unacknowledged, 1);
    await pass(clock, gateway, 180_000);
    assert.deepEqual(gateway.historyReads, [1, 1, 1, 1, 1], 'five catch-ups that found nothing, then a resync');
    assert.equal(tab.discarded, 1);
    assert.equal(tab.text, gateway.text);
  });

  test('a history that does not hold the document (404) ends in a resync that offers the tab\'s version', async () => {
    const { clock, gateway, tab } = awayWhileOthersType((g) => {
      g.historyFails = { status: 404, code: 'UNKNOWN_DOCUMENT' };
    });
    await pass(clock, gateway, 3_000);
    const [first, , fresh] = joins(gateway);
    assert.notEqual(fresh!.clientId, first!.clientId);
    assert.equal(fresh!.knownRevision, undefined);
    assert.equal(tab.discarded, 1, 'the page is told, and offers the version it had');
    assert.equal(tab.text, '43210abc');
    assert.ok(tab.notices.includes(`${describeError('CANNOT_RESUME')} Reloading the document.`), `${tab.notices}`);
  });

  test('randomized: tabs away past the window while others type converge with the log, nothing lost', async () => {
    for (const seed of [31, 32, 33, 34]) {
      const random = new Random(seed);
      const { clock, gateway } = setUp('start\n');
      gateway.maxResumeReplay = 4;
      gateway.historyPageSize = 3;
      const tabs = startTabs(gateway, clock, seed);
      for (let step = 0; step < 400; step++) {
        const r = random.int(24);
        const tab = tabs[random.int(3)]!;
        if (r < 8 && tab.session.loaded) {
          tab.type(randomEdit(random, tab.text));
        } else if (r < 10) {
          gateway.sockets[random.int(gateway.sockets.length)]!.drop();
        } else if (r < 12) {
          // someone not in a tab here types a burst: a tab away meanwhile may fall out of the window
          for (let n = random.int(8); n > 0; n--) {
            gateway.commitForeign({ kind: 'text', op: randomEdit(random, gateway.text) });
          }
        } else if (r < 13) {
          gateway.historyFails = gateway.historyFails === null ? { status: 502, code: 'UNAVAILABLE' } : null;
          gateway.historyLag = random.int(3);
        } else if (r < 17) {
          clock.advance(random.int(3_000));
        } else if (r < 20) {
          await new Promise((resolve) => setImmediate(resolve));
        } else {
          gateway.sockets[random.int(gateway.sockets.length)]!.pump();
        }
      }
      gateway.historyFails = null;
      gateway.historyLag = 0;
      await pass(clock, gateway, 120_000);
      assert.ok(gateway.historyReads.length > 0, `seed ${seed}: some tab caught up from the history`);
      assertConverged(tabs, gateway, `seed ${seed}: being away long never loses edits`);
    }
  });
});
