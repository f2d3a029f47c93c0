// Lambda entry: the compile cache first, while nothing else is loaded, then the app, reused across invocations.
import { useCompileCache } from '../compile-cache.ts'

useCompileCache(import.meta.url)
export const { handler } = await import('../api-app.ts')
