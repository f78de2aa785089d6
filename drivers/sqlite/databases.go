package sqlite

import (
	"context"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// SQLite has no databases, but MySQL's answers depend on which exist
// (CREATE DATABASE on an existing one, CREATE TABLE in a missing one), so
// the driver records them in a table of its own.
var databasesTable = quoteIdent(drivers.Schema + ".sqlite_databases")

// databaseCollationsTable records each database created with a default
// collation that tells case apart (tablecoll.go); a table of its own, so
// that a file written by an older blocksql needs no change.
var databaseCollationsTable = quoteIdent(drivers.Schema + ".sqlite_database_collations")

// initDatabases creates the record; blocksql's own database always exists.
func initDatabases() []string {
	return []string{
		"CREATE TABLE IF NOT EXISTS " + databasesTable + " (name TEXT PRIMARY KEY)",
		"INSERT OR IGNORE INTO " + databasesTable + " VALUES ('" + drivers.Schema + "')",
		"CREATE TABLE IF NOT EXISTS " + databaseCollationsTable + " (name TEXT PRIMARY KEY, coll TEXT NOT NULL)",
	}
}

// databaseDefaultCollation is database db's recorded default collation,
// "" for the general one.
func (l *execLog) databaseDefaultCollation(ctx context.Context, db string) (string, error) {
	rows, err := l.query(ctx, "SELECT coll FROM "+databaseCollationsTable+" WHERE name = ?", db)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var coll string
	if rows.Next() {
		err = rows.Scan(&coll)
	}
	return coll, firstErr(err, rows.Err())
}

func (l *execLog) databaseExists(ctx context.Context, name string) (bool, error) {
	return l.exists(ctx, "SELECT 1 FROM "+databasesTable+" WHERE name = ?", name)
}

// requireDatabase refuses to create a table in a missing database.
func (l *execLog) requireDatabase(ctx context.Context, t *ast.TableName) error {
	ok, err := l.databaseExists(ctx, t.Schema.O)
	if err == nil && !ok {
		err = drivers.Errorf(drivers.ErBadDB, "42000", "Unknown database '%s'", t.Schema.O)
	}
	return err
}

func (l *execLog) createDatabase(ctx context.Context, s *ast.CreateDatabaseStmt) (int64, error) {
	ok, err := l.databaseExists(ctx, s.Name.O)
	switch {
	case err != nil:
		return 0, err
	case ok && s.IfNotExists:
		return 0, nil
	case ok:
		return 0, drivers.Errorf(drivers.ErDBCreateExists, "HY000", "Can't create database '%s'; database exists", s.Name.O)
	}
	n, err := l.exec(ctx, "INSERT INTO "+databasesTable+" VALUES (?)", s.Name.O)
	if coll := databaseCollation(s.Options); err == nil && coll != "" {
		_, err = l.exec(ctx, "INSERT OR REPLACE INTO "+databaseCollationsTable+" VALUES (?, ?)", s.Name.O, coll)
	}
	return n, err
}

// dropDatabase drops every table of the database and reports how many, as
// MySQL does.
func (l *execLog) dropDatabase(ctx context.Context, s *ast.DropDatabaseStmt) (int64, error) {
	ok, err := l.databaseExists(ctx, s.Name.O)
	switch {
	case err != nil:
		return 0, err
	case !ok && s.IfExists:
		return 0, nil
	case !ok:
		return 0, drivers.Errorf(drivers.ErDBDropExists, "HY000", "Can't drop database '%s'; database doesn't exist", s.Name.O)
	}
	if err := l.dropViewsOf(ctx, s.Name.O); err != nil {
		return 0, err
	}
	names, err := l.tablesOf(ctx, s.Name.O)
	if err != nil {
		return 0, err
	}
	for _, n := range names {
		if _, err := l.exec(ctx, "DROP TABLE "+quoteIdent(n)); err != nil {
			return 0, err
		}
	}
	if err := l.forgetTableDefs(ctx, names...); err != nil {
		return 0, err
	}
	for _, t := range []string{databasesTable, databaseCollationsTable} {
		if _, err := l.exec(ctx, "DELETE FROM "+t+" WHERE name = ?", s.Name.O); err != nil {
			return 0, err
		}
	}
	return int64(len(names)), nil
}
