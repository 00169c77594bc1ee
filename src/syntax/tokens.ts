/**
 * The token vocabulary of `.mlp`, as Chevrotain token types. Nothing outside `src/syntax` sees
 * these: the parser consumes them and its node builders turn them into plain AST nodes.
 *
 * Keywords come in two kinds:
 * - reserved words (`RESERVED_WORDS`): top-level declaration words, type words, boolean literals
 *   and word operators. They can never be used as names.
 * - contextual words (`CONTEXTUAL_WORDS`): member words such as `step`, `inputs`, `model`, `to`.
 *   Their tokens carry the `Identifier` category, so wherever the grammar expects a name they are
 *   accepted as one (an input called `model`, a step called `drift`), and they only act as
 *   keywords where a member or a sub-form starts.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";
import { matchPlainString, matchUnterminatedString } from "./string-scan.js";
import { IDENTIFIER_SOURCE } from "../source/identifier.js";

/**
 * Category of every token that can appear within one line: all but newlines and braces. Used
 * only by the error productions (`unknownMember`), which skip the rest of an unknown line.
 */
export const LineToken = createToken({ name: "LineToken", pattern: Lexer.NA, label: "a token" });

/** Any name. Contextual keyword tokens are in this category too. */
export const Identifier = createToken({
  name: "Identifier",
  pattern: new RegExp(IDENTIFIER_SOURCE),
  categories: [LineToken],
  label: "a name",
});

/** A reserved word: never a name. */
function reserved(word: string, name: string): TokenType {
  return createToken({
    name,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [LineToken],
    label: "`" + word + "`",
  });
}

/** A contextual word: a keyword where a member starts, a name anywhere else. */
function contextual(word: string, name: string): TokenType {
  return createToken({
    name,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Identifier, LineToken],
    label: "`" + word + "`",
  });
}

// --- reserved words -------------------------------------------------------------------------

export const Import = reserved("import", "Import");
export const Schema = reserved("schema", "Schema");
export const Component = reserved("component", "Component");
export const Pipeline = reserved("pipeline", "Pipeline");
export const True = reserved("true", "True");
export const False = reserved("false", "False");
export const And = reserved("and", "And");
export const Or = reserved("or", "Or");
export const Not = reserved("not", "Not");

/** Category of the built-in type words (`int`, `Table`, …); they are reserved as well. */
export const TypeWord = createToken({ name: "TypeWord", pattern: Lexer.NA, label: "a type" });

function typeWord(word: string, name: string): TokenType {
  return createToken({
    name,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [TypeWord, LineToken],
    label: "`" + word + "`",
  });
}

export const IntType = typeWord("int", "IntType");
export const FloatType = typeWord("float", "FloatType");
export const StringType = typeWord("string", "StringType");
export const BoolType = typeWord("bool", "BoolType");
export const DurationType = typeWord("duration", "DurationType");
export const TableType = typeWord("Table", "TableType");
export const FileType = typeWord("File", "FileType");
export const DirType = typeWord("Dir", "DirType");
export const ModelType = typeWord("Model", "ModelType");

// --- contextual words -----------------------------------------------------------------------

export const Description = contextual("description", "Description");
export const Param = contextual("param", "Param");
export const Secrets = contextual("secrets", "Secrets");
export const Secret = contextual("secret", "Secret");
export const Dataset = contextual("dataset", "Dataset");
export const Step = contextual("step", "Step");
export const Gate = contextual("gate", "Gate");
export const Deploy = contextual("deploy", "Deploy");
export const Deployed = contextual("deployed", "Deployed");
export const Schedule = contextual("schedule", "Schedule");
export const Trigger = contextual("trigger", "Trigger");
export const Target = contextual("target", "Target");
export const Inputs = contextual("inputs", "Inputs");
export const Outputs = contextual("outputs", "Outputs");
export const Metrics = contextual("metrics", "Metrics");
export const Run = contextual("run", "Run");
export const Image = contextual("image", "Image");
export const Code = contextual("code", "Code");
export const Env = contextual("env", "Env");
export const Resources = contextual("resources", "Resources");
export const Retry = contextual("retry", "Retry");
export const Timeout = contextual("timeout", "Timeout");
export const Cache = contextual("cache", "Cache");
export const After = contextual("after", "After");
export const ModelKw = contextual("model", "ModelKw");
export const Approval = contextual("approval", "Approval");
export const Required = contextual("required", "Required");
export const To = contextual("to", "To");
export const On = contextual("on", "On");
export const Off = contextual("off", "Off");
export const Change = contextual("change", "Change");
export const Push = contextual("push", "Push");
export const Sweep = contextual("sweep", "Sweep");
export const Over = contextual("over", "Over");
export const Best = contextual("best", "Best");
export const Collect = contextual("collect", "Collect");
export const Assert = contextual("assert", "Assert");
export const Finally = contextual("finally", "Finally");
export const From = contextual("from", "From");
export const PullRequest = contextual("pull_request", "PullRequest");

// --- literals -------------------------------------------------------------------------------

/** Category of every string token, so the grammar says `StringLiteral` once. */
export const StringLiteral = createToken({ name: "StringLiteral", pattern: Lexer.NA, label: "a string" });

export const TripleString = createToken({
  name: "TripleString",
  pattern: /"""[\s\S]*?"""/,
  line_breaks: true,
  categories: [StringLiteral, LineToken],
  label: "a string",
});
/** `"""` never closed: runs to the end of the file; `literals.ts` reports MLP1003. */
export const UnterminatedTripleString = createToken({
  name: "UnterminatedTripleString",
  pattern: /"""[\s\S]*/,
  line_breaks: true,
  categories: [StringLiteral, LineToken],
  label: "a string",
});
export const PlainString = createToken({
  name: "PlainString",
  // `/"(?:[^"\\\r\n]|\\[^\r\n])*"/`, scanned without a regular expression's backtracking stack
  pattern: { exec: matchPlainString },
  start_chars_hint: ['"'],
  line_breaks: false,
  categories: [StringLiteral, LineToken],
  label: "a string",
});
/** `"` never closed on its line; `literals.ts` reports MLP1003. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  // `/"(?:[^"\\\r\n]|\\[^\r\n])*\\?/`, scanned likewise
  pattern: { exec: matchUnterminatedString },
  start_chars_hint: ['"'],
  line_breaks: false,
  categories: [StringLiteral, LineToken],
  label: "a string",
});

const NUM = String.raw`\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;

export const DurationLiteral = createToken({
  name: "DurationLiteral",
  pattern: new RegExp(NUM + "(?:ms|s|m|h|d)(?![A-Za-z0-9_.])"),
  start_chars_hint: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  categories: [LineToken],
  label: "a duration",
});
export const QuantityLiteral = createToken({
  name: "QuantityLiteral",
  pattern: new RegExp(NUM + "(?:Ki|Mi|Gi|Ti|K|M|G|T)(?![A-Za-z0-9_.])"),
  start_chars_hint: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  categories: [LineToken],
  label: "a quantity",
});
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: new RegExp(NUM + "(?![A-Za-z0-9_.])"),
  start_chars_hint: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  categories: [LineToken],
  label: "a number",
});
/**
 * Digits followed by anything a number, duration or quantity cannot end with (`30x`, `4GB`,
 * `1.`). Parsed like a number so the grammar recovers; `literals.ts` reports MLP1009.
 */
export const BadNumber = createToken({
  name: "BadNumber",
  pattern: /\d[A-Za-z0-9_.]*/,
  categories: [LineToken],
  label: "a number",
});

// --- punctuation and operators --------------------------------------------------------------

export const LCurly = createToken({ name: "LCurly", pattern: /\{/, label: "`{`" });
export const RCurly = createToken({ name: "RCurly", pattern: /\}/, label: "`}`" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, categories: [LineToken], label: "`(`" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, categories: [LineToken], label: "`)`" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, categories: [LineToken], label: "`[`" });
export const RBracket = createToken({ name: "RBracket", pattern: /\]/, categories: [LineToken], label: "`]`" });
export const Comma = createToken({ name: "Comma", pattern: /,/, categories: [LineToken], label: "`,`" });
export const Colon = createToken({ name: "Colon", pattern: /:/, categories: [LineToken], label: "`:`" });
export const Dot = createToken({ name: "Dot", pattern: /\./, categories: [LineToken], label: "`.`" });
export const QuestionQuestion = createToken({ name: "QuestionQuestion", pattern: /\?\?/, categories: [LineToken], label: "`??`" });
export const Question = createToken({ name: "Question", pattern: /\?/, categories: [LineToken], label: "`?`" });
export const EqEq = createToken({ name: "EqEq", pattern: /==/, categories: [LineToken], label: "`==`" });
export const NotEq = createToken({ name: "NotEq", pattern: /!=/, categories: [LineToken], label: "`!=`" });
export const LessEq = createToken({ name: "LessEq", pattern: /<=/, categories: [LineToken], label: "`<=`" });
export const GreaterEq = createToken({ name: "GreaterEq", pattern: />=/, categories: [LineToken], label: "`>=`" });
export const Less = createToken({ name: "Less", pattern: /</, categories: [LineToken], label: "`<`" });
export const Greater = createToken({ name: "Greater", pattern: />/, categories: [LineToken], label: "`>`" });
export const Equals = createToken({ name: "Equals", pattern: /=/, categories: [LineToken], label: "`=`" });
export const Plus = createToken({ name: "Plus", pattern: /\+/, categories: [LineToken], label: "`+`" });
export const Minus = createToken({ name: "Minus", pattern: /-/, categories: [LineToken], label: "`-`" });
export const Star = createToken({ name: "Star", pattern: /\*/, categories: [LineToken], label: "`*`" });
export const Slash = createToken({ name: "Slash", pattern: /\//, categories: [LineToken], label: "`/`" });

// --- layout ---------------------------------------------------------------------------------

/** Line ends are tokens: members, fields and gate conditions are one per line. */
export const Newline = createToken({
  name: "Newline",
  pattern: /\r?\n|\r/,
  line_breaks: true,
  label: "a new line",
});
export const Whitespace = createToken({
  name: "Whitespace",
  pattern: /[ \t\f\v\uFEFF\u00A0]+/,
  group: Lexer.SKIPPED,
});
/** `# …` to the end of the line; kept on a side channel for the formatter and suppressions. */
export const Comment = createToken({
  name: "Comment",
  pattern: /#[^\r\n]*/,
  group: "comments",
});

/** Reserved words: never usable as names. Documented in grammar/README.md. */
export const RESERVED_WORDS: readonly string[] = [
  "import", "schema", "component", "pipeline",
  "int", "float", "string", "bool", "duration", "Table", "File", "Dir", "Model",
  "true", "false", "and", "or", "not",
];

const CONTEXTUAL_TOKENS = [
  Description, Param, Secrets, Secret, Dataset, Step, Gate, Deployed, Deploy, Schedule, Trigger,
  Target, Inputs, Outputs, Metrics, Run, Image, Code, Env, Resources, Retry, Timeout, Cache,
  After, ModelKw, Approval, Required, To, On, Off, Change, Push, Sweep, Over, Best, Collect,
  Assert, Finally, From, PullRequest,
];

/** Contextual words: keywords only where a member or sub-form starts; names everywhere else. */
export const CONTEXTUAL_WORDS: readonly string[] = CONTEXTUAL_TOKENS.map((t) =>
  String((t.PATTERN as RegExp).source),
);

/**
 * Every token type, in matching order. Chevrotain tries patterns in this order and takes the
 * first match (not the longest), so:
 * - layout (whitespace, newline, comment) comes first: it is the most frequent input;
 * - `"""` strings precede `"` strings, and each terminated form precedes its unterminated form;
 * - durations and quantities precede plain numbers (`30s` must not lex as `30` + `s`), and the
 *   catch-all `BadNumber` comes after all three;
 * - keywords precede `Identifier`; each has `longer_alt: Identifier`, so `stepper` stays one name.
 *   Where one keyword is a prefix of another, the longer comes first (`secrets` before `secret`,
 *   `deployed` before `deploy`). (The scanner in `scanner.ts` reads every word whole and then
 *   looks it up among the keywords, which gives the same tokens; the order above is the definition.);
 * - two-character operators precede their one-character prefixes (`??` before `?`, `<=` before
 *   `<`, `==` before `=`).
 * The `StringLiteral`, `TypeWord` and `LineToken` categories are listed too so the parser knows them.
 */
export const allTokens: TokenType[] = [
  Whitespace,
  Newline,
  Comment,
  TripleString,
  UnterminatedTripleString,
  PlainString,
  UnterminatedString,
  DurationLiteral,
  QuantityLiteral,
  NumberLiteral,
  BadNumber,
  Import, Schema, Component, Pipeline, True, False, And, Or, Not,
  IntType, FloatType, StringType, BoolType, DurationType, TableType, FileType, DirType, ModelType,
  ...CONTEXTUAL_TOKENS,
  Identifier,
  LCurly, RCurly, LParen, RParen, LBracket, RBracket, Comma, Colon, Dot,
  QuestionQuestion, Question, EqEq, NotEq, LessEq, GreaterEq, Less, Greater, Equals,
  Plus, Minus, Star, Slash,
  StringLiteral,
  TypeWord,
  LineToken,
];
