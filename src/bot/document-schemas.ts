import { z } from 'zod';
import type { DetailsInput } from '../domain/document';
import { maxUnitsFor } from '../domain/text-length';
import { text } from './schemas';

/** A hard bound in UTF-16 units wide enough for `max` characters (the document rules count the characters), cleaned of control characters. */
const field = (max: number) => text(maxUnitsFor(max)).optional();

/** The document details a card sends (Add document, Replace, finishing a file sent in chat). */
export const DetailsData = z.object({
  poeKey: field(100),
  vendor: field(200),
  invoiceNumber: field(100),
  invoiceDate: field(20),
  amount: field(40),
  currency: field(10),
  convertedAmount: field(40),
  performedBy: field(200),
  basis: field(500),
  executionDate: field(20),
  reach: field(20),
  preApprovalId: field(100),
  title: field(200),
  note: field(8000),
});

export function detailsOf(data: z.infer<typeof DetailsData>): DetailsInput {
  const keys = Object.keys(DetailsData.shape) as (keyof typeof data)[];
  return Object.fromEntries(keys.filter((k) => data[k] !== undefined).map((k) => [k, data[k]])) as DetailsInput;
}

export const documentKind = z.enum(['invoice', 'csr', 'poe', 'other']);
export const documentId = z.string().uuid();
