// Lint rules: neostandard (Standard style) with TypeScript support.
import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    ignores: ['node_modules', 'coverage', '.tap', '.data', 'dist', '.serverless', 'bench/results/.build', 'src/platforms/aws/generated/*.cjs']
  }),
  {
    // TypeBox idiom: a schema and its Static<> type share one name (`ItemCreate` the value and the type).
    files: ['src/http/schemas/**/*.ts'],
    rules: { '@typescript-eslint/no-redeclare': 'off' }
  }
]
