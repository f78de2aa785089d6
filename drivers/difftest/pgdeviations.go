package difftest

import "strings"

const (
	pgSQLiteNode = "blocksql-sqlite"
	pgNode       = "blocksql-postgres"
)

// pgDeviations are the documented differences of the postgres dialect:
// each a line of the README's "Known PostgreSQL-dialect deviations".
var pgDeviations = []Deviation{
	{ID: "pg-refused", Reason: "by design: a statement blocksql cannot make deterministic (random(), gen_random_uuid(), UPDATE … FROM, temporary tables, …) is refused before the chain with 0A000 on every node (the tester checks both nodes refuse it), where PostgreSQL runs it",
		Match: func(d Diff) bool {
			return d.Kind == KindError && d.Stmt.Tag == "refused" && strings.HasPrefix(d.Got, "error 0A000")
		}},
	{ID: "pg-sqlite-untranslated", Reason: "SQLite node: a function, operator or clause its translation does not cover (floor, extract, lpad, to_char, date_trunc, …) is refused with 0A000, as the README's PostgreSQL on SQLite section lists",
		Match: func(d Diff) bool {
			return d.Target == pgSQLiteNode && d.Kind == KindError && strings.HasPrefix(d.Got, "error 0A000") &&
				strings.Contains(d.Got, "SQLite backend")
		}},
	{ID: "pg-serial-rollback", Reason: "by design: a transaction that does not commit (ROLLBACK, or COMMIT after an error) draws no serial or identity value on blocksql, whose nodes run it ahead of COMMIT without moving a sequence, where PostgreSQL keeps the values it drew (the tester then sets PostgreSQL's sequence to blocksql's)",
		Match: func(d Diff) bool {
			return d.Kind == KindAutoInc && lessNumber(d.Got, d.Want) && (d.Stmt.Tag == "tx-rollback" || d.Stmt.Tag == "tx-commit" && d.Ref == "ok, ROLLBACK")
		}},
}
