import { assert, describe, it } from "@effect/vitest"
import { ClientEvent, encodeClientEvent } from "@pkg/realtime-client/ClientEvent"
import { KnownServerEvent } from "@pkg/realtime-client/ServerEvent"
import { Arbitrary, Either, FastCheck as fc, Schema } from "effect"
import * as fs from "node:fs"
import { compileDecoder, Invalid } from "../src/internal/compiledDecoder.js"

const fixtures = new URL("fixtures/server-events/", import.meta.url)
const members = KnownServerEvent.members

/** The compiled decoder and Effect's own give the same: both the same value, or both no value. */
const assertSame = (schema: Schema.Schema.Any, input: unknown) => {
  const effect = Schema.decodeUnknownEither(schema as Schema.Schema<unknown, unknown>)(input)
  const compiled = compileDecoder(schema.ast)(input)
  if (Either.isRight(effect)) {
    assert.notStrictEqual(compiled, Invalid, `compiled refused what Effect decodes: ${JSON.stringify(input)}`)
    assert.deepStrictEqual(compiled, effect.right)
  } else {
    assert.strictEqual(compiled, Invalid, `compiled decoded what Effect refuses: ${JSON.stringify(input)}`)
  }
}

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

const replacements: ReadonlyArray<Json> = [null, 0, -1.5, "", "x", true, [], {}, [1], { type: "x" }]

/** `value` with one change at a random place in it: a property removed, a value replaced, or a property added. */
const mutate = (value: Json, pick: (n: number) => number): Json => {
  const places: Array<ReadonlyArray<string | number>> = []
  const walk = (node: Json, path: ReadonlyArray<string | number>) => {
    places.push(path)
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...path, i]))
    else if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) walk(child, [...path, key])
    }
  }
  walk(value, [])
  const path = places[pick(places.length)]!
  const change = pick(3)
  const rebuild = (node: Json, depth: number): Json => {
    if (depth === path.length) {
      if (change === 1) return replacements[pick(replacements.length)]!
      if (change === 2 && node !== null && typeof node === "object" && !Array.isArray(node)) {
        return { ...node, zz_extra: replacements[pick(replacements.length)]! }
      }
      return node
    }
    const key = path[depth]!
    if (Array.isArray(node)) {
      return node.flatMap((child, i) =>
        i !== key ? [child] : change === 0 && depth === path.length - 1 ? [] : [rebuild(child, depth + 1)]
      )
    }
    const record = node as { readonly [key: string]: Json }
    const out: Record<string, Json> = {}
    for (const [name, child] of Object.entries(record)) {
      if (name !== key) out[name] = child
      else if (!(change === 0 && depth === path.length - 1)) out[name] = rebuild(child, depth + 1)
    }
    return out
  }
  return rebuild(value, 0)
}

interface Tree {
  readonly label: string
  readonly children: ReadonlyArray<Tree>
}

const Tree: Schema.Schema<Tree> = Schema.Struct({
  label: Schema.String,
  children: Schema.Array(Schema.suspend(() => Tree))
})

/** A schema with every kind of node the compiler compiles, and some it leaves to Effect. */
const KitchenSink = Schema.Struct({
  kind: Schema.Literal("sink"),
  count: Schema.Int.pipe(Schema.between(0, 10)),
  name: Schema.String.pipe(Schema.maxLength(5)),
  flag: Schema.optional(Schema.Boolean),
  exact: Schema.optionalWith(Schema.NullOr(Schema.Number), { exact: true }),
  anything: Schema.Unknown,
  nothing: Schema.Struct({}),
  tags: Schema.Record({ key: Schema.String, value: Schema.Number }),
  pair: Schema.Tuple(Schema.String, Schema.Number),
  trimmed: Schema.Trim,
  tree: Tree,
  shape: Schema.Union(
    Schema.Struct({ type: Schema.Literal("circle"), radius: Schema.Number }),
    Schema.Struct({ type: Schema.Literal("square"), side: Schema.Number }),
    Schema.Struct({ type: Schema.Literal("square"), role: Schema.Literal("big"), size: Schema.Number }),
    Schema.Struct({ type: Schema.Literal("dup"), a: Schema.Number }),
    Schema.Struct({ type: Schema.Literal("dup"), b: Schema.Number }),
    Schema.Struct({ label: Schema.String }),
    Schema.Literal("none")
  )
})

/** Arbitrary values of `schema`, as JSON on the wire, and `mutants` changes of each, decode as Effect decodes them. */
const assertSameOnArbitraries = (schema: Schema.Schema.Any, numRuns: number, mutants: number) => {
  const typed = schema as unknown as Schema.Schema<unknown, unknown>
  const encoded = Schema.encodeSync(typed)
  fc.assert(
    fc.property(Arbitrary.make(typed), fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (value, picks) => {
      const wire = JSON.parse(JSON.stringify(encoded(value))) as Json
      assertSame(schema, wire)
      let next = 0
      for (let i = 0; i < mutants; i++) assertSame(schema, mutate(wire, (n) => picks[next++ % picks.length]! % n))
    }),
    { numRuns }
  )
}

describe("compileDecoder", () => {
  it("decodes a schema of every kind of node, and its mutants, as Effect's decoder does", () => {
    assertSameOnArbitraries(KitchenSink, 500, 4)
    // where more than one member of a union decodes the input, the one Effect tries first wins
    const shape = KitchenSink.fields.shape
    for (
      const input of [{ type: "dup", a: 1, b: 2 }, { type: "square", side: 1, role: "big", size: 2 }, { label: "l" }]
    ) {
      assertSame(shape, input)
    }
  })

  it("looks a property up as the object's own, whatever its prototype holds", () => {
    const Named = Schema.Struct({
      constructor: Schema.optional(Schema.String),
      toString: Schema.optionalWith(Schema.String, { exact: true }),
      valueOf: Schema.Unknown,
      label: Schema.optional(Schema.String)
    })
    class WithGetter {
      get label() {
        return "from the prototype"
      }
    }
    const withOwnLabel = Object.defineProperty(new WithGetter(), "label", { value: "own", enumerable: true })
    const bare = Object.assign(Object.create(null) as object, { constructor: "c", label: "l" })
    for (
      const input of [
        {},
        { constructor: "c" },
        { toString: "t", label: undefined },
        { valueOf: 1 },
        new WithGetter(),
        withOwnLabel,
        bare,
        { constructor: 1 }
      ]
    ) {
      assertSame(Named, input)
    }
  })

  it("decodes every server event fixture as Effect's decoder does", () => {
    for (const file of fs.readdirSync(fixtures)) {
      const json = JSON.parse(fs.readFileSync(new URL(file, fixtures), "utf8")) as { readonly type: string }
      const member = members.find((member) => member.fields.type.literals[0] === json.type)
      assert.isDefined(member, file)
      assertSame(member!, json)
    }
  })

  it("decodes every server event fixture, changed at one place, as Effect's decoder does", () => {
    let seed = 1
    const pick = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed % n
    }
    for (const file of fs.readdirSync(fixtures)) {
      const json = JSON.parse(fs.readFileSync(new URL(file, fixtures), "utf8")) as Json & { readonly type: string }
      const member = members.find((member) => member.fields.type.literals[0] === json.type)!
      for (let i = 0; i < 200; i++) assertSame(member, mutate(json, pick))
    }
  })

  it("decodes arbitrary server events of every type, and their mutants, as Effect's decoder does", () => {
    for (const member of members) assertSameOnArbitraries(member, 60, 1)
  })

  it("encodeClientEvent, which validates with compiled decoders, writes what Effect's encoder writes", () => {
    const effectEncode = Schema.encodeEither(Schema.parseJson(ClientEvent))
    const assertSameText = (event: unknown) => {
      const effect = effectEncode(event as ClientEvent)
      const compiled = Either.try(() => encodeClientEvent(event as ClientEvent))
      if (Either.isRight(effect)) assert.deepStrictEqual(compiled, effect, JSON.stringify(event))
      else assert.isTrue(Either.isLeft(compiled), `encoded what Effect refuses: ${JSON.stringify(event)}`)
    }
    for (const member of ClientEvent.members) {
      fc.assert(
        fc.property(
          Arbitrary.make(member as Schema.Schema<unknown>),
          fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
          (event, picks) => {
            assertSameText(event)
            let next = 0
            for (let i = 0; i < 3; i++) assertSameText(mutate(event as Json, (n) => picks[next++ % picks.length]! % n))
          }
        ),
        { numRuns: 60 }
      )
    }
  })
})
