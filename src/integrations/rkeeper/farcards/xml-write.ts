// Writing XML for r_keeper: attribute-only elements, escaped values (texts for the till are made
// Windows-1251-safe and cut to the DLL's buffers by till-text.ts).

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
