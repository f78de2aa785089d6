package mysql

import (
	"context"
	"database/sql"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Query answers a qualified read inside the transaction, so it sees the
// transaction's own writes (interactive transactions read this way). The
// caller closes the rows before the next statement.
func (t *Tx) Query(ctx context.Context, stmt ast.StmtNode) (*sql.Rows, error) {
	return t.d.query(ctx, t.tx, stmt)
}

// MapError implements drivers.ErrorMapper.
func (t *Tx) MapError(err error) error { return t.d.mapError(err) }
