// How route schemas become validators and serializers: taken ready-made from the build when it made them,
// compiled at start-up otherwise. Generating them at build time removes most of the Lambda init phase.
import { createHash } from 'node:crypto'
import type { ValidatorFactory } from '@fastify/ajv-compiler'
import type { FastifyServerOptions } from 'fastify'
import fastJsonStringify, { type Options as SerializerOptions } from 'fast-json-stringify'
import type { Ajv } from 'ajv'
import { ajvCompilers, validationPart, type Validator } from './validation.ts'

export type Serializer = (document: unknown) => string

export interface PrecompiledSchemas {
  validators: Record<string, Validator>
  serializers: Record<string, Serializer>
}

/** A function compiled at start-up, with what it was compiled from and by. */
export type Compiled =
  | { kind: 'validators', key: string, ajv: Ajv, validate: Validator }
  | { kind: 'serializers', key: string, schema: object, options?: SerializerOptions }

export interface SchemaCompilersOptions {
  precompiled?: PrecompiledSchemas
  onCompile?: (compiled: Compiled) => void
  /** ajv keeps each validator's source, for its standalone code (the build's code generation). */
  source?: boolean
}

/** What Fastify hands a compiler for each schema of each route (it also passes method and url). */
interface RouteSchema { schema?: unknown, httpPart?: string }

// The key names the schema's content, not its route: a route whose schema changed after the build is compiled afresh.
function schemaKey (kind: string, schema: unknown): string {
  return `${kind}:${createHash('sha256').update(JSON.stringify(schema)).digest('base64url')}`
}

export function schemaCompilers (options: SchemaCompilersOptions = {}): NonNullable<FastifyServerOptions['schemaController']> {
  const { precompiled, onCompile, source = false } = options
  const ajvFor = ajvCompilers({ source })
  // Routes share schemas (the id in the path, the error envelope): each is compiled once.
  const validators = new Map<string, Validator>(Object.entries(precompiled?.validators ?? {}))
  const serializers = new Map<string, Serializer>(Object.entries(precompiled?.serializers ?? {}))
  const compileValidator = ({ schema, httpPart }: RouteSchema): Validator => {
    const part = validationPart(httpPart)
    const key = schemaKey(part, schema)
    let validate = validators.get(key)
    if (validate === undefined) {
      const ajv = ajvFor(part)
      validate = ajv.compile(schema as object)
      validators.set(key, validate)
      onCompile?.({ kind: 'validators', key, ajv, validate })
    }
    return validate
  }
  const serializerCompiler = (serializerOptions?: SerializerOptions) => ({ schema }: RouteSchema): Serializer => {
    const key = schemaKey('response', schema)
    let serialize = serializers.get(key)
    if (serialize === undefined) {
      serialize = fastJsonStringify(schema as object, serializerOptions)
      serializers.set(key, serialize)
      onCompile?.({ kind: 'serializers', key, schema: schema as object, options: serializerOptions })
    }
    return serialize
  }
  return {
    compilersFactory: {
      // Fastify calls the validator compiler with the route's definition; @fastify/ajv-compiler's types say a bare schema.
      buildValidator: (() => compileValidator) as unknown as ValidatorFactory,
      buildSerializer: (_externalSchemas, serializerOptions) => serializerCompiler(serializerOptions)
    }
  }
}
