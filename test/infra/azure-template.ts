// The Azure template as the tests see it: infra/main.bicep and the modules it calls, read as text (bicep-text.ts),
// with the names of queues, containers and the database followed from main.bicep's values through each module's
// parameters, and the roles it grants described as docs/azure.md's table describes them.
import { dirname, join } from 'node:path'
import { readBicep, type BicepValue, type Declaration } from './bicep-text.ts'

export interface Resource {
  file: string
  symbol: string
  type: string
  existing: boolean
  condition: string | undefined
  body: { [key: string]: BicepValue }
  /** Its name, when the template fixes it (undefined: made of what only a deployment knows). */
  name: string | undefined
  /** Its name with what only a deployment knows as `<name>`. */
  label: string | undefined
}

/** A role assignment as docs/azure.md's table has it: the role's id, what it is on, and who holds it. */
export interface Grant { id: string, on: string, to: string }

const MAIN = 'infra/main.bicep'

type Lookup = (name: string, unknown?: boolean) => string | undefined

const isExpression = (value: BicepValue): value is { expression: string } => typeof value === 'object' && value !== null && 'expression' in value
const isInterpolated = (value: BicepValue): value is { parts: Array<string | { expression: string }> } => typeof value === 'object' && value !== null && 'parts' in value

/**
 * A value as text, when the template fixes it: a string, or references to names that `lookup` knows. With `unknown`,
 * what only a deployment knows is shown as `<name>` (`app-package-<token>`).
 */
function textOf (value: BicepValue | undefined, lookup: Lookup, unknown = false): string | undefined {
  if (typeof value === 'string') return value
  if (value === undefined || value === null || typeof value !== 'object') return undefined
  const parts = isInterpolated(value) ? value.parts : isExpression(value) && /^\w+$/.test(value.expression) ? [value] : undefined
  if (parts === undefined) return undefined
  const texts = parts.map((part) => {
    if (typeof part === 'string') return part
    const known = /^\w+$/.test(part.expression) ? lookup(part.expression, unknown) : undefined
    return known ?? (unknown ? `<${part.expression}>` : undefined)
  })
  return texts.every((text) => text !== undefined) ? texts.join('') : undefined
}

export class AzureTemplate {
  readonly files = new Map<string, Declaration[]>()
  /** Each file's names: main.bicep's params (by default) and vars; a module's params, by what main.bicep passes. */
  private readonly lookups = new Map<string, Lookup>()
  /** A module's params as main.bicep passes them, by file. */
  readonly moduleParams = new Map<string, { [key: string]: BicepValue }>()

  constructor (readonly main = MAIN) {
    const declarations = readBicep(main)
    this.files.set(main, declarations)
    const mainLookup: Lookup = (name, unknown) => textOf(declarations.find((d) => d.name === name && (d.keyword === 'var' || d.keyword === 'param'))?.value, mainLookup, unknown)
    this.lookups.set(main, mainLookup)
    for (const module of declarations.filter((d) => d.keyword === 'module')) {
      const file = join(dirname(main), module.type!)
      const params = (module.value as { params: { [key: string]: BicepValue } }).params
      this.files.set(file, readBicep(file))
      this.moduleParams.set(file, params)
      this.lookups.set(file, (name, unknown) => textOf(params[name], mainLookup, unknown))
    }
  }

  text (file: string, value: BicepValue | undefined, unknown = false): string | undefined {
    return textOf(value, this.lookups.get(file)!, unknown)
  }

  get resources (): Resource[] {
    return [...this.files].flatMap(([file, declarations]) => declarations.filter((d) => d.keyword === 'resource').map((d) => {
      const body = d.value as { [key: string]: BicepValue }
      return { file, symbol: d.name, type: d.type!, existing: d.existing!, condition: d.condition, body, name: this.text(file, body.name), label: this.text(file, body.name, true) }
    }))
  }

  /** The resources this template creates (not those it refers to as `existing`) of one type. */
  created (type: string): Resource[] {
    return this.resources.filter((resource) => resource.type === type && !resource.existing)
  }

  /** The only created resource of `type`. */
  one (type: string): Resource {
    const [resource, ...others] = this.created(type)
    if (resource === undefined || others.length > 0) throw new Error(`${this.created(type).length} resources of ${type}`)
    return resource
  }

  /** The function app's application settings, each value as text where the template fixes it. */
  appSettings (): Map<string, { value: BicepValue, text: string | undefined }> {
    const settings = this.one('Microsoft.Web/sites/config')
    const properties = settings.body.properties as { [key: string]: BicepValue }
    return new Map(Object.entries(properties).map(([name, value]) => [name, { value, text: this.text(settings.file, value) }]))
  }

  /** What a role is on, as docs/azure.md names it. */
  private target (resource: Resource): string {
    if (resource.type.endsWith('/queueServices/queues')) return `queue ${resource.label!}`
    if (resource.type.endsWith('/blobServices/containers')) return `container ${resource.label!}`
    if (resource.type === 'Microsoft.Storage/storageAccounts') return 'storage account'
    if (resource.type === 'Microsoft.Insights/components') return 'Application Insights'
    throw new Error(`a role on ${resource.type}, which the table does not name`)
  }

  /** Who holds a role: the function app's identity, or Event Grid's topic's. */
  private holder (file: string, value: BicepValue): string {
    const expression = isExpression(value) ? value.expression : ''
    const passed = this.moduleParams.get(file)?.[expression]
    const source = passed !== undefined && isExpression(passed) ? passed.expression : expression
    if (source.startsWith('functionApp.outputs.principalId')) return 'function app'
    if (source.startsWith('topic.identity.principalId')) return 'Event Grid topic'
    throw new Error(`a role held by ${source}, which the table does not name`)
  }

  /** The role id in a role definition's reference: a literal id, or one of the file's `roles`. */
  private roleId (file: string, value: BicepValue): string {
    const source = isExpression(value) ? value.expression : isInterpolated(value) ? value.parts.map((part) => typeof part === 'string' ? part : `\${${part.expression}}`).join('') : ''
    const literal = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(source)
    if (literal !== null) return literal[0]
    const named = /roles\.(\w+)/.exec(source)
    const roles = this.files.get(file)!.find((d) => d.keyword === 'var' && d.name === 'roles')?.value as { [key: string]: string } | undefined
    const id = named === null ? undefined : roles?.[named[1]]
    if (id === undefined) throw new Error(`no role id in ${source}`)
    return id
  }

  /** Every role the template grants, on Azure's role-based access and on Cosmos DB's data plane. */
  grants (): Grant[] {
    const azure = this.created('Microsoft.Authorization/roleAssignments').map((assignment) => {
      const properties = assignment.body.properties as { [key: string]: BicepValue }
      const scope = (assignment.body.scope as { expression: string }).expression
      const target = this.resources.find((resource) => resource.file === assignment.file && resource.symbol === scope)
      if (target === undefined) throw new Error(`${assignment.symbol}: no resource ${scope} in ${assignment.file}`)
      return { id: this.roleId(assignment.file, properties.roleDefinitionId), on: this.target(target), to: this.holder(assignment.file, properties.principalId) }
    })
    const cosmos = this.created('Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments').map((assignment) => {
      const properties = assignment.body.properties as { [key: string]: BicepValue }
      const scope = properties.scope
      const database = isInterpolated(scope) && scope.parts[1] === '/dbs/' ? this.text(assignment.file, scope.parts[2] as BicepValue) : undefined
      return { id: this.roleId(assignment.file, properties.roleDefinitionId), on: database === undefined ? 'Cosmos DB account' : `database ${database}`, to: this.holder(assignment.file, properties.principalId) }
    })
    return [...azure, ...cosmos]
  }
}
