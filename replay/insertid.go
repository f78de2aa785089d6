package replay

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// skipsRows tells whether an INSERT may leave some of its rows out:
// INSERT IGNORE, or ON DUPLICATE KEY UPDATE (which updates instead).
func skipsRows(ins *ast.InsertStmt) bool {
	return !ins.IsReplace && (ins.IgnoreErr || len(ins.OnDuplicate) > 0)
}

// skippingInsertID is the insert id MySQL reports for an INSERT that may
// leave rows out: the first id it generated for a row it inserted; else,
// when it inserted or changed a row, the last row's id — for ON
// DUPLICATE KEY UPDATE the id of the row it inserted or updated, which
// the driver reports (every id is explicit by then); else 0.
func (a *txApply) skippingInsertID(ctx context.Context, ins *ast.InsertStmt, f *insertFill, r drivers.Result) (uint64, error) {
	auto := f.table.AutoIncColumn()
	if auto == nil || r.RowsAffected == 0 {
		return 0, nil
	}
	if len(f.generated) > 0 {
		if ins.IgnoreErr && len(ins.OnDuplicate) == 0 && r.RowsAffected == int64(len(ins.Lists)) {
			return f.generated[0], nil // every row was inserted
		}
		id, err := a.storedID(ctx, f.table, auto.Name, "MIN", f.generated)
		if err != nil || id != 0 {
			return id, err
		}
	}
	if len(ins.OnDuplicate) > 0 {
		return r.InsertID, nil
	}
	return f.lastRow, nil
}

// storedNext is the counter after an INSERT that may leave rows out:
// past its generated ids and past the given ids the table now holds
// (every id the table held before lies below the counter), not past a
// given id whose row was ignored or updated instead, as InnoDB keeps it.
func (a *txApply) storedNext(ctx context.Context, f *insertFill) (uint64, error) {
	auto := f.table.AutoIncColumn()
	if auto == nil || len(f.explicitIDs) == 0 {
		return f.next, nil
	}
	top, err := a.storedID(ctx, f.table, auto.Name, "MAX", f.explicitIDs)
	if err != nil || top < f.genNext {
		return f.genNext, err
	}
	return top + 1, nil
}

// storedID is the lowest (agg MIN) or highest (MAX) of ids that table t
// holds in column col, 0 if none: generated ids lie above every id the
// table held before, so the ones it holds now were inserted by the
// statement.
func (a *txApply) storedID(ctx context.Context, t *TableDef, col, agg string, ids []uint64) (uint64, error) {
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.FormatUint(id, 10)
	}
	c := quoteName(col)
	return a.queryID(ctx, fmt.Sprintf("SELECT %s(%s) FROM %s.%s WHERE %s IN (%s)",
		agg, c, quoteName(t.DB), quoteName(t.Name), c, strings.Join(list, ", ")))
}

// lastInsertID is the session's LAST_INSERT_ID() on the block's
// transaction (see lastRowID).
func (a *txApply) lastInsertID(ctx context.Context) (uint64, error) {
	return a.queryID(ctx, "SELECT LAST_INSERT_ID()")
}

// queryID reads the one id query selects inside the block's transaction,
// 0 for none or NULL.
func (a *txApply) queryID(ctx context.Context, query string) (uint64, error) {
	q, ok := a.dtx.(Querier)
	if !ok {
		return 0, fmt.Errorf("the %s driver cannot read inside a transaction", a.e.drv.Name())
	}
	stmt, err := drivers.Parse(query)
	if err != nil {
		return 0, err
	}
	rows, err := q.Query(ctx, stmt)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var id sql.NullString
	if rows.Next() {
		if err := rows.Scan(&id); err != nil {
			return 0, err
		}
	}
	if err := rows.Err(); err != nil || !id.Valid {
		return 0, err
	}
	return strconv.ParseUint(id.String, 10, 64)
}

func quoteName(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }
