import { randomUUID } from 'node:crypto';
import { SYSTEM, type Claim } from '../../src/domain/claim';
import { ReminderService, type ReminderSender } from '../../src/domain/reminder.service';
import { MongoReminderLedger } from '../../src/store/reminders.repository';
import { MongoUploadRequests } from '../../src/store/upload-requests.repository';
import {
  anActionRequiredClaim,
  anOrg,
  aSubmittedClaim,
  claimInput,
  cole,
  useServices,
  type Services,
} from '../support/services';

const services = useServices();

function sweeper(s: Services): ReminderService {
  return new ReminderService(
    new MongoUploadRequests(s.t.db),
    s.claimsRepo,
    s.claims,
    new MongoReminderLedger(s.t.db),
    s.clock,
    60_000,
  );
}

/**
 * Records what the sweep sends about `claimIds` only: the sweep reads across tenants, and other
 * tests of this file leave their claims in the same database.
 */
function recorder(claimIds: () => readonly string[], names: Record<string, string> = {}) {
  const sent: string[] = [];
  let failDeadlineOnce = false;
  const mine = (c: Claim) => claimIds().includes(c.id);
  const sender: ReminderSender = {
    async request(r, c, kind) {
      if (mine(c)) sent.push(`${names[r.id] ?? r.id}:${kind}`);
    },
    async deadline(c, days) {
      if (!mine(c)) return;
      if (failDeadlineOnce) {
        failDeadlineOnce = false;
        throw new Error('Teams is down');
      }
      sent.push(`deadline:${days}`);
    },
    async expired(c) {
      if (mine(c)) sent.push('expired');
    },
    async responseDue(c, days) {
      if (mine(c)) sent.push(`response:${days}`);
    },
    async disputeOverdue(c, days) {
      if (mine(c)) sent.push(`dispute-overdue:${days}`);
    },
  };
  return {
    sender,
    sent: () => [...sent].sort(),
    failNextDeadline() {
      failDeadlineOnce = true;
    },
  };
}

describe('reminder ledger', () => {
  it('when 20 sweepers claim the same reminder and window at once then exactly one gets each', async () => {
    const s = services();
    const ledger = new MongoReminderLedger(s.t.db);
    const key = `r-${randomUUID()}:due-soon`;
    const marks = await Promise.all(Array.from({ length: 20 }, () => ledger.mark(key, new Date())));
    expect(marks.filter(Boolean)).toHaveLength(1);
    const leases = await Promise.all(Array.from({ length: 20 }, () => ledger.lease(`w-${key}`, new Date())));
    expect(leases.filter(Boolean)).toHaveLength(1);
  }, 120_000);

  it('when a reminder key is given back then it can be claimed again', async () => {
    const s = services();
    const ledger = new MongoReminderLedger(s.t.db);
    const key = `r-${randomUUID()}:overdue`;
    expect(await ledger.mark(key, new Date())).toBe(true);
    await ledger.unmark(key);
    expect(await ledger.mark(key, new Date())).toBe(true);
    expect(await ledger.mark(key, new Date())).toBe(false);
  });
});

describe('ReminderService.sweep', () => {
  it('when two sweeps run at once then each reminder is sent once, a failed send is retried, and the draft expires once past its deadline', async () => {
    const s = services();
    // A monthly program: August 2026 claims are due by 2026-10-15.
    const o = await anOrg(s, [['ADR-HUB', '2026-08', '10000', 'USD']]);
    const { claim } = await s.claims.create(o.user, claimInput({ program: 'ADR-HUB', period: '2026-08' }));
    expect(claim.deadline).toBe('2026-10-15');
    const soon = await s.requests.request(o.user, claim.id, claim.version, {
      assignee: cole,
      need: 'invoice',
      text: '',
      due: '2026-10-13',
    });
    const later = await s.requests.request(o.user, claim.id, soon.picture.claim.version, {
      assignee: cole,
      need: 'other',
      text: '',
      due: '2026-10-15',
    });
    const r = recorder(() => [claim.id], { [soon.request.id]: 'soon', [later.request.id]: 'later' });
    const twice = () => Promise.all([sweeper(s).sweep(r.sender), sweeper(s).sweep(r.sender)]);

    // The first request is due by the end of today; the claim deadline is in 2 days.
    s.clock.set('2026-10-13T08:00:00Z');
    r.failNextDeadline();
    const first = await sweeper(s).sweep(r.sender);
    expect(first.failed).toBe(1);
    expect(r.sent()).toEqual(['soon:due-soon']);
    await twice();
    expect(r.sent()).toEqual(['deadline:2', 'soon:due-soon']);
    await twice(); // nothing new in the same band on the same day
    expect(r.sent()).toEqual(['deadline:2', 'soon:due-soon']);

    // The first is overdue now; the second is due by the end of tomorrow, not yet within 24 h.
    s.clock.set('2026-10-14T08:00:00Z');
    await twice();
    expect(r.sent()).toEqual(['deadline:1', 'deadline:2', 'soon:due-soon', 'soon:overdue']);

    s.clock.set('2026-10-15T01:00:00Z');
    await twice();
    expect(r.sent()).toEqual([
      'deadline:0',
      'deadline:1',
      'deadline:2',
      'later:due-soon',
      'soon:due-soon',
      'soon:overdue',
      'soon:overdue',
    ]);

    // Past the deadline the draft expires (once) and its thread is told once; from then on its requests go quiet.
    s.clock.set('2026-10-16T01:00:00Z');
    await twice();
    expect(r.sent().filter((x) => x === 'expired')).toEqual(['expired']);
    const afterExpiry = r.sent();
    s.clock.set('2026-10-17T01:00:00Z');
    await twice();
    expect(r.sent()).toEqual(afterExpiry);
    const expired = await s.claims.get(o.user, claim.id);
    expect(expired).toMatchObject({ status: 'Expired', expiredAt: new Date('2026-10-16T01:00:00Z') });
    const history = await s.claimsRepo.allEvents(o.tenantId, claim.id);
    expect(history.filter((e) => e.type === 'claim.expired')).toEqual([
      expect.objectContaining({ actor: SYSTEM, data: { deadline: '2026-10-15', from: 'Editing', to: 'Expired' } }),
    ]);

    // The scheduled run takes the window's lease: of two instances in the same window, one sweeps.
    const runs = await Promise.all([sweeper(s).runScheduled(r.sender), sweeper(s).runScheduled(r.sender)]);
    expect(runs.filter((run) => run !== undefined)).toHaveLength(1);
  }, 120_000);

  it('when a draft has just passed its deadline then the sweep that expires it sends no upload reminders for it', async () => {
    const s = services();
    const o = await anOrg(s, [['ADR-HUB', '2026-08', '10000', 'USD']]);
    const { claim } = await s.claims.create(o.user, claimInput({ program: 'ADR-HUB', period: '2026-08' }));
    await s.requests.request(o.user, claim.id, claim.version, {
      assignee: cole,
      need: 'invoice',
      text: '',
      due: '2026-10-15',
    });
    const r = recorder(() => [claim.id]);
    s.clock.set('2026-10-16T01:00:00Z');

    await sweeper(s).sweep(r.sender);

    expect(await s.claims.get(o.user, claim.id)).toMatchObject({ status: 'Expired' });
    // Asking Cole to upload to a claim that can no longer take documents sends them into a dead end.
    expect(r.sent()).toEqual(['expired']);
  }, 120_000);

  it('when claims are past the deadline then only the drafts among them expire', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim: draft } = await s.claims.create(o.user, claimInput());
    const { claim: future } = await s.claims.create(o.user, claimInput({ period: '2026-Q4' }));
    const { claim: submitted } = await aSubmittedClaim(s, o);
    const r = recorder(() => [draft.id, future.id, submitted.id]);
    s.clock.set('2026-11-15T03:00:00Z');

    await sweeper(s).sweep(r.sender);

    expect(await s.claims.get(o.user, draft.id)).toMatchObject({ status: 'Expired' });
    expect(await s.claims.get(o.user, future.id)).toMatchObject({ status: 'Editing', version: future.version });
    expect(await s.claims.get(o.user, submitted.id)).toMatchObject({ status: 'Submitted', version: submitted.version });
    expect(r.sent()).toEqual(['expired']);
  }, 120_000);

  it('when a reviewer asked for information then the partner is reminded as the response comes due, once per band, and after it is overdue', async () => {
    const s = services();
    const o = await anOrg(s);
    const { claim } = await anActionRequiredClaim(s, o);
    expect(claim.dueDate).toBe('2026-10-31');
    const r = recorder(() => [claim.id]);

    s.clock.set('2026-10-20T09:00:00Z');
    await sweeper(s).sweep(r.sender);
    expect(r.sent()).toEqual([]);

    s.clock.set('2026-10-25T09:00:00Z');
    await Promise.all([sweeper(s).sweep(r.sender), sweeper(s).sweep(r.sender)]);
    expect(r.sent()).toEqual(['response:6']);

    s.clock.set('2026-11-02T09:00:00Z');
    await sweeper(s).sweep(r.sender);
    await sweeper(s).sweep(r.sender);
    expect(r.sent()).toEqual(['response:-2', 'response:6']);
  }, 120_000);
});
