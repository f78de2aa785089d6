// Package sqlite is the embedded default backend: it translates the chain's
// MySQL-dialect statements into SQLite and applies them to one database
// file. Logical database d, table t is the SQLite table named "d.t"; index
// i on it is "d.t.i"; blocksql's own tables are "blocksql.<name>".
//
// Writes go through a single writer connection (one block = one SQLite
// transaction), which keeps the statements that recur prepared across
// blocks (stmtcache.go) and leaves WAL checkpoints to a background
// goroutine (checkpoint.go); reads use a separate pool so they run
// concurrently with block application thanks to WAL mode. Errors are reported as MySQL error
// numbers (see errors.go) so an SQLite node and a MariaDB node fail the
// same statement in the same way.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/blocksql/blocksql/drivers"
	"github.com/mattn/go-sqlite3"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// sqlDriverName is registered once with the functions MySQL has and SQLite
// lacks, so both the writer and the readers know them.
const sqlDriverName = "blocksql_sqlite3"

// growingDriverName is sqlDriverName for the connections that write a
// node's file in WAL mode (the writer and the checkpointer): they grow the
// file growChunk at a time.
const growingDriverName = "blocksql_sqlite3_growing"

// growChunk is how much a node's file grows at once
// (SQLITE_FCNTL_CHUNK_SIZE). Grown page by page, every checkpoint that
// appends pages makes ext4 allocate blocks for them when they are written
// out, and in its ordered mode the journal commit that CometBFT's next
// fsync (its WAL, its block store) forces waits for those blocks' data.
// Grown a chunk at a time, SQLite extends the file by writing each new
// block once, in the checkpoint that needs it, and the checkpoints after
// it overwrite blocks already allocated. Measured (`blocksql bench
// --workloads insert --clients 64,512 --duration 6s`, blocksql's cell
// alone, nine alternated pairs with and without it): faster in every
// pair, by 6% at 64 clients and 7% at 512 on average (consensus/DESIGN.md).
const growChunk = 8 << 20

var registerOnce sync.Once

// walBufErr is registerWALBuffer's: a driver does not open without it.
var walBufErr error

func register() {
	registerOnce.Do(func() {
		walBufErr = registerWALBuffer()
		sql.Register(sqlDriverName, &sqlite3.SQLiteDriver{ConnectHook: registerFuncs})
		sql.Register(growingDriverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
			if err := registerFuncs(c); err != nil {
				return err
			}
			return c.SetFileControlInt("main", sqlite3.SQLITE_FCNTL_CHUNK_SIZE, growChunk)
		}})
	})
}

// SQLDriverName registers and returns the database/sql driver name of
// SQLite with the functions and collations a node's tables use, for a
// program that opens a node's file or writes a file of the same schema
// itself (the benchmark's apply floor).
func SQLDriverName() string {
	register()
	return sqlDriverName
}

// Driver is a node's local SQLite database.
type Driver struct {
	path   string
	writer *sql.DB
	// conn is the writer's one connection, held for the driver's life so
	// that statements prepared on it (stmts) serve every block.
	conn   *sql.Conn
	reader *sql.DB
	cache  *cache
	// readInfo is the column information reads type expressions with,
	// loaded through the readers (cache belongs to the block transaction).
	readInfo *cache
	stmts    *stmtCache
	// readStmts are the read plans' statements, prepared on the readers.
	readStmts *stmtCache
	hook      *rowHook // nil without the pre-update hook (rowhook.go)
	ckpt      *checkpointer
	// slot is held by the open block transaction: blocks are applied one
	// after another.
	slot   chan struct{}
	mu     sync.Mutex
	active *Tx

	// syncOnClose is set by OpenNew: the file is fsynced once closed.
	syncOnClose bool
	// deferred are the log's secondary indexes, which a database OpenNew
	// creates builds when it is closed (see Init).
	deferred []string

	closeOnce sync.Once
	closeErr  error
}

var _ drivers.Driver = (*Driver)(nil)

// Open opens (creating if needed) the SQLite database at path.
func Open(path string) (*Driver, error) {
	return open(path, NodeSettings)
}

// NodeSettings and NewFileSettings are the go-sqlite3 DSN settings of a
// node's database (Open) and of a restore's new file (OpenNew), for a
// program that writes a file the way they do (the benchmark's floors).
const (
	NodeSettings    = "_journal_mode=WAL&_synchronous=NORMAL"
	NewFileSettings = "_journal_mode=MEMORY&_synchronous=OFF&_cache_size=-131072"
)

// OpenNew opens a database that nothing else uses until it is closed and
// that is thrown away if the process dies meanwhile: a restore's output.
// It keeps the rollback journal in memory (rollbacks and savepoints still
// work; journal_mode=OFF would leave them undefined) and never waits for
// the disk (synchronous=OFF); Close makes the file durable with one fsync.
// The next Open turns the file back to WAL mode.
func OpenNew(path string) (*Driver, error) {
	if err := leaveWAL(path); err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	d, err := open(path, NewFileSettings)
	if err != nil {
		return nil, err
	}
	d.syncOnClose = true
	// Before the first table: a file that exists already keeps its own.
	if _, err := d.conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA page_size = %d", NewFilePageSize)); err != nil {
		d.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return d, nil
}

// leaveWAL takes a file that exists (a snapshot's copy, written by a node
// in WAL mode) out of WAL mode without waiting for the disk. Left by
// NewFileSettings' journal_mode pragma, which go-sqlite3 runs before the
// synchronous one, SQLite checkpointed at the default synchronous=FULL: an
// fsync of the whole file, just copied and not yet written out, before the
// first block (0.40 s of a 1.8 s restore from a 990 MB snapshot). With
// synchronous=OFF the one fsync stays Close's.
func leaveWAL(path string) error {
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		return nil // a new file
	}
	register()
	db, err := sql.Open(sqlDriverName, "file:"+path+"?_busy_timeout=10000&_synchronous=OFF")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	_, err = db.Exec("PRAGMA journal_mode = DELETE")
	return err
}

// NewFilePageSize is the page size of a file OpenNew creates. A restore
// appends every table's rows (the log's and, from a chain of INSERTs, the
// data's) and builds the log's indexes at the end: with 8 KiB pages a
// B-tree has half the pages to split, link and write. Measured, `blocksql
// replay --no-snapshots` of the restore benchmark's chain (50,002
// statements, three alternated runs): 0.82–0.87 s against 0.90–0.92 s with
// 4 KiB pages (16 KiB: 0.82–0.86 s). A node that later opens the file
// keeps its pages.
const NewFilePageSize = 8192

func open(path, mode string) (*Driver, error) {
	register()
	if walBufErr != nil {
		return nil, walBufErr
	}
	base := "file:" + path + "?_busy_timeout=10000&_foreign_keys=0"
	wal := strings.Contains(mode, "WAL")
	writing := sqlDriverName
	if wal {
		writing = growingDriverName
	}
	w, conn, err := openWriter(writing, base+"&"+mode+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if wal {
		// Readers and the checkpointer share the WAL settings; in the
		// rollback journal modes a reader must not change the mode.
		base += "&" + mode
	}
	r, err := sql.Open(sqlDriverName, base+"&_query_only=1")
	if err != nil {
		conn.Close()
		w.Close()
		return nil, fmt.Errorf("open sqlite readers %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	c, err := sql.Open(writing, base)
	if err != nil {
		r.Close()
		conn.Close()
		w.Close()
		return nil, fmt.Errorf("open sqlite checkpointer %s: %w", path, err)
	}
	c.SetMaxOpenConns(1)
	var hook *rowHook
	db, err := writerHandle(conn)
	if err == nil {
		hook, err = registerRowHook(db)
	}
	if err != nil {
		c.Close()
		r.Close()
		conn.Close()
		w.Close()
		hook.close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	stmts := newStmtCache(conn)
	stmts.c = newCStmts(db)
	return &Driver{path: path, writer: w, conn: conn, reader: r, cache: newCache(), readInfo: newCache(), stmts: stmts,
		readStmts: newStmtCache(r), hook: hook, ckpt: startCheckpointer(c), slot: make(chan struct{}, 1)}, nil
}

// openWriter opens the single writer connection, with its automatic
// checkpoint off (see checkpoint.go).
func openWriter(driverName, dsn string) (*sql.DB, *sql.Conn, error) {
	w, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, nil, err
	}
	w.SetMaxOpenConns(1)
	ctx := context.Background()
	conn, err := w.Conn(ctx)
	if err == nil {
		if _, err = conn.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0"); err != nil {
			conn.Close()
		}
	}
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	return w, conn, nil
}

// Path is the database file.
func (d *Driver) Path() string { return d.path }

// Name implements drivers.Driver.
func (d *Driver) Name() string { return "sqlite" }

// NumberedParams implements drivers.NumberedParams: SQLite binds ?NNN.
func (d *Driver) NumberedParams() bool { return true }

// Internal implements drivers.Driver.
func (d *Driver) Internal(name string) string { return quoteIdent(drivers.Schema + "." + name) }

// Init implements drivers.Driver.
func (d *Driver) Init(ctx context.Context) error {
	if err := d.take(ctx); err != nil {
		return fmt.Errorf("sqlite init: %w", err)
	}
	defer d.give()
	dialect := drivers.DDLDialect{
		Table:        d.Internal,
		Index:        func(table, index string) string { return quoteIdent(drivers.Schema + "." + table + "." + index) },
		AutoID:       "id INTEGER PRIMARY KEY",
		WithoutRowID: true,
	}
	indexes := drivers.InternalIndexDDL(dialect)
	if d.syncOnClose && d.deferred == nil {
		fresh, err := d.fresh(ctx)
		if err != nil {
			return fmt.Errorf("sqlite init: %w", err)
		}
		if fresh {
			d.deferred, indexes = indexes, nil
		}
	}
	ddl := append(drivers.InternalTableDDL(dialect), indexes...)
	for _, q := range append(append(ddl, initDatabases()...), initTableDefs()) {
		if _, err := d.conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlite init: %w", err)
		}
	}
	return nil
}

// Query implements drivers.Driver. Columns declared DATE, DATETIME or
// TIMESTAMP scan as time.Time (go-sqlite3 converts them by declared type);
// the proxy formats them the way MySQL prints them.
func (d *Driver) Query(ctx context.Context, stmt ast.StmtNode) (*sql.Rows, error) {
	return queryRead(ctx, d.reader, stmt, d.readSchema(ctx))
}

// MapError implements drivers.ErrorMapper.
func (d *Driver) MapError(err error) error { return mapError(err, nil) }

// readSchema looks up a table's columns for typing a read's expressions.
func (d *Driver) readSchema(ctx context.Context) schemaFunc {
	return func(phys string) []colInfo {
		if info, ok := d.readInfo.tableInfo(phys); ok {
			return info
		}
		gen := d.readInfo.generation()
		info, err := loadColumns(ctx, d.reader, phys)
		if err != nil {
			return nil
		}
		d.readInfo.setIfCurrent(gen, phys, info)
		return info
	}
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryRead translates a qualified MySQL read and runs it on db (the
// reader pool, or a transaction). The MySQL types of computed columns go
// to the caller's drivers.ResultTypes.
func queryRead(ctx context.Context, db queryer, stmt ast.StmtNode, schema schemaFunc) (*sql.Rows, error) {
	drivers.NameFields(stmt)
	sink := drivers.ResultTypesOf(ctx)
	var keys map[string]keyColumn
	if sink != nil {
		keys = rowidKeys(stmt, schema)
	}
	q, types, err := translateRead(stmt, schema)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, mapError(err, nil)
	}
	if sink != nil {
		*sink = withKeyTypes(rows, types, keys)
	}
	return rows, nil
}

// rowidKeys maps the name of each INTEGER PRIMARY KEY of the tables stmt
// reads, and of each computed column of the views it reads, to its MySQL
// type; a name two such columns share with different types maps to "".
func rowidKeys(stmt ast.Node, schema schemaFunc) map[string]keyColumn {
	c := &tableCollector{}
	stmt.Accept(c)
	var keys map[string]keyColumn
	for _, tb := range c.tables {
		for _, info := range schema(tb.phys) {
			if info.keyType == "" {
				continue
			}
			if keys == nil {
				keys = map[string]keyColumn{}
			}
			k := keyColumn{typ: info.keyType}
			if strings.EqualFold(info.typ, "INTEGER") {
				k.decl = "INTEGER"
			}
			name := strings.ToLower(info.name)
			if seen, ok := keys[name]; ok && seen != k {
				keys[name] = keyColumn{}
			} else {
				keys[name] = k
			}
		}
	}
	return keys
}

// keyColumn is a column whose MySQL type a result column of its name
// takes where SQLite declares it decl: INTEGER for a rowid key, nothing
// for a view's computed column.
type keyColumn struct{ typ, decl string }

// withKeyTypes gives the result columns SQLite declares INTEGER (a rowid
// key, whatever its MySQL type) the MySQL type of the key of that name:
// SELECT * FROM t with id INT PRIMARY KEY sends an INT, not a BIGINT; and a
// view's computed columns, which SQLite declares no type for, the type the
// view stored (SELECT * FROM v sends its DECIMAL sum as a DECIMAL).
func withKeyTypes(rows *sql.Rows, types []string, keys map[string]keyColumn) []string {
	if len(keys) == 0 {
		return types
	}
	cts, err := rows.ColumnTypes()
	if err != nil || (types != nil && len(types) != len(cts)) {
		return types
	}
	for i, ct := range cts {
		k := keys[strings.ToLower(ct.Name())]
		if k.typ == "" || !strings.EqualFold(ct.DatabaseTypeName(), k.decl) || (types != nil && types[i] != "") {
			continue
		}
		if types == nil {
			types = make([]string, len(cts))
		}
		types[i] = k.typ
	}
	return types
}

// QueryInternal implements drivers.Driver.
func (d *Driver) QueryInternal(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.reader.QueryContext(ctx, query, args...)
}

// ScanTable implements drivers.Driver. With no orderBy the rows are ordered
// by every column so the order is still deterministic.
func (d *Driver) ScanTable(ctx context.Context, db, table string, orderBy []string) (*sql.Rows, error) {
	name := quoteIdent(physical(db, table))
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

// ScanTableParts implements drivers.PartScanner: the table's rowids cut
// into n ranges of equal width, each read by a reader connection of its
// own (a user table always has rowids).
func (d *Driver) ScanTableParts(ctx context.Context, db, table string, n int) ([]*sql.Rows, error) {
	name := quoteIdent(physical(db, table))
	var lo, hi sql.NullInt64
	if err := d.reader.QueryRowContext(ctx, "SELECT min(rowid), max(rowid) FROM "+name).Scan(&lo, &hi); err != nil {
		return nil, mapError(err, nil)
	}
	// The width in uint64: hi - lo may pass int64's range, and lo + i*step
	// wraps back to the true rowid.
	span := uint64(hi.Int64) - uint64(lo.Int64)
	if !lo.Valid || n < 2 || span < uint64(n) {
		n = 1
	}
	step := span/uint64(n) + 1
	parts := make([]*sql.Rows, 0, n)
	for i := range n {
		from := int64(uint64(lo.Int64) + uint64(i)*step)
		to := hi.Int64
		if i < n-1 {
			to = int64(uint64(from) + step - 1)
		}
		rows, err := d.reader.QueryContext(ctx, "SELECT * FROM "+name+" WHERE rowid BETWEEN ? AND ?", from, to)
		if err != nil {
			for _, r := range parts {
				r.Close()
			}
			return nil, mapError(err, nil)
		}
		parts = append(parts, rows)
	}
	return parts, nil
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

// Close implements drivers.Driver. A block still open is rolled back. The
// writer closes last, so SQLite checkpoints the WAL into the file.
func (d *Driver) Close() error {
	d.closeOnce.Do(func() { d.closeErr = d.close() })
	return d.closeErr
}

func (d *Driver) close() error {
	d.mu.Lock()
	t := d.active
	d.mu.Unlock()
	if t != nil {
		// The connection cannot close under an open transaction.
		_ = t.Rollback()
	}
	if d.syncOnClose && len(d.deferred) > 0 {
		// A restore's file: its pages, written by the final COMMIT, go to
		// the disk while SQLite builds the indexes, instead of all in the
		// fsync below (blocksql replay of 52,002 statements: the fsync
		// 5.6-6.4 ms against 31-36 ms).
		startWriteback(d.path)
	}
	ierr := d.buildDeferred()
	cerr := d.ckpt.stop()
	d.readStmts.clear()
	rerr := d.reader.Close()
	d.stmts.clear()
	d.conn.Close()
	err := errors.Join(d.writer.Close(), rerr, cerr, ierr)
	d.hook.close()
	if err == nil && d.syncOnClose {
		err = syncFile(d.path)
	}
	return err
}

// fresh reports whether the database has no operation log yet.
func (d *Driver) fresh(ctx context.Context) (bool, error) {
	var n int
	err := d.conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE name = ?",
		drivers.Schema+".statements").Scan(&n)
	return n == 0, err
}

// buildDeferred creates the indexes Init left out of a new database: one
// sorted pass over each table costs far less than keeping the indexes up
// to date row by row while a restore writes the whole log.
func (d *Driver) buildDeferred() error {
	for _, q := range d.deferred {
		if _, err := d.conn.ExecContext(context.Background(), q); err != nil {
			return fmt.Errorf("sqlite: build index: %w", err)
		}
	}
	d.deferred = nil
	return nil
}

// syncFile writes path's data to the disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	return errors.Join(err, f.Close())
}

// Begin implements drivers.Driver. The transaction ends when it is
// committed or rolled back, or is rolled back when ctx ends.
func (d *Driver) Begin(ctx context.Context) (drivers.Tx, error) {
	if err := d.take(ctx); err != nil {
		return nil, fmt.Errorf("sqlite begin: %w", err)
	}
	tx, err := d.begin(ctx)
	if err != nil {
		d.give()
		return nil, fmt.Errorf("sqlite begin: %w", err)
	}
	t := &Tx{d: d, tx: tx, cache: d.cache, stmts: d.stmts}
	t.unwatch = context.AfterFunc(ctx, func() { _ = t.rollback() })
	d.mu.Lock()
	d.active = t
	d.mu.Unlock()
	return t, nil
}

func (d *Driver) begin(ctx context.Context) (*sql.Tx, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d.ckpt.restartWAL(ctx, d.conn)
	// Tx watches ctx itself: database/sql must not end the transaction
	// behind the back of the cached statements.
	return d.conn.BeginTx(context.WithoutCancel(ctx), nil)
}

// take waits for the writer.
func (d *Driver) take(ctx context.Context) error {
	select {
	case d.slot <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// give frees the writer.
func (d *Driver) give() { <-d.slot }

// ended frees the writer from transaction t.
func (d *Driver) ended(t *Tx) {
	d.mu.Lock()
	if d.active == t {
		d.active = nil
	}
	d.mu.Unlock()
	d.give()
}

// quoteIdent quotes an SQLite identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// sqlString is s as a SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// TransactionalDDL reports that SQLite runs DDL inside the block's
// transaction, so a block holding DDL can be staged and rolled back.
func (d *Driver) TransactionalDDL() bool { return true }
