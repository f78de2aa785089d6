package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/blocksql/blocksql/drivers"
)

type pgQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Describe types a statement's parameters and result columns (a SELECT's,
// or a write's RETURNING) as PostgreSQL would; an untyped parameter is
// text. Nothing runs.
func (d *PGDriver) Describe(ctx context.Context, text string) (drivers.TextDescription, error) {
	tree, err := pgParseOne(text)
	if err != nil {
		return drivers.TextDescription{}, err
	}
	if q := pgCatalogFor(text); q != nil {
		return q.describe(), nil
	}
	tables := func(n string) (*pgTable, error) { return pgReadTable(ctx, d.reader, n) }
	var cols []pgColumn
	var types map[int]pgType
	var nparams int
	if sel := tree.GetSelectStmt(); sel != nil {
		session := drivers.PGSessionOf(ctx)
		tr := &pgTrans{tables: tables, session: &session}
		q, err := tr.selectStmt(sel, true)
		if err != nil {
			return drivers.TextDescription{}, pgDriverError(err)
		}
		cols, types, nparams = q.cols, tr.paramTypes, tr.maxParam
	} else {
		// A dry run: no sequence value is drawn, nothing is computed. The
		// catalog's other tables are read for what a DDL statement's
		// refusal depends on (a foreign key that references the table).
		w := &pgWriter{pgTrans: pgTrans{tables: tables}, nextval: func(string) (int64, error) { return 0, nil },
			allTables: func() []*pgTable { all, _ := pgAllTables(ctx, d.reader); return all },
			eval:      func(string, []any) (any, error) { return nil, nil }}
		plan, err := w.write(tree)
		if err != nil {
			return drivers.TextDescription{}, pgDriverError(err)
		}
		cols, types, nparams = plan.ret, w.paramTypes, w.maxParam
	}
	desc := drivers.TextDescription{ParamOIDs: make([]uint32, nparams)}
	for i := range desc.ParamOIDs {
		desc.ParamOIDs[i] = 25
		if t, ok := types[i+1]; ok {
			desc.ParamOIDs[i] = t.oid()
		}
	}
	for _, c := range cols {
		desc.Names = append(desc.Names, c.Name)
		desc.OIDs = append(desc.OIDs, c.Type.oid())
	}
	return desc, nil
}

// Read answers a SELECT from the readers, its values in PostgreSQL's text
// format and its columns typed as PostgreSQL types them.
func (d *PGDriver) Read(ctx context.Context, text string, params [][]byte) (drivers.Result, error) {
	return pgRead(ctx, d.reader, text, params)
}

// Read answers a SELECT inside the transaction, so it sees its writes.
func (t *PGTx) Read(ctx context.Context, text string, params [][]byte) (drivers.Result, error) {
	return pgRead(ctx, t.tx, text, params)
}

func pgRead(ctx context.Context, db pgQueryer, text string, params [][]byte) (drivers.Result, error) {
	tree, err := pgParseOne(text)
	if err != nil {
		return drivers.Result{}, err
	}
	if q := pgCatalogFor(text); q != nil {
		return q.run(ctx, db, tree)
	}
	sel := tree.GetSelectStmt()
	if sel == nil || sel.IntoClause != nil {
		return drivers.Result{}, pgDriverError(pgUnsupported("only SELECT is read on the SQLite backend"))
	}
	session := drivers.PGSessionOf(ctx)
	tr := &pgTrans{tables: func(n string) (*pgTable, error) { return pgReadTable(ctx, db, n) }, session: &session}
	q, err := tr.selectStmt(sel, true)
	if err != nil {
		return drivers.Result{}, pgDriverError(err)
	}
	res, err := pgRows(ctx, db, q.sql, bindCount(q.sql, pgArgs(params)), q.cols)
	if err != nil {
		return drivers.Result{}, pgDriverError(err)
	}
	res.AppliedSQL = q.sql
	return res, nil
}

func pgParseOne(text string) (*pg_query.Node, error) {
	tree, err := pg_query.Parse(text)
	if err != nil {
		return nil, &drivers.Error{Code: drivers.ErParse, State: "42601", Message: err.Error()}
	}
	if len(tree.Stmts) != 1 {
		return nil, pgDriverError(pgUnsupported("one statement at a time"))
	}
	return tree.Stmts[0].Stmt, nil
}

// pgRows runs q and returns its rows as PostgreSQL text.
func pgRows(ctx context.Context, db pgQueryer, q string, args []any, cols []pgColumn) (drivers.Result, error) {
	var res drivers.Result
	for _, c := range cols {
		res.ReturnedNames = append(res.ReturnedNames, c.Name)
		res.ReturnedOIDs = append(res.ReturnedOIDs, c.Type.oid())
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return res, err
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	tally := drivers.ResultTallyOf(ctx)
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return res, err
		}
		row := make([][]byte, len(cols))
		size := 24 * (1 + len(row))
		for i, v := range vals {
			if v != nil {
				row[i] = []byte(asString(v))
				size += len(row[i])
			}
		}
		// A read larger than the node allows fails here, before it fills the memory.
		if err := tally.Add(size); err != nil {
			return res, err
		}
		res.Returned = append(res.Returned, row)
		res.RowsAffected++
	}
	return res, rows.Err()
}

// pgReadTable is table name's catalog entry read through db, nil if none.
func pgReadTable(ctx context.Context, db pgQueryer, name string) (*pgTable, error) {
	if strings.HasPrefix(name, drivers.Schema+".") {
		return pgInternalTable(ctx, db, name)
	}
	if strings.HasPrefix(name, "pg_catalog.") || strings.HasPrefix(name, "information_schema.") {
		return pgCatalogTable(ctx, db, name)
	}
	var def string
	err := db.QueryRowContext(ctx, `SELECT def FROM "blocksql.pg_tables" WHERE name = ?`, name).Scan(&def)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	t := &pgTable{}
	return t, json.Unmarshal([]byte(def), t)
}

// pgInternalTable describes one of blocksql's own tables (the operation
// log) from SQLite's declarations, for reads of schema blocksql.
func pgInternalTable(ctx context.Context, db pgQueryer, name string) (*pgTable, error) {
	rows, err := db.QueryContext(ctx, "SELECT name, type FROM pragma_table_info(?)", name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	t := &pgTable{Name: name}
	for rows.Next() {
		var col, decl string
		if err := rows.Scan(&col, &decl); err != nil {
			return nil, err
		}
		typ := pgType{Base: "text"}
		switch decl {
		case "INTEGER":
			typ = pgType{Base: "int8"}
		case "BLOB":
			typ = pgType{Base: "bytea"}
		}
		t.Columns = append(t.Columns, pgColumn{Name: col, Type: typ})
	}
	if len(t.Columns) == 0 {
		return nil, rows.Err()
	}
	return t, rows.Err()
}
