package difftest

import (
	"context"
	"database/sql"
	"fmt"
)

// Dialect is what the runner needs to know of a SQL dialect: how to
// generate a segment, send a statement and read the answer, give a
// segment an empty namespace, read a table back, keep the reference's
// serial counters where blocksql's are, and which differences are
// documented. MySQL and PostgreSQL are the two.
type Dialect struct {
	Name string
	// Generate is segment seg of a run with seed: the schema's DDL and n
	// statements.
	Generate func(seed uint64, seg, n int) []Stmt
	schema   func() []*table
	execute  func(ctx context.Context, c *sql.Conn, s Stmt) Outcome
	// open gives a session's connection to t an empty namespace ns;
	// drop removes it.
	open func(ctx context.Context, c *sql.Conn, t Target, ns string) error
	drop func(ctx context.Context, c *sql.Conn, t Target, ns string)
	// quote writes an identifier.
	quote func(string) string
	// refCounter reads the next generated id of table on the reference
	// (ok false when it has none); setRefCounter moves it.
	refCounter    func(ctx context.Context, c *sql.Conn, table string) (next int64, ok bool, err error)
	setRefCounter func(ctx context.Context, c *sql.Conn, table string, next uint64) error
	// Deviations are the documented differences, checked in order.
	Deviations []Deviation
	// check, when set, looks at every target's answer to one statement
	// together (the reference's first) for what no comparison with the
	// reference shows.
	check func(subjects []Target, st Stmt, outs []Outcome) []Diff
	// oneAtATime: a target holds one namespace, so segments cannot run
	// at once.
	oneAtATime bool
	// errorAborts: an error inside a transaction aborts it.
	errorAborts bool
}

// autoTables are the names of the dialect's tables with a generated id.
func (d *Dialect) autoTables() map[string]bool {
	out := map[string]bool{}
	for _, t := range d.schema() {
		if _, ok := t.autoCol(); ok {
			out[t.name] = true
		}
	}
	return out
}

// MySQL is the MySQL dialect: a blocksql MySQL-dialect node is compared
// with MariaDB, each segment in a database of its own.
var MySQL = &Dialect{
	Name:     "mysql",
	Generate: func(seed uint64, seg, n int) []Stmt { return NewGenerator(seed, seg).Segment(n) },
	schema:   newSchema,
	execute:  Execute,
	open: func(ctx context.Context, c *sql.Conn, t Target, ns string) error {
		name := "`" + t.Prefix + ns + "`"
		for _, q := range []string{"DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name, "USE " + name} {
			if _, err := c.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	},
	drop: func(ctx context.Context, c *sql.Conn, t Target, ns string) {
		_, _ = c.ExecContext(ctx, "ROLLBACK")
		_, _ = c.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+t.Prefix+ns+"`")
	},
	quote: backquote,
	refCounter: func(ctx context.Context, c *sql.Conn, table string) (int64, bool, error) {
		var ref sql.NullInt64
		err := c.QueryRowContext(ctx, "SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", table).Scan(&ref)
		if err == sql.ErrNoRows {
			return 0, false, nil
		}
		return ref.Int64, ref.Valid, err
	},
	setRefCounter: func(ctx context.Context, c *sql.Conn, table string, next uint64) error {
		_, err := c.ExecContext(ctx, fmt.Sprintf("ALTER TABLE `%s` AUTO_INCREMENT = %d", table, next))
		return err
	},
}

func init() { MySQL.Deviations = Deviations }

func backquote(s string) string  { return "`" + s + "`" }
func plainIdent(s string) string { return s }
