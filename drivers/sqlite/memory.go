package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Memory is a private in-memory SQLite database that answers MySQL-dialect
// reads, translated as the driver translates reads of the local database,
// over tables its owner creates and fills (the proxy's information_schema,
// built from the chain's catalog whatever the backend).
type Memory struct {
	db *sql.DB
}

// MemoryColumn is a column of a Memory table: its name and MySQL type.
type MemoryColumn struct {
	Name, Type string
}

// OpenMemory opens an empty in-memory database.
func OpenMemory() (*Memory, error) {
	register()
	db, err := sql.Open(sqlDriverName, ":memory:")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // every connection to :memory: is a database of its own
	return &Memory{db: db}, nil
}

// Close frees the database.
func (m *Memory) Close() error { return m.db.Close() }

// Create makes table db.name, named as reads of db.name expect, and
// inserts rows (one value per column).
func (m *Memory) Create(ctx context.Context, db, name string, cols []MemoryColumn, rows [][]any) error {
	defs := make([]string, len(cols))
	marks := make([]string, len(cols))
	for i, c := range cols {
		defs[i] = quoteIdent(c.Name) + " " + c.Type
		marks[i] = "?"
	}
	table := quoteIdent(physical(db, name))
	if _, err := m.db.ExecContext(ctx, "CREATE TABLE "+table+" ("+strings.Join(defs, ", ")+")"); err != nil {
		return fmt.Errorf("memory table %s.%s: %w", db, name, err)
	}
	ins, err := m.db.PrepareContext(ctx, "INSERT INTO "+table+" VALUES ("+strings.Join(marks, ", ")+")")
	if err != nil {
		return fmt.Errorf("memory table %s.%s: %w", db, name, err)
	}
	defer ins.Close()
	for _, r := range rows {
		if _, err := ins.ExecContext(ctx, r...); err != nil {
			return fmt.Errorf("memory table %s.%s: %w", db, name, err)
		}
	}
	return nil
}

// Query answers a fully qualified MySQL read over the tables created.
func (m *Memory) Query(ctx context.Context, stmt ast.StmtNode) (*sql.Rows, error) {
	return queryRead(ctx, m.db, stmt, nil)
}
