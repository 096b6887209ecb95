import { z } from 'zod';
import type { DetailsInput } from '../domain/document';
import { maxUnitsFor } from '../domain/text-length';

/** A hard bound in UTF-16 units wide enough for `max` characters; the document rules count the characters. */
const field = (max: number) => z.string().max(maxUnitsFor(max)).optional();

/** The document details a card sends (Add document, Replace, finishing a file sent in chat). */
export const DetailsData = z.object({
  poeKey: field(100),
  vendor: field(200),
  invoiceNumber: field(100),
  invoiceDate: field(20),
  amount: field(40),
  currency: field(10),
  performedBy: field(200),
  basis: field(500),
  executionDate: field(20),
  reach: field(20),
  preApprovalId: field(100),
  title: field(200),
  note: field(2000),
});

export function detailsOf(data: z.infer<typeof DetailsData>): DetailsInput {
  const {
    poeKey,
    vendor,
    invoiceNumber,
    invoiceDate,
    amount,
    currency,
    performedBy,
    basis,
    executionDate,
    reach,
    preApprovalId,
    title,
    note,
  } = data;
  return {
    poeKey,
    vendor,
    invoiceNumber,
    invoiceDate,
    amount,
    currency,
    performedBy,
    basis,
    executionDate,
    reach,
    preApprovalId,
    title,
    note,
  };
}

export const documentKind = z.enum(['invoice', 'csr', 'poe', 'other']);
export const documentId = z.string().uuid();
