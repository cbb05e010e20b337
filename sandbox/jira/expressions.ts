/**
 * The part of the Jira expression language the app's custom field validations use, so the
 * emulator evaluates `edit.validation.expression` where Jira does. Anything outside this subset
 * is refused when the expression is parsed (the manifest test parses every one), never evaluated
 * loosely: an expression the emulator cannot judge must not pass as valid.
 *
 * Supported: literals (numbers, 'single' and "double" quoted strings, true, false, null, lists),
 * the context variables `value` and `fieldId`, parentheses, `! - * / % + < <= > >= == != && ||`,
 * `.length` of a string or list, `.includes(x)` of a list or string and `.trim()` of a string.
 */

export class UnsupportedJiraExpressionError extends Error {
  constructor(expression: string, reason: string) {
    super(`Jira expression not supported by the sandbox (${reason}): ${expression}`);
    this.name = 'UnsupportedJiraExpressionError';
  }
}

/** A runtime error of an expression (Jira reports these instead of a result). */
class EvaluationError extends Error {}

type Node =
  | { kind: 'literal'; value: unknown }
  | { kind: 'variable'; name: 'value' | 'fieldId' }
  | { kind: 'list'; items: Node[] }
  | { kind: 'unary'; operator: '!' | '-'; operand: Node }
  | { kind: 'binary'; operator: string; left: Node; right: Node }
  | { kind: 'member'; object: Node; name: 'length' }
  | { kind: 'call'; object: Node; name: 'includes' | 'trim'; args: Node[] };

type Token =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'word'; value: string }
  | { type: 'symbol'; value: string };

const SYMBOLS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '!', '+', '-', '*', '/', '%', '(', ')', '[', ']', ',', '.'];
const VARIABLES = new Set(['value', 'fieldId']);
const METHODS: Record<string, number> = { includes: 1, trim: 0 };

function tokenise(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const unsupported = (reason: string) => new UnsupportedJiraExpressionError(source, reason);
  while (at < source.length) {
    const char = source[at]!;
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(source.slice(at));
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]) });
      at += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(source.slice(at));
    if (word) {
      tokens.push({ type: 'word', value: word[0] });
      at += word[0].length;
      continue;
    }
    if (char === "'" || char === '"') {
      let text = '';
      let end = at + 1;
      for (; end < source.length && source[end] !== char; end += 1) {
        if (source[end] === '\\') {
          end += 1;
          const escaped = source[end];
          if (escaped === undefined) break;
          text += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
        } else text += source[end];
      }
      if (end >= source.length) throw unsupported('an unterminated string');
      tokens.push({ type: 'string', value: text });
      at = end + 1;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => source.startsWith(candidate, at));
    if (!symbol) throw unsupported(`the character ${JSON.stringify(char)}`);
    tokens.push({ type: 'symbol', value: symbol });
    at += symbol.length;
  }
  return tokens;
}

/** Parses an expression of the supported subset; throws UnsupportedJiraExpressionError for anything else. */
export function parseJiraExpression(source: string): Node {
  const tokens = tokenise(source);
  let at = 0;
  const unsupported = (reason: string) => new UnsupportedJiraExpressionError(source, reason);
  const peek = (): Token | undefined => tokens[at];
  const isSymbol = (value: string): boolean => peek()?.type === 'symbol' && peek()?.value === value;
  const expect = (value: string): void => {
    if (!isSymbol(value)) throw unsupported(`expected ${value}`);
    at += 1;
  };

  const binary = (operators: string[], next: () => Node) => (): Node => {
    let left = next();
    while (peek()?.type === 'symbol' && operators.includes(peek()!.value as string)) {
      const operator = tokens[at]!.value as string;
      at += 1;
      left = { kind: 'binary', operator, left, right: next() };
    }
    return left;
  };

  const primary = (): Node => {
    const token = peek();
    if (!token) throw unsupported('an incomplete expression');
    at += 1;
    if (token.type === 'number' || token.type === 'string') return { kind: 'literal', value: token.value };
    if (token.type === 'word') {
      if (token.value === 'true' || token.value === 'false') return { kind: 'literal', value: token.value === 'true' };
      if (token.value === 'null') return { kind: 'literal', value: null };
      if (VARIABLES.has(token.value)) return { kind: 'variable', name: token.value as 'value' | 'fieldId' };
      throw unsupported(`the name ${token.value}`);
    }
    if (token.value === '(') {
      const inner = expression();
      expect(')');
      return inner;
    }
    if (token.value === '[') {
      const items: Node[] = [];
      while (!isSymbol(']')) {
        items.push(expression());
        if (!isSymbol(']')) expect(',');
      }
      at += 1;
      return { kind: 'list', items };
    }
    throw unsupported(`the symbol ${token.value}`);
  };

  const postfix = (): Node => {
    let node = primary();
    while (isSymbol('.')) {
      at += 1;
      const name = peek();
      if (name?.type !== 'word') throw unsupported('a member access without a name');
      at += 1;
      if (name.value === 'length' && !isSymbol('(')) {
        node = { kind: 'member', object: node, name: 'length' };
        continue;
      }
      const arity = METHODS[name.value];
      if (arity === undefined || !isSymbol('(')) throw unsupported(`the member ${name.value}`);
      at += 1;
      const args: Node[] = [];
      while (!isSymbol(')')) {
        args.push(expression());
        if (!isSymbol(')')) expect(',');
      }
      at += 1;
      if (args.length !== arity) throw unsupported(`${name.value} with ${args.length} arguments`);
      node = { kind: 'call', object: node, name: name.value as 'includes' | 'trim', args };
    }
    return node;
  };

  const unary = (): Node => {
    if (isSymbol('!') || isSymbol('-')) {
      const operator = tokens[at]!.value as '!' | '-';
      at += 1;
      return { kind: 'unary', operator, operand: unary() };
    }
    return postfix();
  };

  const multiplicative = binary(['*', '/', '%'], unary);
  const additive = binary(['+', '-'], multiplicative);
  const comparison = binary(['<', '<=', '>', '>='], additive);
  const equality = binary(['==', '!='], comparison);
  const and = binary(['&&'], equality);
  const expression: () => Node = binary(['||'], and);

  const tree = expression();
  if (at < tokens.length) throw unsupported(`unexpected ${String(tokens[at]!.value)}`);
  return tree;
}

export interface ValidationContext {
  value: unknown;
  fieldId: string;
}

const same = (left: unknown, right: unknown): boolean => JSON.stringify(left) === JSON.stringify(right);

function boolean(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new EvaluationError('not a boolean');
  return value;
}

function number(value: unknown): number {
  if (typeof value !== 'number') throw new EvaluationError('not a number');
  return value;
}

function evaluate(node: Node, context: ValidationContext): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'variable':
      return context[node.name];
    case 'list':
      return node.items.map((item) => evaluate(item, context));
    case 'unary': {
      const operand = evaluate(node.operand, context);
      return node.operator === '!' ? !boolean(operand) : -number(operand);
    }
    case 'member': {
      const object = evaluate(node.object, context);
      if (typeof object === 'string' || Array.isArray(object)) return object.length;
      throw new EvaluationError('length of neither a string nor a list');
    }
    case 'call': {
      const object = evaluate(node.object, context);
      if (node.name === 'trim') {
        if (typeof object !== 'string') throw new EvaluationError('trim of a non-string');
        return object.trim();
      }
      const wanted = evaluate(node.args[0]!, context);
      if (Array.isArray(object)) return object.some((item) => same(item, wanted));
      if (typeof object === 'string' && typeof wanted === 'string') return object.includes(wanted);
      throw new EvaluationError('includes of neither a list nor a string');
    }
    case 'binary': {
      // As in JavaScript, the right operand is the result when it decides (`ok || 'message'`); the left must be a boolean.
      if (node.operator === '&&') return boolean(evaluate(node.left, context)) ? evaluate(node.right, context) : false;
      if (node.operator === '||') return boolean(evaluate(node.left, context)) ? true : evaluate(node.right, context);
      const left = evaluate(node.left, context);
      const right = evaluate(node.right, context);
      switch (node.operator) {
        case '==':
          return same(left, right);
        case '!=':
          return !same(left, right);
        case '+':
          if (typeof left === 'string' || typeof right === 'string') return `${String(left)}${String(right)}`;
          return number(left) + number(right);
        case '-':
          return number(left) - number(right);
        case '*':
          return number(left) * number(right);
        case '/':
          return number(left) / number(right);
        case '%':
          return number(left) % number(right);
        case '<':
          return number(left) < number(right);
        case '<=':
          return number(left) <= number(right);
        case '>':
          return number(left) > number(right);
        default:
          return number(left) >= number(right);
      }
    }
  }
}

/** What a validation expression says of a value: valid, or invalid with the message to show. */
export type ValidationOutcome = { valid: true } | { valid: false; message: string };

/**
 * Evaluates a parsed validation expression as Jira documents it: `true` allows the value, `false`
 * refuses it with the manifest's error message, a string refuses it with that string. A runtime
 * error or any other result also refuses it (the documentation does not say; refusing is the safe side).
 */
export function evaluateValidation(tree: Node, context: ValidationContext, errorMessage: string): ValidationOutcome {
  let result: unknown;
  try {
    result = evaluate(tree, context);
  } catch (error) {
    if (error instanceof EvaluationError) return { valid: false, message: errorMessage };
    throw error;
  }
  if (result === true) return { valid: true };
  return { valid: false, message: typeof result === 'string' ? result : errorMessage };
}

export type ParsedJiraExpression = ReturnType<typeof parseJiraExpression>;
