/**
 * casepack's layering, checked by `npm run lint`. Data flows one way through
 * the pipeline; a module may import its own layer or a lower one, never a
 * higher one. Lowest first: adding a stage means adding one line here.
 */
const LAYERS = [
  ['foundation', '^src/(util|model|findings|dates|formats)/|^src/version[.]ts$'],
  ['casefile', '^src/casefile/'],
  ['walk', '^src/walk/'],
  ['probe', '^src/probe/'],
  ['extract', '^src/extract/'],
  ['group', '^src/group/'],
  ['classify', '^src/classify/'],
  ['check', '^src/check/'],
  ['plan', '^src/plan/'],
  ['write', '^src/write/'],
  ['report', '^src/report/'],
  ['verify', '^src/verify/'],
  ['pipeline', '^src/pipeline/'],
  ['review', '^src/review/'],
  ['cli', '^src/cli/'],
  ['api', '^src/index[.]ts$'],
];

const upward = LAYERS.slice(0, -1).map(([name, from], i) => ({
  name: `no-upward-from-${name}`,
  comment: `${name} may not import a later pipeline layer (${LAYERS.slice(i + 1).map(([n]) => n).join(', ')})`,
  severity: 'error',
  from: { path: from },
  to: { path: LAYERS.slice(i + 1).map(([, p]) => `(${p})`).join('|') },
}));

module.exports = {
  forbidden: [
    ...upward,
    { name: 'no-circular', severity: 'error', comment: 'import cycles hide the direction of flow', from: {}, to: { circular: true } },
    { name: 'product-only-src', severity: 'error', comment: 'src/ ships in the npm package: it never imports test-data writers, eval harnesses or tests', from: { path: '^src/' }, to: { path: '^(tools|test|scripts|bench)/' } },
    { name: 'every-src-module-has-a-layer', severity: 'error', comment: 'a new top-level folder under src/ needs its line in LAYERS', from: { path: '^src/', pathNot: LAYERS.map(([, p]) => `(${p})`).join('|') }, to: {} },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs'] },
  },
};
