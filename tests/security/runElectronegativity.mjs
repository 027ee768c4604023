// Runs Electronegativity over a folder and writes its findings as JSON: `node runElectronegativity.mjs
// <input-dir> <out.json> <electron-version>`. It calls the runner behind the `electronegativity` CLI
// with the options of `electronegativity -i <dir> -r -e <version> -x AvailableSecurityFixesGlobalCheck`, because
// the CLI's own report files lose data: its CSV writer writes the header and the rows with two
// unsynchronised fs.writeFile calls (the header can truncate the rows), and its SARIF output drops
// the severity. The runner also returns the files it failed to parse, which the CLI only prints.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

const [input, out, electronVersion] = process.argv.slice(2);
if (!input || !out || !electronVersion) {
  console.error('usage: node runElectronegativity.mjs <input-dir> <out.json> <electron-version>');
  process.exit(2);
}

const { default: runner } = await import('@doyensec/electronegativity/dist/runner.js');
// The runner loads its messages itself (trying to download fresh translations first: a few seconds
// without a network, then the bundled English).
const result = await runner(
  {
    input: path.resolve(input),
    output: undefined,
    isSarif: false,
    customScan: [],
    // Downloads Electron's release list: needs the network, and judges package.json, not the code.
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    severitySet: undefined,
    confidenceSet: undefined,
    isRelative: true,
    isVerbose: false,
    electronUpgrade: undefined,
    // The scanned copy has no package.json to read the version from.
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
);
const findings = result.issues.map((i) => ({
  check: i.id,
  severity: i.severity.name,
  confidence: i.confidence.name,
  file: i.file,
  location: `${i.location?.line ?? 0}:${i.location?.column ?? 0}`,
  sample: i.sample ?? '',
}));
await writeFile(out, JSON.stringify({ findings, errors: result.errors, checks: result.globalChecks + result.atomicChecks }, null, 2));
