import {
  MongoClient,
  MongoServerError,
  type Collection,
  type Db,
  type Filter,
  type IndexDescription,
  type OptionalUnlessRequiredId,
  type WithoutId,
} from 'mongodb';

export interface MongoOptions {
  readonly uri: string;
  readonly dbName: string;
  readonly serverSelectionTimeoutMS: number;
  /**
   * How long one operation may wait for the database: for a free connection, and for an answer on
   * it. Unset: no bound (test set-up and scripts that run long index builds).
   */
  readonly operationTimeoutMS?: number;
}

export async function connectMongo(options: MongoOptions): Promise<{ client: MongoClient; db: Db }> {
  // The driver's timeoutMS (CSOT) is a no-op in this driver version, so a database that accepts
  // connections but never answers is bounded by the socket and pool timeouts instead: a hung
  // socket fails with MongoNetworkTimeoutError, a pool whose new connections hang with
  // MongoWaitQueueTimeoutError. The driver's one automatic retry may take a second such wait.
  const bound = options.operationTimeoutMS;
  const client = new MongoClient(options.uri, {
    appName: 'coop-claims-bot',
    ignoreUndefined: true,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS,
    connectTimeoutMS: options.serverSelectionTimeoutMS,
    ...(bound === undefined ? {} : { socketTimeoutMS: bound, waitQueueTimeoutMS: bound }),
    maxPoolSize: 50,
  });
  await client.connect();
  return { client, db: client.db(options.dbName) };
}

export const COLLECTIONS = {
  claims: 'claims',
  events: 'claim_events',
  programs: 'programs',
  programFunds: 'program_funds',
  members: 'members',
  memberRoles: 'member_roles',
  tenants: 'tenants',
  counters: 'counters',
  reviewCards: 'review_cards',
  overviewRows: 'overview_rows',
  claimList: 'claim_list',
  migrations: 'migrations',
  settings: 'tenant_settings',
  downloadTokens: 'download_tokens',
  processed: 'processed_activities',
  // Documents and uploads
  conversations: 'conversations',
  uploadRequests: 'upload_requests',
  uploadTokens: 'upload_tokens',
  stagedUploads: 'staged_uploads',
  remindersSent: 'reminders_sent',
  sweepLeases: 'sweep_leases',
  fundsLedger: 'funds_ledger',
  rates: 'currency_rates',
  roleEvents: 'role_events',
  downloadTokenUses: 'download_token_uses',
} as const;

/** Every index the application relies on; created at startup (idempotent). See docs/STORAGE.md. */
export const INDEXES: Readonly<Record<string, readonly IndexDescription[]>> = {
  [COLLECTIONS.claims]: [
    { key: { tenantId: 1, number: 1 }, name: 'tenant_number', unique: true },
    // The claims list's total: claims still at version 0 hold a number but are not listed.
    { key: { tenantId: 1, version: 1 }, name: 'tenant_version' },
    { key: { tenantId: 1, status: 1, programCode: 1, 'period.code': 1 }, name: 'tenant_status_program_period' },
    { key: { tenantId: 1, programCode: 1, 'period.code': 1 }, name: 'tenant_program_period' },
    // The reminder sweep, across tenants: drafts by their deadline, other waiting claims by their due day.
    { key: { status: 1, deadline: 1 }, name: 'status_deadline' },
    { key: { status: 1, dueDate: 1 }, name: 'status_due' },
  ],
  // Lists and overview rows read claim_list, never the claims: every filter is an equality here.
  [COLLECTIONS.claimList]: [
    { key: { tenantId: 1, block: 1, n: -1 }, name: 'tenant_block' },
    { key: { tenantId: 1, status: 1, n: -1 }, name: 'tenant_status' },
    { key: { tenantId: 1, programCode: 1, periodCode: 1, n: -1 }, name: 'tenant_program_period' },
    { key: { tenantId: 1, createdById: 1, n: -1 }, name: 'tenant_creator' },
    { key: { tenantId: 1, homeConversationId: 1, n: -1 }, name: 'tenant_home' },
    { key: { claimId: 1, version: 1 }, name: 'claim_version' },
  ],
  [COLLECTIONS.fundsLedger]: [{ key: { tenantId: 1, programCode: 1, periodCode: 1, seq: -1 }, name: 'key_seq' }],
  [COLLECTIONS.rates]: [{ key: { tenantId: 1, currency: 1 }, name: 'tenant_currency' }],
  [COLLECTIONS.roleEvents]: [{ key: { tenantId: 1, at: -1 }, name: 'tenant_at' }],
  [COLLECTIONS.downloadTokenUses]: [{ key: { at: 1 }, name: 'ttl_at', expireAfterSeconds: 2 * 24 * 3600 }],
  [COLLECTIONS.overviewRows]: [{ key: { tenantId: 1 }, name: 'tenant' }],
  [COLLECTIONS.events]: [{ key: { claimId: 1, seq: 1 }, name: 'claim_seq', unique: true }],
  [COLLECTIONS.programs]: [{ key: { tenantId: 1, code: 1 }, name: 'tenant_code', unique: true }],
  [COLLECTIONS.programFunds]: [{ key: { tenantId: 1, programCode: 1 }, name: 'tenant_program' }],
  [COLLECTIONS.members]: [{ key: { tenantId: 1, userId: 1 }, name: 'tenant_user', unique: true }],
  [COLLECTIONS.memberRoles]: [
    { key: { tenantId: 1, userId: 1 }, name: 'tenant_user' },
    { key: { tenantId: 1, role: 1 }, name: 'tenant_role' },
  ],
  [COLLECTIONS.downloadTokens]: [{ key: { expiresAt: 1 }, name: 'ttl_expires', expireAfterSeconds: 0 }],
  [COLLECTIONS.processed]: [{ key: { at: 1 }, name: 'ttl_at', expireAfterSeconds: 2 * 24 * 3600 }],
  [COLLECTIONS.conversations]: [
    { key: { tenantId: 1, conversationId: 1 }, name: 'tenant_conversation', unique: true },
    { key: { tenantId: 1, userId: 1 }, name: 'tenant_user' },
  ],
  [COLLECTIONS.uploadRequests]: [
    { key: { tenantId: 1, claimId: 1 }, name: 'tenant_claim' },
    { key: { tenantId: 1, 'assignee.id': 1 }, name: 'tenant_assignee' },
    { key: { due: 1 }, name: 'due' },
  ],
  [COLLECTIONS.uploadTokens]: [
    { key: { tenantId: 1, 'grant.person.id': 1 }, name: 'tenant_person' },
    // Kept 30 days past expiry so an old link says "expired" rather than "not valid".
    { key: { expiresAt: 1 }, name: 'ttl_expires', expireAfterSeconds: 30 * 24 * 3600 },
  ],
  [COLLECTIONS.stagedUploads]: [{ key: { createdAt: 1 }, name: 'created' }],
  [COLLECTIONS.remindersSent]: [{ key: { at: 1 }, name: 'at' }],
  [COLLECTIONS.sweepLeases]: [{ key: { at: 1 }, name: 'at' }],
};

/**
 * Creates the indexes one by one. An engine that lacks an optional index feature (FerretDB 1.x has
 * no TTL indexes) gets a warning instead of a failed start; the returned list names what is missing.
 */
export async function ensureIndexes(db: Db): Promise<string[]> {
  const missing: string[] = [];
  for (const [collection, indexes] of Object.entries(INDEXES)) {
    for (const index of indexes) {
      try {
        await db.collection(collection).createIndexes([index]);
      } catch (err) {
        // Engines without TTL (FerretDB 1.x: code 238; Cosmos DB RU on non-_ts fields) still run;
        // expired rows then stay until pruned, and the log says which indexes are missing.
        if (err instanceof MongoServerError && index.expireAfterSeconds !== undefined) {
          missing.push(
            `${collection}.${index.name} (TTL not supported by this engine: ${err.code ?? err.codeName ?? 'error'})`,
          );
          continue;
        }
        throw err;
      }
    }
  }
  return missing;
}

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === 11000;
}

/** Runs an insert and tells whether it stored the document (false: the key was taken). */
export async function insertedFirst(insert: Promise<unknown>): Promise<boolean> {
  try {
    await insert;
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Runs an insert whose document may already exist (a retry, or a concurrent first writer). */
export async function ignoreDuplicate(insert: Promise<unknown>): Promise<void> {
  await insertedFirst(insert);
}

/**
 * Stores `doc` under its _id: insert, or replace the existing one that matches `filter` (by
 * default any). Insert first, because concurrent upserts of a missing document are not atomic on
 * every engine.
 */
export async function insertOrReplace<T extends { _id: string }>(
  col: Collection<T>,
  doc: T,
  filter: Filter<T> = {},
): Promise<void> {
  if (!(await insertedFirst(col.insertOne(doc as OptionalUnlessRequiredId<T>)))) {
    await col.replaceOne({ ...filter, _id: doc._id } as Filter<T>, doc as WithoutId<T>);
  }
}

/** True for errors that mean "the database is not reachable": the user should try again. */
export function isStoreOutage(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const names = [
    'MongoServerSelectionError',
    'MongoNetworkError',
    'MongoNetworkTimeoutError',
    'MongoNotConnectedError',
    'MongoTopologyClosedError',
    'MongoPoolClearedError',
    // A database that hangs rather than dies: no free connection in time, or (drivers with CSOT) the
    // operation's own deadline passed.
    'MongoWaitQueueTimeoutError',
    'MongoOperationTimeoutError',
  ];
  return names.includes(err.name) || names.includes(err.constructor.name);
}

/**
 * A cheap round trip used by /readyz: false when the database fails or does not answer within
 * `timeoutMs`. The ping is raced with a timer because a hung database holds it for as long as the
 * driver's own timeouts allow, and a probe must answer sooner than its caller gives up.
 */
export async function ping(db: Db, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const answered = db.command({ ping: 1 }).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
  }
}
