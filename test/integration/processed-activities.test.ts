import { randomUUID } from 'node:crypto';
import { ProcessedActivities } from '../../src/store/processed-activities.repository';
import { openTestDb, type TestDb } from '../support/db';

let t: TestDb;
let processed: ProcessedActivities;

beforeAll(async () => {
  t = await openTestDb();
  processed = new ProcessedActivities(t.db);
});

afterAll(async () => {
  await t.drop();
});

function tenant(): string {
  return `tenant-${randomUUID()}`;
}

describe('ProcessedActivities', () => {
  it('when an activity id is claimed then the first claim is true and a replay is false', async () => {
    const a = tenant();
    const id = `act-${randomUUID()}`;
    expect(await processed.claim(a, id)).toBe(true);
    expect(await processed.claim(a, id)).toBe(false);
    expect(await processed.claim(a, id)).toBe(false);
  });

  it('when a claimed id is released then it can be claimed again, once', async () => {
    const a = tenant();
    const id = `act-${randomUUID()}`;
    expect(await processed.claim(a, id)).toBe(true);
    await processed.release(a, id);
    expect(await processed.claim(a, id)).toBe(true);
    expect(await processed.claim(a, id)).toBe(false);
  });

  it('when releasing an id that was never claimed then nothing fails', async () => {
    await expect(processed.release(tenant(), `act-${randomUUID()}`)).resolves.toBeUndefined();
  });

  it('when two tenants see the same activity id then each claims it once', async () => {
    const a = tenant();
    const id = `act-${randomUUID()}`;
    const b = tenant();
    expect(await processed.claim(a, id)).toBe(true);
    expect(await processed.claim(b, id)).toBe(true);
    expect(await processed.claim(b, id)).toBe(false);
    await processed.release(b, id);
    expect(await processed.claim(a, id)).toBe(false);
  });

  it('when ten instances claim the same id at once then exactly one gets it', async () => {
    const a = tenant();
    const id = `act-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 10 }, () => processed.claim(a, id)));
    expect(results.filter(Boolean)).toHaveLength(1);
  }, 120_000);
});
