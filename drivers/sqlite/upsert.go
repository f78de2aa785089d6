package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// REPLACE and INSERT ... ON DUPLICATE KEY UPDATE are emulated row by row
// so that rows affected is exactly MySQL's (SQLite's own REPLACE does not
// count the rows it deletes, and its upsert counts an update as 1). The
// rows to insert are first evaluated into a temporary staging table
// without column affinity, as written, so values never leave SQLite; each
// row is converted as it is inserted (insertStaged), exactly as a direct
// INSERT converts it, so that a later row's invalid value fails after the
// earlier rows' deletes and updates, as MariaDB meets them.

const staging = "temp.blocksql_rows"

// stage evaluates src (VALUES or SELECT) into the staging table and returns
// how many rows it holds.
func (l *execLog) stage(ctx context.Context, n int, src bound) (int64, error) {
	cols := make([]string, n)
	for i := range cols {
		cols[i] = stagedCol(i)
	}
	if _, err := l.exec(ctx, "DROP TABLE IF EXISTS "+staging); err != nil {
		return 0, err
	}
	if _, err := l.exec(ctx, "CREATE TEMP TABLE blocksql_rows ("+strings.Join(cols, ", ")+")"); err != nil {
		return 0, err
	}
	return l.run(ctx, src.around("INSERT INTO "+staging+" ", ""))
}

// uniqueKey is a PRIMARY KEY or UNIQUE index: MySQL checks the primary key
// first, then unique keys in the order they were created.
type uniqueKey struct {
	name string
	cols []string
}

func (l *execLog) uniqueKeys(ctx context.Context, phys string, info []colInfo) ([]uniqueKey, error) {
	var pk []colInfo
	for _, c := range info {
		if c.pk > 0 {
			pk = append(pk, c)
		}
	}
	sort.Slice(pk, func(i, j int) bool { return pk[i].pk < pk[j].pk })
	var keys []uniqueKey
	if len(pk) > 0 {
		k := uniqueKey{name: "PRIMARY"}
		for _, c := range pk {
			k.cols = append(k.cols, c.name)
		}
		keys = append(keys, k)
	}
	idx, err := l.indexes(ctx, phys)
	if err != nil {
		return nil, err
	}
	for _, ix := range idx {
		if ix.unique {
			keys = append(keys, uniqueKey{name: ix.name, cols: ix.columns})
		}
	}
	return keys, nil
}

// keyMatch is the condition under which existing row "t" conflicts with
// staged row "r" on key k; a key column the INSERT does not list takes its
// default, and a NULL never conflicts.
func keyMatch(k uniqueKey, cols []string, info []colInfo) string {
	var conds []string
	for _, kc := range k.cols {
		val := "NULL"
		if i := indexFold(cols, kc); i >= 0 {
			val = coerce(info)(kc, "r."+stagedCol(i))
		} else if d := defaultOf(info, kc); d.Valid {
			val = "(" + d.String + ")"
		}
		conds = append(conds, `t.`+quoteIdent(kc)+" = "+val)
	}
	return "(" + strings.Join(conds, " AND ") + ")"
}

func indexFold(list []string, s string) int {
	for i, x := range list {
		if strings.EqualFold(x, s) {
			return i
		}
	}
	return -1
}

func defaultOf(info []colInfo, name string) sql.NullString {
	for _, c := range info {
		if strings.EqualFold(c.name, name) {
			return c.dflt
		}
	}
	return sql.NullString{}
}

// insertStaged is the INSERT of staged row ?1.
func insertStaged(t *ast.TableName, cols []string, info []colInfo) string {
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = coerce(info)(c, stagedCol(i))
	}
	return "INSERT INTO " + tableIdent(t) + " (" + quoteList(cols) + ") SELECT " + strings.Join(sel, ", ") +
		" FROM " + staging + " WHERE rowid = ?1"
}

// replace deletes every row that conflicts with the new one on any unique
// key, then inserts it: 1 + the deleted rows, per row, like MySQL.
func (l *execLog) replace(ctx context.Context, t *ast.TableName, info []colInfo, cols []string, src bound) (int64, error) {
	n, err := l.stage(ctx, len(cols), src)
	if err != nil {
		return 0, l.valuesInOrder(ctx, err, t, info, cols, src.cells)
	}
	keys, err := l.uniqueKeys(ctx, physical(t.Schema.O, t.Name.O), info)
	if err != nil {
		return 0, err
	}
	var conds []string
	for _, k := range keys {
		conds = append(conds, keyMatch(k, cols, info))
	}
	del := ""
	if len(conds) > 0 {
		del = "DELETE FROM " + tableIdent(t) + " WHERE rowid IN (SELECT t.rowid FROM " + tableIdent(t) + " AS t, " +
			staging + " AS r WHERE r.rowid = ?1 AND (" + strings.Join(conds, " OR ") + "))"
	}
	ins := insertStaged(t, cols, info)
	var total int64
	for row := int64(1); row <= n; row++ {
		// The key match converts the row's key values as the insert
		// does, so either step can meet its first refused value.
		refused := func(err error) error {
			return atRow(l.inOrder(ctx, err, physical(t.Schema.O, t.Name.O), info, stagedValues(cols, info, row)), int(row))
		}
		if del != "" {
			d, err := l.exec(ctx, del, row)
			if err != nil {
				return total, refused(err)
			}
			total += d
		}
		if _, err := l.exec(ctx, ins, row); err != nil {
			return total, refused(err)
		}
		total++
	}
	return total, nil
}

// upsert inserts each row, or updates the first row it conflicts with:
// 1 per inserted row, 2 per changed row, 0 when nothing changes.
func (l *execLog) upsert(ctx context.Context, t *ast.TableName, info []colInfo, cols []string, src bound, odku []*ast.Assignment, strict bool) (int64, error) {
	n, err := l.stage(ctx, len(cols), src)
	if err != nil {
		return 0, l.valuesInOrder(ctx, err, t, info, cols, src.cells)
	}
	keys, err := l.uniqueKeys(ctx, physical(t.Schema.O, t.Name.O), info)
	if err != nil {
		return 0, err
	}
	upd, vals, err := upsertUpdate(t, cols, info, odku, strict)
	if err != nil {
		return 0, err
	}
	phys := physical(t.Schema.O, t.Name.O)
	ins := insertStaged(t, cols, info) + " ON CONFLICT DO NOTHING"
	// MariaDB counts a row its update left as it was as 1, not 0, when an
	// assigned column that has a non-NULL DEFAULT is NULL (note =
	// VALUES(note) of NULL): its record differs from the stored one.
	var nulls []string
	for _, a := range odku {
		for _, c := range info {
			if strings.EqualFold(c.name, a.Column.Name.O) && c.dflt.Valid && !strings.EqualFold(c.dflt.String, "NULL") {
				nulls = append(nulls, quoteIdent(c.name)+" IS NULL")
			}
		}
	}
	nullAssigned := ""
	if len(nulls) > 0 {
		nullAssigned = "SELECT 1 FROM " + tableIdent(t) + " WHERE rowid = ?1 AND (" + strings.Join(nulls, " OR ") + ")"
	}
	// Asked to give ids back (drivers.WithIDsGivenBack), each staged row
	// takes the next id before it is inserted, and only an inserted row
	// moves it on.
	setID, next := "", int64(0)
	if col, first, ok := drivers.IDsGivenBack(ctx); ok {
		for i, c := range cols {
			if strings.EqualFold(c, col) {
				setID, next = "UPDATE "+staging+" SET "+stagedCol(i)+" = ?2 WHERE rowid = ?1", first
			}
		}
		if setID == "" {
			return 0, fmt.Errorf("blocksql: no column %s in the upsert to give ids back", col)
		}
	}
	var total int64
	last := "last_insert_rowid()" // the last row's, inserted or updated
	for row := int64(1); row <= n; row++ {
		if setID != "" {
			if _, err := l.exec(ctx, setID, row, next); err != nil {
				return total, err
			}
		}
		k, err := l.exec(ctx, ins, row)
		if err != nil {
			return total, atRow(l.inOrder(ctx, err, phys, info, stagedValues(cols, info, row)), int(row))
		}
		if k == 1 {
			total++
			next++
			last = "last_insert_rowid()"
			continue
		}
		rid, ok, err := l.conflicting(ctx, t, keys, cols, info, row)
		if err != nil || !ok {
			return total, err
		}
		if c, err := l.exec(ctx, upd, row, rid); err != nil {
			set := setValues(tableIdent(t), quoteIdent(t.Name.O), updatedColumns(odku), vals, rid, row)
			return total, atRow(l.inOrder(ctx, err, phys, info, set), int(row))
		} else if c > 0 {
			total += 2
		} else if nullAssigned != "" {
			if same, err := l.exists(ctx, nullAssigned, rid); err != nil {
				return total, err
			} else if same {
				total++
			}
		}
		last = strconv.FormatInt(rid, 10)
	}
	if total > 0 {
		return total, l.lastAutoID(ctx, t, last)
	}
	return total, nil
}

// exists tells whether query q returns a row.
func (l *execLog) exists(ctx context.Context, q string, args ...any) (bool, error) {
	rows, err := l.query(ctx, q, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	found := rows.Next()
	return found, rows.Err()
}

// lastAutoID sets insertID to the AUTO_INCREMENT column of table t's row
// whose rowid is the SQL expression rowid, if t has such a column.
func (l *execLog) lastAutoID(ctx context.Context, t *ast.TableName, rowid string) error {
	def, err := l.loadTableDef(ctx, t)
	if err != nil {
		return err
	}
	for _, c := range def.cols {
		for _, o := range c.Options {
			if o.Tp != ast.ColumnOptionAutoIncrement {
				continue
			}
			rows, err := l.query(ctx, "SELECT "+quoteIdent(c.Name.Name.O)+" FROM "+tableIdent(t)+" WHERE rowid = "+rowid)
			if err != nil {
				return err
			}
			defer rows.Close()
			var id sql.NullInt64
			if rows.Next() {
				if err := rows.Scan(&id); err != nil {
					return err
				}
			}
			l.insertID = uint64(id.Int64)
			return rows.Err()
		}
	}
	return nil
}

// conflicting finds the existing row staged row conflicts with.
func (l *execLog) conflicting(ctx context.Context, t *ast.TableName, keys []uniqueKey, cols []string, info []colInfo, row int64) (int64, bool, error) {
	for _, k := range keys {
		q := "SELECT t.rowid FROM " + tableIdent(t) + " AS t, " + staging + " AS r WHERE r.rowid = ?1 AND " +
			keyMatch(k, cols, info) + " LIMIT 1"
		rows, err := l.query(ctx, q, row)
		if err != nil {
			return 0, false, err
		}
		var rid int64
		found := rows.Next()
		if found {
			err = rows.Scan(&rid)
		}
		rows.Close()
		if err != nil || found {
			return rid, found, err
		}
	}
	return 0, false, nil
}

// upsertUpdate is the UPDATE of existing row ?2 with staged row ?1, where
// VALUES(c) reads the staged value.
func upsertUpdate(t *ast.TableName, cols []string, info []colInfo, odku []*ast.Assignment, strict bool) (string, []string, error) {
	list := make([]*ast.Assignment, len(odku))
	for i, a := range odku {
		e, _ := a.Expr.Accept(leaveFunc(func(n ast.Node) ast.Node {
			if v, ok := n.(*ast.ValuesExpr); ok {
				if j := indexFold(cols, v.Column.Name.Name.O); j >= 0 {
					v := coerce(info)(cols[j], stagedCol(j))
					return raw("(SELECT " + v + " FROM " + staging + " WHERE rowid = ?1)")
				}
				return raw("NULL")
			}
			return n
		}))
		list[i] = &ast.Assignment{Column: a.Column, Expr: e.(ast.ExprNode)}
	}
	phys := physical(t.Schema.O, t.Name.O)
	schema := func(string) []colInfo { return info }
	for _, a := range list {
		// The columns named here are the target table's.
		e, _, err := translateIn(a.Expr, t.Name.L, phys, schema)
		if err != nil {
			return "", nil, err
		}
		a.Expr = writeValues(e, !strict)
		if strict {
			// A string literal computed or compared with fails the update
			// (1292), as on MariaDB; under INSERT IGNORE it warns.
			a.Expr = strictDivision(strictLiterals(a.Expr), nil)
		}
		a.Column.Schema = ast.CIStr{}
	}
	set, changed, vals, err := assignments(list, coerce(info), nil)
	if err != nil {
		return "", nil, err
	}
	return "UPDATE " + tableIdent(t) + " AS " + quoteIdent(t.Name.O) + " SET " + set + " WHERE rowid = ?2 AND (" + changed + ")", vals, nil
}

// ambiguousInUpdate is MariaDB's 1052 for an INSERT ... SELECT ... ON
// DUPLICATE KEY UPDATE whose UPDATE part reads, unqualified, a column that
// both the target (info) and a table the SELECT reads have (not one it
// assigns, one in VALUES() or one a subquery reads): MariaDB resolves those
// names against both, even where the SELECT finds no row.
func (l *execLog) ambiguousInUpdate(ctx context.Context, s *ast.InsertStmt, info []colInfo) error {
	sel, ok := s.Select.(*ast.SelectStmt)
	if !ok || len(s.OnDuplicate) == 0 || sel.From == nil || sel.From.TableRefs == nil {
		return nil
	}
	read := map[string]bool{}
	var tables []*ast.TableName
	collectTables(sel.From.TableRefs, &tables)
	for _, tn := range tables {
		cols, err := l.tableInfo(ctx, physical(tn.Schema.O, tn.Name.O))
		if err != nil {
			return nil // the statement reports the unknown table
		}
		for _, c := range cols {
			read[strings.ToLower(c.name)] = true
		}
	}
	for _, a := range s.OnDuplicate {
		v := &ambiguityVisitor{read: read, info: info}
		a.Expr.Accept(v)
		if v.name != "" {
			return drivers.Errorf(drivers.ErNonUniq, "23000", "Column '%s' in UPDATE is ambiguous", v.name)
		}
	}
	return nil
}

// collectTables appends the tables a FROM clause reads directly.
func collectTables(n ast.ResultSetNode, out *[]*ast.TableName) {
	switch x := n.(type) {
	case *ast.Join:
		collectTables(x.Left, out)
		if x.Right != nil {
			collectTables(x.Right, out)
		}
	case *ast.TableSource:
		if tn, ok := x.Source.(*ast.TableName); ok {
			*out = append(*out, tn)
		}
	}
}

// ambiguityVisitor finds the first unqualified column read that is both
// the target's (info) and a read table's (read).
type ambiguityVisitor struct {
	read map[string]bool
	info []colInfo
	name string
}

func (v *ambiguityVisitor) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.ValuesExpr, *ast.SubqueryExpr, *ast.ExistsSubqueryExpr:
		return n, true
	case *ast.ColumnNameExpr:
		if _, ok := columnInfo(v.info, x.Name.Name.O); ok && v.name == "" && x.Name.Table.L == "" && v.read[x.Name.Name.L] {
			v.name = x.Name.Name.O
		}
	}
	return n, false
}

func (v *ambiguityVisitor) Leave(n ast.Node) (ast.Node, bool) { return n, true }
