import type { UsagePeriod } from './period';

export interface EarnedFunds {
  readonly period: UsagePeriod;
  readonly earnedMinor: number;
}

export interface Program {
  readonly tenantId: string;
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  readonly periods: readonly EarnedFunds[];
}

export function earnedFor(program: Program, periodCode: string): number | undefined {
  return program.periods.find((p) => p.period.code === periodCode)?.earnedMinor;
}

export const PROGRAM_CODE = /^[A-Z0-9][A-Z0-9-]{1,23}$/;
