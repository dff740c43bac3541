/**
 * Just enough XML for editing an .xlsx package in place: attributes of one tag, escaping, and the
 * elements of a flat list (rows in sheetData, cells in a row) found by position, so that every byte
 * this product does not change stays as the school's file had it.
 */

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** The attributes of a start tag's inside (`r="A1" s="3"`), in order, values unescaped, with their source text. */
export function parseAttributes(inside: string): [string, string, string][] {
  const out: [string, string, string][] = [];
  const re = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(inside))) out.push([m[1], unescapeXml(m[3] ?? m[4] ?? ''), m[0]]);
  return out;
}

export function attribute(inside: string, name: string): string | undefined {
  return parseAttributes(inside).find(([k]) => k === name)?.[1];
}

/** A start tag's attributes with some set (a value) or removed (null); the others kept exactly as written. */
export function withAttributes(inside: string, changes: Record<string, string | null>): string {
  const out: string[] = [];
  const done = new Set<string>();
  for (const [k, , raw] of parseAttributes(inside)) {
    if (k in changes) {
      done.add(k);
      const nv = changes[k];
      if (nv !== null) out.push(`${k}="${escapeXml(nv)}"`);
    } else out.push(raw);
  }
  for (const [k, v] of Object.entries(changes)) if (!done.has(k) && v !== null) out.push(`${k}="${escapeXml(v)}"`);
  return out.length ? ' ' + out.join(' ') : '';
}

/** One element of a flat list: where it starts and ends in the text, its start tag's inside, and its body (null when self-closing). */
export interface Element {
  start: number;
  end: number;
  attrs: string;
  body: string | null;
}

/**
 * The `<name …>` elements directly in `text` between `from` and `to` (they do not nest in themselves:
 * rows, cells, comments). Another element whose name begins the same (`<cols` for `<c`) is not one.
 */
export function elements(text: string, name: string, from = 0, to = text.length): Element[] {
  const out: Element[] = [];
  const re = new RegExp(`<${name}(?=[\\s/>])([^>]*?)(/?)>`, 'g');
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < to) {
    if (m[2] === '/') {
      out.push({ start: m.index, end: m.index + m[0].length, attrs: m[1], body: null });
      continue;
    }
    const close = text.indexOf(`</${name}>`, re.lastIndex);
    if (close < 0 || close > to) throw new Error(`unclosed <${name}>`);
    out.push({ start: m.index, end: close + name.length + 3, attrs: m[1], body: text.slice(re.lastIndex, close) });
    re.lastIndex = close + name.length + 3;
  }
  return out;
}

/** The text inside the first `<name>…</name>` (or '' for `<name/>`), with where that inside starts and ends; null when absent. */
export function section(text: string, name: string): { start: number; end: number; open: number; close: number } | null {
  const m = new RegExp(`<${name}(?=[\\s/>])[^>]*?(/?)>`).exec(text);
  if (!m) return null;
  if (m[1] === '/') return { start: m.index + m[0].length, end: m.index + m[0].length, open: m.index, close: m.index + m[0].length };
  const close = text.indexOf(`</${name}>`, m.index + m[0].length);
  if (close < 0) return null;
  return { start: m.index + m[0].length, end: close, open: m.index, close: close + name.length + 3 };
}
