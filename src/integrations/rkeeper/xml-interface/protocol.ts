// The r_keeper 7 XML interface wire format, shared by the client and the simulated cash server.
// POST https://<host>:<port>/rk7api/v0/xmlinterface.xml, <RK7Query><RK7CMD CMD=".."/></RK7Query>
// → <RK7QueryResult Status="Ok" ...>. Sources: docs.rkeeper.ru "Обмен данными",
// Lisovsky-UwU/skill-r_keeper-xml references/protocol.md and commands/GetRefData.md.
import { attr, childrenNamed, findAll, type XmlElement } from '../farcards/xml.ts';
import { XML_DECL, element, type AttrValue } from '../farcards/xml-write.ts';

export const XML_INTERFACE_PATH = '/rk7api/v0/xmlinterface.xml';

/** Status values r_keeper puts into RK7QueryResult@Status. */
export const RK7_STATUS = {
  ok: 'Ok',
  noChanges: 'No changes',
  started: 'Execution Started',
  parseError: 'Query Parse Error',
  badParameters: 'Bad Query Parameters',
  executingError: 'Query Executing Error',
  writingError: 'Result Writing Error',
} as const;

/** Dictionaries Kopilka imports; the XML interface knows many more. */
export const REF_NAMES = ['DISCOUNTS', 'MENUITEMS', 'CATEGLIST', 'CURRENCIES', 'RESTAURANTS', 'CASHES'] as const;
export type RefName = (typeof REF_NAMES)[number];

/**
 * What each dictionary is asked for (GetRefData's PropMask). The UCS 7.26 schema leaves PropMask
 * a free string; the properties come from its published examples: Ident, Code, Name, GUIDString
 * everywhere, CategPath for MENUITEMS, NetName for CASHES; Status and MainParentIdent are common
 * properties of every reference item. Nothing public names a CurrencyType property of CURRENCIES,
 * so it is not asked for.
 */
const COMMON_PROPS = ['Ident', 'Code', 'Name', 'GUIDString', 'Status', 'MainParentIdent'];
const OWN_PROPS: Partial<Record<RefName, readonly string[]>> = {
  MENUITEMS: ['CategPath'],
  CASHES: ['NetName'],
};

export function propMaskOf(refName: RefName): string {
  return `items.(${[...COMMON_PROPS, ...(OWN_PROPS[refName] ?? [])].join(',')})`;
}

/** The properties a PropMask of the form items.(A,B) names; null for any other form ("*", ""). */
export function propsOfMask(mask: string): string[] | null {
  const m = /^items\.\(([^()]*)\)$/.exec(mask.trim());
  return m ? (m[1] ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '') : null;
}

/**
 * GetRefData's attributes in the UCS 7.26 schema (qryGetRefData.xsd). Offset and ItemCount are
 * not among them: a server that checks the schema refuses them with «Bad Query Parameters».
 */
export const GET_REF_DATA_ATTRIBUTES = [
  'CMD', 'RefName', 'RefItemIdent', 'RefItemGUID', 'PropMask', 'WithMacroProp', 'WithBlobsData',
  'MacroPropTags', 'WithChildItems', 'IgnoreEnums', 'IgnoreDefaults', 'OnlyActive',
] as const;

export function buildQuery(cmd: string, attrs: Record<string, AttrValue> = {}): string {
  return XML_DECL + element('RK7Query', {}, element('RK7CMD', { CMD: cmd, ...attrs }));
}

export interface QueryResult {
  status: string;
  cmd?: string;
  errorText?: string;
  errorNumber?: string;
  serverVersion?: string;
  xmlVersion?: string;
  netName?: string;
  dateTime?: string;
  root: XmlElement;
}

export function readQueryResult(root: XmlElement): QueryResult | null {
  if (root.name !== 'RK7QueryResult') return null;
  return {
    status: attr(root, 'Status') ?? '',
    cmd: attr(root, 'CMD'),
    errorText: attr(root, 'ErrorText'),
    errorNumber: attr(root, 'RK7ErrorN'),
    serverVersion: attr(root, 'ServerVersion'),
    xmlVersion: attr(root, 'XmlVersion'),
    netName: attr(root, 'NetName'),
    dateTime: attr(root, 'DateTime'),
    root,
  };
}

export interface RefItem {
  ident: number;
  code: number | null;
  name: string;
  guid: string | null;
  /** rsActive, rsDraft, rsDeleted (r_keeper's own words; numbers when IgnoreEnums=1). */
  status: string;
  /** The parent item (a category for a menu item), 0 → null. */
  mainParentIdent: number | null;
  /** Every attribute as sent, for fields a dictionary adds (CategPath, NetName, ...). */
  attrs: Readonly<Record<string, string>>;
}

function int(v: string | undefined): number | null {
  return v !== undefined && /^-?\d{1,15}$/.test(v) ? Number(v) : null;
}

export function readRefItems(result: QueryResult): RefItem[] {
  const refs = findAll(result.root, ['RK7Reference']);
  return refs.flatMap((ref) =>
    childrenNamed(ref, 'Items').flatMap((items) =>
      childrenNamed(items, 'Item').flatMap((it): RefItem[] => {
        const ident = int(attr(it, 'Ident'));
        if (ident === null) return [];
        const parent = int(attr(it, 'MainParentIdent'));
        return [{
          ident,
          code: int(attr(it, 'Code')),
          name: attr(it, 'Name') ?? '',
          guid: attr(it, 'GUIDString') ?? null,
          status: attr(it, 'Status') ?? '',
          mainParentIdent: parent === 0 ? null : parent,
          attrs: it.attrs,
        }];
      }),
    ),
  );
}
