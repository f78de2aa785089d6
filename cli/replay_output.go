package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/mysql"
	"github.com/blocksql/blocksql/drivers/sqlite"
)

// output is where a restore writes: "sqlite:PATH",
// "mysql:DSN[#prefix]" (every physical database name gets the prefix) or,
// for a postgres-dialect chain, "postgres:DSN" (one database).
type output struct {
	driver string
	path   string // sqlite
	dsn    string // mysql, postgres
	prefix string // mysql
}

const outputHint = "--output sqlite:/var/lib/restore.db or --output 'mysql:root@tcp(127.0.0.1:3306)/#restore_'"

func parseOutput(flag, s string) (output, error) {
	driver, rest, ok := strings.Cut(s, ":")
	switch {
	case !ok || rest == "":
	case driver == "sqlite":
		return output{driver: driver, path: rest}, nil
	case driver == "mysql":
		dsn, prefix, _ := strings.Cut(rest, "#")
		if _, err := gomysql.ParseDSN(dsn); err != nil {
			return output{}, &UsageError{Msg: fmt.Sprintf("%s: bad MySQL DSN: %v", flag, err), Hint: outputHint}
		}
		return output{driver: driver, dsn: dsn, prefix: prefix}, nil
	case driver == "postgres":
		// postgres:DSN, where the DSN may itself be a postgres:// URL.
		return output{driver: driver, dsn: rest}, nil
	}
	return output{}, &UsageError{Msg: fmt.Sprintf("%s %q: want sqlite:PATH or mysql:DSN[#prefix]", flag, s), Hint: outputHint}
}

func (o output) String() string {
	switch o.driver {
	case "sqlite":
		return "sqlite:" + o.path
	case "postgres":
		return "postgres:" + redactDSN(o.dsn)
	}
	return fmt.Sprintf("mysql:%s#%s", o.dsn, o.prefix)
}

func (o output) open() (drivers.Driver, error) {
	if o.driver == "sqlite" {
		return sqlite.Open(o.path)
	}
	return mysql.Open(o.dsn, o.prefix)
}

// openNew opens the output for a restore that writes it from scratch.
func (o output) openNew() (drivers.Driver, error) {
	if o.driver == "sqlite" {
		return sqlite.OpenNew(o.path)
	}
	return o.open()
}

// staged is where a restore into o writes: for SQLite a file beside it,
// which publish renames to o once it is complete and on disk, so a
// restore that dies half-way never leaves a database at o.
func (o output) staged() output {
	if o.driver == "sqlite" {
		o.path += ".restoring"
	}
	return o
}

// publish moves the completed staged output to o.
func (o output) publish(staged output) error {
	if o.driver != "sqlite" {
		return nil
	}
	if err := os.Rename(staged.path, o.path); err != nil {
		return err
	}
	dir, err := os.Open(filepath.Dir(o.path))
	if err != nil {
		return err
	}
	return errors.Join(dir.Sync(), dir.Close())
}

// holdsData tells whether the output already exists with content: a
// non-empty SQLite file, or on MySQL any database named with the prefix
// (with no prefix, any non-system database).
func (o output) holdsData(ctx context.Context) (bool, error) {
	if o.driver == "sqlite" {
		st, err := os.Stat(o.path)
		if errors.Is(err, os.ErrNotExist) {
			return false, nil
		}
		return err == nil && st.Size() > 0, err
	}
	if o.driver == "postgres" {
		return pgHoldsData(ctx, o.dsn)
	}
	names, err := o.mysqlDatabases(ctx)
	return len(names) > 0, err
}

var systemDatabases = map[string]bool{"information_schema": true, "mysql": true, "performance_schema": true, "sys": true}

func (o output) mysqlDatabases(ctx context.Context) ([]string, error) {
	db, err := sql.Open("mysql", o.dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SHOW DATABASES")
	if err != nil {
		return nil, fmt.Errorf("list databases on %s: %w", o.dsn, err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		if strings.HasPrefix(n, o.prefix) && !systemDatabases[n] {
			names = append(names, n)
		}
	}
	return names, rows.Err()
}

// remove deletes the output: the SQLite file, the prefix's databases, or
// a PostgreSQL database's tables.
func (o output) remove(ctx context.Context) error {
	if o.driver == "sqlite" {
		for _, p := range []string{o.path, o.path + "-wal", o.path + "-shm"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
		return nil
	}
	if o.driver == "postgres" {
		return pgEmpty(ctx, o.dsn)
	}
	if len(o.prefix) < 4 {
		return &UsageError{Msg: fmt.Sprintf("refusing to drop databases for the short prefix %q", o.prefix),
			Hint: "restore into a fresh prefix: --output 'mysql:DSN#restore_20260301_'"}
	}
	return mysql.DropPrefix(ctx, o.dsn, o.prefix)
}
