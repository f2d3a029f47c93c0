// The validators and serializers generated at build time. Running from source there are none and every
// schema is compiled at start-up; scripts/build.ts replaces this module in the Lambda bundle.
import type { PrecompiledSchemas } from './http/plugins/schema-compilers.ts'

export const precompiledSchemas: PrecompiledSchemas | undefined = undefined
