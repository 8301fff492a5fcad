import type { Policy } from '../policy/policy';

/**
 * What counts as citizen data by name and by shape: the field names of the
 * policy (compared case-insensitively, so the SOAP PascalCase `SoDinhDanh`
 * and the application's `soDinhDanh` are one field), and CCCD/CMND numbers.
 */

export interface CitizenFieldSet {
  /** The field name as the policy spells it, for a lower-cased name. */
  field(name: string): string | undefined;
  /** A name that only counts on data already known to be citizen data (see AMBIGUOUS_FIELDS). */
  isAmbiguous(name: string): boolean;
  sensitive(name: string): boolean;
  /** Names of ID numbers: a 12-digit literal assigned to one of these is a CCCD. */
  isIdName(name: string): boolean;
}

/**
 * Short field names that are also ordinary words in other records: `ten` is
 * the name of an agency or a procedure (`donVi.ten`), `ho` a household, `me`
 * and `cha` parts of a tree. They are citizen data only when read from data
 * that already is (a population-DB response `congDan.HoVaTen.Ten`).
 */
const AMBIGUOUS_FIELDS = new Set(['ho', 'ten', 'chudem', 'cha', 'me', 'gender', 'hometown', 'quoctich']);

/** Names that hold an ID number (CCCD, CMND, personal ID). */
const ID_NAME = /(cccd|cmnd|dinhdanh|citizenp?id|nationalid|idnumber|idcard|socanCuoc|cancuoc)/i;

const cache = new WeakMap<Policy, CitizenFieldSet>();

export function citizenFields(policy: Policy): CitizenFieldSet {
  let set = cache.get(policy);
  if (!set) {
    const byLower = new Map(policy.citizenData.fields.map((f) => [f.toLowerCase(), f]));
    const sensitive = new Set(policy.citizenData.sensitiveFields.map((f) => f.toLowerCase()));
    set = {
      field: (name) => byLower.get(name.toLowerCase()),
      isAmbiguous: (name) => AMBIGUOUS_FIELDS.has(name.toLowerCase()),
      sensitive: (name) => sensitive.has(name.toLowerCase()),
      isIdName: (name) => ID_NAME.test(name),
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
