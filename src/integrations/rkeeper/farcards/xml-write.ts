// Writing XML for r_keeper: attribute-only elements, escaped values, texts cut to DLL limits.

/** Cuts by code points (never halves a surrogate pair) and drops characters XML cannot carry. */
export function clip(text: string, max: number): string {
  const clean = text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
  return Array.from(clean).slice(0, max).join('');
}

/** Escapes an attribute value; line breaks become character references so they survive. */
export function escapeAttr(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type AttrValue = string | number | boolean | undefined;

/** `<name a="1" b="x"/>` or with inner markup; undefined attributes are left out, booleans are 1/0. */
export function element(name: string, attrs: Record<string, AttrValue>, inner = ''): string {
  const parts = Object.entries(attrs)
    .filter((e): e is [string, string | number | boolean] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(typeof v === 'boolean' ? (v ? '1' : '0') : String(v))}"`);
  return inner === '' ? `<${name}${parts.join('')}/>` : `<${name}${parts.join('')}>${inner}</${name}>`;
}

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>';
