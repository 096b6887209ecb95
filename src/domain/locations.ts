/** Countries/regions a claim can be for (ISO 3166-1 alpha-2), with English names. */
const CODES =
  'AD AE AF AG AI AL AM AO AR AT AU AW AZ BA BB BD BE BF BG BH BI BJ BM BN BO BR BS BT BW BY BZ CA CD CF CG CH CI CL CM CN CO CR CV CY CZ DE DJ DK DM DO DZ EC EE EG ES ET FI FJ FO FR GA GB GD GE GH GI GL GM GN GQ GR GT GU GW GY HK HN HR HT HU ID IE IL IN IQ IS IT JM JO JP KE KG KH KM KN KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MK ML MM MN MO MR MT MU MV MW MX MY MZ NA NC NE NG NI NL NO NP NZ OM PA PE PF PG PH PK PL PR PS PT PY QA RE RO RS RW SA SB SC SE SG SI SK SL SM SN SO SR SV SZ TD TG TH TJ TM TN TO TR TT TW TZ UA UG US UY UZ VC VE VG VI VN VU WS XK YE ZA ZM ZW'.split(
    ' ',
  );

const names = new Intl.DisplayNames(['en'], { type: 'region' });

export interface Location {
  readonly code: string;
  readonly name: string;
}

export const LOCATIONS: readonly Location[] = CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort(
  (a, b) => a.name.localeCompare(b.name),
);

const BY_CODE = new Map(LOCATIONS.map((l) => [l.code, l]));

export function findLocation(code: string): Location | undefined {
  return BY_CODE.get(code.trim().toUpperCase());
}
