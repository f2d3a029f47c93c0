// The one wrapper every AWS function's entry goes through: each invocation runs with its fields current (every log
// line names its request id, function and cold start), and the counts its handler makes leave as one EMF document
// through Powertools' Metrics when it ends. Invocations that overlap (Lambda Managed Instances) keep their own.
import { AsyncLocalStorage } from 'node:async_hooks'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import type { Context } from 'aws-lambda'
import { pino, type Logger } from 'pino'
import { loggerOptions } from '../../logger.ts'
import type { Counters } from '../../shared/counters.ts'
import { coldStarts, withinInvocation } from '../../shared/invocation.ts'
import type { LambdaSettings } from './settings.ts'

/** What a function's handler is made with: its logger, and counters that go to the current invocation's metrics. */
export interface FunctionTools {
  log: Logger
  counters: Counters
}

/** Runs an invocation with its fields current: Lambda's request id, the function's name, and whether it is a cold start. */
export type InvocationScope = <Result>(context: Pick<Context, 'awsRequestId' | 'functionName'>, run: () => Promise<Result>) => Promise<Result>

/**
 * The invocation scope of one function instance. `initialization` is Lambda's AWS_LAMBDA_INITIALIZATION_TYPE: only
 * after an `on-demand` init is the first invocation a cold start.
 */
export function lambdaInvocations (initialization: string | undefined): InvocationScope {
  const isColdStart = coldStarts(initialization === 'on-demand')
  return async (context, run) => await withinInvocation(
    { aws_request_id: context.awsRequestId, function_name: context.functionName, cold_start: isColdStart() }, run)
}

/** What every function's settings give its wrapper. */
export type WrapperSettings = Pick<LambdaSettings, 'environment' | 'serviceName' | 'logLevel' | 'lambdaInitialization'>

/**
 * A Lambda handler: `make` builds the function's handler once, at init, with the tools; each invocation then runs it
 * within its own fields and metrics, flushed before the invocation returns (the process may be frozen after). `log`
 * replaces the function's own logger (a test reads its lines).
 */
export function lambdaFunction<Event, Result> (settings: WrapperSettings, name: string,
  make: (tools: FunctionTools) => (event: Event) => Promise<Result>, log?: Logger): (event: Event, context: Context) => Promise<Result> {
  const invocationMetrics = new AsyncLocalStorage<Metrics>()
  const { stream, ...logOptions } = loggerOptions(settings, { invocations: true })
  const tools: FunctionTools = {
    log: log ?? pino(logOptions, stream),
    counters: { count: (metric, value = 1) => invocationMetrics.getStore()?.addMetric(metric, MetricUnit.Count, value) }
  }
  const handle = make(tools)
  const invocation = lambdaInvocations(settings.lambdaInitialization)
  return async (event, context) => {
    const metrics = new Metrics({ namespace: settings.serviceName, serviceName: name, defaultDimensions: { environment: settings.environment } })
    metrics.addMetadata('aws_request_id', context.awsRequestId)
    return await invocation(context, async () => await invocationMetrics.run(metrics, async () => {
      try {
        return await handle(event)
      } finally {
        // Nothing counted (a request refused before any work): no empty document, and no warning about one.
        if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics()
      }
    }))
  }
}
