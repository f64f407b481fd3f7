import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const NAME = 'eslint-plugin-http-timeout';

interface PackageInfo {
  name: string;
  version: string;
  homepage: string;
  /** The folder of our package.json. */
  root: string;
}

// The same code runs from src/ (tests) and dist/src/ (the bin), so look upward for our package.json.
function readPackageJson(): PackageInfo {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Partial<PackageInfo>;
      if (pkg.name === NAME) return { name: NAME, version: pkg.version ?? '0.0.0', homepage: pkg.homepage ?? '', root: dir };
    } catch {
      // no package.json at this level, or not ours: keep looking
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the package.json of ${NAME} above ${__dirname}`);
  }
}

/** Name, version and homepage from package.json, the one source of both. */
export const PACKAGE: PackageInfo = readPackageJson();

/** Link to a rule's doc page (`rules/<id>.md`) under the package's homepage. */
export function ruleDocUrl(ruleId: string): string {
  return `${PACKAGE.homepage}/blob/main/rules/${ruleId}.md`;
}
