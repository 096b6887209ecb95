import { granularityOf, type Granularity, type UsagePeriod } from './period';

export interface EarnedFunds {
  readonly period: UsagePeriod;
  readonly earnedMinor: number;
}

export interface Program {
  readonly tenantId: string;
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  /** Fixed with the program's first earned funds: every period of the program has this length. */
  readonly granularity: Granularity;
  readonly periods: readonly EarnedFunds[];
}

export function earnedFor(program: Program, periodCode: string): number | undefined {
  return program.periods.find((p) => p.period.code === periodCode)?.earnedMinor;
}

/** Programs stored before granularity was kept: the length of their first period. */
export function inferGranularity(periods: readonly EarnedFunds[]): Granularity {
  return (periods[0] && granularityOf(periods[0].period.code)) ?? 'quarter';
}

export const PROGRAM_CODE = /^[A-Z0-9][A-Z0-9-]{1,23}$/;
