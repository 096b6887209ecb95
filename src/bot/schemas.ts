import { z } from 'zod';
import { STATUSES } from '../domain/status';

/** Shared zod pieces for card data: strict types and lengths, so operators or huge values never get through. */
export const claimId = z.string().uuid();
export const version = z.union([
  z.number().int().min(0).max(1_000_000_000),
  z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
]);
export const page = z
  .union([
    z.number().int().min(0).max(100_000),
    z
      .string()
      .regex(/^\d{1,6}$/)
      .transform(Number),
  ])
  .default(0);
export const text = (max: number) => z.string().max(max);
export const statusName = z.enum(STATUSES);

export const ClaimRef = z.object({ claimId });
export const VersionedClaimRef = z.object({ claimId, version });
