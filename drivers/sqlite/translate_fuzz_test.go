package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"
	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// fuzzSchema is the database the translator fuzz target runs against.
var fuzzSchema = []string{
	"CREATE DATABASE d",
	"CREATE TABLE d.t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(20) DEFAULT 'x', n DECIMAL(10,2), ts DATETIME, KEY kv (v))",
	"CREATE TABLE d.u (id BIGINT PRIMARY KEY, t TEXT, b BLOB, f DOUBLE NOT NULL DEFAULT 0)",
}

// FuzzTranslate runs every statement the TiDB parser accepts through the
// SQLite translation (reads) or execution (writes, rolled back). Either
// the statement is refused, or every SQLite statement made from it parses
// in SQLite as exactly one statement: never a syntax error SQLite finds
// later, never text that SQLite takes as a comment or as two statements.
func FuzzTranslate(f *testing.F) {
	ctx := context.Background()
	d, err := Open(filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { d.Close() })
	if err := d.Init(ctx); err != nil {
		f.Fatal(err)
	}
	for _, q := range fuzzSchema {
		if _, err := fuzzExec(ctx, d, q); err != nil {
			f.Fatalf("%s: %v", q, err)
		}
	}
	chk := newSQLiteChecker(f)
	for _, q := range []string{
		"SELECT * FROM t WHERE v LIKE 'a%' ORDER BY id LIMIT 3", "SELECT 1 UNION SELECT 0",
		"SELECT CONCAT(v, ';--'), IF(n > 1, 'a', 'b') FROM t", "SELECT 5 - -2, '/*', \"*/\" FROM u",
		"INSERT INTO t (v, n) VALUES ('a;b', 1.5), ('--', NULL)", "UPDATE t SET v = CONCAT(v, '#') WHERE id = 1",
		"DELETE FROM t WHERE n IS NULL ORDER BY id LIMIT 1", "CREATE TABLE x (a INT, b TEXT, PRIMARY KEY (a))",
		"ALTER TABLE t ADD COLUMN w INT DEFAULT 3", "REPLACE INTO u VALUES (1, 'x\\0y', X'00', 2)",
		"INSERT INTO u VALUES (2, 'a', 'b', 1) ON DUPLICATE KEY UPDATE f = f + 1", "TRUNCATE TABLE u",
		"SELECT GROUP_CONCAT(v ORDER BY id SEPARATOR ';') FROM t", "SELECT CAST(n AS CHAR), DATE_FORMAT(ts, '%Y') FROM t",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		stmt, err := drivers.Parse(q)
		if err != nil {
			return
		}
		var applied []string
		switch stmt.(type) {
		case *ast.SelectStmt, *ast.SetOprStmt:
			if err := replay.Qualify(stmt, "d"); err != nil {
				return
			}
			drivers.NameFields(stmt)
			out, _, terr := translateRead(stmt, d.readSchema(ctx))
			if terr != nil {
				return // refused
			}
			applied, err = []string{out}, nil
		default:
			if replay.Classify(stmt) != replay.KindWrite || replay.CheckWrite(stmt) != nil ||
				replay.Qualify(stmt, "d") != nil {
				return
			}
			applied, err = fuzzExec(ctx, d, q)
		}
		if err != nil && isSQLiteSyntaxError(err.Error()) {
			t.Fatalf("%q: SQLite could not parse its translation %q: %v", q, applied, err)
		}
		for _, a := range applied {
			if msg := chk.check(a); msg != "" {
				t.Fatalf("%q: translation %q: %s", q, a, msg)
			}
		}
	})
}

// fuzzExec applies one statement in a transaction it rolls back, and
// returns the SQLite statements it ran.
func fuzzExec(ctx context.Context, d *Driver, q string) ([]string, error) {
	stmt, err := drivers.Parse(q)
	if err != nil {
		return nil, err
	}
	if err := replay.Qualify(stmt, "d"); err != nil {
		return nil, err
	}
	if err := drivers.CheckSupported(stmt); err != nil {
		return nil, err
	}
	dtx, err := d.Begin(ctx)
	if err != nil {
		return nil, err
	}
	tx := dtx.(*Tx)
	l := &execLog{tx: tx.tx, cache: tx.cache}
	_, err = l.dispatch(ctx, stmt)
	if strings.HasPrefix(q, "CREATE DATABASE") || strings.HasPrefix(q, "CREATE TABLE d.") {
		if cerr := tx.Commit(); cerr != nil {
			return l.applied, cerr
		}
		return l.applied, err
	}
	tx.forgetSchema()
	_ = tx.Rollback()
	return l.applied, err
}

func isSQLiteSyntaxError(msg string) bool {
	for _, s := range []string{"syntax error", "unrecognized token", "incomplete input", "unterminated"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// sqliteChecker prepares SQL on a connection of its own, so the check
// sees exactly what SQLite's parser makes of a text.
type sqliteChecker struct{ conn *sql.Conn }

func newSQLiteChecker(tb testing.TB) sqliteChecker {
	register()
	db, err := sql.Open(sqlDriverName, ":memory:")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return sqliteChecker{conn: conn}
}

// check prepares q: it must parse, hold a statement (not only comments),
// and leave no second statement behind. A name SQLite cannot resolve on
// this empty database is not a parse failure.
func (c sqliteChecker) check(q string) (problem string) {
	err := c.conn.Raw(func(dc any) error {
		st, err := dc.(*sqlite3.SQLiteConn).Prepare(q)
		if err != nil {
			return err
		}
		defer st.Close()
		v := reflect.ValueOf(st).Elem()
		if v.FieldByName("s").IsNil() {
			problem = "SQLite reads no statement in it (only comments or blanks)"
		} else if tail := v.FieldByName("t").String(); tail != "" {
			problem = "SQLite reads a second statement: " + tail
		}
		return nil
	})
	var se sqlite3.Error
	if err != nil && errors.As(err, &se) && isSQLiteSyntaxError(se.Error()) {
		return "SQLite cannot parse it: " + se.Error()
	}
	return problem
}

// The fuzz target's check tells a split, a comment and a syntax error from
// one statement.
func TestSQLiteCheckerFindsSplitsAndComments(t *testing.T) {
	chk := newSQLiteChecker(t)
	for q, bad := range map[string]bool{
		"SELECT 1": false, "SELECT * FROM no_such_table": false, "SELECT ';--' /* x */": false,
		"SELECT 1; SELECT 2": true, "-- SELECT 1": true, "/* SELECT 1 */": true, "SELEC 1": true,
	} {
		if got := chk.check(q) != ""; got != bad {
			t.Errorf("%q: flagged %v, want %v (%s)", q, got, bad, chk.check(q))
		}
	}
}
