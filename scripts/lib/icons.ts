/**
 * The app icons, drawn in code so they can be regenerated (`npm run icons`) and reviewed as a diff
 * of this file: a claim document with a folded corner and a check mark.
 * - color.png 192×192: white document on the accent colour, glyph inside the 120 px safe zone.
 * - outline.png 32×32: white strokes on a transparent background (Teams tints it).
 * Shapes are sampled 8×8 per pixel for smooth edges; the outline keeps its colour pure white and
 * puts the anti-aliasing in the alpha channel, as Teams requires.
 */
import { PNG } from 'pngjs';

export const ACCENT = '#4F52B2';

type Point = readonly [number, number];
type Rgb = readonly [number, number, number];

function hex(color: string): Rgb {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function distanceToSegment([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** A stroked open polyline (round caps and joins). */
function onStroke(p: Point, path: readonly Point[], width: number): boolean {
  for (let i = 0; i + 1 < path.length; i++) if (distanceToSegment(p, path[i]!, path[i + 1]!) <= width / 2) return true;
  return false;
}

/** Even-odd point-in-polygon. */
function inPolygon([x, y]: Point, poly: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The glyph in a 0..1 box: document outline, its folded corner, a check mark. */
const DOC: Point[] = [
  [0.18, 0.06],
  [0.62, 0.06],
  [0.84, 0.28],
  [0.84, 0.94],
  [0.18, 0.94],
];
const FOLD: Point[] = [
  [0.62, 0.06],
  [0.62, 0.28],
  [0.84, 0.28],
];
const CHECK: Point[] = [
  [0.33, 0.6],
  [0.46, 0.73],
  [0.7, 0.46],
];

function scale(points: readonly Point[], x0: number, y0: number, size: number): Point[] {
  return points.map(([x, y]) => [x0 + x * size, y0 + y * size]);
}

class Canvas {
  readonly png: PNG;
  constructor(readonly size: number) {
    this.png = new PNG({ width: size, height: size });
    this.png.data.fill(0);
  }

  fill(color: Rgb): void {
    const d = this.png.data;
    for (let i = 0; i < d.length; i += 4) {
      d[i] = color[0];
      d[i + 1] = color[1];
      d[i + 2] = color[2];
      d[i + 3] = 255;
    }
  }

  /**
   * Paints `color` where `inside` holds, weighted by 8×8 coverage, over what is there. Only pixels
   * within `margin` of the shape's points' bounding box are sampled.
   */
  paint(color: Rgb, points: readonly Point[], margin: number, inside: (p: Point) => boolean): void {
    const n = 8;
    const d = this.png.data;
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const clamp = (v: number) => Math.max(0, Math.min(this.size, v));
    const [left, right] = [clamp(Math.floor(Math.min(...xs) - margin)), clamp(Math.ceil(Math.max(...xs) + margin))];
    const [top, bottom] = [clamp(Math.floor(Math.min(...ys) - margin)), clamp(Math.ceil(Math.max(...ys) + margin))];
    for (let y = top; y < bottom; y++) {
      for (let x = left; x < right; x++) {
        let hits = 0;
        for (let sy = 0; sy < n; sy++)
          for (let sx = 0; sx < n; sx++) if (inside([x + (sx + 0.5) / n, y + (sy + 0.5) / n])) hits++;
        if (hits === 0) continue;
        const a = hits / (n * n);
        const i = (y * this.size + x) * 4;
        const under = d[i + 3]! / 255;
        const out = a + under * (1 - a);
        for (let c = 0; c < 3; c++) d[i + c] = Math.round((color[c]! * a + d[i + c]! * under * (1 - a)) / out);
        d[i + 3] = Math.round(out * 255);
      }
    }
  }
}

export function colorIcon(size = 192): Buffer {
  const canvas = new Canvas(size);
  const accent = hex(ACCENT);
  canvas.fill(accent);
  // The glyph sits in the central 120/192 of the icon (Teams' safe zone).
  const box = size * (120 / 192);
  const x0 = (size - box) / 2;
  const doc = scale(DOC, x0, x0, box);
  const fold = scale(FOLD, x0, x0, box);
  const check = scale(CHECK, x0, x0, box);
  const checkWidth = box * 0.09;
  canvas.paint([255, 255, 255], doc, 0, (p) => inPolygon(p, doc));
  canvas.paint(hex('#C5C7F0'), fold, 0, (p) => inPolygon(p, fold));
  canvas.paint(accent, check, checkWidth, (p) => onStroke(p, check, checkWidth));
  return PNG.sync.write(canvas.png, { colorType: 2 });
}

export function outlineIcon(size = 32): Buffer {
  const canvas = new Canvas(size);
  const x0 = size * 0.02;
  const box = size * 0.96;
  const doc = scale(DOC, x0, x0, box);
  const fold = scale(FOLD, x0, x0, box);
  const check = scale(CHECK, x0, x0, box);
  const line = size / 16; // 2 px at 32×32
  canvas.paint(
    [255, 255, 255],
    doc,
    line * 1.2,
    (p) => onStroke(p, [...doc, doc[0]!], line) || onStroke(p, fold, line) || onStroke(p, check, line * 1.2),
  );
  return PNG.sync.write(canvas.png, { colorType: 6 });
}
