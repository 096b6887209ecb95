import type { Claim } from '../domain/claim';
import { ACTIVITY_CHOICES, type FieldErrors, type NewClaimInput, type ProgramChoice } from '../domain/claim.service';
import { LOCATIONS } from '../domain/locations';
import { minorDigits } from '../domain/money';
import { claimDeadline, type UsagePeriod } from '../domain/period';
import type { Choice } from './card-models';
import type { Card, CardRenderer } from './render-card';

const EMPTY: NewClaimInput = {
  program: '',
  activity: '',
  location: '',
  period: '',
  amount: '',
  currency: '',
  description: '',
};
const NO_ERRORS = { program: '', activity: '', location: '', period: '', amount: '', currency: '', description: '' };

function periodTitle(p: UsagePeriod, programCode?: string): string {
  return `${p.code} (${p.start} – ${p.end}, submit by ${claimDeadline(p)})${programCode ? ` · ${programCode}` : ''}`;
}

/**
 * The new-claim form: programs, and as usage periods only those open for claims now (started, deadline
 * not passed) — chosen, never typed, so funds, caps and overview rows always meet on the same period.
 */
export function newClaimCard(
  renderer: CardRenderer,
  choices: readonly ProgramChoice[],
  values: Partial<NewClaimInput> = {},
  errors: FieldErrors = {},
  banner = '',
): Card {
  const v = { ...EMPTY, ...values };
  const only = choices.length === 1 ? choices[0]!.program : undefined;
  const currency = v.currency || only?.currency || choices[0]?.program.currency || 'USD';
  const several = choices.length > 1;
  const periodChoices = choices.flatMap((c) =>
    c.periods.map((p): Choice => ({ title: periodTitle(p, several ? c.program.code : undefined), value: p.code })),
  );
  const unique = [...new Map(periodChoices.map((p) => [p.value, p])).values()];
  return renderer.render('new-claim', {
    heading: 'New co-op claim',
    intro: 'One activity, in one program, one country or region and one usage period.',
    editing: false,
    claimId: '',
    banner,
    noPrograms: choices.length === 0,
    values: { ...v, program: v.program || only?.code || '', currency },
    errors: { ...NO_ERRORS, ...errors },
    programs: choices.map((c): Choice => ({
      title: `${c.program.code} (${c.program.currency})`,
      value: c.program.code,
    })),
    activities: ACTIVITY_CHOICES,
    locations: LOCATIONS.map((l): Choice => ({ title: l.name, value: l.code })),
    periodChoices: unique,
    periodHint:
      choices.length > 0 && unique.length === 0
        ? 'No usage period is open for claims right now (a period opens when it starts and closes 45 days after it ends).'
        : several
          ? 'Choose a period of the program you picked (each program has its own period length).'
          : '',
    currencies: [...new Set(choices.map((c) => c.program.currency).concat(currency))].map((c): Choice => ({
      title: c,
      value: c,
    })),
    submitTitle: 'Create claim',
    submitVerb: 'claim.create',
    submitData: {},
  });
}

/** Edit claim: the creation form, prefilled; the program and its currency stay. */
export function editClaimCard(
  renderer: CardRenderer,
  claim: Claim,
  choice: ProgramChoice | undefined,
  values?: Partial<NewClaimInput>,
  errors: FieldErrors = {},
  banner = '',
): Card {
  const digits = minorDigits(claim.currency);
  const current = {
    program: claim.programCode,
    activity: claim.activityCode,
    location: claim.location,
    period: claim.period.code,
    amount: (claim.claimedMinor / 10 ** digits).toFixed(digits),
    currency: claim.currency,
    description: claim.description,
  };
  const periods = [claim.period, ...(choice?.periods ?? []).filter((p) => p.code !== claim.period.code)];
  return renderer.render('new-claim', {
    heading: `Edit ${claim.number}`,
    intro: 'Change what is wrong; the same checks as at creation apply. History records every change.',
    editing: true,
    claimId: claim.id,
    banner,
    noPrograms: false,
    values: { ...current, ...values, program: claim.programCode, currency: claim.currency },
    errors: { ...NO_ERRORS, ...errors },
    programs: [{ title: `${claim.programCode} (${claim.currency})`, value: claim.programCode }],
    activities: ACTIVITY_CHOICES,
    locations: LOCATIONS.map((l): Choice => ({ title: l.name, value: l.code })),
    periodChoices: periods.map((p): Choice => ({ title: periodTitle(p), value: p.code })),
    periodHint: '',
    currencies: [{ title: claim.currency, value: claim.currency }],
    submitTitle: 'Save changes',
    submitVerb: 'claim.edit',
    submitData: { claimId: claim.id, version: claim.version },
  });
}

export interface HelpLine {
  readonly usage: string;
  readonly text: string;
  /** False for lines `help` shows but the Teams command menu does not (it holds 10). */
  readonly menu?: boolean;
}

export function helpCard(renderer: CardRenderer, commands: readonly HelpLine[]): Card {
  return renderer.render('help', { commands });
}

export function noticeCard(
  renderer: CardRenderer,
  title: string,
  text: string,
  color: 'Default' | 'Good' | 'Warning' | 'Attention' = 'Default',
  ref = '',
): Card {
  return renderer.render('notice', { title, text, color, ref });
}

export function linkCard(renderer: CardRenderer, title: string, text: string, button: string, url: string): Card {
  return renderer.render('link', { title, text, button, url });
}
