// Package mysql is the native backend for MariaDB and MySQL. Statements
// arrive in the chain's own dialect, so translation only maps logical
// database d to the physical database prefix+d (several nodes, or tests,
// can share one server) and restores the statement as MySQL text.
// blocksql's internal tables live in the physical database
// prefix+"blocksql". Server errors keep their MySQL number and SQLSTATE,
// with physical names turned back into logical ones.
package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"github.com/blocksql/blocksql/drivers"
	gomysql "github.com/go-sql-driver/mysql"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// sqlMode is forced on every connection: strict, so bad data is an error
// (the outcome every backend must agree on), with ERROR_FOR_DIVISION_BY_ZERO
// as in MariaDB's default mode, so x/0 fails a write (1365) as the SQLite
// driver fails it (drivers/sqlite, strictDivision).
const sqlMode = "'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'"

// Driver is a node's local MariaDB/MySQL database.
type Driver struct {
	db     *sql.DB
	prefix string
	// guarded caches, per table ("db.table" physical), whether its capture
	// triggers can skip rows (captureOff); see rowhistory.go.
	guardMu sync.Mutex
	guarded map[string]bool
	// writer holds the connection local transactions run on once the
	// engine called LockWriter (writer.go).
	writer drivers.SoleConn[*sql.Conn]
}

var _ drivers.Driver = (*Driver)(nil)

// Open connects to the server in dsn (go-sql-driver syntax); prefix is
// prepended to every logical database name.
func Open(dsn, prefix string) (*Driver, error) {
	db, err := openDB(dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to mysql: %w", err)
	}
	return &Driver{db: db, prefix: prefix}, nil
}

func openDB(dsn string) (*sql.DB, error) {
	cfg, err := gomysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("mysql dsn: %w", err)
	}
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["sql_mode"] = sqlMode
	cfg.Params["time_zone"] = "'+00:00'"
	cfg.Collation = "utf8mb4_general_ci"
	cfg.InterpolateParams = true
	cfg.ClientFoundRows = false // rows affected = rows changed, as consensus expects
	connector, err := gomysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("mysql dsn: %w", err)
	}
	return sql.OpenDB(connector), nil
}

// Prefix is the physical database name prefix.
func (d *Driver) Prefix() string { return d.prefix }

// Name implements drivers.Driver.
func (d *Driver) Name() string { return "mysql" }

// Internal implements drivers.Driver.
func (d *Driver) Internal(name string) string {
	return quoteIdent(d.prefix+drivers.Schema) + "." + quoteIdent(name)
}

// Init implements drivers.Driver.
func (d *Driver) Init(ctx context.Context) error {
	qs := []string{"CREATE DATABASE IF NOT EXISTS " + quoteIdent(d.prefix+drivers.Schema)}
	qs = append(qs, drivers.InternalDDL(drivers.DDLDialect{
		Table:    d.Internal,
		Index:    func(_, index string) string { return quoteIdent(index) },
		AutoID:   "id BIGINT AUTO_INCREMENT PRIMARY KEY",
		Prefixed: true,
	})...)
	for _, q := range qs {
		if _, err := d.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("mysql init: %w", err)
		}
	}
	return nil
}

// Query implements drivers.Driver.
func (d *Driver) Query(ctx context.Context, stmt ast.StmtNode) (*sql.Rows, error) {
	return d.query(ctx, d.db, stmt)
}

// MapError implements drivers.ErrorMapper.
func (d *Driver) MapError(err error) error { return d.mapError(err) }

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// query translates a qualified read and runs it on q (the pool, or a Tx).
func (d *Driver) query(ctx context.Context, q queryer, stmt ast.StmtNode) (*sql.Rows, error) {
	switch stmt.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
	default:
		return nil, drivers.Errorf(drivers.ErNotSupported, "42000", "Query answers SELECT only, not %T", stmt)
	}
	drivers.NameFields(stmt)
	text, err := d.translate(stmt)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, text)
	if err != nil {
		return nil, d.mapError(err)
	}
	drivers.ComputedBlobTypes(ctx, rows)
	return rows, nil
}

// QueryInternal implements drivers.Driver.
func (d *Driver) QueryInternal(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.db.QueryContext(ctx, query, args...)
}

// ScanTable implements drivers.Driver. With no orderBy the rows are ordered
// by every column so the order is still deterministic.
func (d *Driver) ScanTable(ctx context.Context, db, table string, orderBy []string) (*sql.Rows, error) {
	name := quoteIdent(d.prefix+db) + "." + quoteIdent(table)
	order := make([]string, len(orderBy))
	for i, c := range orderBy {
		order[i] = quoteIdent(c)
	}
	if len(order) == 0 {
		n, err := d.columnCount(ctx, name)
		if err != nil {
			return nil, err
		}
		for i := 1; i <= n; i++ {
			order = append(order, fmt.Sprint(i))
		}
	}
	// Prepared, so that MariaDB sends the rows in its binary protocol: a
	// FLOAT as its single-precision value, where its text has 6 digits
	// (33554472 is 33554500), which would hide a difference past them
	// from the state digest. The statement closes with the rows.
	st, err := d.db.PrepareContext(ctx, "SELECT * FROM "+name+" ORDER BY "+strings.Join(order, ", "))
	if err != nil {
		return nil, d.mapError(err)
	}
	defer st.Close()
	rows, err := st.QueryContext(ctx)
	if err != nil {
		return nil, d.mapError(err)
	}
	return rows, nil
}

func (d *Driver) columnCount(ctx context.Context, name string) (int, error) {
	rows, err := d.db.QueryContext(ctx, "SELECT * FROM "+name+" LIMIT 0")
	if err != nil {
		return 0, d.mapError(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	return len(cols), err
}

// Close implements drivers.Driver.
func (d *Driver) Close() error {
	d.writer.Close()
	return d.db.Close()
}

// Begin implements drivers.Driver: on the writer's connection once the
// engine locked it (drivers.SoleWriter).
func (d *Driver) Begin(ctx context.Context) (drivers.Tx, error) {
	if d.writer.On() {
		tx, err := d.beginWriter(ctx)
		if err != nil {
			return nil, fmt.Errorf("mysql begin: %w", err)
		}
		return &Tx{d: d, tx: tx, sole: true}, nil
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("mysql begin: %w", err)
	}
	return &Tx{d: d, tx: tx}, nil
}

func quoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// DropPrefix drops every database whose name starts with prefix: tests use
// it to remove exactly what they created.
func DropPrefix(ctx context.Context, dsn, prefix string) error {
	if len(prefix) < 4 {
		return fmt.Errorf("refusing to drop databases for the short prefix %q", prefix)
	}
	db, err := openDB(dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	all, err := drivers.ScanStrings(db.QueryContext(ctx, "SHOW DATABASES"))
	if err != nil {
		return err
	}
	for _, n := range all {
		if !strings.HasPrefix(n, prefix) {
			continue
		}
		if _, err := db.ExecContext(ctx, "DROP DATABASE "+quoteIdent(n)); err != nil {
			return err
		}
	}
	return nil
}

// TransactionalDDL reports that MySQL commits DDL implicitly: a staged
// block holding DDL cannot be rolled back.
func (d *Driver) TransactionalDDL() bool { return false }
