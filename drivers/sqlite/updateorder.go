package sqlite

import (
	"context"
	"errors"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// An UPDATE with ORDER BY that sets a column of a unique key runs row by
// row, in that order. MariaDB updates the rows it sorted one after
// another, so whether a row's new key meets another row's depends on
// which of the two moved first: `UPDATE items SET pos = pos + 1 WHERE pos
// >= 5 ORDER BY pos DESC` (making room in a list) succeeds there, and
// `… SET pos = pos - 1 … ORDER BY pos DESC` fails with 1062. SQLite's
// single UPDATE visits the rows in rowid order whatever the ORDER BY.

// errNotInOrder sends the UPDATE back to the one-statement path, which
// finds a value error's precedence (errorder.go).
var errNotInOrder = errors.New("update not applied in order")

// setsUniqueKey tells whether an UPDATE of table phys assigns a column of
// its primary key or of a unique index.
func (l *execLog) setsUniqueKey(ctx context.Context, phys string, list []*ast.Assignment, info []colInfo) (bool, error) {
	if setsPrimaryKey(list, info) {
		return true, nil
	}
	idx, err := l.indexes(ctx, phys)
	if err != nil {
		return false, err
	}
	for _, ix := range idx {
		if !ix.unique {
			continue
		}
		for _, c := range ix.columns {
			for _, a := range list {
				if strings.EqualFold(c, a.Column.Name.O) {
					return true, nil
				}
			}
		}
	}
	return false, nil
}

// updateRowsInOrder runs the UPDATE of table tbl AS alias, SET set, on the rows
// filter selects, one row at a time in order's order (then by rowid), each
// row only where changed holds. The rows are chosen and sorted before any
// changes, as MariaDB sorts them first. A row that fails with a duplicate
// key fails the statement; any other failure undoes the rows before it and
// returns errNotInOrder.
func (l *execLog) updateRowsInOrder(ctx context.Context, verb, tbl, alias, set, changed, filter string, order *ast.OrderByClause) (int64, error) {
	o, err := restore(order)
	if err != nil {
		return 0, err
	}
	rows, err := l.query(ctx, "SELECT "+alias+".rowid FROM "+tbl+" AS "+alias+" WHERE "+filter+" "+o+", "+alias+".rowid")
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	byRow := verb + tbl + " AS " + alias + " SET " + set + " WHERE " + alias + ".rowid = ?1 AND (" + changed + ")"
	l.applied = append(l.applied, byRow+" /* each row in turn: "+o+" */")
	captured := l.hook.mark()
	if _, err := l.tx.ExecContext(ctx, "SAVEPOINT "+orderSavepoint); err != nil {
		return 0, err
	}
	var n int64
	for _, id := range ids {
		res, err := l.tx.ExecContext(ctx, byRow, id)
		if err == nil {
			var k int64
			k, err = res.RowsAffected()
			n += k
		}
		if err != nil {
			_, _ = l.tx.ExecContext(ctx, "ROLLBACK TO "+orderSavepoint)
			_, _ = l.tx.ExecContext(ctx, "RELEASE "+orderSavepoint)
			l.hook.forget(captured)
			var de *drivers.Error
			if errors.As(mapError(err, l), &de) && de.Code == drivers.ErDupEntry {
				return 0, err
			}
			l.applied = l.applied[:len(l.applied)-1]
			return 0, errNotInOrder
		}
	}
	_, err = l.tx.ExecContext(ctx, "RELEASE "+orderSavepoint)
	return n, err
}
