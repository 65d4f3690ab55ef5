import { describe, expect, it } from 'vitest';
import { generateCases } from '../../../scripts/generate-cases';
import type { HtcdsBundle } from '../../../common/htcds';
import { exportCsv, importCsv } from './htcds-csv';
import { formatExchangeError } from './exchange-errors';
import messages from './exchange-messages.json';

function sample(): HtcdsBundle {
  return {
    org: [
      { org_Id: 'o1', org_Name: '=HYPERLINK("x")', org_ShippingCountry: 'TN', org_Type: 'NGO', org_ShippingLatitude: 36.8 },
      { org_Id: 'o2', org_Name: "Centre d'accueil, \"Nour\"", org_Phone: '+21671000000' },
    ],
    prs: [
      { prs_Id: 'p1', prs_FirstName: 'محمد', prs_SecondName: 'Ben Ali', prs_Birthdate: '1990-02-28', prs_Gender: 'Masculine', prs_Citizenship: ['TN', 'FR'], prs_Deceased: false, prs_NumberOfChildren: 2, prs_PrimaryLanguage: 'ar' },
      { prs_Id: 'p2', prs_FirstName: "'quoted", prs_MailingStreet: 'Line 1\nLine 2' },
    ],
    vic: [
      {
        vic_Id: 'v1', vic_CaseId: 'c1', vic_PersonId: 'p1', vic_TraffickingStatus: 'ActualVictimOfTrafficking',
        vic_TypeOfExploitation: ['ForcedLabour', 'ForcedCriminality'], vic_MethodsOfControl: ['DebtBondage', 'WithholdsDocuments'],
        vic_ForcedLabourIndustry: 'F_Construction', vic_LocationOfExploitation: 'o2', vic_AgeWhenTrafficked: 17,
      },
    ],
    per: [{ per_Id: 'r1', per_CaseId: 'c1', per_PersonId: 'p2', per_RoleInProcess: ['RecruiterOrIntermediary', 'Exploiter'], per_RoleDetails: '-1 looks like a formula' }],
    cas: { cas_Id: 'c1', cas_PersonId: 'p1', cas_OrganisationId: 'o1', cas_Status: 'Active', cas_IncomingReferralDate: '2024-03-01' },
    cco: [{ cco_Id: 'k1', cco_CaseId: 'c1', cco_CaseComment: 'First interview; interpreter present.' }],
    hte: [{ hte_Id: 'h1', hte_CaseId: 'c1', hte_Type: 'Exploitation', hte_Country: 'LY', hte_Date: '2023-11-30', hte_Latitude: 32.9, hte_Longitude: 13.2 }],
    spl: [{ spl_Id: 's1', spl_CaseId: 'c1', spl_Type: 'Legal', spl_PlannedEndDate: '2024-12-31' }],
    consent: [{ con_Id: 'n1', con_CaseId: 'c1', con_PersonId: 'p1', con_Consent: true }],
    jisr: {
      nrmStatus: 'RecoveryAndReflection',
      decisions: [{ kind: 'ReasonableGrounds', outcome: 'Positive', date: '2024-03-05', decidedBy: 'o1' }],
      deadlines: [{ kind: 'RecoveryAndReflectionEnd', dueDate: '2024-04-04' }],
    },
  };
}

describe('HTCDS CSV exchange', () => {
  it('round-trips a bundle with Jisr extensions, odd text and shared records exactly', () => {
    const a = sample();
    const b: HtcdsBundle = { ...sample(), cas: { ...sample().cas, cas_Id: 'c2' }, vic: [], per: [], cco: [], hte: [], spl: [], consent: [], jisr: undefined };
    delete b.jisr;
    b.org = [a.org[0]];
    b.prs = [a.prs[0]];
    const files = exportCsv([a, b]);
    const result = importCsv(files);
    expect(result).toEqual({ ok: true, bundles: [a, b] });
  });

  it('writes HTCDS names in the header, ; between multi-select values, Other for extensions, and neutralises formulas', () => {
    const files = exportCsv([sample()]);
    expect(Object.keys(files).sort()).toEqual(['cas', 'cco', 'consent', 'hte', 'org', 'per', 'prs', 'spl', 'vic']);
    const [header, row] = files.vic.trim().split('\n');
    expect(header.split(',')).toContain('vic_TypeOfExploitation');
    expect(row).toContain('ForcedLabour;Other');
    expect(row).not.toContain('ForcedCriminality;');
    expect(files.org).toContain(`"'=HYPERLINK(""x"")"`);
    expect(files.org).toContain('+21671000000');
    expect(files.cco).toContain('Other = ForcedCriminality');
  });

  it('round-trips generated cases', () => {
    const bundles = generateCases(300, 7);
    const result = importCsv(exportCsv(bundles));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.bundles).toEqual(bundles);
  });

  it('reports every bad row and column and imports nothing', () => {
    const files: Record<string, string> = exportCsv([sample()]);
    files.vic = [
      files.vic.trim().split('\n')[0] + ',vic_Colour',
      'v1,c1,p1,,Maybe,,,,,,,,ForcedLabour;Slavery,,,,,,,blue',
      'v2,c9,p1,,,,,abc,,,,,,,,,,,,',
      ',c1,p1,,,,,,,,,,,,,,,,,',
    ].join('\n');
    files.hte = 'hte_Id,hte_CaseId,hte_Country,hte_Date\nh1,c1,XX,2023-02-30\n';
    files.consent = 'con_Id,con_CaseId,con_PersonId,con_Consent\nn1,c1,p1,perhaps\n';
    files['notes.csv'] = 'a,b\n1,2\n';
    const result = importCsv(files);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const got = result.errors.map((e) => `${e.table}:${e.row}:${e.column}:${e.code}`);
    expect(got).toEqual(
      expect.arrayContaining([
        'vic:1:vic_Colour:exchange.unknown_column',
        'vic:2:vic_TraffickingStatus:exchange.invalid_value',
        'vic:2:vic_TypeOfExploitation:exchange.invalid_value',
        'vic:3:vic_AgeWhenTrafficked:exchange.invalid_number',
        'vic:4:vic_Id:exchange.missing_required',
        'hte:2:hte_Country:exchange.invalid_country',
        'hte:2:hte_Date:exchange.invalid_date',
        'consent:2:con_Consent:exchange.invalid_boolean',
        'notes.csv:0::exchange.unknown_table',
      ]),
    );
    expect(result.errors.find((e) => e.column === 'vic_TypeOfExploitation')?.params.value).toBe('Slavery');
  });

  it('reports dangling references, duplicate ids and unlinked records', () => {
    const files = exportCsv([sample()]);
    files.vic = files.vic.replace('v1,c1,p1', 'v1,c1,p9');
    files.spl = `${files.spl.trim()}\ns1,c1,,,,,Health\n`;
    files.prs = `${files.prs.trim()}\np3${','.repeat(files.prs.split('\n')[0].split(',').length - 1)}\n`;
    const result = importCsv(files);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const got = result.errors.map((e) => `${e.table}:${e.row}:${e.column}:${e.code}`);
    expect(got).toEqual(expect.arrayContaining(['vic:2:vic_PersonId:exchange.dangling_reference', 'spl:3:spl_Id:exchange.duplicate_id']));
    const second = importCsv({ ...exportCsv([sample()]), prs: files.prs });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.errors.map((e) => `${e.table}:${e.row}:${e.code}`)).toEqual(['prs:4:exchange.unreferenced_row']);
  });

  it('has a message in ar, fr and en for every error code and formats it', () => {
    const codes = Object.keys(messages.en);
    expect(Object.keys(messages.fr).sort()).toEqual(codes.sort());
    expect(Object.keys(messages.ar).sort()).toEqual(codes.sort());
    const error = { table: 'vic', row: 3, column: 'vic_TypeOfExploitation', code: 'exchange.invalid_value' as const, params: { value: 'Slavery' } };
    expect(formatExchangeError(error, 'en')).toBe('Table vic, row 3, column vic_TypeOfExploitation: “Slavery” is not an allowed value.');
    expect(formatExchangeError(error, 'fr')).toContain('ligne 3');
    expect(formatExchangeError(error, 'ar')).toContain('Slavery');
  });
});
