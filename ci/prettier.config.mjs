// Prettier settings (run by `npm run format:check` inside `npm test`, fixed by `npm run format`). What it skips
// is in those scripts as negated globs (the AssemblyScript kernel, generated tables, committed
// calibration and measurement outputs): an ignore file under ci/ would match paths under ci/ only.
// printWidth 120: the code names its domain in full (stepSize, jumpsNeeded, basinRadius...), and at
// Prettier's default 80 those names wrap most calls over three lines. Single quotes: the house style
// before the formatter arrived, so the first formatting commit changes layout, not every string.
export default {
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
};
