/**
 * Names for the statements worth preparing (ADR 0031). PostgreSQL plans an unnamed statement on
 * every execution, and with row-level security planning costs more than running: a member's
 * community list plans in ~0.4 ms and runs in ~0.15 ms. A named statement is parsed and planned
 * once per connection, and PostgreSQL keeps its plan (re-planning when a table it reads changes).
 *
 * Each prepared statement holds memory in every backend that ran it, so naming is bounded: a text
 * is named only once it has been seen `repeatsBeforeNaming` times (the hot statements, not an
 * admin's one-off filter combination), and at most `maxNamed` texts are ever named in the process.
 * Texts seen fewer times are forgotten in bulk when too many pile up (statements with a variable
 * number of parameters write a new text for every length).
 */
export interface StatementNamesOptions {
  maxNamed: number;
  repeatsBeforeNaming: number;
  maxTracked: number;
  maxTextLength: number;
}

export class StatementNames {
  static readonly defaults: StatementNamesOptions = { maxNamed: 300, repeatsBeforeNaming: 3, maxTracked: 5_000, maxTextLength: 16_384 };
  readonly #named = new Map<string, string>();
  readonly #seen = new Map<string, number>();
  #issued = 0;
  #stopped = false;

  constructor(private readonly options: StatementNamesOptions = StatementNames.defaults) {}

  /**
   * Every statement runs unnamed from now on: names do not survive between transactions on this
   * database (a transaction-mode pooler, ADR 0039).
   */
  stopNaming(): void {
    this.#stopped = true;
    this.#named.clear();
    this.#seen.clear();
  }

  /** The statement's name, or undefined to run it unnamed (planned for this execution only). */
  nameFor(text: string): string | undefined {
    if (this.#stopped || this.options.maxNamed === 0) return undefined;
    const named = this.#named.get(text);
    if (named !== undefined) return named;
    if (this.#named.size >= this.options.maxNamed || text.length > this.options.maxTextLength) return undefined;
    const seen = (this.#seen.get(text) ?? 0) + 1;
    if (seen < this.options.repeatsBeforeNaming) {
      if (this.#seen.size >= this.options.maxTracked) this.#seen.clear();
      this.#seen.set(text, seen);
      return undefined;
    }
    this.#seen.delete(text);
    return this.#issue(text);
  }

  /**
   * A new name for a text whose prepared plan PostgreSQL refused (a table it reads changed shape):
   * every connection then prepares it afresh under the new name. The old one stays prepared, unused,
   * where it was; this happens only after a schema change.
   */
  rename(text: string): void {
    if (this.#named.has(text)) this.#issue(text);
  }

  #issue(text: string): string {
    this.#issued += 1;
    const name = `aigym_${this.#issued}`;
    this.#named.set(text, name);
    return name;
  }
}
