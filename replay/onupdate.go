package replay

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"

	"github.com/blocksql/blocksql/drivers"
)

// ON UPDATE CURRENT_TIMESTAMP: MySQL sets such a column to the statement
// time on every row an UPDATE (or ON DUPLICATE KEY UPDATE) actually
// changes, unless the statement assigns the column itself. No database
// clock may be read, and the backends' UPDATE semantics differ too much to
// express "this row changed" in one SET clause, so the engine does it in
// two steps: the statement runs, then the rows its capture recorded as
// updated (the capture skips rows whose values did not change, as MySQL
// does) get the block time in a second UPDATE by primary key.

// rowsPerTouch bounds the keys of one follow-up UPDATE.
const rowsPerTouch = 200

type onUpdate struct {
	table   *TableDef
	columns []string // ON UPDATE columns the statement does not assign
	startID int64    // last row_changes id before the statement
	mark    int      // with the hook: changes before the statement
}

// prepareOnUpdate returns what to do after stmt, or nil if nothing.
func (a *txApply) prepareOnUpdate(ctx context.Context, stmt ast.StmtNode) (*onUpdate, error) {
	t, assigned := a.updateTarget(stmt)
	if t == nil {
		return nil, nil
	}
	var cols []string
	for _, c := range t.Columns {
		if c.OnUpdateNow && !assigned[strings.ToLower(c.Name)] {
			cols = append(cols, c.Name)
		}
	}
	if len(cols) == 0 {
		return nil, nil
	}
	if len(t.PrimaryKey) == 0 {
		return nil, notSupported("ON UPDATE CURRENT_TIMESTAMP on `%s`, which has no primary key, is not supported; add one", t.Name)
	}
	if a.rows.hook != nil {
		return &onUpdate{table: t, columns: cols, mark: a.rows.mark()}, nil
	}
	rows, err := startBlockRows(ctx, a.dtx, a.e.drv)
	if err != nil {
		return nil, err
	}
	return &onUpdate{table: t, columns: cols, startID: rows.startID}, nil
}

// updateTarget is the table an UPDATE or ON DUPLICATE KEY UPDATE changes
// and the columns it assigns.
func (a *txApply) updateTarget(stmt ast.StmtNode) (*TableDef, map[string]bool) {
	var list []*ast.Assignment
	var tn *ast.TableName
	switch s := stmt.(type) {
	case *ast.UpdateStmt:
		if s.TableRefs == nil || s.TableRefs.TableRefs == nil {
			return nil, nil
		}
		if ts, ok := s.TableRefs.TableRefs.Left.(*ast.TableSource); ok {
			tn, _ = ts.Source.(*ast.TableName)
		}
		list = s.List
	case *ast.InsertStmt:
		if len(s.OnDuplicate) == 0 {
			return nil, nil
		}
		tn, list = insertTarget(s), s.OnDuplicate
	}
	if tn == nil {
		return nil, nil
	}
	assigned := map[string]bool{}
	for _, as := range list {
		assigned[as.Column.Name.L] = true
	}
	return a.sch.table(tn.Schema.O, tn.Name.O), assigned
}

// touch sets the block time on the rows the statement updated.
func (o *onUpdate) touch(ctx context.Context, a *txApply) error {
	if o == nil {
		return nil
	}
	keys, err := o.updatedKeys(ctx, a)
	if err != nil {
		return err
	}
	for len(keys) > 0 {
		n := min(len(keys), rowsPerTouch)
		stmt := o.statement(keys[:n], a.block.Time)
		if _, err := a.dtx.Exec(ctx, stmt); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

func (o *onUpdate) updatedKeys(ctx context.Context, a *txApply) ([][]ast.ExprNode, error) {
	if a.rows.hook != nil {
		return o.hookedKeys(ctx, a)
	}
	rows, err := a.dtx.QueryInternal(ctx, "SELECT pk FROM "+a.e.drv.Internal("row_changes")+
		" WHERE id > ? AND table_name = ? AND op = ? ORDER BY id", o.startID, captureTable(o.table).Qualified(), drivers.OpUpdate)
	if err != nil {
		return nil, fmt.Errorf("on update: %w", err)
	}
	defer rows.Close()
	var out [][]ast.ExprNode
	seen := map[string]bool{}
	for rows.Next() {
		var pk sql.NullString
		if err := rows.Scan(&pk); err != nil {
			return nil, fmt.Errorf("on update: %w", err)
		}
		if pk.Valid {
			if out, err = o.addKey(out, seen, pk.String); err != nil {
				return nil, err
			}
		}
	}
	return out, rows.Err()
}

// hookedKeys are the keys of the rows the statement changed, from the
// changes the driver reported, written as the triggers write them.
func (o *onUpdate) hookedKeys(ctx context.Context, a *txApply) ([][]ast.ExprNode, error) {
	if err := a.rows.take(ctx, a.index, a.stmtIndex); err != nil {
		return nil, err
	}
	table := captureTable(o.table).Qualified()
	kinds := a.rows.codecs.of(o.table).kinds
	var out [][]ast.ExprNode
	seen := map[string]bool{}
	for _, c := range a.rows.changes[o.mark:] {
		if c.Table != table || c.Op != drivers.OpUpdate || sameValues(c.Before, c.After) {
			continue
		}
		var err error
		if out, err = o.addKey(out, seen, jsonKey(o.table, kinds, c.Columns, c.After).(string)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// addKey appends captured key pk to keys unless seen already.
func (o *onUpdate) addKey(keys [][]ast.ExprNode, seen map[string]bool, pk string) ([][]ast.ExprNode, error) {
	if seen[pk] {
		return keys, nil
	}
	seen[pk] = true
	key, err := o.keyLiterals(pk)
	if err != nil {
		return nil, err
	}
	return append(keys, key), nil
}

// keyLiterals turns a captured primary key (a JSON array) into literals.
func (o *onUpdate) keyLiterals(pk string) ([]ast.ExprNode, error) {
	var vals []any
	if err := decodeJSON(pk, &vals); err != nil || len(vals) != len(o.table.PrimaryKey) {
		return nil, fmt.Errorf("on update: captured key %s of %s does not match its primary key", pk, o.table.Name)
	}
	out := make([]ast.ExprNode, len(vals))
	for i, v := range vals {
		c := captureColumn(*o.table.Column(o.table.PrimaryKey[i]))
		switch {
		case v == nil:
			out[i] = ast.NewValueExpr(nil, "", "")
		case c.Kind == drivers.KindBinary:
			b, err := hex.DecodeString(fmt.Sprint(v))
			if err != nil {
				return nil, fmt.Errorf("on update: key %s: %w", pk, err)
			}
			lit, _ := ast.NewHexLiteral("0x" + hex.EncodeToString(b))
			out[i] = ast.NewValueExpr(lit, "", "")
		default:
			out[i] = keyLiteral(v)
		}
	}
	return out, nil
}

// statement is UPDATE t SET col = block time, ... WHERE key IN keys.
func (o *onUpdate) statement(keys [][]ast.ExprNode, at time.Time) *ast.UpdateStmt {
	now := blockDatetime(at)
	tn := &ast.TableName{Schema: ast.NewCIStr(o.table.DB), Name: ast.NewCIStr(o.table.Name)}
	u := &ast.UpdateStmt{TableRefs: &ast.TableRefsClause{TableRefs: &ast.Join{Left: &ast.TableSource{Source: tn}}}}
	for _, c := range o.columns {
		u.List = append(u.List, &ast.Assignment{Column: &ast.ColumnName{Name: ast.NewCIStr(c)}, Expr: stringExpr(now)})
	}
	var where ast.ExprNode
	for _, key := range keys {
		var match ast.ExprNode
		for i, k := range o.table.PrimaryKey {
			eq := &ast.BinaryOperationExpr{Op: opcode.EQ, L: &ast.ColumnNameExpr{Name: &ast.ColumnName{Name: ast.NewCIStr(k)}}, R: key[i]}
			match = joinExpr(match, eq, opcode.LogicAnd)
		}
		where = joinExpr(where, &ast.ParenthesesExpr{Expr: match}, opcode.LogicOr)
	}
	u.Where = where
	return u
}

// joinExpr is l op r, or r alone when l is nil.
func joinExpr(l, r ast.ExprNode, op opcode.Op) ast.ExprNode {
	if l == nil {
		return r
	}
	return &ast.BinaryOperationExpr{Op: op, L: l, R: r}
}

// keyLiteral is a captured key value as a literal: integers as integers,
// anything else (DECIMAL, text, temporal) as text the database converts.
func keyLiteral(v any) ast.ExprNode {
	if n, ok := v.(json.Number); ok {
		if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
			return ast.NewValueExpr(i, "", "")
		}
		if u, err := strconv.ParseUint(n.String(), 10, 64); err == nil {
			return ast.NewValueExpr(u, "", "")
		}
	}
	return stringExpr(fmt.Sprint(v))
}
