/**
 * A Query whose parameters ElectroDB writes once, for every request of its shape.
 *
 * ElectroDB builds each query anew: a chain with where- and filter-builders for every attribute of
 * every entity it may return, then the key expressions, names and values, then the call through
 * its wrapper. For the board's hot reads that was about 1.2 M instructions of a warm thread read,
 * more than the rest of the read's own work (docs/performance.md#levers-measured-in-instructions).
 * Between two reads of one shape (the thread of a post, a board's newest posts after a cursor)
 * only the composite values and the page size change. So ElectroDB writes the parameters once,
 * with a marker in place of each value — for the Lambda bundle at build time
 * (entities/prepared-templates.ts), elsewhere on first use — and each call puts its values where
 * the markers are, and its table: keys, conditions, index, identifiers and filters stay
 * ElectroDB's, from the model.
 *
 * It holds for templates that put a value into a key as it is (casing "none", no padding): a
 * shape whose parameters carry a marker changed, elsewhere than in a value, or not at all, is
 * refused when it is prepared. tests/prepared-query.test.ts holds every prepared read of the board
 * equal to ElectroDB's own parameters over awkward values and page sizes.
 */

type Params = Record<string, unknown> & { ExpressionAttributeValues?: Record<string, unknown> };
type Item = Record<string, unknown>;

/** What a query chain of ElectroDB offers for this: its parameters for the given options. */
interface Chain {
  params(options?: object): object;
}

/** A client as ElectroDB calls one (the board's own document client, or ElectroDB's wrapper of the SDK's). */
export interface QueryClient {
  query(params: object): { promise(): Promise<{ Items?: Item[] }> };
}

/** Where a prepared query runs, and what it may start from. */
export interface QueryRunner {
  /** The client to run it with. */
  client: () => QueryClient;
  /** The table it reads (the parameters name it; ElectroDB wrote them for the service's). */
  table: string;
  /** Its parameters as written ahead, by the build (entities/prepared-templates.ts); else written on first use. */
  written?: Written | undefined;
}

/**
 * A marker for a value while ElectroDB writes the parameters (private-use characters; a call's own
 * values are later put in by position, whatever they contain), named after the value, with both
 * letter cases in it (a template that changes case changes the marker) and a filler: the
 * parameters are written twice, with fillers of different lengths, and must differ only inside the
 * markers (a template that pads a value to a length would not).
 */
const fillers = ["", "Zz-0123456789"];
const marker = (name: string, filler: string) => `\u{E000}Aa:${name}\u{E002}${filler}\u{E001}`;
const anyMarker = /\u{E000}Aa:([^\u{E001}\u{E002}]*)\u{E002}[^\u{E001}]*\u{E001}/gu;
const markerCharacters = /[\u{E000}-\u{E002}]/u;

/** A string value of the parameters, as literal text and the names of the values that go between. */
type Slot = { key: string; pieces: (string | { name: string })[] };
/** A shape's parameters as ElectroDB wrote them, with the slots its values go into (plain data: the build writes it ahead). */
export type Written = { template: Params; slots: Slot[] };

/** Everything of written parameters but what the markers themselves hold. */
function shapeOf({ template, slots }: Written): string {
  const values = Object.fromEntries(Object.entries(template.ExpressionAttributeValues ?? {}).filter(([key]) => !slots.some((slot) => slot.key === key)));
  return JSON.stringify({ template: { ...template, ExpressionAttributeValues: values }, slots });
}

export interface PreparedQuery<Name extends string> {
  /** The values each call gives. */
  readonly names: readonly Name[];
  /** The parameters ElectroDB would write for these values and this page size. */
  params(values: Record<Name, string>, limit: number): Params;
  /** Runs them; the items as DynamoDB returns them (read them with entities/retrieval.ts). */
  items(values: Record<Name, string>, limit: number): Promise<Item[]>;
  /** What ElectroDB itself writes for these values and this page size: what `params` is held equal to. */
  electroParams(values: Record<Name, string>, limit: number): Params;
  /** The parameters with their slots, written by ElectroDB now (what the build writes ahead). */
  write(): Written;
}

/**
 * `chain` builds ElectroDB's query from the values named in `names`; `options` are the `go()`
 * options of every call of this shape but the page size (`limit`), which each call gives.
 */
export function preparedQuery<Name extends string>(
  names: readonly Name[],
  chain: (values: Record<Name, string>) => Chain,
  options: object,
  runner: QueryRunner,
): PreparedQuery<Name> {
  let prepared: Written | undefined = runner.written;

  /** The parameters written with markers, as a template and the slots the values go into. */
  function written(filler: string): Written {
    const markers = Object.fromEntries(names.map((name) => [name, marker(name, filler)])) as Record<Name, string>;
    const template = chain(markers).params({ ...options, limit: 1 }) as Params;
    const values = template.ExpressionAttributeValues ?? {};
    const slots: Slot[] = [];
    const seen = new Set<string>();
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== "string" || !markerCharacters.test(value)) continue;
      const pieces: Slot["pieces"] = [];
      let from = 0;
      for (const match of value.matchAll(anyMarker)) {
        const name = match[1]!;
        if (!(names as readonly string[]).includes(name)) throw new Error(`A value of the prepared query changed its marker: ${JSON.stringify(value)}`);
        pieces.push(value.slice(from, match.index), { name });
        seen.add(name);
        from = match.index + match[0].length;
      }
      pieces.push(value.slice(from));
      if (pieces.some((piece) => typeof piece === "string" && markerCharacters.test(piece)))
        throw new Error(`A value of the prepared query changed its marker: ${JSON.stringify(value)}`);
      slots.push({ key, pieces });
    }
    // The pieces hold no marker by now: one anywhere else is a value put where no value goes.
    if (markerCharacters.test(shapeOf({ template, slots })))
      throw new Error(`A value of the prepared query lands outside its values: ${shapeOf({ template, slots })}`);
    for (const name of names)
      if (!seen.has(name)) throw new Error(`The prepared query does not carry "${name}" as it was given (a key template that changes values?)`);
    return { template, slots };
  }

  function prepare() {
    const [short, long] = fillers.map(written) as [Written, Written];
    if (shapeOf(short) !== shapeOf(long))
      throw new Error("The prepared query's parameters change with the length of a value (a padded key?): build it with ElectroDB each time");
    return short;
  }

  function params(values: Record<Name, string>, limit: number): Params {
    prepared ??= prepare();
    const filled: Record<string, unknown> = { ...prepared.template.ExpressionAttributeValues };
    for (const slot of prepared.slots) {
      let text = "";
      for (const piece of slot.pieces) text += typeof piece === "string" ? piece : values[piece.name as Name];
      filled[slot.key] = text;
    }
    return { ...prepared.template, TableName: runner.table, ExpressionAttributeValues: filled, Limit: limit };
  }

  return {
    names,
    params,
    write: prepare,
    electroParams: (values, limit) => chain(values).params({ ...options, limit }) as Params,
    async items(values, limit) {
      const { Items = [] } = await runner.client().query(params(values, limit)).promise();
      return Items;
    },
  };
}
