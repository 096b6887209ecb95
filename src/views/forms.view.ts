import { ACTIVITIES } from '../domain/activities';
import type { FieldErrors, NewClaimInput } from '../domain/claim.service';
import { LOCATIONS } from '../domain/locations';
import type { Program } from '../domain/program';
import type { Card, CardRenderer } from './render-card';

const COMMON_CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'CAD',
  'AUD',
  'CHF',
  'SEK',
  'NOK',
  'DKK',
  'INR',
  'BRL',
  'MXN',
  'CNY',
  'SGD',
  'ZAR',
];

const EMPTY: NewClaimInput = {
  program: '',
  activity: '',
  location: '',
  period: '',
  amount: '',
  currency: '',
  description: '',
};

export function newClaimCard(
  renderer: CardRenderer,
  programs: readonly Program[],
  values: Partial<NewClaimInput> = {},
  errors: FieldErrors = {},
  banner = '',
): Card {
  const v = { ...EMPTY, ...values };
  const currency = v.currency || (programs.length === 1 ? programs[0]!.currency : 'USD');
  const currencies = [...new Set([...programs.map((p) => p.currency), currency, ...COMMON_CURRENCIES])].filter((c) =>
    /^[A-Z]{3}$/.test(c),
  );
  return renderer.render('new-claim', {
    banner,
    noPrograms: programs.length === 0,
    values: { ...v, program: v.program || (programs.length === 1 ? programs[0]!.code : ''), currency },
    errors: {
      program: '',
      activity: '',
      location: '',
      period: '',
      amount: '',
      currency: '',
      description: '',
      ...errors,
    },
    programs: programs.map((p) => ({ title: `${p.code} (${p.currency})`, value: p.code })),
    activities: ACTIVITIES.map((a) => ({ title: `${a.name} — ${a.group}`, value: a.code })),
    locations: LOCATIONS.map((l) => ({ title: l.name, value: l.code })),
    currencies: currencies.map((c) => ({ title: c, value: c })),
  });
}

export interface HelpLine {
  readonly usage: string;
  readonly text: string;
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
