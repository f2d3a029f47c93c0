// Reads Bicep as text, for the template's tests: no Bicep compiler runs on this machine (docs/azure.md). It knows the
// part of the language that infra/ uses: declarations (param, var, resource, module, output) with their decorators,
// object and array literals, strings with ${} interpolations, and any other expression kept as its source text.
import { readFileSync } from 'node:fs'

/** A string with interpolations: its literal parts, and the source of each `${…}`. */
export interface Interpolated { parts: Array<string | { expression: string }> }
/** An expression other than a literal (a call, a reference, a condition…), as written. */
export interface Expression { expression: string }
export type BicepValue = string | number | boolean | null | Interpolated | Expression | BicepValue[] | { [key: string]: BicepValue }

export interface Declaration {
  keyword: string
  name: string
  /** A resource's type without its API version, a module's path, a param's or output's type. */
  type?: string
  existing?: boolean
  /** The `if (…)` of a conditional resource or module. */
  condition?: string
  value?: BicepValue
}

interface Token { kind: 'newline' | 'punct' | 'word' | 'string', text: string, start: number, end: number, string?: Interpolated }

const PUNCTUATION = /[{}[\](),:.?!=<>&|+\-*/%@]/

function tokenize (source: string): Token[] {
  const tokens: Token[] = []
  let at = 0
  while (at < source.length) {
    const char = source[at]
    if (source.startsWith('//', at)) {
      while (at < source.length && source[at] !== '\n') at++
    } else if (source.startsWith('/*', at)) {
      at = source.indexOf('*/', at) + 2
    } else if (char === '\n') {
      tokens.push({ kind: 'newline', text: '\n', start: at, end: ++at })
    } else if (/\s/.test(char)) {
      at++
    } else if (char === "'") {
      const start = at
      const [string, end] = readString(source, at)
      at = end
      tokens.push({ kind: 'string', text: source.slice(start, at), start, end: at, string })
    } else if (/[\w$]/.test(char)) {
      const start = at
      while (at < source.length && /[\w$]/.test(source[at])) at++
      tokens.push({ kind: 'word', text: source.slice(start, at), start, end: at })
    } else if (PUNCTUATION.test(char)) {
      tokens.push({ kind: 'punct', text: char, start: at, end: ++at })
    } else {
      throw new Error(`unexpected ${JSON.stringify(char)} at ${at}`)
    }
  }
  return tokens
}

/** A quoted string from its opening quote: its parts, and where it ends. */
function readString (source: string, open: number): [Interpolated, number] {
  const parts: Interpolated['parts'] = []
  let literal = ''
  let at = open + 1
  while (source[at] !== "'") {
    if (at >= source.length) throw new Error(`unterminated string at ${open}`)
    if (source[at] === '\\') {
      literal += ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[source[at + 1]] ?? source[at + 1]
      at += 2
    } else if (source.startsWith('${', at)) {
      if (literal !== '') parts.push(literal)
      literal = ''
      let depth = 1
      const start = at + 2
      at = start
      while (depth > 0) {
        if (source[at] === "'") at = readString(source, at)[1] - 1
        else if (source[at] === '{') depth++
        else if (source[at] === '}') depth--
        at++
      }
      parts.push({ expression: source.slice(start, at - 1).trim() })
    } else {
      literal += source[at++]
    }
  }
  if (literal !== '' || parts.length === 0) parts.push(literal)
  return [{ parts }, at + 1]
}

class Reader {
  at = 0
  constructor (readonly source: string, readonly tokens: Token[]) {}

  peek (): Token | undefined { return this.tokens[this.at] }
  next (): Token {
    const token = this.tokens[this.at++]
    if (token === undefined) throw new Error('unexpected end of file')
    return token
  }

  expect (text: string): void {
    const token = this.next()
    if (token.text !== text) throw new Error(`expected ${text}, found ${JSON.stringify(token.text)} at ${token.start}`)
  }

  skipNewlines (): void {
    while (this.peek()?.kind === 'newline' || this.peek()?.text === ',') this.at++
  }

  /** Tokens up to the end of the expression: a newline, `,` or a closer outside any bracket. */
  skipExpression (): { start: number, end: number } {
    const start = this.peek()!.start
    let end = start
    let depth = 0
    for (let token = this.peek(); token !== undefined; token = this.peek()) {
      if (depth === 0 && (token.kind === 'newline' || [',', '}', ']', ')'].includes(token.text))) break
      if (['(', '[', '{'].includes(token.text)) depth++
      if ([')', ']', '}'].includes(token.text)) depth--
      end = this.next().end
    }
    return { start, end }
  }

  value (): BicepValue {
    const first = this.peek()!
    if (first.text === '{') return this.object()
    if (first.text === '[' && this.tokens[this.at + 1]?.text !== 'for') return this.array()
    const begin = this.at
    const { start, end } = this.skipExpression()
    if (this.at - begin === 1) {
      if (first.kind === 'string') return first.string!.parts.length === 1 && typeof first.string!.parts[0] === 'string' ? first.string!.parts[0] : first.string!
      if (/^\d+$/.test(first.text)) return Number(first.text)
      if (first.text === 'true' || first.text === 'false') return first.text === 'true'
      if (first.text === 'null') return null
    }
    if (first.text === '-' && this.at - begin === 2 && /^\d+$/.test(this.tokens[begin + 1].text)) return -Number(this.tokens[begin + 1].text)
    return { expression: this.source.slice(start, end) }
  }

  object (): { [key: string]: BicepValue } {
    const object: { [key: string]: BicepValue } = {}
    this.expect('{')
    for (this.skipNewlines(); this.peek()?.text !== '}'; this.skipNewlines()) {
      const key = this.next()
      this.expect(':')
      object[key.kind === 'string' ? key.string!.parts.join('') : key.text] = this.value()
    }
    this.expect('}')
    return object
  }

  array (): BicepValue[] {
    const array: BicepValue[] = []
    this.expect('[')
    for (this.skipNewlines(); this.peek()?.text !== ']'; this.skipNewlines()) array.push(this.value())
    this.expect(']')
    return array
  }

  /** Skips a decorator: `@name(…)`. */
  decorator (): void {
    this.expect('@')
    this.next()
    if (this.peek()?.text === '(') this.skipExpression()
  }

  /** `if (…)` before a resource's or module's body: the condition's source. */
  condition (): string | undefined {
    if (this.peek()?.text !== 'if') return undefined
    this.next()
    const open = this.peek()!
    this.expect('(')
    for (let depth = 1; depth > 0;) {
      const token = this.next()
      if (token.text === '(') depth++
      if (token.text === ')') depth--
    }
    return this.source.slice(open.end, this.tokens[this.at - 1].start).trim()
  }

  declaration (): Declaration | undefined {
    const keyword = this.next().text
    if (keyword === 'targetScope') {
      this.expect('=')
      return { keyword, name: keyword, value: this.value() }
    }
    const declaration: Declaration = { keyword, name: this.next().text }
    if (keyword === 'resource' || keyword === 'module') {
      declaration.type = this.next().string!.parts.join('').replace(/@[^@]*$/, '')
      if (keyword === 'module') declaration.type = this.tokens[this.at - 1].string!.parts.join('')
      declaration.existing = this.peek()?.text === 'existing'
      if (declaration.existing) this.next()
      this.expect('=')
      declaration.condition = this.condition()
      declaration.value = this.value()
    } else if (keyword === 'param' || keyword === 'output' || keyword === 'var') {
      if (keyword !== 'var') declaration.type = this.next().text
      if (keyword === 'var' || this.peek()?.text === '=') {
        this.expect('=')
        declaration.value = this.value()
      }
    } else {
      // func, type, import: not read.
      while (this.peek() !== undefined && this.peek()!.kind !== 'newline') this.next()
      return undefined
    }
    return declaration
  }
}

/** Every declaration of a Bicep file, in order. */
export function readBicep (file: string): Declaration[] {
  const source = readFileSync(file, 'utf8')
  const reader = new Reader(source, tokenize(source))
  const declarations: Declaration[] = []
  for (reader.skipNewlines(); reader.peek() !== undefined; reader.skipNewlines()) {
    if (reader.peek()!.text === '@') {
      reader.decorator()
      continue
    }
    const declaration = reader.declaration()
    if (declaration !== undefined) declarations.push(declaration)
  }
  return declarations
}
