package difftest

import (
	"regexp"
	"strings"
)

const (
	pgSQLiteNode = "blocksql-sqlite"
	pgNode       = "blocksql-postgres"
)

// pgDeviations are the documented differences of the postgres dialect:
// each a line of the README's "Known PostgreSQL-dialect deviations".
var pgDeviations = []Deviation{
	{ID: "pg-refused", Reason: "by design: a statement blocksql cannot make deterministic (random(), gen_random_uuid(), temporary tables, …) is refused before the chain with 0A000 on every node (the tester checks both nodes refuse it), where PostgreSQL runs it",
		Match: func(d Diff) bool {
			return d.Kind == KindError && d.Stmt.Tag == "refused" && strings.HasPrefix(d.Got, "error 0A000")
		}},
	{ID: "pg-sqlite-untranslated", Reason: "SQLite node: a function, operator or clause its translation does not cover (age, generate_series, to_number, …) is refused with 0A000, as listed under PostgreSQL on SQLite (the PostgreSQL node answers it)",
		Match: func(d Diff) bool {
			return d.Target == pgSQLiteNode && d.Kind == KindError && strings.HasPrefix(d.Got, "error 0A000") &&
				strings.Contains(d.Got, "SQLite backend")
		}},
	{ID: "pg-serial-rollback", Reason: "by design: a transaction that does not commit (ROLLBACK, or COMMIT after an error) draws no serial or identity value on blocksql, whose nodes run it ahead of COMMIT without moving a sequence, where PostgreSQL keeps the values it drew (the tester then sets PostgreSQL's sequence to blocksql's)",
		Match: func(d Diff) bool {
			return d.Kind == KindAutoInc && lessNumber(d.Got, d.Want) && (d.Stmt.Tag == "tx-rollback" || d.Stmt.Tag == "tx-commit" && d.Ref == "ok, ROLLBACK")
		}},
	{ID: "pg-sqlite-constant-timing", Reason: "SQLite node: a constant expression that fails a conversion (rtrim('ß') || 'x,y2024-02-29' assigned to a varchar(8)) fails where a row reaches it, where PostgreSQL folds it while planning and fails with no row to change too, or to count (WHERE n = (-2 % 0) under count(*) of an empty table: division by zero), or in a CASE branch or a COALESCE argument no row takes (THEN 9223372036854775807 - -9223372036854775807: bigint out of range; coalesce(d0, (0 % 0)) where d0 is never NULL: division by zero; coalesce(abs(d6), (100 + 2147483647)) or coalesce(abs(x1), 7 - -2147483647): integer out of range; coalesce(greatest(x1, 10), (9223372036854775807 + CAST(3 AS bigint))): bigint out of range; coalesce(length(…), nullif((2147483647 + 9223372036854775807), 7)): bigint out of range; where the SQLite node changes or returns the rows); and the other way round, a literal past real's range in an IN list compared as real (r IN (-2.25, 1e10, 1e300)) refused by the SQLite node as it translates the statement, where PostgreSQL folds the OR around it by its constant operand first (E'ABC' NOT LIKE '%é%' OR r IN (…): true; DATE '9999-12-31' = TIMESTAMP '2024-02-29 23:59:59' AND r IN (…): false) and never converts it, or drops a COALESCE's arguments after a constant first one (coalesce(extract(dow FROM DATE '2024-02-29'), CAST(9223372036854775807 AS numeric(10,2))): numeric field overflow on the SQLite node only) (literals and casts of literals are checked as PostgreSQL checks them)",
		Match: func(d Diff) bool {
			return d.Target == pgSQLiteNode && d.Kind == KindError && strings.HasPrefix(d.Want, "error 22") &&
				(strings.HasSuffix(d.Got, " 0") || strings.HasPrefix(d.Got, "0 rows") ||
					strings.TrimPrefix(d.Stmt.Tag, "tx-") == "select-agg" && strings.HasPrefix(d.Got, "1 rows [[0 ")) ||
				d.Target == pgSQLiteNode && failingConstantBranch.MatchString(d.Stmt.SQL) &&
					(d.Kind == KindError && strings.HasPrefix(d.Want, "error 22") && !strings.HasPrefix(d.Got, "error") ||
						d.Kind == KindState && !d.Stmt.read()) ||
				d.Target == pgSQLiteNode && d.Kind == KindError && strings.HasPrefix(d.Got, "error 22003") &&
					!strings.HasPrefix(d.Want, "error") && (realOverflowInList.MatchString(d.Stmt.SQL) &&
					constantOrOperand.MatchString(d.Stmt.SQL) || literalCastInCoalesce.MatchString(d.Stmt.SQL))
		}},
	{ID: "pg-sqlite-error-order", Reason: "SQLite node: a statement with several errors (a NULL in a NOT NULL column and a row touched twice by ON CONFLICT DO UPDATE, or two invalid values) may report another of them first",
		Match: func(d Diff) bool {
			return d.Target == pgSQLiteNode && d.Kind == KindError && dataState.MatchString(d.Want) && dataState.MatchString(d.Got)
		}},
	{ID: "pg-sqlite-limit-evaluation", Reason: "SQLite node: a SELECT with LIMIT/OFFSET computes its select list for the rows LIMIT leaves out on one backend and not on the other (PostgreSQL computes it for every row it sorts, and only for those it returns where an index gives the order; SQLite the other way round where it sorts), so an expression failing (22003, 22012) on a row LIMIT leaves out fails on one of them only",
		Match: func(d Diff) bool {
			failsOnce := strings.HasPrefix(d.Want, "error 22") && !strings.HasPrefix(d.Got, "error") ||
				strings.HasPrefix(d.Got, "error 22") && !strings.HasPrefix(d.Want, "error")
			return d.Target == pgSQLiteNode && d.Kind == KindError && d.Stmt.read() && failsOnce && strings.Contains(d.Stmt.SQL, " LIMIT ")
		}},
	{ID: "pg-sqlite-negative-zero", Reason: "SQLite node: a double precision -0 written to a column is stored as 0 (SQLite keeps a whole REAL as an integer on disk, which has no sign of zero), and a RETURNING that reads the column back shows 0; computed, it is -0 as in PostgreSQL",
		Match: func(d Diff) bool {
			return d.Target == pgSQLiteNode && (d.Kind == KindState || d.Kind == KindValue) &&
				strings.Trim(d.Want, `"`) == "-0" && strings.Trim(d.Got, `"`) == "0"
		}},
	{ID: "pg-sqlite-update-row-order", Reason: "SQLite node: an UPDATE of several rows updates them in another order than PostgreSQL (which follows its heap), and both check a unique key at each row, so where one order meets an intermediate duplicate (23505) and the other does not, one refuses the statement and the other applies it",
		Match: func(d Diff) bool {
			dup := func(s string) bool { return strings.HasPrefix(s, "error 23505") }
			return d.Target == pgSQLiteNode && d.Kind == KindError && strings.TrimPrefix(d.Stmt.Tag, "tx-") == "update" &&
				dup(d.Want) != dup(d.Got) && (!strings.HasPrefix(d.Want, "error") || !strings.HasPrefix(d.Got, "error"))
		}},
}

// dataState is an answer with an error of a value or a constraint.
// failingConstantBranch is a CASE branch or a COALESCE argument after the
// first whose value is constant arithmetic PostgreSQL cannot compute (as
// it is, or as a NULLIF's first argument, seed 463): past an integer's
// range, or a division by zero.
var failingConstantBranch = regexp.MustCompile(`(\b(THEN|ELSE)|(?i:\bcoalesce)\([^;]*?,) (nullif\()?\(*(-?(9223372036854775807|2147483647) [-+*] (-?-?\d+|CAST\(-?\d+ AS \w+\))|-?\d+ ([+*] -?|- -)(9223372036854775807|2147483647)\b|-?\d+(\.\d+)? [/%] 0\b)`)

// literalCastInCoalesce is a cast of a number literal to a numeric of
// some precision as a COALESCE's later argument (seed 513).
var literalCastInCoalesce = regexp.MustCompile(`(?i:\bcoalesce)\([^;]*?, CAST\(-?\d+(\.\d+)? AS numeric\(\d+(, ?\d+)?\)\)`)

// realOverflowInList is an IN list holding a literal past real's range
// (1e39 and more).
var realOverflowInList = regexp.MustCompile(`\bIN \(([^)]*?[, ])?-?\d+(\.\d+)?e\+?(39|[4-9]\d|\d{3,})\b`)

// constantOrOperand is an OR whose other operand is a constant LIKE of
// two string literals or a BETWEEN of number literals (1.5::float8
// BETWEEN 1.5::float8 AND 1e2, seed 455), or an AND whose other operand
// compares two typed literals (DATE '9999-12-31' = TIMESTAMP '2024-02-29
// 23:59:59', seed 445), which PostgreSQL folds while it plans.
var constantOrOperand = regexp.MustCompile(`E?'[^']*' (NOT )?I?LIKE E?'[^']*' OR |\bOR E?'[^']*' (NOT )?I?LIKE E?'[^']*'|` +
	`\b(DATE|TIMESTAMP) '[^']*' (=|<>|<|>|<=|>=) (DATE|TIMESTAMP) '[^']*' AND |` +
	`(^|[(\s])` + pgNumberLiteral + ` (NOT )?BETWEEN ` + pgNumberLiteral + ` AND ` + pgNumberLiteral + ` OR `)

// pgNumberLiteral is a number written out, cast or not (1e2, -2.25::float8).
const pgNumberLiteral = `-?\d+(\.\d+)?(e[+-]?\d+)?(::\w+)?`

var dataState = regexp.MustCompile(`^error (21|22|23)[0-9A-Z]{3}:`)
