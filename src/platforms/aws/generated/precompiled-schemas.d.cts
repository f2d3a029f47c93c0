// What `npm run build` writes beside this file as precompiled-schemas.cjs (scripts/precompile-schemas.ts): every route
// schema's validator and serializer.
import type { PrecompiledSchemas } from '../../../http/plugins/schema-compilers.ts'

export declare const precompiledSchemas: PrecompiledSchemas
