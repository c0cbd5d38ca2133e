// Every text Kopilka sends for the r_keeper till's screen or printer passes through here.
// ExtDllHTTP.dll reads UTF-8 but hands FarCards fixed ANSI buffers (Extdll6: HolderName[40],
// ScreenInfo/PrintInfo/ArbitraryInfo/BlockReason[256]), and a Russian till's ANSI code page is
// Windows-1251: a character it cannot hold reaches the cashier as «?». So texts are made
// Windows-1251-safe here, before they are cut to the buffers (one byte per character then).

/**
 * The upper half of Windows-1251 (bytes 0x80–0xFF) in order; byte 0x98 is unassigned and
 * stands as U+FFFD so that it matches nothing. The lower half is ASCII.
 */
const CP1251_HIGH =
  'ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—\uFFFD™љ›њќћџ\u00A0ЎўЈ¤Ґ¦§Ё©Є«¬\u00AD®Ї°±Ііґµ¶·ё№є»јЅѕї' +
  'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя';

const HIGH = new Set(Array.from(CP1251_HIGH).filter((c) => c !== '\uFFFD'));

/** Printable ASCII, the line break (screen and slip lines) and the code page's upper half. */
export function isTillChar(c: string): boolean {
  const code = c.codePointAt(0) ?? 0;
  return (code >= 0x20 && code < 0x7f) || c === '\n' || HIGH.has(c);
}

/**
 * Characters the code page lacks but a reader should still see: the rouble sign as the word
 * the till prints anyway, and typographic marks as their plain equivalents.
 */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '₽': 'руб.',
  '\u2212': '-', // minus sign
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2015': '—', // horizontal bar
  '\u2032': "'", // prime
  '\u2033': '"', // double prime
  '\u201F': '"', // double high-reversed-9 quotation mark
  '\u201B': "'", // single high-reversed-9 quotation mark
  '\u00D7': 'x', // multiplication sign
  '\t': ' ',
  '\r': '',
  '\u2028': '\n', // line separator
  '\u2029': '\n', // paragraph separator
};

/** Spaces of every width (thin, narrow no-break, figure, ideographic …) become a plain space. */
const SPACES = /[\u2000-\u200A\u202F\u205F\u3000]/g;

function oneChar(c: string): string {
  if (isTillChar(c)) return c;
  const replaced = REPLACEMENTS[c];
  if (replaced !== undefined) return replaced;
  // A Latin letter with a diacritic the code page lacks keeps its base letter (é → e); emoji,
  // symbols and scripts the code page has no letters for are left out.
  const base = c.normalize('NFKD').replace(/\p{M}/gu, '');
  return base !== c && base !== '' && Array.from(base).every(isTillChar) ? base : '';
}

/**
 * The text as the till can show and print it: every character in Windows-1251, nothing else,
 * at most `max` characters (= bytes in the DLL's buffer, its terminating zero not counted).
 */
export function tillText(text: string, max: number): string {
  const clean = Array.from(text.normalize('NFC').replace(SPACES, ' '), oneChar).join('');
  return Array.from(clean).slice(0, max).join('');
}
