import { rgb, type PDFPage, type RGB } from '../util/pdf-lib.js';
import { drawRun, textRuns, type FontSet } from './fonts.js';

/** The pattern a bar is filled with: told apart in black and white, never by colour alone. */
export type BarPattern = 'solid' | 'light' | 'diagonal' | 'cross' | 'vertical' | 'outline';

export interface ChartBar {
  /** Printed beside the bar, e.g. "1 FOLFIRINOX". */
  label: string;
  /** YYYY-MM-DD or YYYY-MM (a month: from its first day). */
  start: string;
  /** Absent: still going on at `until`. */
  end?: string;
  pattern: BarPattern;
}

export type MarkShape = 'triangle' | 'circle' | 'diamond';

export interface ChartMark { date: string; shape: MarkShape }

export interface ChartData {
  bars: ChartBar[];
  marks: ChartMark[];
  /** Where open bars end and the axis stops at the latest (the packet's "as of" date). */
  until: string;
  legend: { pattern?: BarPattern; shape?: MarkShape; text: string }[];
}

export interface Box { x: number; y: number; width: number; height: number }

const BLACK = rgb(0, 0, 0);
const WHITE = rgb(1, 1, 1);
const DARK = rgb(0.25, 0.25, 0.25);
const LIGHT = rgb(0.8, 0.8, 0.8);
const AXIS_GREY = rgb(0.45, 0.45, 0.45);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = 86_400_000;

/** A partial date to a time: a month starts on its 1st, or (for an end) ends on its last day. */
export function dateTime(date: string, endOfMonth = false): number {
  const [y, m, d] = date.split('-').map(Number);
  if (d !== undefined) return Date.UTC(y ?? 1970, (m ?? 1) - 1, d);
  return endOfMonth ? Date.UTC(y ?? 1970, m ?? 1, 0) : Date.UTC(y ?? 1970, (m ?? 1) - 1, 1);
}

/** Bars packed into lanes: a later bar shares a lane with an earlier one it does not overlap, so long histories stay short. */
export function packLanes(bars: readonly ChartBar[], until: string, maxLanes: number): number[] {
  const ends: number[] = [];
  const lanes = bars.map((bar) => {
    const start = dateTime(bar.start);
    const end = dateTime(bar.end ?? until, true);
    // Alone in a lane while there is room; sharing only when the histories grow long.
    const free = bars.length <= maxLanes ? -1 : ends.findIndex((e) => e + 20 * DAY < start);
    const lane = free === -1 ? ends.length : free;
    ends[lane] = end;
    return lane;
  });
  return lanes.map((l) => Math.min(l, maxLanes - 1));
}

/** Month ticks 1, 2, 3, 6, 12 or 24 months apart: at most eight labels on the axis. */
export function ticks(from: number, to: number): { time: number; label: string }[] {
  const months = (to - from) / (30.44 * DAY);
  const step = [1, 2, 3, 6, 12, 24, 60].find((s) => months / s <= 8) ?? 120;
  const first = new Date(from);
  let year = first.getUTCFullYear();
  let month = Math.ceil(first.getUTCMonth() / step) * step + (first.getUTCDate() > 1 && first.getUTCMonth() % step === 0 ? step : 0);
  const out: { time: number; label: string }[] = [];
  for (;;) {
    year += Math.floor(month / 12);
    month %= 12;
    const time = Date.UTC(year, month, 1);
    if (time > to) return out;
    if (step < 12 || month === 0) out.push({ time, label: step >= 12 ? String(year) : `${MONTHS[month]} ${year}` });
    month += step;
  }
}

export function text(page: PDFPage, fonts: FontSet, value: string, x: number, y: number, size: number, color: RGB = BLACK): void {
  let cursor = x;
  for (const run of textRuns(value, fonts)) {
    drawRun(page, run.text, { x: cursor, y, size, font: run.font, color });
    cursor += run.font.widthOfTextAtSize(run.text, size);
  }
}

export function textWidth(fonts: FontSet, value: string, size: number): number {
  return textRuns(value, fonts).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);
}

/** Hatch lines clipped to the rectangle by hand (pdf-lib draws no clipped pattern): slope 1, -1 or vertical. */
function hatch(page: PDFPage, r: Box, slope: 1 | -1 | 0, gap = 3.2): void {
  const line = (x1: number, y1: number, x2: number, y2: number): void => page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness: 0.6, color: DARK });
  if (slope === 0) {
    for (let x = r.x + gap / 2; x < r.x + r.width; x += gap) line(x, r.y, x, r.y + r.height);
    return;
  }
  // Lines y = slope·(x − c) + r.y for c across the rectangle, each cut to it.
  for (let c = r.x - r.height; c < r.x + r.width; c += gap) {
    const xs = slope === 1 ? [Math.max(r.x, c), Math.min(r.x + r.width, c + r.height)] : [Math.max(r.x, c), Math.min(r.x + r.width, c + r.height)];
    const [x1, x2] = xs as [number, number];
    if (x2 <= x1) continue;
    if (slope === 1) line(x1, r.y + (x1 - c), x2, r.y + (x2 - c));
    else line(x1, r.y + r.height - (x1 - c), x2, r.y + r.height - (x2 - c));
  }
}

export function drawPatternBox(page: PDFPage, r: Box, pattern: BarPattern): void {
  const fill = pattern === 'solid' ? DARK : pattern === 'light' ? LIGHT : WHITE;
  page.drawRectangle({ ...r, color: fill });
  if (pattern === 'diagonal' || pattern === 'cross') hatch(page, r, 1);
  if (pattern === 'cross') hatch(page, r, -1);
  if (pattern === 'vertical') hatch(page, r, 0, 2.6);
  page.drawRectangle({ ...r, borderColor: BLACK, borderWidth: 0.7 });
}

export function drawMark(page: PDFPage, x: number, y: number, shape: MarkShape, size = 4): void {
  if (shape === 'circle') page.drawCircle({ x, y, size, color: WHITE, borderColor: BLACK, borderWidth: 1 });
  else if (shape === 'triangle') page.drawSvgPath(`M 0 ${-size} L ${size} ${size * 0.8} L ${-size} ${size * 0.8} Z`, { x, y, color: BLACK });
  else page.drawSvgPath(`M 0 ${-size} L ${size} 0 L 0 ${size} L ${-size} 0 Z`, { x, y, color: BLACK });
}

const LEGEND_H = 14;
/** More treatment lines than this share lanes (a later line in the lane of one that ended before it). */
const MAX_LANES = 8;
const AXIS_H = 16;
const MARKS_H = 16;

/** Lanes of the bars, whether they share lanes, and the height of a lane (taller when a number sits above each bar). */
function laneLayout(data: ChartData): { lanes: number[]; laneCount: number; shared: boolean; laneH: number } {
  const lanes = packLanes(data.bars, data.until, MAX_LANES);
  const shared = data.bars.length > MAX_LANES;
  return { lanes, laneCount: Math.max(1, ...lanes.map((l) => l + 1)), shared, laneH: shared ? 20 : 13 };
}

/** The height the chart needs for its data: lanes, the marks row, the axis and the legend. */
export function timelineChartHeight(data: ChartData): number {
  const { laneCount, laneH } = laneLayout(data);
  return LEGEND_H + AXIS_H + MARKS_H + 6 + laneCount * laneH;
}

/**
 * The chart's date range: every bar and mark, the summary's date (ongoing lines run to it) and any other dates
 * drawn on the same axis (marker values), padded so the first and last marks are not cut by the frame.
 */
export function timeRange(data: ChartData, otherDates: readonly string[] = []): { from: number; to: number } {
  const times = [...data.bars.flatMap((b) => [dateTime(b.start), dateTime(b.end ?? data.until, true)]), ...data.marks.map((m) => dateTime(m.date)), dateTime(data.until), ...otherDates.map((d) => dateTime(d))];
  const from = Math.min(...times);
  const to = Math.max(...times, from + 30 * DAY);
  const pad = (to - from) * 0.03;
  return { from: from - pad, to: to + pad };
}

/** The label beside its bar: right of it when there is room, else left of it, else inside on a white ground. */
function drawBarLabel(page: PDFPage, fonts: FontSet, label: string, bar: Box, plot: Box, size: number): void {
  const width = textWidth(fonts, label, size);
  const y = bar.y + (bar.height - size * 0.7) / 2;
  if (bar.x + bar.width + 3 + width <= plot.x + plot.width) { text(page, fonts, label, bar.x + bar.width + 3, y, size); return; }
  if (bar.x - 3 - width >= plot.x) { text(page, fonts, label, bar.x - 3 - width, y, size); return; }
  const x = Math.max(plot.x, Math.min(bar.x + 2, plot.x + plot.width - width - 2));
  page.drawRectangle({ x: x - 1, y: y - 1.5, width: width + 2, height: size + 1, color: WHITE });
  text(page, fonts, label, x, y, size);
}

export function drawAxis(page: PDFPage, fonts: FontSet, plot: Box, from: number, to: number): void {
  const xOf = (t: number): number => plot.x + ((t - from) / (to - from)) * plot.width;
  page.drawLine({ start: { x: plot.x, y: plot.y }, end: { x: plot.x + plot.width, y: plot.y }, thickness: 0.8, color: BLACK });
  for (const tick of ticks(from, to)) {
    const x = xOf(tick.time);
    page.drawLine({ start: { x, y: plot.y }, end: { x, y: plot.y + plot.height }, thickness: 0.3, color: LIGHT, dashArray: [1.5, 2] });
    page.drawLine({ start: { x, y: plot.y - 3 }, end: { x, y: plot.y }, thickness: 0.8, color: BLACK });
    const w = textWidth(fonts, tick.label, 7);
    text(page, fonts, tick.label, Math.min(Math.max(x - w / 2, plot.x), plot.x + plot.width - w), plot.y - 11, 7, AXIS_GREY);
  }
}

function drawLegend(page: PDFPage, fonts: FontSet, box: Box, legend: ChartData['legend']): void {
  let x = box.x;
  const y = box.y + 3;
  for (const item of legend) {
    if (item.pattern) drawPatternBox(page, { x, y: y - 1, width: 14, height: 7 }, item.pattern);
    else if (item.shape) drawMark(page, x + 5, y + 2.5, item.shape, 3.2);
    text(page, fonts, item.text, x + 17, y, 7);
    x += 17 + textWidth(fonts, item.text, 7) + 10;
  }
}

/**
 * The treatment timeline in vector graphics: treatment lines as patterned
 * bars (one lane each, shared when there are many), operations, biopsy and
 * scans as marks on their own row, a month or year axis, and a legend. It is
 * read without colour: patterns and shapes carry the meaning.
 */
export function drawTimelineChart(page: PDFPage, fonts: FontSet, box: Box, data: ChartData, range = timeRange(data)): void {
  const { from, to } = range;
  const plot: Box = { x: box.x, y: box.y + LEGEND_H + AXIS_H, width: box.width, height: box.height - LEGEND_H - AXIS_H };
  const xOf = (t: number): number => plot.x + ((t - from) / (to - from)) * plot.width;
  drawAxis(page, fonts, plot, from, to);
  const { lanes, shared, laneH } = laneLayout(data);
  const barH = 8;
  data.bars.forEach((bar, i) => {
    const top = plot.y + plot.height - MARKS_H - (lanes[i] ?? 0) * laneH;
    const x1 = xOf(dateTime(bar.start));
    const x2 = Math.max(x1 + 2, xOf(dateTime(bar.end ?? data.until, true)));
    const r: Box = { x: x1, y: top - laneH + 2, width: x2 - x1, height: barH };
    drawPatternBox(page, r, bar.pattern);
    // Bars sharing a lane leave no room for names: the number alone, above its bar, which the table explains.
    if (shared) {
      const label = bar.label.split(' ')[0] ?? '';
      text(page, fonts, label, x1 + (x2 - x1) / 2 - textWidth(fonts, label, 6.5) / 2, r.y + barH + 2, 6.5);
    } else drawBarLabel(page, fonts, bar.label, r, plot, 7.5);
  });
  const marksY = plot.y + plot.height - MARKS_H / 2;
  for (const mark of data.marks) drawMark(page, xOf(dateTime(mark.date)), marksY, mark.shape);
  drawLegend(page, fonts, { x: box.x, y: box.y, width: box.width, height: LEGEND_H }, data.legend);
}
