import type { PhysicalItem } from '../casefile/schema.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2025-10-28` → `28 October 2025`, `2025-10` → `October 2025`: unambiguous in every country the packet travels to. */
export function longDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  const name = MONTHS[Number(month) - 1];
  if (!year || !name) return iso;
  return day ? `${Number(day)} ${name} ${year}` : `${name} ${year}`;
}

const PHYSICAL_KIND: Record<PhysicalItem['kind'], [string, string]> = {
  'glass-slides': ['glass slide', 'Glass slides'],
  'paraffin-blocks': ['paraffin block', 'Paraffin blocks'],
  'unstained-sections': ['unstained section', 'Unstained sections'],
  'cd-dvd': ['CD/DVD', 'CDs/DVDs'],
  other: ['item', 'Other items'],
};

/** One physical item sent separately, in words: what, how many, how, when, tracking. */
export interface PhysicalLine {
  what: string;
  /** "sent by DHL Express on 28 October 2025, tracking 1234 5678" or "not yet sent". */
  shipping: string;
}

export function physicalLine(item: PhysicalItem): PhysicalLine {
  const [one, many] = PHYSICAL_KIND[item.kind];
  const count = item.count !== undefined ? `${item.count} ${item.count === 1 ? one : `${one}s`.replace('CD/DVDs', 'CDs/DVDs')}` : many;
  const what = `${count.charAt(0).toUpperCase()}${count.slice(1)}${item.description ? ` (${item.description})` : ''}`;
  const parts = [
    item.courier ? `sent by ${item.courier}` : item.shippedOn ? 'sent' : '',
    item.shippedOn ? `on ${longDate(item.shippedOn)}` : '',
  ].filter(Boolean);
  const sent = parts.length > 0 ? parts.join(' ') : 'shipping date not given';
  return { what, shipping: `${sent}${item.tracking ? `, tracking number ${item.tracking}` : ''}` };
}
