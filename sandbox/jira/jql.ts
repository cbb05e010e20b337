/**
 * The JQL subset the local Jira Cloud emulator understands: a tokenizer, a recursive-descent parser,
 * an issue matcher and an ORDER BY comparator. No dependencies.
 *
 * Errors copy Jira Cloud's wording (and its 1-based `(line L, character C)` positions) so the app meets
 * the same 400 bodies here as in production. Anything outside the subset fails with such an error
 * rather than silently matching nothing.
 */

export type JqlValue = string | number;
export interface JqlFieldRef {
  id: string;
  kind: 'text' | 'string' | 'number' | 'date' | 'user' | 'array';
}
export type JqlExpr =
  | { type: 'and' | 'or'; left: JqlExpr; right: JqlExpr }
  | { type: 'not'; expr: JqlExpr }
  | {
      type: 'compare';
      field: JqlFieldRef;
      fieldName: string;
      op: '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~';
      value: JqlValue;
    }
  | { type: 'in'; field: JqlFieldRef; fieldName: string; negated: boolean; values: JqlValue[] }
  | { type: 'empty'; field: JqlFieldRef; fieldName: string; negated: boolean }; // `is EMPTY` / `is not EMPTY` (also accept NULL)
export interface JqlQuery {
  where: JqlExpr | null;
  orderBy: { field: JqlFieldRef; fieldName: string; direction: 'ASC' | 'DESC' }[];
}
export type JqlParseResult = { ok: true; query: JqlQuery } | { ok: false; errorMessages: string[] };
/** Resolves a field name as written in JQL (case-insensitive for system names; custom fields by their name, quoted if it has spaces, or as cf[10050], or customfield_10050). Returns undefined for unknown fields. */
export type JqlFieldResolver = (name: string) => JqlFieldRef | undefined;

type CompareOp = Extract<JqlExpr, { type: 'compare' }>['op'];
/** Operators as Jira names them in validation messages (lower case words). */
type OperatorName = CompareOp | 'in' | 'not in' | 'is' | 'is not';
type FieldKind = JqlFieldRef['kind'];

// ---- messages ---------------------------------------------------------------------------------

const SYNTAX = 'Error in the JQL Query: ';
// Jira Cloud really drops "the" in the operand messages (observed: "Error in JQL Query: Expecting either a value, ...").
const OPERAND_SYNTAX = 'Error in JQL Query: ';
const VALID_OPERATORS = "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";
const VALID_ESCAPES = "The valid escape sequences are \\', \\\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX.";
const DATE_FORMATS =
  "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.";

/** Jira Cloud's reserved words: unquoted, they are a syntax error wherever a field name or value is expected. */
const RESERVED_WORDS = new Set(
  (
    'a an abort access add after alias all alter and any are as asc at audit avg be before begin between boolean break but by byte ' +
    'catch cf char character check checkpoint collate collation column commit connect continue count create current date decimal ' +
    'declare decrement default defaults define delete delimiter desc difference distinct divide do double drop else empty encoding ' +
    'end equals escape exclusive exec execute exists explain false fetch file field first float for from function go goto grant ' +
    'greater group having identified if immediate in increment index initial inner inout input insert int integer intersect ' +
    'intersection into is isempty isnull it join last left less like limit lock long max min minus mode modify modulo more multiply ' +
    'next no noaudit not notin nowait null number object of on option or order outer output power previous prior privileges public ' +
    'raise raw remainder rename resource return returns revoke right row rowid rownum rows select session set share size sqrt start ' +
    'strict string subtract such sum synonym table that the their then there these they this to trans transaction trigger true uid ' +
    'union unique update user validate values view was when whenever where while will with'
  ).split(' '),
);
/** Words the grammar itself uses: in the wrong place Jira reports "Expecting ... but got", not "reserved word". */
const GRAMMAR_WORDS = new Set(['and', 'or', 'not', 'in', 'is', 'empty', 'null', 'order', 'by']);
/** Characters that end an unquoted word because they are tokens of their own. */
const WORD_DELIMITERS = new Set(['(', ')', ',', '"', "'", '=', '!', '<', '>', '~', '&', '|']);
/** Characters Jira reserves: they must be quoted or escaped (brackets are only legal in `cf[123]`). */
const RESERVED_CHARACTERS = new Set(['{', '}', '[', ']', '*', '/', '%', '+', '^', '$', '#', '@', '?', ';']);
const SIMPLE_ESCAPES: Record<string, string> = { "'": "'", '"': '"', '\\': '\\', ' ': ' ', t: '\t', n: '\n', r: '\r' };
const CUSTOM_FIELD_WORD = /cf\[\d+\]/iy;
const WHITESPACE = /\s/;

/** A syntax error: parsing stops at the first one, as Jira's does. */
class JqlSyntaxError extends Error {}

/** Jira's `(line L, character C)` suffix, both 1-based. */
function position(source: string, index: number): string {
  const before = source.slice(0, index);
  const line = before.split('\n').length;
  return `(line ${line}, character ${index - before.lastIndexOf('\n')})`;
}

// ---- tokenizer --------------------------------------------------------------------------------

type TokenKind = 'word' | 'string' | 'operator' | 'symbol' | 'lparen' | 'rparen' | 'comma' | 'eof';
interface Token {
  kind: TokenKind;
  /** The unescaped text: a word's or string's value, an operator's symbol. */
  text: string;
  /** As written, for messages. */
  raw: string;
  /** 0-based offset in the query. */
  start: number;
  /** Lower-case keyword for unquoted words and for the symbols `&&`, `&`, `||`, `|`, `!`. */
  keyword?: string;
}

const SYMBOL_KEYWORDS: Record<string, string> = { '&&': 'and', '&': 'and', '||': 'or', '|': 'or', '!': 'not' };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const push = (kind: TokenKind, length: number, extra: Partial<Token> = {}) => {
    const raw = source.slice(index, index + length);
    tokens.push({ kind, text: raw, raw, start: index, ...extra });
    index += length;
  };
  while (index < source.length) {
    const char = source.charAt(index);
    const next = source.charAt(index + 1);
    if (WHITESPACE.test(char)) index += 1;
    else if (char === '(') push('lparen', 1);
    else if (char === ')') push('rparen', 1);
    else if (char === ',') push('comma', 1);
    else if (char === '"' || char === "'") {
      const token = readQuoted(source, index);
      tokens.push(token);
      index += token.raw.length;
    } else if (char === '=' || char === '~') push('operator', 1);
    else if ((char === '!' && (next === '=' || next === '~')) || ((char === '<' || char === '>') && next === '='))
      push('operator', 2);
    else if (char === '<' || char === '>') push('operator', 1);
    else if (char === '!' || char === '&' || char === '|') {
      const length = next === char ? 2 : 1;
      push('symbol', length, { keyword: SYMBOL_KEYWORDS[source.slice(index, index + length)] });
    } else {
      const token = readWord(source, index);
      tokens.push(token);
      index += token.raw.length;
    }
  }
  tokens.push({ kind: 'eof', text: '', raw: '', start: source.length });
  return tokens;
}

function readQuoted(source: string, start: number): Token {
  const quote = source.charAt(start);
  let text = '';
  let index = start + 1;
  // A backslash as the last character cannot close the string, so `< length - 1` for escapes.
  while (index < source.length && source.charAt(index) !== quote) {
    if (source.charAt(index) === '\\' && index < source.length - 1) {
      const escape = readEscape(source, index);
      text += escape.value;
      index += escape.length;
    } else {
      text += source.charAt(index);
      index += 1;
    }
  }
  if (index >= source.length) {
    const partial = source.slice(start + 1);
    const what = partial === '' ? 'The quoted string' : `The quoted string '${partial}'`;
    throw new JqlSyntaxError(`${SYNTAX}${what} has not been completed. ${position(source, start)}`);
  }
  return { kind: 'string', text, raw: source.slice(start, index + 1), start };
}

function readWord(source: string, start: number): Token {
  CUSTOM_FIELD_WORD.lastIndex = start;
  const customField = CUSTOM_FIELD_WORD.exec(source);
  if (customField)
    return { kind: 'word', text: customField[0], raw: customField[0], start, keyword: customField[0].toLowerCase() };
  let text = '';
  let escaped = false;
  let index = start;
  while (index < source.length) {
    const char = source.charAt(index);
    if (WHITESPACE.test(char) || WORD_DELIMITERS.has(char)) break;
    if (RESERVED_CHARACTERS.has(char)) {
      const escape = `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
      throw new JqlSyntaxError(
        `${SYNTAX}The character '${char}' is a reserved JQL character. You must enclose it in a string or use the escape '${escape}' instead. ${position(source, index)}`,
      );
    }
    if (char === '\\') {
      const escape = readEscape(source, index);
      text += escape.value;
      index += escape.length;
      escaped = true;
    } else {
      text += char;
      index += 1;
    }
  }
  const raw = source.slice(start, index);
  // An escaped word is never a keyword: `\u0061nd` is the word "and" as a value.
  return { kind: 'word', text, raw, start, ...(escaped ? {} : { keyword: raw.toLowerCase() }) };
}

function readEscape(source: string, at: number): { value: string; length: number } {
  const next = source.charAt(at + 1);
  if (next === '')
    throw new JqlSyntaxError(`${SYNTAX}The escape sequence has not been completed. ${VALID_ESCAPES} ${position(source, at)}`);
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) return { value: simple, length: 2 };
  const hex = source.slice(at + 2, at + 6);
  if (next === 'u' && /^[0-9a-f]{4}$/i.test(hex)) return { value: String.fromCharCode(parseInt(hex, 16)), length: 6 };
  const sequence = next === 'u' ? `\\u${hex}` : `\\${next}`;
  throw new JqlSyntaxError(`${SYNTAX}'${sequence}' is an illegal JQL escape sequence. ${VALID_ESCAPES} ${position(source, at)}`);
}

// ---- parser -----------------------------------------------------------------------------------

/** The right-hand side of a clause before it is checked against the field and operator. */
type Operand =
  | { kind: 'value'; value: JqlValue; display: string }
  | { kind: 'empty'; display: string }
  | { kind: 'function'; display: string }
  | { kind: 'list'; items: Operand[]; display: string };

/** Which operators Jira accepts per kind of field (`text` is summary/description: word search only). */
const SUPPORTED_OPERATORS: Record<FieldKind, ReadonlySet<OperatorName>> = {
  text: new Set(['~', '!~', 'is', 'is not']),
  string: new Set(['=', '!=', 'in', 'not in', '~', '!~', 'is', 'is not']),
  number: new Set(['=', '!=', '>', '>=', '<', '<=', 'in', 'not in', 'is', 'is not']),
  date: new Set(['=', '!=', '>', '>=', '<', '<=', 'in', 'not in', 'is', 'is not']),
  user: new Set(['=', '!=', 'in', 'not in', 'is', 'is not']),
  array: new Set(['=', '!=', 'in', 'not in', 'is', 'is not']),
};
const ORDERING_OPERATORS: ReadonlySet<OperatorName> = new Set(['>', '>=', '<', '<=']);

/** A bare token that round-trips through Number is kept as a number (`10000`); `007` or `1e3` stay text. */
function bareValue(text: string): JqlValue {
  return /^-?\d+(\.\d+)?$/.test(text) && String(Number(text)) === text ? Number(text) : text;
}

class Parser {
  private index = 0;
  /** Validation problems (unknown fields, unsupported operators...): collected, all reported together. */
  readonly problems: string[] = [];

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private readonly resolveField: JqlFieldResolver,
  ) {}

  parseQuery(): JqlQuery {
    const where = this.peek().kind === 'eof' || this.peek().keyword === 'order' ? null : this.parseOr();
    const orderBy = this.peek().keyword === 'order' ? this.parseOrderBy() : [];
    if (this.peek().kind !== 'eof') throw this.fail((got) => `Expecting either 'OR' or 'AND' but got '${got}'.`, '');
    return { where, orderBy };
  }

  private peek(): Token {
    // The tokenizer always ends with 'eof', and advance() is only called on a token already checked not to be it.
    return this.tokens[this.index]!;
  }

  private advance(): Token {
    const token = this.peek();
    this.index += 1;
    return token;
  }

  /** A syntax error at the current token, or the variant Jira uses when the query ended too early. */
  private fail(atToken: (got: string) => string, atEnd: string, prefix = SYNTAX): JqlSyntaxError {
    const token = this.peek();
    if (token.kind === 'eof') return new JqlSyntaxError(`${prefix}${atEnd}`);
    const got = token.kind === 'string' ? token.text : token.raw;
    return new JqlSyntaxError(`${prefix}${atToken(got)} ${position(this.source, token.start)}`);
  }

  private report(problem: string): void {
    if (!this.problems.includes(problem)) this.problems.push(problem);
  }

  // AND binds tighter than OR, NOT tighter than AND; both binary operators associate to the left.
  private parseOr(): JqlExpr {
    let left = this.parseAnd();
    while (this.peek().keyword === 'or') {
      this.advance();
      left = { type: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): JqlExpr {
    let left = this.parseNot();
    while (this.peek().keyword === 'and') {
      this.advance();
      left = { type: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): JqlExpr {
    if (this.peek().keyword !== 'not') return this.parsePrimary();
    this.advance();
    return { type: 'not', expr: this.parseNot() };
  }

  private parsePrimary(): JqlExpr {
    if (this.peek().kind !== 'lparen') return this.parseClause();
    this.advance();
    const expr = this.parseOr();
    this.expectClosingParenthesis();
    return expr;
  }

  private expectClosingParenthesis(): void {
    if (this.peek().kind !== 'rparen')
      throw this.fail((got) => `Expecting ')' but got '${got}'.`, "Expecting ')' before the end of the query.");
    this.advance();
  }

  /** A field name: an unquoted word (not a reserved one) or a quoted string. */
  private parseFieldName(): { name: string; field: JqlFieldRef | undefined } {
    const token = this.peek();
    const isGrammarWord = token.keyword !== undefined && GRAMMAR_WORDS.has(token.keyword);
    if ((token.kind !== 'word' && token.kind !== 'string') || isGrammarWord) {
      throw this.fail(
        (got) =>
          `Expecting a field name but got '${got}'. You must surround '${got}' in quotation marks to use it as a field name.`,
        'Expecting a field name at the end of the query.',
      );
    }
    this.rejectReservedWord(token);
    this.advance();
    const field = this.resolveField(token.text);
    if (!field) this.report(`Field '${token.text}' does not exist or you do not have permission to view it.`);
    return { name: token.text, field };
  }

  private rejectReservedWord(token: Token): void {
    if (token.keyword !== undefined && RESERVED_WORDS.has(token.keyword)) {
      throw this.fail(
        (got) => `'${got}' is a reserved JQL word. You must surround it in quotation marks to use it in a query.`,
        '',
      );
    }
  }

  private parseClause(): JqlExpr {
    const { name, field } = this.parseFieldName();
    const operator = this.parseOperator();
    const operand = this.parseOperand();
    // Unknown fields are already reported; the placeholder is never evaluated because parsing then fails.
    if (!field) return { type: 'empty', field: { id: name, kind: 'string' }, fieldName: name, negated: false };
    return this.buildClause(field, name, operator, operand);
  }

  private parseOperator(): OperatorName {
    const token = this.peek();
    if (token.kind === 'operator') {
      this.advance();
      return token.text as CompareOp;
    }
    if (token.keyword === 'in') {
      this.advance();
      return 'in';
    }
    if (token.keyword === 'is') {
      this.advance();
      if (this.peek().keyword !== 'not') return 'is';
      this.advance();
      return 'is not';
    }
    if (token.keyword === 'not') {
      this.advance();
      if (this.peek().keyword === 'in') {
        this.advance();
        return 'not in';
      }
      throw this.fail((got) => `Expecting 'IN' but got '${got}'.`, "Expecting 'IN' before the end of the query.");
    }
    // WAS, CHANGED and friends land here too: this emulator does not keep field history.
    throw this.fail(
      (got) => `Expecting operator but got '${got}'. ${VALID_OPERATORS}`,
      `Expecting operator before the end of the query. ${VALID_OPERATORS}`,
    );
  }

  /** A value, EMPTY/NULL, a function call or a parenthesised list of those. */
  private parseOperand(): Operand {
    const token = this.peek();
    if (token.kind === 'lparen') {
      this.advance();
      const items = [this.parseListItem()];
      while (this.peek().kind === 'comma') {
        this.advance();
        items.push(this.parseListItem());
      }
      this.expectClosingParenthesis();
      return { kind: 'list', items, display: `(${items.map((item) => item.display).join(', ')})` };
    }
    return this.parseListItem();
  }

  private parseListItem(): Operand {
    const token = this.peek();
    const isGrammarWord =
      token.keyword !== undefined && GRAMMAR_WORDS.has(token.keyword) && token.keyword !== 'empty' && token.keyword !== 'null';
    if ((token.kind !== 'word' && token.kind !== 'string') || isGrammarWord) {
      throw this.fail(
        (got) =>
          `Expecting either a value, list or function but got '${got}'. You must surround '${got}' in quotation marks to use it as a value.`,
        'Expecting either a value, list or function before the end of the query.',
        OPERAND_SYNTAX,
      );
    }
    if (token.kind === 'word' && this.tokens[this.index + 1]!.kind === 'lparen') return this.parseFunctionCall(token);
    if (token.keyword === 'empty' || token.keyword === 'null') {
      this.advance();
      return { kind: 'empty', display: token.raw };
    }
    this.rejectReservedWord(token);
    this.advance();
    return token.kind === 'string'
      ? { kind: 'value', value: token.text, display: token.text }
      : { kind: 'value', value: bareValue(token.text), display: token.text };
  }

  /** Functions parse (so the message can name them) but none is implemented: each is a validation problem. */
  private parseFunctionCall(name: Token): Operand {
    this.advance(); // the name
    this.advance(); // its '('
    const args: string[] = [];
    while (this.peek().kind === 'word' || this.peek().kind === 'string') {
      args.push(this.advance().text);
      if (this.peek().kind !== 'comma') break;
      this.advance();
    }
    this.expectClosingParenthesis();
    const display = `${name.text}(${args.join(', ')})`;
    this.report(`Unable to find JQL function '${display}'.`);
    return { kind: 'function', display };
  }

  private buildClause(field: JqlFieldRef, fieldName: string, operator: OperatorName, operand: Operand): JqlExpr {
    const placeholder: JqlExpr = { type: 'empty', field, fieldName, negated: false };
    if (!SUPPORTED_OPERATORS[field.kind].has(operator)) {
      this.report(`The operator '${operator}' is not supported by the '${fieldName}' field.`);
      return placeholder;
    }
    const callsFunction =
      operand.kind === 'function' || (operand.kind === 'list' && operand.items.some((item) => item.kind === 'function'));
    if (callsFunction) return placeholder; // already reported
    const problem = this.operandProblem(fieldName, operator, operand);
    if (problem) {
      this.report(problem);
      return placeholder;
    }
    const values = operand.kind === 'list' ? operand.items : [operand];
    if (field.kind === 'date') {
      for (const item of values) {
        if (item.kind === 'value' && normalizeDate(item.value) === undefined) {
          this.report(`Date value '${item.display}' for field '${fieldName}' is invalid. ${DATE_FORMATS}`);
          return placeholder;
        }
      }
    }
    const negated = operator === '!=' || operator === '!~' || operator === 'is not' || operator === 'not in';
    const emptyClause: JqlExpr = { type: 'empty', field, fieldName, negated };
    if (operand.kind === 'empty') return emptyClause;
    if (operand.kind === 'value') return { type: 'compare', field, fieldName, op: operator as CompareOp, value: operand.value };
    // A list: `in (a, EMPTY)` means "a or empty"; `not in (a, EMPTY)` means "not a and not empty".
    const listValues = values.flatMap((item) => (item.kind === 'value' ? [item.value] : []));
    if (listValues.length === 0) return emptyClause;
    const inClause: JqlExpr = { type: 'in', field, fieldName, negated, values: listValues };
    if (listValues.length === values.length) return inClause;
    return { type: negated ? 'and' : 'or', left: inClause, right: emptyClause };
  }

  /** Jira's operator/operand checks, in its words. */
  private operandProblem(fieldName: string, operator: OperatorName, operand: Operand): string | undefined {
    const listOperator = operator === 'in' || operator === 'not in';
    if (operator === 'is' || operator === 'is not') {
      return operand.kind === 'empty'
        ? undefined
        : `Operator '${operator}' does not support searching for non-empty values for field '${fieldName}'.`;
    }
    if (operand.kind === 'empty' && (listOperator || ORDERING_OPERATORS.has(operator))) {
      return `Operator '${operator}' does not support the empty value representation '${operand.display}' for field '${fieldName}'.`;
    }
    if (listOperator && operand.kind !== 'list')
      return `Operator '${operator}' does not support the non-list value '${operand.display}' for field '${fieldName}'.`;
    if (!listOperator && operand.kind === 'list')
      return `Operator '${operator}' does not support the list value '${operand.display}' for field '${fieldName}'.`;
    return undefined;
  }

  private parseOrderBy(): JqlQuery['orderBy'] {
    this.advance();
    if (this.peek().keyword !== 'by')
      throw this.fail((got) => `Expecting 'BY' but got '${got}'.`, "Expecting 'BY' before the end of the query.");
    this.advance();
    const orderBy: JqlQuery['orderBy'] = [];
    for (;;) {
      const { name, field } = this.parseFieldName();
      let direction: 'ASC' | 'DESC' = 'ASC';
      const hasDirection = this.peek().keyword === 'asc' || this.peek().keyword === 'desc';
      if (hasDirection) direction = this.advance().keyword === 'desc' ? 'DESC' : 'ASC';
      if (field) orderBy.push({ field, fieldName: name, direction });
      if (this.peek().kind === 'eof') return orderBy;
      if (this.peek().kind !== 'comma') {
        throw this.fail(
          (got) => (hasDirection ? `Expecting ',' but got '${got}'.` : `Expecting 'ASC', 'DESC' or ',' but got '${got}'.`),
          '',
        );
      }
      this.advance();
    }
  }
}

export function parseJql(text: string, resolveField: JqlFieldResolver): JqlParseResult {
  try {
    const parser = new Parser(text, tokenize(text), resolveField);
    const query = parser.parseQuery();
    return parser.problems.length > 0 ? { ok: false, errorMessages: parser.problems } : { ok: true, query };
  } catch (error) {
    if (error instanceof JqlSyntaxError) return { ok: false, errorMessages: [error.message] };
    throw error;
  }
}

// ---- matching ---------------------------------------------------------------------------------

/** An issue's value(s) for a field as a list; null, '' and [] all mean "empty", as in Jira. */
function presentValues(raw: unknown): JqlValue[] {
  if (typeof raw === 'string') return raw === '' ? [] : [raw];
  if (typeof raw === 'number') return [raw];
  if (Array.isArray(raw)) return raw.flatMap(presentValues);
  return [];
}

function toNumber(value: JqlValue): number {
  return typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
}

const DATE_PATTERN = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * `yyyy-MM-ddTHH:mm` for Jira's accepted date forms (`2024-05-01`, `2024/5/1 09:30`) and for stored ISO
 * timestamps, so both sides compare as equal-length strings. Seconds and zones are ignored: the emulator
 * stores UTC. Undefined when it is not a real calendar date.
 */
function normalizeDate(value: JqlValue): string | undefined {
  const match = DATE_PATTERN.exec(String(value));
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const pad = (part: number, width = 2) => String(part).padStart(width, '0');
  const written = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
  // Date.UTC rolls 2026-02-30 over into March and reads year 99 as 1999: a changed field means no such date.
  const iso = new Date(Date.UTC(year, month - 1, day, hour, minute)).toISOString().slice(0, 16);
  return iso === written ? iso : undefined;
}

function equalValues(kind: FieldKind, actual: JqlValue, expected: JqlValue): boolean {
  if (kind === 'number') return toNumber(actual) === toNumber(expected);
  if (kind === 'date') {
    const date = normalizeDate(actual);
    return date !== undefined && date === normalizeDate(expected);
  }
  // Jira compares keys, names and ids case-insensitively.
  return String(actual).toLowerCase() === String(expected).toLowerCase();
}

/** Sign of actual − expected, or undefined when the two cannot be ordered (a non-number, a non-date). */
function orderValues(kind: FieldKind, actual: JqlValue, expected: JqlValue): number | undefined {
  if (kind === 'number') {
    const difference = toNumber(actual) - toNumber(expected);
    return Number.isNaN(difference) ? undefined : Math.sign(difference);
  }
  const [a, b] =
    kind === 'date'
      ? [normalizeDate(actual), normalizeDate(expected)]
      : [String(actual).toLowerCase(), String(expected).toLowerCase()];
  if (a === undefined || b === undefined) return undefined;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Han, kana and Hangul: written without spaces between words, so matched by substring. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_OR_OTHER_RUNS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const QUERY_TERM = /[\p{L}\p{M}\p{N}]+\*?/gu;

const allMatches = (text: string, pattern: RegExp): string[] => Array.from(text.matchAll(pattern), (match) => match[0]);

/** "设备a的" → ["设备", "a", "的"]: a mixed word is split where the script changes. */
const scriptRuns = (word: string): string[] => allMatches(word, CJK_OR_OTHER_RUNS);

/**
 * Jira's `~`: every word of the query must occur as a whole word of the text, case-insensitively; `word*`
 * matches a prefix. Chinese, Japanese and Korean runs match as substrings since they have no word breaks.
 * Not modelled: stemming, stop words, phrases, `?` and fuzzy searches.
 */
function containsText(text: string, query: string): boolean {
  const haystack = text.toLowerCase();
  const words = new Set(
    allMatches(haystack, WORD)
      .flatMap(scriptRuns)
      .filter((run) => !CJK.test(run)),
  );
  const terms = allMatches(query.toLowerCase(), QUERY_TERM);
  if (terms.length === 0) return false;
  return terms.every((term) => {
    const wildcard = term.endsWith('*');
    const runs = scriptRuns(wildcard ? term.slice(0, -1) : term);
    return runs.every((run, index) => {
      if (CJK.test(run)) return haystack.includes(run);
      const prefix = wildcard && index === runs.length - 1;
      return prefix ? [...words].some((word) => word.startsWith(run)) : words.has(run);
    });
  });
}

/** The positive form of a leaf clause on a non-empty field; `!=`, `!~` and `not in` are its complement. */
function matchesLeaf(expr: Extract<JqlExpr, { type: 'compare' | 'in' }>, values: JqlValue[]): boolean {
  const { kind } = expr.field;
  if (expr.type === 'in') return values.some((actual) => expr.values.some((expected) => equalValues(kind, actual, expected)));
  switch (expr.op) {
    case '=':
    case '!=':
      return values.some((actual) => equalValues(kind, actual, expr.value));
    case '~':
    case '!~':
      return containsText(values.join(' '), String(expr.value));
    default: {
      const wanted = { '>': [1], '>=': [0, 1], '<': [-1], '<=': [-1, 0] }[expr.op];
      return values.some((actual) => wanted.includes(orderValues(kind, actual, expr.value) ?? NaN));
    }
  }
}

/**
 * Jira pushes NOT down to the clauses (De Morgan) and flips their operators, so `NOT assignee = x` is
 * `assignee != x`, which, like every negative operator but `is not`, never matches an empty field.
 */
function evaluate(expr: JqlExpr, read: (fieldId: string) => unknown, negated: boolean): boolean {
  switch (expr.type) {
    case 'and':
    case 'or': {
      const all = (expr.type === 'and') !== negated;
      const left = evaluate(expr.left, read, negated);
      return all ? left && evaluate(expr.right, read, negated) : left || evaluate(expr.right, read, negated);
    }
    case 'not':
      return evaluate(expr.expr, read, !negated);
    case 'empty': {
      const isEmpty = presentValues(read(expr.field.id)).length === 0;
      return isEmpty !== (expr.negated !== negated);
    }
    default: {
      const values = presentValues(read(expr.field.id));
      if (values.length === 0) return false;
      const complement = expr.type === 'in' ? expr.negated : expr.op === '!=' || expr.op === '!~';
      return matchesLeaf(expr, values) !== (complement !== negated);
    }
  }
}

/** `read(fieldId)` returns the value(s) for that field: string, number, null/undefined, or an array of strings (labels, components); for 'text' fields the searchable text. */
export function matchesJql(expr: JqlExpr | null, read: (fieldId: string) => unknown): boolean {
  return expr === null || evaluate(expr, read, false);
}

// ---- ordering ---------------------------------------------------------------------------------

/** A sortable key: null when empty, a number for numbers, otherwise lower-cased text. */
function sortKey(raw: unknown, kind: FieldKind): number | string | null {
  const values = presentValues(raw);
  const [first] = values;
  if (first === undefined) return null;
  if (values.length === 1 && (typeof first === 'number' || kind === 'number') && !Number.isNaN(toNumber(first)))
    return toNumber(first);
  return values.map((value) => String(value).toLowerCase()).join(', ');
}

function compareKeys(a: number | string | null, b: number | string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Comparator for ORDER BY; ties broken by the caller. Nulls sort last in ASC, first in DESC (as Jira does). */
export function compareForOrder(
  orderBy: JqlQuery['orderBy'],
  readA: (fieldId: string) => unknown,
  readB: (fieldId: string) => unknown,
): number {
  for (const { field, direction } of orderBy) {
    const order = compareKeys(sortKey(readA(field.id), field.kind), sortKey(readB(field.id), field.kind));
    // Reversing the whole comparison is what moves nulls first in DESC.
    if (order !== 0) return direction === 'DESC' ? -order : order;
  }
  return 0;
}
