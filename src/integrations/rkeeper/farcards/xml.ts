// Safe XML reading for everything r_keeper sends: a byte limit, an explicit encoding policy,
// no DTDs (so no entity-expansion attacks), a nesting limit, and one plain element tree out.
import { SaxesParser } from 'saxes';
import { reject } from './errors.ts';

export interface XmlElement {
  name: string;
  attrs: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** Concatenated character data directly inside the element (entities decoded, CDATA kept). */
  text: string;
}

export interface XmlLimits {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Deepest element nesting accepted. A real check XML is about 6 levels deep. */
  maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 1024 * 1024, maxDepth: 64 };

type Encoding = 'utf-8' | 'windows-1251';

// Names seen in the wild for the two encodings r_keeper installations use.
const ENCODING_ALIASES: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1251': 'windows-1251',
  'win-1251': 'windows-1251',
  cp1251: 'windows-1251',
  'x-cp1251': 'windows-1251',
};

function encodingByName(name: string): Encoding {
  const enc = ENCODING_ALIASES[name.trim().toLowerCase()];
  if (enc) return enc;
  return reject(
    'rkeeper.xml.encoding',
    {
      ru: `Кодировка ${name} не поддерживается (нужна UTF-8)`,
      en: `Encoding ${name} is not supported (use UTF-8)`,
    },
    { encoding: name.slice(0, 40) },
  );
}

const DECLARED_ENCODING = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']/;

function charsetOf(contentType: string | undefined): string | undefined {
  return contentType?.match(/charset\s*=\s*"?([^";\s]+)/i)?.[1];
}

/**
 * Bytes → text. The XML declaration wins over the Content-Type charset: ExtDllHTTP writes the
 * declaration next to the bytes it encodes, while the header is often a library default.
 */
export function decodeBody(
  body: Uint8Array | string,
  contentType: string | undefined,
  limits: XmlLimits,
): string {
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (size > limits.maxBytes) {
    reject(
      'rkeeper.xml.too_large',
      {
        ru: `Тело запроса больше ${limits.maxBytes} байт`,
        en: `The body exceeds ${limits.maxBytes} bytes`,
      },
      { size, limit: limits.maxBytes },
    );
  }
  if (typeof body === 'string') {
    // Already decoded by the caller; only refuse declarations we could never have decoded.
    const declared = body.replace(/^\uFEFF/, '').match(DECLARED_ENCODING)?.[1];
    if (declared !== undefined) encodingByName(declared);
    return body.replace(/^\uFEFF/, '');
  }
  let bytes = body;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    encodingByName('utf-16');
  }
  // The declaration is ASCII in both supported encodings, so latin1 reads it faithfully.
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = head.match(DECLARED_ENCODING)?.[1];
  const charset = charsetOf(contentType);
  const encoding = encodingByName(declared ?? charset ?? 'utf-8');
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return reject(
      'rkeeper.xml.encoding',
      { ru: `Тело запроса не в кодировке ${encoding}`, en: `The body is not valid ${encoding}` },
      { encoding },
    );
  }
}

function malformed(detail: string): never {
  return reject(
    'rkeeper.xml.malformed',
    { ru: `Некорректный XML: ${detail}`, en: `Malformed XML: ${detail}` },
    { detail: detail.slice(0, 200) },
  );
}

/**
 * Parses a whole document into its single root element, or rejects with a protocol error.
 * saxes is a strict, single-pass parser: every well-formedness error (a bare "&", an unknown
 * entity, a mismatched or unclosed tag, text or a second element outside the root) is an error,
 * and it expands no entity beyond XML's five and character references.
 */
export function parseXmlText(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  // Any markup declaration other than a comment or CDATA means a DTD: refused before parsing.
  if (/<!(?!--|\[CDATA\[)/.test(text)) {
    reject('rkeeper.xml.dtd_forbidden', {
      ru: 'DOCTYPE и объявления сущностей запрещены',
      en: 'DOCTYPE and entity declarations are not allowed',
    });
  }
  const parser = new SaxesParser();
  const open: XmlElement[] = [];
  let root: XmlElement | null = null;
  let tooDeep = false;
  parser.on('opentag', (tag) => {
    // saxes gives attributes in a prototype-less object; the tree holds plain ones.
    const el: XmlElement = {
      name: tag.name,
      attrs: { ...(tag.attributes as Record<string, string>) },
      children: [],
      text: '',
    };
    const parent = open[open.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    open.push(el);
    if (open.length > limits.maxDepth) {
      tooDeep = true;
      throw new Error('too deep');
    }
  });
  parser.on('closetag', () => void open.pop());
  const onText = (t: string) => {
    const el = open[open.length - 1];
    if (el) el.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  try {
    parser.write(text).close();
  } catch (e) {
    if (tooDeep) malformed(`nesting deeper than ${limits.maxDepth}`);
    return malformed(e instanceof Error ? e.message : 'parser failure');
  }
  if (!root) malformed('a document must have exactly one root element');
  return root;
}

export function parseXmlBody(
  body: Uint8Array | string,
  contentType: string | undefined,
  limits: XmlLimits = DEFAULT_XML_LIMITS,
): XmlElement {
  return parseXmlText(decodeBody(body, contentType, limits), limits);
}

// ---- navigation: r_keeper and its tunnels disagree on case (ROOT/Root, INPBUF/InpBuf) ----

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function childrenNamed(el: XmlElement, ...names: string[]): XmlElement[] {
  return el.children.filter((c) => names.some((n) => sameName(c.name, n)));
}

export function childNamed(el: XmlElement, ...names: string[]): XmlElement | undefined {
  return el.children.find((c) => names.some((n) => sameName(c.name, n)));
}

// Per element, its non-empty attributes by lower-cased name (the first in document order wins),
// built on the first lookup: a check's mapping asks each element for a dozen names.
const loweredAttrs = new WeakMap<XmlElement['attrs'], Map<string, string>>();

function lowered(attrs: XmlElement['attrs']): Map<string, string> {
  let map = loweredAttrs.get(attrs);
  if (!map) {
    map = new Map();
    for (const [k, v] of Object.entries(attrs)) {
      const key = k.toLowerCase();
      const value = v.trim();
      if (value !== '' && !map.has(key)) map.set(key, value);
    }
    loweredAttrs.set(attrs, map);
  }
  return map;
}

/** First attribute matching any of the names, case-insensitively; empty strings count as absent. */
export function attr(el: XmlElement, ...names: string[]): string | undefined {
  const map = lowered(el.attrs);
  for (const n of names) {
    const v = map.get(n.toLowerCase());
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Depth-first search for descendants by name, not descending into the matches themselves. */
export function findAll(
  el: XmlElement,
  names: readonly string[],
  skip: readonly string[] = [],
): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (skip.some((s) => sameName(c.name, s))) continue;
      if (names.some((n) => sameName(c.name, n))) out.push(c);
      else walk(c);
    }
  };
  walk(el);
  return out;
}
