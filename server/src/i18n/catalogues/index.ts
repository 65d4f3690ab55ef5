import arCommon from './common.ar.json';
import frCommon from './common.fr.json';
import enCommon from './common.en.json';
import arScreening from './screening.ar.json';
import frScreening from './screening.fr.json';
import enScreening from './screening.en.json';
import arStats from './stats.ar.json';
import frStats from './stats.fr.json';
import enStats from './stats.en.json';

import arCases from './cases.ar.json';
import frCases from './cases.fr.json';
import enCases from './cases.en.json';

type Catalogue = Record<string, string>;

/** Server message catalogues (ICU), merged per language from one file per capability. */
export const catalogues: Record<'ar' | 'fr' | 'en', Catalogue> = {
  ar: { ...arCommon, ...arScreening, ...arStats, ...arCases },
  fr: { ...frCommon, ...frScreening, ...frStats, ...frCases },
  en: { ...enCommon, ...enScreening, ...enStats, ...enCases },
};
