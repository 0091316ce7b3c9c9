import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/** What a compiled decoder returns where the schema's decoder fails. @internal */
export const Invalid: unique symbol = Symbol.for("@pkg/realtime-client/compiledDecoder/Invalid")

/** @internal */
export type CompiledDecoder = (input: unknown) => unknown

/**
 * A decoder compiled from a schema's AST, for the shapes server events are made of: it gives what
 * `Schema.decodeUnknownEither(schema)` gives on the right (default options: the first error, excess properties
 * ignored), or {@link Invalid} where that fails, without building a parse issue, an `Either` or a result per
 * node. Strings, numbers, booleans, literals, `unknown`, structs without index signatures, arrays, unions (whose
 * members are tried in the order Effect's parser tries them), refinements and suspended schemas are compiled;
 * any other node (a transformation, a record, a declaration, a node with parse options or a decoding fallback)
 * is decoded by Effect's own parser.
 *
 * Effect's parser is general (effects, every error, every option), and a session decodes every event it
 * receives: with it, an hour of audio spent about 200 ms decoding 12,000 events.
 *
 * @internal
 */
export const compileDecoder = (ast: AST.AST): CompiledDecoder => compile(ast, new Map())

type Cache = Map<AST.AST, CompiledDecoder>

// A schema that refers to itself does so through a suspended node, compiled when it is first decoded.
const compile = (ast: AST.AST, cache: Cache): CompiledDecoder => {
  const known = cache.get(ast)
  if (known !== undefined) return known
  const compiled = compileNode(ast, cache)
  cache.set(ast, compiled)
  return compiled
}

const compileNode = (ast: AST.AST, cache: Cache): CompiledDecoder => {
  if (
    Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))
  ) {
    return delegate(ast)
  }
  switch (ast._tag) {
    case "StringKeyword":
      return (input) => typeof input === "string" ? input : Invalid
    case "NumberKeyword":
      return (input) => typeof input === "number" ? input : Invalid
    case "BooleanKeyword":
      return (input) => typeof input === "boolean" ? input : Invalid
    case "UndefinedKeyword":
      return (input) => input === undefined ? input : Invalid
    case "UnknownKeyword":
    case "AnyKeyword":
      return (input) => input
    case "Literal": {
      const literal = ast.literal
      return (input) => input === literal ? input : Invalid
    }
    case "Refinement": {
      const from = compile(ast.from, cache)
      return (input) => {
        const value = from(input)
        return value === Invalid || Option.isSome(ast.filter(value, AST.defaultParseOption, ast)) ? Invalid : value
      }
    }
    case "Suspend": {
      let target: CompiledDecoder | undefined
      return (input) => (target ??= compile(ast.f(), cache))(input)
    }
    case "TypeLiteral":
      return ast.indexSignatures.length > 0 ? delegate(ast) : compileStruct(ast, cache)
    case "TupleType":
      return ast.elements.length === 0 && ast.rest.length === 1 ? compileArray(ast.rest[0]!.type, cache) : delegate(ast)
    case "Union":
      return compileUnion(ast, cache)
    default:
      return delegate(ast)
  }
}

/** Effect's own decoder of `ast`, for the nodes this module does not compile. */
const delegate = (ast: AST.AST): CompiledDecoder => {
  const decode = ParseResult.decodeUnknownEither(Schema.make(ast))
  return (input) => {
    const result = decode(input)
    return Either.isRight(result) ? result.right : Invalid
  }
}

const isRecordOrArray = (input: unknown): input is Record<PropertyKey, unknown> =>
  typeof input === "object" && input !== null

const hasOwn = (input: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(input, key)

// As ParseResult's TypeLiteral: a record (not an array), each property in the order of the schema, an absent
// optional property left out, an absent required one decoded from `undefined`, excess properties dropped.
const compileStruct = (ast: AST.TypeLiteral, cache: Cache): CompiledDecoder => {
  if (ast.propertySignatures.length === 0) return (input) => input === null || input === undefined ? Invalid : input
  const properties = ast.propertySignatures.map((signature) => ({
    name: signature.name,
    optional: signature.isOptional,
    decode: compile(signature.type, cache)
  }))
  return (input) => {
    if (!isRecordOrArray(input) || Array.isArray(input)) return Invalid
    const output: Record<PropertyKey, unknown> = {}
    for (const { decode, name, optional } of properties) {
      const present = hasOwn(input, name)
      if (!present && optional) continue
      const value = decode(input[name])
      if (value === Invalid) return Invalid
      output[name] = value
    }
    return output
  }
}

const compileArray = (element: AST.AST, cache: Cache): CompiledDecoder => {
  const decode = compile(element, cache)
  return (input) => {
    if (!Array.isArray(input)) return Invalid
    const output = new Array<unknown>(input.length)
    for (let i = 0; i < input.length; i++) {
      const value = decode(input[i])
      if (value === Invalid) return Invalid
      output[i] = value
    }
    return output
  }
}

// As ParseResult's Union: the members whose literal properties match the input's (the search tree of
// `getSearchTree`), in its order, then the members without literal properties; the first that decodes wins.
const compileUnion = (ast: AST.Union, cache: Cache): CompiledDecoder => {
  const tree = searchTree(ast.types)
  const keys = Reflect.ownKeys(tree.keys)
  const decoders = new Map(ast.types.map((member) => [member, compile(member, cache)] as const))
  const otherwise = tree.otherwise.map((member) => decoders.get(member)!)
  return (input) => {
    if (keys.length > 0 && isRecordOrArray(input)) {
      for (const key of keys) {
        if (!hasOwn(input, key)) continue
        const bucket = tree.keys[key]!.buckets[String(input[key])]
        if (bucket === undefined) continue
        for (const member of bucket) {
          const value = decoders.get(member)!(input)
          if (value !== Invalid) return value
        }
      }
    }
    for (const decode of otherwise) {
      const value = decode(input)
      if (value !== Invalid) return value
    }
    return Invalid
  }
}

interface SearchTree {
  readonly keys: Record<PropertyKey, { readonly buckets: Record<string, Array<AST.AST>> }>
  readonly otherwise: Array<AST.AST>
}

/** ParseResult's `getSearchTree` (effect 3.22), which it does not export: members grouped by their literal properties. */
const searchTree = (members: ReadonlyArray<AST.AST>): SearchTree => {
  const keys: Record<PropertyKey, { buckets: Record<string, Array<AST.AST>> }> = {}
  const otherwise: Array<AST.AST> = []
  for (const member of members) {
    const tags = literalsOf(member)
    if (tags.length === 0) {
      otherwise.push(member)
      continue
    }
    for (let j = 0; j < tags.length; j++) {
      const [key, literal] = tags[j]!
      const hash = String(literal.literal)
      const buckets = (keys[key] ??= { buckets: Object.create(null) }).buckets
      if (hash in buckets) {
        if (j < tags.length - 1) continue
        buckets[hash]!.push(member)
      } else {
        buckets[hash] = [member]
        break
      }
    }
  }
  return { keys, otherwise }
}

/** ParseResult's `getLiterals` for decoding: the required properties (or tuple elements) whose encoded type is a literal. */
const literalsOf = (ast: AST.AST): ReadonlyArray<readonly [PropertyKey, AST.Literal]> => {
  switch (ast._tag) {
    case "Declaration": {
      const surrogate = AST.getSurrogateAnnotation(ast)
      return Option.isSome(surrogate) ? literalsOf(surrogate.value) : []
    }
    case "TypeLiteral": {
      const out: Array<readonly [PropertyKey, AST.Literal]> = []
      for (const signature of ast.propertySignatures) {
        const type = AST.encodedAST(signature.type)
        if (AST.isLiteral(type) && !signature.isOptional) out.push([signature.name, type])
      }
      return out
    }
    case "TupleType": {
      const out: Array<readonly [PropertyKey, AST.Literal]> = []
      ast.elements.forEach((element, i) => {
        const type = AST.encodedAST(element.type)
        if (AST.isLiteral(type) && !element.isOptional) out.push([i, type])
      })
      return out
    }
    case "Refinement":
      return literalsOf(ast.from)
    case "Suspend":
      return literalsOf(ast.f())
    case "Transformation":
      return literalsOf(ast.from)
    default:
      return []
  }
}
