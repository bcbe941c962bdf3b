/**
 * A small parser for Logstash pipeline files (no Logstash binary here): sections, plugin blocks,
 * `name => value` settings (strings, numbers, barewords, arrays, hashes), comments and
 * if / else if / else branches. Enough to check what a pipeline configures, not to run it.
 */

export type Value = string | number | boolean | Value[] | { [key: string]: Value };

export interface Plugin {
  kind: 'plugin';
  name: string;
  settings: Record<string, Value>;
  /** The conditions of the enclosing branches, outermost first. */
  conditions: string[];
}

export interface Branch {
  kind: 'branch';
  arms: Array<{ condition: string | null; body: Node[] }>;
}

export type Node = Plugin | Branch;
export type Pipeline = Record<'input' | 'filter' | 'output', Node[]>;

type Token = { type: 'string' | 'word' | 'number' | 'symbol'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|#[^\n]*|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(=>|==|!=|=~|!~|<=|>=|[{}[\],()<>!])|(-?\d+(?:\.\d+)?)(?![\w.])|([A-Za-z_@][\w.@-]*)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < source.length) {
    const at = pattern.lastIndex;
    match = pattern.exec(source);
    if (!match) throw new Error(`logstash config: cannot read ${JSON.stringify(source.slice(at, at + 30))}`);
    if (match[1] !== undefined) tokens.push({ type: 'string', text: match[1].replace(/\\(.)/g, '$1') });
    else if (match[2] !== undefined) tokens.push({ type: 'string', text: match[2].replace(/\\(.)/g, '$1') });
    else if (match[3] !== undefined) tokens.push({ type: 'symbol', text: match[3] });
    else if (match[4] !== undefined) tokens.push({ type: 'number', text: match[4] });
    else if (match[5] !== undefined) tokens.push({ type: 'word', text: match[5] });
  }
  return tokens;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(): Token {
    const token = this.tokens[this.at++];
    if (!token) throw new Error('logstash config: unexpected end');
    return token;
  }

  private expect(text: string): void {
    const token = this.next();
    if (token.text !== text || token.type === 'string') throw new Error(`logstash config: expected ${text}, got ${token.text}`);
  }

  pipeline(): Pipeline {
    const pipeline: Pipeline = { input: [], filter: [], output: [] };
    while (this.peek()) {
      const section = this.next().text;
      if (section !== 'input' && section !== 'filter' && section !== 'output') throw new Error(`logstash config: unknown section ${section}`);
      this.expect('{');
      pipeline[section].push(...this.nodes([]));
    }
    return pipeline;
  }

  /** Plugins and branches up to the closing brace. */
  private nodes(conditions: string[]): Node[] {
    const nodes: Node[] = [];
    for (;;) {
      const token = this.next();
      if (token.text === '}' && token.type === 'symbol') return nodes;
      if (token.type === 'word' && token.text === 'if') nodes.push(this.branch(conditions));
      else if (token.type === 'word') {
        this.expect('{');
        nodes.push({ kind: 'plugin', name: token.text, settings: this.settings(), conditions });
      } else throw new Error(`logstash config: unexpected ${token.text}`);
    }
  }

  private branch(outer: string[]): Branch {
    const arms: Branch['arms'] = [];
    let condition: string | null = this.condition();
    for (;;) {
      arms.push({ condition, body: this.nodes(condition === null ? outer : [...outer, condition]) });
      if (this.peek()?.text !== 'else') return { kind: 'branch', arms };
      this.next();
      if (this.peek()?.text === 'if') {
        this.next();
        condition = this.condition();
      } else {
        this.expect('{');
        const otherwise = `!(${arms.map((arm) => arm.condition).join(' or ')})`;
        arms.push({ condition: null, body: this.nodes([...outer, otherwise]) });
        return { kind: 'branch', arms };
      }
    }
  }

  /** The raw condition text up to the opening brace of the branch body. */
  private condition(): string {
    const parts: string[] = [];
    let depth = 0;
    for (;;) {
      const token = this.next();
      if (token.text === '{' && token.type === 'symbol' && depth === 0) return parts.join(' ').replace(/\s*([[\]])\s*/g, '$1');
      if (token.text === '[' && token.type === 'symbol') depth += 1;
      if (token.text === ']' && token.type === 'symbol') depth -= 1;
      parts.push(token.type === 'string' ? JSON.stringify(token.text) : token.text);
    }
  }

  private settings(): Record<string, Value> {
    const settings: Record<string, Value> = {};
    for (;;) {
      const token = this.next();
      if (token.text === '}' && token.type === 'symbol') return settings;
      this.expect('=>');
      settings[token.text] = this.value();
    }
  }

  private value(): Value {
    const token = this.next();
    if (token.type === 'string') return token.text;
    if (token.type === 'number') return Number(token.text);
    if (token.type === 'word') return token.text === 'true' ? true : token.text === 'false' ? false : token.text;
    if (token.text === '[') {
      const items: Value[] = [];
      while (this.peek()?.text !== ']') {
        items.push(this.value());
        if (this.peek()?.text === ',') this.next();
      }
      this.next();
      return items;
    }
    if (token.text === '{') {
      const hash: Record<string, Value> = {};
      while (this.peek()?.text !== '}') {
        const key = this.next().text;
        this.expect('=>');
        hash[key] = this.value();
        if (this.peek()?.text === ',') this.next();
      }
      this.next();
      return hash;
    }
    throw new Error(`logstash config: unexpected value ${token.text}`);
  }
}

export function parseLogstashConfig(source: string): Pipeline {
  return new Parser(tokenize(source)).pipeline();
}

/** Every plugin of a section, branches flattened (each plugin keeps its conditions). */
export function pluginsOf(nodes: Node[]): Plugin[] {
  return nodes.flatMap((node) => (node.kind === 'plugin' ? [node] : node.arms.flatMap((arm) => pluginsOf(arm.body))));
}

/** Logstash field references in a string: `[a][b]` paths and `%{[a][b]}` / `%{a}` sprintf parts. */
export function fieldReferences(text: string): string[][] {
  const refs: string[][] = [];
  for (const match of text.matchAll(/%\{([^}]+)\}|((?:\[[^\]\s"]+\])+)/g)) {
    const raw = match[1] ?? match[2] ?? '';
    if (raw.startsWith('+')) continue; // %{+YYYY.MM.dd}: a date format, not a field
    const path = raw.startsWith('[') ? [...raw.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1] ?? '') : [raw];
    refs.push(path);
  }
  return refs;
}

/** The value at a field reference in an event, or undefined. */
export function fieldValue(event: unknown, path: string[]): unknown {
  let current: unknown = event;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
