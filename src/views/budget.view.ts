import type { Budget } from '../domain/funds.service';
import { formatMoney } from '../domain/money';
import { formatWhen } from './format';
import type { BudgetCapRow } from './card-models';
import type { Card, CardRenderer } from './render-card';

/** `budget PROGRAM PERIOD`: earned, approved, pending and remaining, and each capped activity's headroom. */
export function budgetCard(renderer: CardRenderer, b: Budget, at: Date): Card {
  const money = (minor: number | undefined) => (minor === undefined ? 'not set' : formatMoney(minor, b.currency));
  return renderer.render('budget', {
    programCode: b.key.programCode,
    periodCode: b.key.periodCode,
    subtitle: `The same figures the readiness check uses · as of ${formatWhen(at)}${b.usdRate ? ` · USD caps at 1 USD = ${b.usdRate.perUsdMicro / 1_000_000} ${b.currency} (set ${b.usdRate.setOn})` : ''}`,
    facts: [
      { title: 'Earned', value: money(b.earnedMinor) },
      { title: 'Approved', value: money(b.approvedMinor) },
      { title: 'Pending (submitted, in review, disputed)', value: money(b.pendingMinor) },
      { title: 'Remaining', value: money(b.remainingMinor === undefined ? undefined : Math.max(0, b.remainingMinor)) },
    ],
    caps: b.caps.map((c): BudgetCapRow => ({
      name: c.activity.name,
      detail:
        c.limitMinor === undefined
          ? `The cap is in USD and no USD → ${b.currency} rate is set (\`rate ${b.currency} …\`)`
          : c.limitMinor === Infinity
            ? `No cap in ${b.key.programCode}; held ${money(c.usedMinor)}`
            : `Cap ${money(c.limitMinor)} · held ${money(c.usedMinor)}`,
      headroom: c.headroomMinor === undefined ? 'rate needed' : money(c.headroomMinor),
      color: c.headroomMinor === undefined || c.headroomMinor === 0 ? 'Attention' : 'Good',
    })),
  });
}
