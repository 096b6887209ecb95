/**
 * The co-op activities of domain.md: what proof of execution (PoE) each requires, which metrics,
 * and which caps apply. Pure data plus lookups.
 */
export type ActivityGroup = 'Demand generation' | 'Market development' | 'Partner readiness';

export interface PoeRequirement {
  readonly key: string;
  readonly label: string;
}

export interface MetricRequirement {
  readonly key: string;
  readonly label: string;
  /** integer: a whole number ≥ 0; text: a short summary. */
  readonly kind: 'integer' | 'text';
}

export type CapRule =
  /** A fixed amount per usage period for this activity (in the cap's own currency). */
  | { readonly kind: 'fixed'; readonly units: number; readonly currency: string }
  /** A share of the program's earned funds per usage period; Surface programs may have another share. */
  | { readonly kind: 'percentOfEarned'; readonly percent: number; readonly surfacePercent: number }
  /** The greater of a share of earned funds or a fixed amount; Surface PC & Hub unlimited. */
  | {
      readonly kind: 'greaterOf';
      readonly percent: number;
      readonly units: number;
      readonly currency: string;
      readonly surfaceUnlimited: boolean;
    }
  /** Microsoft-hosted conferences: travel per person per conference, attendees, and per period. */
  | {
      readonly kind: 'conferenceTravel';
      readonly perPersonUnits: number;
      readonly maxAttendees: number;
      readonly perPeriodUnits: number;
      readonly currency: string;
      readonly attendeesMetric: string;
    };

export interface Activity {
  readonly code: string;
  readonly name: string;
  readonly group: ActivityGroup;
  readonly poe: readonly PoeRequirement[];
  readonly metrics: readonly MetricRequirement[];
  readonly cap?: CapRule;
  /** Programs this activity may not be claimed in (e.g. Surface ADD for employee purchase). */
  readonly notEligiblePrograms?: readonly string[];
}

/** Surface programs (domain.md). */
export const SURFACE_PROGRAMS: readonly string[] = ['ADD-HUB', 'ADD-PC', 'ADR-HUB'];
export const SURFACE_ADD_PROGRAMS: readonly string[] = ['ADD-HUB', 'ADD-PC'];

const reach: MetricRequirement = { key: 'estimatedReach', label: 'Estimated reach', kind: 'integer' };
const results: MetricRequirement = {
  key: 'resultsSummary',
  label: 'Results summary (e.g. click-through)',
  kind: 'text',
};
const attendees: MetricRequirement = { key: 'attendees', label: 'Attendees', kind: 'integer' };

export const ACTIVITIES: readonly Activity[] = [
  // Demand generation
  {
    code: 'print-advertising',
    name: 'Print advertising',
    group: 'Demand generation',
    poe: [
      {
        key: 'final-ad',
        label: 'Copy of the final ad showing the core requirements (company brand and contact, Microsoft content)',
      },
    ],
    metrics: [reach],
  },
  {
    code: 'digital-advertising',
    name: 'Digital advertising',
    group: 'Demand generation',
    poe: [
      { key: 'ad-screenshot', label: 'Screenshot of the ad' },
      { key: 'landing-page-url', label: 'Landing page URL' },
    ],
    metrics: [{ ...results, label: 'Results summary (e.g. click-through)' }],
  },
  {
    code: 'direct-mail',
    name: 'Direct mail, email, SMS',
    group: 'Demand generation',
    poe: [
      { key: 'final-piece', label: 'Copy of the final piece' },
      {
        key: 'proof-of-distribution',
        label: 'Proof of distribution (postmarked envelope, dated email header, photo of the SMS)',
      },
    ],
    metrics: [reach],
  },
  {
    code: 'website-seo',
    name: 'Partner website and search engine',
    group: 'Demand generation',
    poe: [
      { key: 'pages', label: 'URL and/or screenshots of the pages' },
      { key: 'seo-sow', label: 'Statement of work for SEO' },
    ],
    metrics: [results],
  },
  {
    code: 'syndicated-content',
    name: 'Microsoft syndicated content',
    group: 'Demand generation',
    poe: [{ key: 'pages', label: 'URL and/or screenshots of the pages' }],
    metrics: [results],
    cap: { kind: 'fixed', units: 18_750, currency: 'USD' },
  },
  {
    code: 'multi-touch',
    name: 'Multi-touch digital campaign',
    group: 'Demand generation',
    poe: [
      {
        key: 'channel-poe',
        label: 'All proof of execution of each channel used (digital ad, email, website/SEO, telemarketing)',
      },
    ],
    metrics: [{ key: 'resultsPerChannel', label: 'Results per channel', kind: 'text' }],
  },
  // Market development
  {
    code: 'telemarketing',
    name: 'Telemarketing',
    group: 'Market development',
    poe: [{ key: 'script', label: 'Copy of the script (with the company name/brand in it)' }],
    metrics: [
      { key: 'callsMade', label: 'Calls made', kind: 'integer' },
      { key: 'successfulContacts', label: 'Successful contacts', kind: 'integer' },
    ],
  },
  {
    code: 'customer-seminars',
    name: 'Customer seminars and bootcamps',
    group: 'Market development',
    poe: [
      { key: 'invitation-agenda', label: 'Invitation and agenda' },
      { key: 'event-photos', label: 'Event photos' },
    ],
    metrics: [{ key: 'registeredGuests', label: 'Registered guests', kind: 'integer' }],
  },
  {
    code: 'tradeshows',
    name: 'Tradeshows and exhibitions',
    group: 'Market development',
    poe: [
      { key: 'invitation-agenda', label: 'Invitation and agenda' },
      { key: 'participation-photo', label: 'Photo proving participation (booth, talk)' },
    ],
    metrics: [{ key: 'attendeesOrVisitors', label: 'Attendees or booth visitors', kind: 'integer' }],
  },
  {
    code: 'customer-offers',
    name: 'Customer offers',
    group: 'Market development',
    poe: [{ key: 'offer-terms', label: 'The offer with its terms and conditions' }],
    metrics: [results],
    cap: { kind: 'percentOfEarned', percent: 25, surfacePercent: 100 },
  },
  {
    code: 'internal-incentives',
    name: 'Internal incentives and SPIFFs',
    group: 'Market development',
    poe: [{ key: 'contest-rules', label: 'Contest rules / communication with terms' }],
    metrics: [results],
    cap: { kind: 'percentOfEarned', percent: 25, surfacePercent: 100 },
  },
  {
    code: 'on-site-champ',
    name: 'On-site champ',
    group: 'Market development',
    poe: [{ key: 'deliverables-sample', label: 'Sample of the deliverables' }],
    metrics: [],
    cap: { kind: 'percentOfEarned', percent: 50, surfacePercent: 100 },
  },
  {
    code: 'proof-of-concept',
    name: 'Proof of concept',
    group: 'Market development',
    poe: [{ key: 'materials', label: 'Materials developed (white paper, case study, research data)' }],
    metrics: [],
  },
  {
    code: 'employee-purchase',
    name: 'Employee purchase web setup',
    group: 'Market development',
    poe: [{ key: 'landing-page', label: 'Landing page URL or screenshots' }],
    metrics: [],
    notEligiblePrograms: SURFACE_ADD_PROGRAMS,
  },
  {
    code: 'product-seeding',
    name: 'Product seeding / demo units',
    group: 'Market development',
    poe: [{ key: 'specs-or-delivery', label: 'System specs (in-house) or proof of delivery (third party)' }],
    metrics: [],
    cap: { kind: 'greaterOf', percent: 10, units: 3_000, currency: 'USD', surfaceUnlimited: true },
  },
  // Partner readiness
  {
    code: 'program-participation',
    name: 'Partner program participation',
    group: 'Partner readiness',
    poe: [{ key: 'microsoft-invoice', label: 'Original Microsoft invoice' }],
    metrics: [],
  },
  {
    code: 'exams-tuition',
    name: 'Microsoft exams and tuition',
    group: 'Partner readiness',
    poe: [{ key: 'course-invoice', label: 'Third-party invoice with course or exam code and completion date' }],
    metrics: [{ key: 'attendeeList', label: 'Attendee list and cost per person', kind: 'text' }],
  },
  {
    code: 'internal-training',
    name: 'Internal training and floor days',
    group: 'Partner readiness',
    poe: [
      { key: 'agenda', label: 'Training agenda or event program' },
      { key: 'ms-content', label: 'Microsoft presentation content' },
    ],
    metrics: [attendees],
  },
  {
    code: 'ms-conferences',
    name: 'Microsoft-hosted conferences',
    group: 'Partner readiness',
    poe: [
      { key: 'invitation', label: 'Invitation or registration showing Microsoft hosts it' },
      { key: 'itinerary', label: 'Travel itinerary' },
    ],
    metrics: [attendees],
    cap: {
      kind: 'conferenceTravel',
      perPersonUnits: 5_000,
      maxAttendees: 3,
      perPeriodUnits: 45_000,
      currency: 'USD',
      attendeesMetric: 'attendees',
    },
  },
];

const BY_CODE = new Map(ACTIVITIES.map((a) => [a.code, a]));

export function findActivity(code: string): Activity | undefined {
  return BY_CODE.get(code);
}

export function isSurfaceProgram(programCode: string): boolean {
  return SURFACE_PROGRAMS.includes(programCode);
}
