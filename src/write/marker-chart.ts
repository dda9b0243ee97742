import { rgb, type PDFPage } from '../util/pdf-lib.js';
import type { FontSet } from './fonts.js';
import { dateTime, drawAxis, text, textWidth, type Box } from './timeline-chart.js';

/** One value on the chart: its date, value, and whether only a letter quotes it. */
export interface TrendPoint { date: string; value: number; qualifier?: '<' | '>'; quoted: boolean }

/** One marker series as drawn: name, unit, the points oldest first, the upper reference limit. */
export interface TrendSeries { name: string; unit: string; method?: string; points: TrendPoint[]; upper?: number }

/** A treatment line shown as a band behind the values, numbered as in the table. */
export interface TrendBand { label: string; start: number; end: number }

const BLACK = rgb(0, 0, 0);
const WHITE = rgb(1, 1, 1);
const BAND = rgb(0.9, 0.9, 0.9);
const GRID = rgb(0.78, 0.78, 0.78);
const AXIS_GREY = rgb(0.4, 0.4, 0.4);
/** Above the plot: the series' title; below it: the month axis. */
const TITLE_H = 13;
const AXIS_H = 14;

/** `1250` → `1,250`, `4` → `4.0`, `0.01` → `0.01`: close to how a lab report prints it (a tick label: `4`). */
export function formatValue(value: number, qualifier?: '<' | '>', asTick = false): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
  const minimum = asTick || value >= 10 || Number.isInteger(value * 10) === false ? 0 : 1;
  const shown = Number(value.toFixed(digits)).toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: minimum });
  return `${qualifier ?? ''}${shown}`;
}

interface Scale { log: boolean; min: number; max: number; ticks: number[] }

/** Log scale when the values span more than two decades (a fall from 5,000 to 20 stays readable), else linear from 0. */
export function valueScale(values: readonly number[], upper: number | undefined): Scale {
  const all = [...values, ...(upper !== undefined ? [upper] : [])].filter((v) => v > 0);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  if (hi / lo > 100) {
    const min = Math.floor(Math.log10(lo));
    const max = Math.ceil(Math.log10(hi));
    return { log: true, min, max: max === min ? min + 1 : max, ticks: Array.from({ length: max - min + 1 }, (_, i) => 10 ** (min + i)) };
  }
  const step = niceStep(hi / 4);
  const max = Math.ceil((hi * 1.1) / step) * step;
  return { log: false, min: 0, max, ticks: Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step) };
}

function niceStep(rough: number): number {
  const decade = 10 ** Math.floor(Math.log10(rough));
  return ([1, 2, 2.5, 5, 10].find((m) => m * decade >= rough) ?? 10) * decade;
}

function yOf(scale: Scale, plot: Box, value: number): number {
  const v = scale.log ? Math.log10(Math.max(value, 10 ** scale.min)) : value;
  return plot.y + ((v - scale.min) / (scale.max - scale.min)) * plot.height;
}

/** The series' shape: a filled circle for the first series, an open square for the next, so print in grey still tells them apart. */
function drawPoint(page: PDFPage, x: number, y: number, shapeIndex: number, quoted: boolean): void {
  const fill = quoted ? WHITE : BLACK;
  if (shapeIndex % 2 === 0) page.drawCircle({ x, y, size: 2.8, color: fill, borderColor: BLACK, borderWidth: 0.9 });
  else page.drawRectangle({ x: x - 2.6, y: y - 2.6, width: 5.2, height: 5.2, color: quoted ? WHITE : rgb(0.55, 0.55, 0.55), borderColor: BLACK, borderWidth: 0.9 });
}

function drawBands(page: PDFPage, fonts: FontSet, plot: Box, bands: readonly TrendBand[], xOf: (t: number) => number): void {
  for (const band of bands) {
    const x1 = Math.max(plot.x, xOf(band.start));
    const x2 = Math.min(plot.x + plot.width, xOf(band.end));
    if (x2 <= x1) continue;
    page.drawRectangle({ x: x1, y: plot.y, width: x2 - x1, height: plot.height, color: BAND });
    text(page, fonts, band.label, x1 + 2, plot.y + plot.height - 7, 6, AXIS_GREY);
  }
}

function drawValueGrid(page: PDFPage, fonts: FontSet, plot: Box, scale: Scale): void {
  for (const tick of scale.ticks) {
    const y = yOf(scale, plot, tick);
    if (y > plot.y + plot.height + 0.5) continue;
    page.drawLine({ start: { x: plot.x, y }, end: { x: plot.x + plot.width, y }, thickness: 0.3, color: GRID });
    // Tick values sit inside the plot at its left edge, so the time axis lines up with the timeline above.
    // The top line's value goes under it, clear of the series' title above the plot.
    const labelY = y + 7.5 > plot.y + plot.height ? y - 6 : y + 1.5;
    text(page, fonts, formatValue(tick, undefined, true), plot.x + 1.5, labelY, 5.5, AXIS_GREY);
  }
}

/** The dashed upper limit, its label where no point is near it (the right end, else the left, else below the line). */
function drawUpperLimit(page: PDFPage, fonts: FontSet, plot: Box, scale: Scale, upper: number, points: readonly { x: number; y: number }[]): void {
  const y = yOf(scale, plot, upper);
  page.drawLine({ start: { x: plot.x, y }, end: { x: plot.x + plot.width, y }, thickness: 0.9, color: BLACK, dashArray: [4, 2.5] });
  const label = `upper reference limit ${formatValue(upper, undefined, true)}`;
  const w = textWidth(fonts, label, 6);
  const clear = (x: number, ly: number): boolean => points.every((p) => p.x < x - 14 || p.x > x + w + 14 || p.y < ly - 12 || p.y > ly + 18);
  const spots = [[plot.x + plot.width - w - 2, y + 2], [plot.x + 22, y + 2], [plot.x + plot.width - w - 2, y - 8], [plot.x + 22, y - 8]] as const;
  const [lx, ly] = spots.find(([x, sy]) => clear(x, sy)) ?? spots[0];
  page.drawRectangle({ x: lx - 1, y: ly - 1, width: w + 2, height: 7, color: WHITE });
  text(page, fonts, label, lx, ly, 6, BLACK);
}

/** The line through the points and each value above its point, unless it would print over the previous label. */
function drawPoints(page: PDFPage, fonts: FontSet, plot: Box, scale: Scale, series: TrendSeries, shapeIndex: number, xOf: (t: number) => number): void {
  const at = series.points.map((p) => ({ p, x: xOf(dateTime(p.date)), y: yOf(scale, plot, p.value) }));
  for (let i = 1; i < at.length; i++) {
    const a = at[i - 1] as (typeof at)[number];
    const b = at[i] as (typeof at)[number];
    page.drawLine({ start: { x: a.x, y: a.y }, end: { x: b.x, y: b.y }, thickness: 1, color: BLACK, ...(shapeIndex % 2 ? { dashArray: [2, 1.5] } : {}) });
  }
  let lastLabelEnd = -Infinity;
  for (const { p, x, y } of at) {
    drawPoint(page, x, y, shapeIndex, p.quoted);
    const label = formatValue(p.value, p.qualifier);
    const w = textWidth(fonts, label, 6.5);
    const lx = Math.min(Math.max(x - w / 2, plot.x), plot.x + plot.width - w);
    if (lx < lastLabelEnd + 2) continue;
    const ly = y + 4.5 + 6.5 > plot.y + plot.height ? y - 10 : y + 4.5;
    // A white ground under the value, so the line through the points never crosses its digits.
    page.drawRectangle({ x: lx - 0.5, y: ly - 1.2, width: w + 1, height: 6.4, color: WHITE });
    text(page, fonts, label, lx, ly, 6.5);
    lastLabelEnd = lx + w;
  }
}

/** The height one series' panel takes with its title and axis. */
export function markerPanelHeight(plotHeight: number): number {
  return TITLE_H + plotHeight + AXIS_H;
}

/**
 * One marker's trend on the treatment timeline's time axis (`from`..`to`, the same as the chart above): treatment
 * lines as numbered light bands behind the values, the upper reference limit dashed, each value printed over its
 * point, a log scale when the values span more than two decades (the title says so). Shapes, not colours.
 */
export function drawMarkerPanel(page: PDFPage, fonts: FontSet, box: Box, series: TrendSeries, shapeIndex: number, range: { from: number; to: number }, bands: readonly TrendBand[]): void {
  const plot: Box = { x: box.x, y: box.y + AXIS_H, width: box.width, height: box.height - AXIS_H - TITLE_H };
  const xOf = (t: number): number => plot.x + ((t - range.from) / (range.to - range.from)) * plot.width;
  const scale = valueScale(series.points.map((p) => p.value), series.upper);
  drawBands(page, fonts, plot, bands, xOf);
  drawValueGrid(page, fonts, plot, scale);
  drawAxis(page, fonts, plot, range.from, range.to);
  page.drawLine({ start: { x: plot.x, y: plot.y }, end: { x: plot.x, y: plot.y + plot.height }, thickness: 0.6, color: BLACK });
  const placed = series.points.map((p) => ({ x: xOf(dateTime(p.date)), y: yOf(scale, plot, p.value) }));
  if (series.upper !== undefined) drawUpperLimit(page, fonts, plot, scale, series.upper, placed);
  drawPoints(page, fonts, plot, scale, series, shapeIndex, xOf);
  const title = `${series.name}${series.unit ? `, ${series.unit}` : ', unit not printed'}${series.method ? ` (${series.method})` : ''}${scale.log ? ' — logarithmic scale (each grid line ten times the one below)' : ''}`;
  drawPoint(page, box.x + 3, box.y + box.height - TITLE_H + 5.5, shapeIndex, false);
  text(page, fonts, title, box.x + 9, box.y + box.height - TITLE_H + 3, 8);
}
