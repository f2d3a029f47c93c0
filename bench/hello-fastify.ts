// The local server's baseline: a plain Fastify hello-world answering /health with the same body as the API.
import Fastify from 'fastify'

const app = Fastify()
const body = { status: 'healthy', runtime: 'nodejs', version: process.version, framework: 'Fastify + @fastify/aws-lambda' }
app.get('/health', async () => body)
const url = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
process.stdout.write(`BENCH ${JSON.stringify({ url })}\n`)
