import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { I18N_BUNDLE_FOLDER_NAME, I18N_INFO_FILE_NAME, type Translations } from '@forge/i18n';

/**
 * What `forge deploy` ships beside the function code for the manifest's `translations:`: a
 * `__LOCALES__` folder with each resource as `<locale>.json` and an info file naming the locales and
 * the fallback, which `i18n.getTranslations` in @forge/api reads from the function's code directory
 * (https://developer.atlassian.com/platform/forge/runtime-reference/i18n/,
 * https://developer.atlassian.com/platform/forge/manifest-reference/translations/). The sandbox writes
 * the same folder once per runtime and answers the code directory with it.
 */
export function writeTranslationBundle(manifestPath: string, translations: Translations | undefined): string {
  const appCodeDir = mkdtempSync(path.join(tmpdir(), 'rt-forge-app-'));
  const bundle = path.join(appCodeDir, I18N_BUNDLE_FOLDER_NAME);
  mkdirSync(bundle);
  const resources = translations?.resources ?? [];
  for (const resource of resources)
    copyFileSync(path.join(path.dirname(manifestPath), resource.path), path.join(bundle, `${resource.key}.json`));
  const config = { locales: resources.map((resource) => resource.key), fallback: translations?.fallback ?? { default: 'en-US' } };
  writeFileSync(path.join(bundle, I18N_INFO_FILE_NAME), JSON.stringify({ translations: {}, config }));
  return appCodeDir;
}
