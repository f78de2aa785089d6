package cli

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/blocksql/blocksql/drivers/sqlite"
)

// The apply workload's floor: SQLite itself writing every row the apply
// engine's blocks wrote (the data rows, the operation log, the row
// history and the bookkeeping), read back from the engine's file, into a
// new file with the same tables, one transaction per block, in multi-row
// INSERTs whose values are bound in one call into C, as the engine writes
// its operation log (sqlite.Bulk). No
// design that keeps those rows in the node's database, written as blocks
// commit, writes them for less on this machine; the engine's figure
// divided by it is what the engine's own work costs. The floor is taken
// twice: with the file's secondary indexes maintained row by row (as the
// node's schema has them), and without them (what a design that built the
// log's indexes later would pay while blocks commit).

// benchFloor is one floor measurement.
type benchFloor struct {
	Indexed   time.Duration // with the secondary indexes
	Unindexed time.Duration // without them
}

// benchFloorTable is one table's definition and rows, as read back.
type benchFloorTable struct {
	name   string
	create string // SQLite: the CREATE TABLE statement
	row    string // MariaDB: the placeholders of one row, "(?, ?)"
	rows   [][]driver.Value
}

// benchFloorOf reads the rows of the SQLite file at src and times writing
// them again, spread evenly over blocks transactions, into new files in
// dir with a node's pragmas.
func benchFloorOf(ctx context.Context, src, dir string, blocks int) (benchFloor, error) {
	file, err := benchFloorRead(ctx, src)
	if err != nil {
		return benchFloor{}, err
	}
	var f benchFloor
	if f.Indexed, err = benchFloorWrite(ctx, dir+"/floor-indexed.db", sqlite.NodeSettings, file, file.indexes, nil, blocks); err != nil {
		return f, err
	}
	f.Unindexed, err = benchFloorWrite(ctx, dir+"/floor.db", sqlite.NodeSettings, file, nil, nil, blocks)
	return f, err
}

// benchRestoreFloorOf is the floor of a restore into a new SQLite file:
// the restored file's rows written again with a restore's pragmas, spread
// over blocks transactions, the secondary indexes built at the end as a
// restore builds them.
func benchRestoreFloorOf(ctx context.Context, src, dst string, blocks int) (time.Duration, error) {
	file, err := benchFloorRead(ctx, src)
	if err != nil {
		return 0, err
	}
	return benchFloorWrite(ctx, dst, sqlite.NewFileSettings, file, nil, file.indexes, blocks)
}

// benchFloorFile is what the floor writes again of a SQLite file: its
// tables with their rows, the DDL of its secondary indexes, and its page
// size.
type benchFloorFile struct {
	tables   []benchFloorTable
	indexes  []string
	pageSize int
}

// benchFloorRead reads src for the floor.
func benchFloorRead(ctx context.Context, src string) (benchFloorFile, error) {
	var f benchFloorFile
	db, err := sql.Open(sqlite.SQLDriverName(), "file:"+src+"?mode=ro")
	if err != nil {
		return f, err
	}
	defer db.Close()
	if err := db.QueryRowContext(ctx, "PRAGMA page_size").Scan(&f.pageSize); err != nil {
		return f, err
	}
	f.tables, f.indexes, err = benchFloorTables(ctx, db)
	return f, err
}

// benchFloorTables returns the tables of db with their rows, and the DDL
// of its secondary indexes.
func benchFloorTables(ctx context.Context, db *sql.DB) ([]benchFloorTable, []string, error) {
	rows, err := db.QueryContext(ctx, "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "+
		"AND name NOT LIKE 'sqlite_%' AND type IN ('table', 'index') ORDER BY rowid")
	if err != nil {
		return nil, nil, err
	}
	var tables []benchFloorTable
	var indexes []string
	for rows.Next() {
		var typ, name, ddl string
		if err := rows.Scan(&typ, &name, &ddl); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if typ == "index" {
			indexes = append(indexes, ddl)
		} else {
			tables = append(tables, benchFloorTable{name: name, create: ddl})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for i := range tables {
		if tables[i].rows, err = benchRowsOf(ctx, db, "SELECT * FROM "+benchQuoteSQLite(tables[i].name)); err != nil {
			return nil, nil, err
		}
	}
	return tables, indexes, nil
}

// benchQueryer is a *sql.DB or a *sql.Conn.
type benchQueryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// benchRowsOf reads every row q returns.
func benchRowsOf(ctx context.Context, db benchQueryer, q string) ([][]driver.Value, error) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]driver.Value
	for rows.Next() {
		vals, ptrs, row := make([]any, len(cols)), make([]any, len(cols)), make([]driver.Value, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			row[i] = v
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// benchFloorWrite creates file's tables and the indexes before in a new
// file at path with pragmas and file's page size, and times writing the
// tables' rows block by block, then creating the indexes after.
func benchFloorWrite(ctx context.Context, path, pragmas string, file benchFloorFile, before, after []string, blocks int) (time.Duration, error) {
	tables := file.tables
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
			return 0, err
		}
	}
	conn, done, err := benchOneConn(ctx, sqlite.SQLDriverName(), "file:"+path+"?"+pragmas)
	if err != nil {
		return 0, err
	}
	defer done()
	var took time.Duration
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("floor: not a SQLite connection: %T", dc)
		}
		if _, err := c.Exec(fmt.Sprintf("PRAGMA page_size = %d", file.pageSize), nil); err != nil {
			return fmt.Errorf("floor: page size: %w", err)
		}
		for _, t := range tables {
			if _, err := c.Exec(t.create, nil); err != nil {
				return fmt.Errorf("floor: %s: %w", t.name, err)
			}
		}
		if err := benchFloorExec(c, before); err != nil {
			return err
		}
		bulk, err := sqlite.NewBulk(c)
		if err != nil {
			return fmt.Errorf("floor: %w", err)
		}
		defer bulk.Close()
		start := time.Now()
		for b := range blocks {
			if _, err := c.Exec("BEGIN", nil); err != nil {
				return err
			}
			for _, t := range tables {
				lo, hi := b*len(t.rows)/blocks, (b+1)*len(t.rows)/blocks
				if err := benchFloorRows(bulk, t, t.rows[lo:hi]); err != nil {
					return err
				}
			}
			if _, err := c.Exec("COMMIT", nil); err != nil {
				return err
			}
		}
		err = benchFloorExec(c, after)
		took = time.Since(start)
		return err
	})
	return took, err
}

// benchFloorChunk is the most rows one INSERT of a SQLite floor carries,
// as the engine's operation-log batches (replay.oplogChunk).
const benchFloorChunk = 256

// benchFloorRows writes rows into t in multi-row INSERTs of up to
// benchFloorChunk rows, their values bound in one call each, as the engine
// writes its operation log.
func benchFloorRows(bulk *sqlite.Bulk, t benchFloorTable, rows [][]driver.Value) error {
	var args []any
	for len(rows) > 0 {
		n := min(len(rows), benchFloorChunk)
		args = args[:0]
		for _, row := range rows[:n] {
			for _, v := range row {
				args = append(args, v)
			}
		}
		q := "INSERT INTO " + benchQuoteSQLite(t.name) + " VALUES " + strings.Repeat(benchRowPlaceholders(len(rows[0]))+", ", n-1) +
			benchRowPlaceholders(len(rows[0]))
		if err := bulk.Exec(q, args); err != nil {
			return fmt.Errorf("floor: %s: %w", t.name, err)
		}
		rows = rows[n:]
	}
	return nil
}

func benchFloorExec(c *sqlite3.SQLiteConn, stmts []string) error {
	for _, q := range stmts {
		if _, err := c.Exec(q, nil); err != nil {
			return fmt.Errorf("floor: %s: %w", q, err)
		}
	}
	return nil
}

// benchRowPlaceholders is the placeholders of one row of n values.
func benchRowPlaceholders(n int) string { return "(" + strings.Repeat("?, ", n-1) + "?)" }

// benchQuoteSQLite quotes a SQLite identifier.
func benchQuoteSQLite(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// benchMariaDBFloorChunk is the most rows one INSERT of the MariaDB floor
// carries, as the engine's operation-log batches (replay.oplogChunk).
const benchMariaDBFloorChunk = 256

// benchMariaDBFloor is the floor of a restore into MariaDB: the rows the
// restore wrote into the databases named from, read back and written by
// the server itself into new databases named to (same table definitions,
// no triggers), spread over blocks transactions, in multi-row INSERTs of
// up to benchMariaDBFloorChunk rows on one connection. It returns how
// long the writing took.
func benchMariaDBFloor(ctx context.Context, dsn, from, to string, blocks int) (time.Duration, error) {
	conn, done, err := benchOneConn(ctx, "mysql", dsn)
	if err != nil {
		return 0, err
	}
	defer done()
	tables, err := benchMariaDBFloorRead(ctx, conn, from, to)
	if err != nil {
		return 0, err
	}
	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	start := time.Now()
	for b := range blocks {
		if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
			return 0, err
		}
		for _, t := range tables {
			lo, hi := b*len(t.rows)/blocks, (b+1)*len(t.rows)/blocks
			for ; lo < hi; lo += benchMariaDBFloorChunk {
				rows := t.rows[lo:min(hi, lo+benchMariaDBFloorChunk)]
				q := "INSERT INTO " + t.name + " VALUES " +
					strings.TrimSuffix(strings.Repeat(t.row+", ", len(rows)), ", ")
				st, ok := stmts[q]
				if !ok {
					if st, err = conn.PrepareContext(ctx, q); err != nil {
						return 0, fmt.Errorf("floor: %s: %w", t.name, err)
					}
					stmts[q] = st
				}
				args := make([]any, 0, len(rows)*len(rows[0]))
				for _, r := range rows {
					for _, v := range r {
						args = append(args, v)
					}
				}
				if _, err := st.ExecContext(ctx, args...); err != nil {
					return 0, fmt.Errorf("floor: %s: %w", t.name, err)
				}
			}
		}
		if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// benchMariaDBFloorRead creates, for every table of the databases named
// from, an empty table of the same definition in the database named to
// instead, and returns them with the rows to write.
func benchMariaDBFloorRead(ctx context.Context, conn *sql.Conn, from, to string) ([]benchFloorTable, error) {
	dbs, err := benchColumn(ctx, conn, "SHOW DATABASES LIKE '"+strings.ReplaceAll(from, "_", `\_`)+"%'")
	if err != nil {
		return nil, err
	}
	var tables []benchFloorTable
	for _, src := range dbs {
		dst := "`" + to + strings.TrimPrefix(src, from) + "`"
		if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+dst); err != nil {
			return nil, err
		}
		names, err := benchColumn(ctx, conn, "SHOW FULL TABLES FROM `"+src+"` WHERE Table_type = 'BASE TABLE'")
		if err != nil {
			return nil, err
		}
		if _, err := conn.ExecContext(ctx, "USE "+dst); err != nil {
			return nil, err
		}
		for _, n := range names {
			var name, ddl string
			if err := conn.QueryRowContext(ctx, "SHOW CREATE TABLE `"+src+"`.`"+n+"`").Scan(&name, &ddl); err != nil {
				return nil, err
			}
			if _, err := conn.ExecContext(ctx, ddl); err != nil {
				return nil, fmt.Errorf("floor: %s: %w", n, err)
			}
			rows, err := benchRowsOf(ctx, conn, "SELECT * FROM `"+src+"`.`"+n+"`")
			if err != nil {
				return nil, err
			}
			if len(rows) == 0 {
				continue
			}
			tables = append(tables, benchFloorTable{name: dst + ".`" + n + "`", rows: rows,
				row: benchRowPlaceholders(len(rows[0]))})
		}
	}
	return tables, nil
}

// benchColumn is the first column of every row q returns.
func benchColumn(ctx context.Context, conn *sql.Conn, q string) ([]string, error) {
	rows, err := benchRowsOf(ctx, conn, q)
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("%s", r[0])
	}
	return out, err
}

// benchOneConn opens one connection of a new pool; done closes both.
func benchOneConn(ctx context.Context, driverName, dsn string) (*sql.Conn, func(), error) {
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return conn, func() { conn.Close(); db.Close() }, nil
}
