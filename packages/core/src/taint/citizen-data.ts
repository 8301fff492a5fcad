import type { Policy } from '../policy/policy';

/**
 * What counts as citizen data by name and by shape: the field names of the
 * policy (compared after `normalizeFieldName`, so the SOAP PascalCase
 * `SoDinhDanh`, the application's `soDinhDanh`, the database's `so_dinh_danh`
 * and `SO_DINH_DANH` are one field), and CCCD/CMND numbers.
 */

/**
 * The one spelling-independent form of a field name, used for every comparison of
 * names with the policy's `citizenData.fields` (and by every rule that compares
 * property names): lower case, without diacritics, without `_`, `-`, `.`, `$` or
 * spaces. `so_cccd`, `soCccd`, `SO_CCCD` → `socccd`; `full_name` → `fullname`;
 * `'Họ tên'` → `hoten`; `đ` → `d`.
 */
export function normalizeFieldName(name: string): string {
  let out = NORMALIZED.get(name);
  if (out === undefined) {
    out = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
    if (NORMALIZED.size > 50_000) NORMALIZED.clear();
    NORMALIZED.set(name, out);
  }
  return out;
}
const NORMALIZED = new Map<string, string>();

/** A set of names compared in any casing. */
export function normalizedSet(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map(normalizeFieldName));
}

export interface CitizenFieldSet {
  /** The field name as the policy spells it, for a name in any casing (`normalizeFieldName`). */
  field(name: string): string | undefined;
  /** A name that only counts on data already known to be citizen data (see AMBIGUOUS_FIELDS). */
  isAmbiguous(name: string): boolean;
  sensitive(name: string): boolean;
  /** Names of ID numbers: a 12-digit literal assigned to one of these is a CCCD. */
  isIdName(name: string): boolean;
  /** `false` when no name is one of an ID number (`isIdName` never holds): no function is then searched for the ID numbers it stores. */
  readonly hasIdNames?: boolean;
}

/**
 * Short field names that are also ordinary words in other records: `ten` is
 * the name of an agency or a procedure (`donVi.ten`), `ho` a household, `me`
 * and `cha` parts of a tree. They are citizen data only when read from data
 * that already is (a population-DB response `congDan.HoVaTen.Ten`).
 */
const AMBIGUOUS_FIELDS = new Set(['ho', 'ten', 'chudem', 'cha', 'me', 'gender', 'hometown', 'quoctich', 'email']);

/** Names that hold an ID number (CCCD, CMND, personal ID). */
const ID_NAME = /(cccd|cmnd|dinhdanh|citizenp?id|nationalid|idnumber|idcard|cancuoc)/;

/**
 * Names of identity *numbers*: never a database key, whatever the code does with them.
 * (`citizenPid` is VNeID's personal ID number.)
 */
const IDENTITY_NUMBER_NAMES = new Set(['nationalid', 'citizenpid', 'personalid', 'idnumber', 'idcardnumber', 'passportnumber']);

/**
 * A citizen-data name that may instead hold the key of a database record: `citizenId` is the CCCD
 * number in a VNeID claim set but the Mongo `_id` of the resident in most management apps. Such a
 * name is citizen data unless the code shows it is a record key (see `recordKeyNames` in analysis.ts).
 * Names of ID numbers (`nationalId`, `soDinhDanh`, `cccd`, `citizenPid`) are never demoted.
 */
export function mayBeRecordKey(name: string): boolean {
  const n = normalizeFieldName(name);
  return n.endsWith('id') && !IDENTITY_NUMBER_NAMES.has(n) && !/(cccd|cmnd|dinhdanh|cancuoc)/.test(n);
}

const cache = new WeakMap<Policy, CitizenFieldSet>();

export function citizenFields(policy: Policy): CitizenFieldSet {
  let set = cache.get(policy);
  if (!set) {
    const byName = new Map(policy.citizenData.fields.map((f) => [normalizeFieldName(f), f]));
    const sensitive = new Set(policy.citizenData.sensitiveFields.map(normalizeFieldName));
    set = {
      field: (name) => byName.get(normalizeFieldName(name)),
      isAmbiguous: (name) => AMBIGUOUS_FIELDS.has(normalizeFieldName(name)),
      sensitive: (name) => sensitive.has(normalizeFieldName(name)),
      isIdName: (name) => ID_NAME.test(normalizeFieldName(name)),
    };
    cache.set(policy, set);
  }
  return set;
}

/**
 * Province codes that open a CCCD / personal ID number (Circular 59/2021/TT-BCA
 * annex): a 12-digit literal with another prefix is an order number, a
 * phone number or a timestamp, not an ID.
 */
const PROVINCE_CODES = new Set([
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022', '024', '025', '026',
  '027', '030', '031', '033', '034', '035', '036', '037', '038', '040', '042', '044', '045', '046', '048', '049', '051',
  '052', '054', '056', '058', '060', '062', '064', '066', '067', '068', '070', '072', '074', '075', '077', '079', '080',
  '082', '083', '084', '086', '087', '089', '091', '092', '093', '094', '095', '096',
]);

/** A 12-digit CCCD: province code, then a gender/century digit 0–3 (1900s and 2000s), then year and serial. */
export function isCccdNumber(text: string): boolean {
  return /^\d{12}$/.test(text) && PROVINCE_CODES.has(text.slice(0, 3)) && /[0-3]/.test(text[3]);
}

/** An old 9-digit CMND number. */
export function isCmndNumber(text: string): boolean {
  return /^\d{9}$/.test(text);
}
