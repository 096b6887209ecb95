import { canonicalJson, chainHead, eventHash, verifyChain, type ChainedEvent } from '../../src/domain/history-chain';

function event(seq: number, text = `event ${seq}`): ChainedEvent {
  return {
    tenantId: 't',
    claimId: 'c',
    seq,
    type: 'comment.added',
    actor: { id: '29:bob', name: 'Bob' },
    at: new Date(Date.UTC(2026, 9, seq)),
    data: { text },
    set: { version: seq },
  };
}

function chained(events: ChainedEvent[]) {
  let prev: string | null = null;
  return events.map((e) => {
    const hash = eventHash(e, prev);
    const out = { ...e, prevHash: prev, hash };
    prev = hash;
    return out;
  });
}

describe('canonical JSON', () => {
  it('when keys come in another order, or a member is undefined, then the text is the same', () => {
    expect(canonicalJson({ b: 1, a: { d: new Date('2026-10-01T00:00:00Z'), c: undefined } })).toBe(
      canonicalJson({ a: { d: new Date('2026-10-01T00:00:00.000Z') }, b: 1 }),
    );
    expect(canonicalJson({ a: [1, 'ü', null] })).toBe('{"a":[1,"ü",null]}');
  });
});

describe('verifyChain', () => {
  it('when the chain is whole then it verifies and its head is the last hash', () => {
    const all = chained([event(1), event(2), event(3)]);
    expect(verifyChain(all, 3, all[2]!.hash)).toEqual({ intact: true, events: 3, unchained: 0, head: all[2]!.hash });
  });

  it('when events predate chaining then they may only come first, and chainHead continues after them', () => {
    const legacy = [event(1), event(2)];
    const head = chainHead(legacy);
    const next = { ...event(3), prevHash: head, hash: eventHash(event(3), head) };
    expect(verifyChain([...legacy, next], 3, next.hash)).toMatchObject({ intact: true, unchained: 2 });
    // An unchained event after a chained one is not legacy: it was inserted or stripped.
    const stripped = chained([event(1), event(2)]);
    expect(verifyChain([stripped[0]!, event(2)], 2, undefined)).toMatchObject({ intact: false, firstBroken: 2 });
  });

  it('when an event is newer than the claim read then it is left to the next check', () => {
    const all = chained([event(1), event(2), event(3)]);
    expect(verifyChain(all, 2, all[1]!.hash)).toMatchObject({ intact: true, events: 2 });
  });

  it('when the claim holds another hash than the last event then the last event is named', () => {
    const all = chained([event(1), event(2)]);
    expect(verifyChain(all, 2, 'x')).toEqual({ intact: false, events: 2, firstBroken: 2, reason: 'changed' });
  });
});
