// Package sqlite is the embedded default backend: it translates the chain's
// MySQL-dialect statements into SQLite and applies them to one database
// file. Logical database d, table t is the SQLite table named "d.t"; index
// i on it is "d.t.i"; blocksql's own tables are "blocksql.<name>".
//
// Writes go through a single writer connection (one block = one SQLite
// transaction); reads use a separate pool so they run concurrently with
// block application thanks to WAL mode. Errors are reported as MySQL error
// numbers (see errors.go) so an SQLite node and a MariaDB node fail the
// same statement in the same way.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"github.com/blocksql/blocksql/drivers"
	"github.com/mattn/go-sqlite3"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// sqlDriverName is registered once with the functions MySQL has and SQLite
// lacks, so both the writer and the readers know them.
const sqlDriverName = "blocksql_sqlite3"

var registerOnce sync.Once

func register() {
	registerOnce.Do(func() {
		sql.Register(sqlDriverName, &sqlite3.SQLiteDriver{ConnectHook: registerFuncs})
	})
}

// Driver is a node's local SQLite database.
type Driver struct {
	path   string
	writer *sql.DB
	reader *sql.DB
	cache  *cache
}

var _ drivers.Driver = (*Driver)(nil)

// Open opens (creating if needed) the SQLite database at path.
func Open(path string) (*Driver, error) {
	register()
	base := "file:" + path + "?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=10000&_foreign_keys=0"
	w, err := sql.Open(sqlDriverName, base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer %s: %w", path, err)
	}
	// One writer: blocks are applied strictly one after another.
	w.SetMaxOpenConns(1)
	if err := w.Ping(); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r, err := sql.Open(sqlDriverName, base+"&_query_only=1")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite readers %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	return &Driver{path: path, writer: w, reader: r, cache: newCache()}, nil
}

// Path is the database file.
func (d *Driver) Path() string { return d.path }

// Name implements drivers.Driver.
func (d *Driver) Name() string { return "sqlite" }

// Internal implements drivers.Driver.
func (d *Driver) Internal(name string) string { return quoteIdent(drivers.Schema + "." + name) }

// Init implements drivers.Driver.
func (d *Driver) Init(ctx context.Context) error {
	ddl := drivers.InternalDDL(drivers.DDLDialect{
		Table:  d.Internal,
		Index:  func(table, index string) string { return quoteIdent(drivers.Schema + "." + table + "." + index) },
		AutoID: "id INTEGER PRIMARY KEY",
	})
	for _, q := range append(ddl, initDatabases()...) {
		if _, err := d.writer.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlite init: %w", err)
		}
	}
	return nil
}

// Query implements drivers.Driver. Columns declared DATE, DATETIME or
// TIMESTAMP scan as time.Time (go-sqlite3 converts them by declared type);
// the proxy formats them the way MySQL prints them.
func (d *Driver) Query(ctx context.Context, stmt ast.StmtNode) (*sql.Rows, error) {
	stmt, err := drivers.Clone(stmt)
	if err != nil {
		return nil, err
	}
	q, err := translateRead(stmt)
	if err != nil {
		return nil, err
	}
	rows, err := d.reader.QueryContext(ctx, q)
	if err != nil {
		return nil, mapError(err, nil)
	}
	return rows, nil
}

// QueryInternal implements drivers.Driver.
func (d *Driver) QueryInternal(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.reader.QueryContext(ctx, query, args...)
}

// ScanTable implements drivers.Driver. With no orderBy the rows are ordered
// by every column so the order is still deterministic.
func (d *Driver) ScanTable(ctx context.Context, db, table string, orderBy []string) (*sql.Rows, error) {
	name := quoteIdent(db + "." + table)
	order := make([]string, len(orderBy))
	for i, c := range orderBy {
		order[i] = quoteIdent(c)
	}
	if len(order) == 0 {
		n, err := columnCount(ctx, d.reader, name)
		if err != nil {
			return nil, err
		}
		for i := 1; i <= n; i++ {
			order = append(order, fmt.Sprint(i))
		}
	}
	q := "SELECT * FROM " + name
	if len(order) > 0 {
		q += " ORDER BY " + strings.Join(order, ", ")
	}
	rows, err := d.reader.QueryContext(ctx, q)
	if err != nil {
		return nil, mapError(err, nil)
	}
	return rows, nil
}

func columnCount(ctx context.Context, db *sql.DB, table string) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT * FROM "+table+" LIMIT 0")
	if err != nil {
		return 0, mapError(err, nil)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	return len(cols), err
}

// Close implements drivers.Driver.
func (d *Driver) Close() error {
	rerr := d.reader.Close()
	if err := d.writer.Close(); err != nil {
		return err
	}
	return rerr
}

// Begin implements drivers.Driver.
func (d *Driver) Begin(ctx context.Context) (drivers.Tx, error) {
	tx, err := d.writer.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite begin: %w", err)
	}
	return &Tx{tx: tx, cache: d.cache, stmts: map[string]*sql.Stmt{}}, nil
}

// quoteIdent quotes an SQLite identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
