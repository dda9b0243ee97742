/**
 * Tumour markers as data: the names and spellings lab reports and letters use,
 * and the units each is reported in. Units that are the same quantity under
 * another name (U/mL = kU/L; ng/mL = µg/L; IU/L = mIU/mL) share a `unitGroup`
 * and land in one series; any other unit is a series of its own.
 */
export interface MarkerDefinition {
  /** Stable id on the wire: `ca19-9`, `cea`… */
  id: string;
  /** How a reviewer writes it. */
  name: string;
  /** Spellings, as regular-expression sources (case-insensitive, matched on word edges). */
  aliases: readonly string[];
}

export const MARKERS: readonly MarkerDefinition[] = [
  { id: 'ca19-9', name: 'CA 19-9', aliases: ['ca\\s?19[-.\\s]?9', 'carbohydrate antigen 19[-.\\s]?9', 'cancer antigen 19[-.\\s]?9', 'gi cancer antigen', 'sialyl lewis'] },
  { id: 'cea', name: 'CEA', aliases: ['cea', 'carcinoembryonic antigen', 'carcino-embryonic antigen'] },
  { id: 'psa-free', name: 'PSA (free)', aliases: ['free psa', 'psa,? free', 'f-?psa', 'free prostate[- ]specific antigen'] },
  { id: 'psa', name: 'PSA (total)', aliases: ['total psa', 'psa,? total', 't-?psa', 'psa', 'prostate[- ]specific antigen(?:,? total)?'] },
  { id: 'ca-125', name: 'CA-125', aliases: ['ca[-\\s]?125', 'cancer antigen 125'] },
  { id: 'ca15-3', name: 'CA 15-3', aliases: ['ca\\s?15[-.\\s]?3', 'cancer antigen 15[-.\\s]?3'] },
  { id: 'ca72-4', name: 'CA 72-4', aliases: ['ca\\s?72[-.\\s]?4'] },
  { id: 'afp', name: 'AFP', aliases: ['afp', 'alpha[- ]?feto[- ]?protein', 'α[- ]?fetoprotein'] },
  { id: 'beta-hcg', name: 'Beta-hCG', aliases: ['(?:beta|β|b)[- ]?h?cg', '(?:total )?hcg(?: \\+ ?beta)?', 'human chorionic gonadotrophin', 'human chorionic gonadotropin'] },
  { id: 'ldh', name: 'LDH', aliases: ['ldh', 'lactate dehydrogenase', 'ld'] },
  { id: 'chromogranin-a', name: 'Chromogranin A', aliases: ['chromogranin[- ]a', 'cga'] },
  { id: 'nse', name: 'NSE', aliases: ['nse', 'neuron[- ]specific enolase'] },
  { id: 'cyfra21-1', name: 'CYFRA 21-1', aliases: ['cyfra\\s?21[-.\\s]?1'] },
  { id: 'scc', name: 'SCC antigen', aliases: ['scc(?:[- ]?ag| antigen)?', 'squamous cell carcinoma antigen'] },
  { id: 'he4', name: 'HE4', aliases: ['he4'] },
];

/** Each unit as printed (lower-case, µ/u/mc folded) → how it is shown, and its group of equal units. */
const UNITS: Record<string, { unit: string; group: string }> = {
  'u/ml': { unit: 'U/mL', group: 'U/mL' },
  'ku/l': { unit: 'kU/L', group: 'U/mL' },
  'iu/ml': { unit: 'IU/mL', group: 'IU/mL' },
  'kiu/l': { unit: 'kIU/L', group: 'IU/mL' },
  'ng/ml': { unit: 'ng/mL', group: 'ng/mL' },
  'ug/l': { unit: 'µg/L', group: 'ng/mL' },
  'ng/l': { unit: 'ng/L', group: 'ng/L' },
  'pg/ml': { unit: 'pg/mL', group: 'ng/L' },
  'iu/l': { unit: 'IU/L', group: 'IU/L' },
  'miu/ml': { unit: 'mIU/mL', group: 'IU/L' },
  'u/l': { unit: 'U/L', group: 'U/L' },
  'nmol/l': { unit: 'nmol/L', group: 'nmol/L' },
  'pmol/l': { unit: 'pmol/L', group: 'pmol/L' },
  'ug/ml': { unit: 'µg/mL', group: 'µg/mL' },
};

/** How a series' unit is shown: the first spelling of the group that the readings used, else the group's name. */
export const UNIT_PATTERN = /(?<![\w/])(k?i?u|m?iu|n?g|[uµμ]g|mcg|pg|[np]mol)\s?\/\s?(m?l|dl)(?![\w/])/i;

export interface UnitReading { unit: string; group: string }

/** A unit token as printed → its name and group; undefined for units no marker is given in. */
export function readUnit(token: string): UnitReading | undefined {
  const folded = token.toLowerCase().replace(/\s+/g, '').replace(/[µμ]|mc(?=g)/g, 'u');
  return UNITS[folded];
}

/** One regular expression per marker over all its aliases, longest alias first so `free PSA` wins over `PSA`. */
export const MARKER_PATTERNS: readonly { marker: MarkerDefinition; pattern: RegExp }[] = MARKERS.map((marker) => ({
  marker,
  pattern: new RegExp(`(?<![\\w-])(?:${[...marker.aliases].sort((a, b) => b.length - a.length).join('|')})(?![\\w])`, 'i'),
}));

/** The marker a disease is followed by first: the chart's first series. */
export function diseaseMarkers(diagnosis: string | undefined): string[] {
  const d = (diagnosis ?? '').toLowerCase();
  if (/pancrea|biliary|cholangio|gallbladder/.test(d)) return ['ca19-9', 'cea'];
  if (/colo|rect|bowel|gastric|stomach|oesophag|esophag/.test(d)) return ['cea', 'ca19-9'];
  if (/prostat/.test(d)) return ['psa', 'psa-free'];
  if (/ovar|fallopian|peritoneal/.test(d)) return ['ca-125', 'he4'];
  if (/liver|hepatocell|hcc/.test(d)) return ['afp'];
  if (/testi|germ cell/.test(d)) return ['afp', 'beta-hcg', 'ldh'];
  if (/breast/.test(d)) return ['ca15-3', 'cea'];
  if (/neuroendocrine|carcinoid|net\b/.test(d)) return ['chromogranin-a'];
  return [];
}
