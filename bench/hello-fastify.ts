// The local server's baseline: a plain Fastify hello-world answering /health, logging as Fastify's documentation
// shows it (`logger` at LOG_LEVEL, the same level as the API's run).
import Fastify from 'fastify'

const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info' } })
const body = { status: 'healthy', runtime: 'nodejs', version: process.version, framework: 'Fastify + @fastify/aws-lambda' }
app.get('/health', async () => body)
const url = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
process.stdout.write(`BENCH ${JSON.stringify({ url })}\n`)
