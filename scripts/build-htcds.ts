/**
 * Builds `common/htcds/htcds-fields.json` from the HTCDS 2.0 field standards CSV.
 *
 * Usage: npx tsx scripts/build-htcds.ts [path/to/htcds_field_standards_2.0.csv]
 *
 * The app never reads the shared data folder at run time; it imports the generated JSON, which
 * is committed together with its attribution (HTCDS is © IOM, licensed CC BY 4.0).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const here = dirname(fileURLToPath(import.meta.url));
const defaultSource = '/work/shared/data/htcds/htcds_field_standards_2.0.csv';
const target = resolve(here, '../common/htcds/htcds-fields.json');

type CsvRow = Record<string, string>;

/** Code lists HTCDS names in prose ("Use ISO 3166 country codes standard") instead of listing values. */
type CodeList = 'iso3166-alpha2' | 'iso639';

interface BuiltField {
  section: string;
  status: string;
  core: boolean;
  prefix: string;
  table: string;
  name: string;
  fullName: string;
  label: string;
  type: string;
  salesforce: string;
  multiple: boolean;
  codeList: CodeList | null;
  values: Array<{ name: string; label: string }>;
  description: string;
  notes: string;
}

/** Splits a multi-line picklist cell into trimmed, non-empty entries. */
function lines(cell: string): string[] {
  return cell
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Detects a code-list reference written in prose in the value columns. */
function codeListOf(names: string, labels: string): CodeList | null {
  const text = `${names} ${labels}`;
  if (/ISO 3166/i.test(text)) return 'iso3166-alpha2';
  if (/ISO 639/i.test(text)) return 'iso639';
  return null;
}

/** Table key used by Jisr for an HTCDS prefix; the consent table is called `consent` (prefix con_). */
function tableOf(prefix: string): string {
  const p = prefix.replace(/_$/, '');
  return p === 'con' ? 'consent' : p;
}

/** Builds the field list; throws if a picklist's names and labels do not pair up. */
export function buildFields(csvText: string): { fields: BuiltField[]; exampleQuestions: Array<{ section: string; question: string }> } {
  const rows = parse(csvText, { columns: true, bom: true, skip_empty_lines: true }) as CsvRow[];
  const fields: BuiltField[] = [];
  const exampleQuestions: Array<{ section: string; question: string }> = [];
  for (const r of rows) {
    const status = r['Status'].trim();
    if (status === 'N/A') {
      exampleQuestions.push({ section: r['Section'].trim(), question: r['Field Label'].replace(/^EXAMPLE QUESTION\s*/, '').trim() });
      continue;
    }
    const namesCell = r['Value Names (if picklist)'];
    const labelsCell = r['Value Labels (if picklist)'];
    const codeList = codeListOf(namesCell, labelsCell);
    const names = codeList ? [] : lines(namesCell);
    const labels = codeList ? [] : lines(labelsCell);
    if (names.length !== labels.length) {
      throw new Error(`${r['Field Name including Prefix']}: ${names.length} value names but ${labels.length} labels`);
    }
    const prefix = r['Field Name Prefix'].trim();
    const type = r['Field Type'].trim();
    fields.push({
      section: r['Section'].trim(),
      status,
      core: r['Core'].trim() === 'Core',
      prefix,
      table: tableOf(prefix),
      name: r['Field Name'].trim(),
      fullName: r['Field Name including Prefix'].trim(),
      label: r['Field Label'].trim(),
      type,
      salesforce: r['Salesforce Standard or Custom'].trim(),
      multiple: /^Multiselect/i.test(type),
      codeList,
      values: names.map((name, i) => ({ name, label: labels[i] })),
      description: r['Description'].trim(),
      notes: r['Notes'].trim(),
    });
  }
  return { fields, exampleQuestions };
}

function main(): void {
  const source = process.argv[2] ?? defaultSource;
  const { fields, exampleQuestions } = buildFields(readFileSync(source, 'utf8'));
  const doc = {
    attribution:
      'Human Trafficking Case Data Standard (HTCDS) 2.0, International Organization for Migration (IOM), ' +
      'https://github.com/UNMigration/HTCDS (commit 3c2f6537cd76c3305975aa5eef7a1bf26fe20a30), licensed CC BY 4.0 ' +
      '(https://creativecommons.org/licenses/by/4.0/). Converted to JSON by Jisr (scripts/build-htcds.ts): ' +
      'whitespace trimmed, picklist cells split into value lists, prose code-list references recorded as codeList. ' +
      'Use must be consistent with IOM\u2019s mandate and does not imply endorsement by IOM.',
    standard: 'HTCDS',
    version: '2.0',
    generatedBy: 'scripts/build-htcds.ts',
    fields,
    exampleQuestions,
  };
  writeFileSync(target, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`wrote ${fields.length} fields and ${exampleQuestions.length} example questions to ${target}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
