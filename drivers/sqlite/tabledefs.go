package sqlite

import (
	"context"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
)

// SQLite cannot change a column, so ALTER TABLE rebuilds the table. The
// new SQLite definition is generated from the table's MySQL definition,
// which the driver keeps as a CREATE TABLE statement (an AST, stored as
// canonical MySQL text) in a table of its own: ALTER edits the AST's
// column and constraint nodes, stores it again and regenerates the SQLite
// DDL with the same code CREATE TABLE uses. SQL text is never edited, so
// no default value, comment or CHECK can be mistaken for the text around it.
var tableDefsTable = quoteIdent(drivers.Schema + ".sqlite_tables")

func initTableDefs() string {
	return "CREATE TABLE IF NOT EXISTS " + tableDefsTable + " (name TEXT PRIMARY KEY, def TEXT NOT NULL)"
}

// defFlags write the stored definition; it is read back by the parser.
const defFlags = format.RestoreStringSingleQuotes | format.RestoreNameBackQuotes |
	format.RestoreKeyWordUppercase | format.RestoreStringEscapeBackslash

// tableDef is a table's MySQL definition: its columns and the constraints
// that shape the SQLite table (PRIMARY KEY, CHECK). Indexes live in SQLite
// itself and survive a rebuild (see recreateIndexes).
type tableDef struct {
	phys string
	cols []*ast.ColumnDef
	cons []*ast.Constraint
	// coll is the table's default collation when it tells case apart
	// (tablecoll.go), "" for the general one.
	coll string
}

// newTableDef takes the definition from CREATE TABLE. A column-level
// PRIMARY KEY becomes a table constraint: it belongs to the table, and
// MODIFY COLUMN without it keeps the key, as in MySQL.
func newTableDef(phys string, cols []*ast.ColumnDef, cons []*ast.Constraint, coll string) *tableDef {
	d := &tableDef{phys: phys, coll: coll}
	for _, c := range cons {
		if c.Tp == ast.ConstraintPrimaryKey || c.Tp == ast.ConstraintCheck {
			d.cons = append(d.cons, c)
		}
	}
	for _, c := range cols {
		d.cols = append(d.cols, d.liftPrimaryKey(d.inherit(c)))
	}
	return d
}

// liftPrimaryKey moves c's PRIMARY KEY option to a table constraint; c
// itself is left as it is.
func (d *tableDef) liftPrimaryKey(c *ast.ColumnDef) *ast.ColumnDef {
	var opts []*ast.ColumnOption
	for _, o := range c.Options {
		if o.Tp == ast.ColumnOptionPrimaryKey {
			d.cons = append(d.cons, &ast.Constraint{Tp: ast.ConstraintPrimaryKey,
				Keys: []*ast.IndexPartSpecification{{Column: &ast.ColumnName{Name: c.Name.Name}}}})
			continue
		}
		opts = append(opts, o)
	}
	out := *c
	out.Options = opts
	return &out
}

// text is the definition as canonical MySQL text.
func (d *tableDef) text() (string, error) {
	s := &ast.CreateTableStmt{Table: &ast.TableName{Name: ast.NewCIStr("t")}, Cols: d.cols, Constraints: d.cons}
	if d.coll != "" {
		s.Options = []*ast.TableOption{{Tp: ast.TableOptionCollate, StrValue: d.coll}}
	}
	return drivers.Restore(s, defFlags)
}

// createSQL generates the SQLite table named phys. It translates the
// definition's expressions in place: store the text first.
func (d *tableDef) createSQL(phys string) (string, []index, error) {
	elems, idx, err := tableElems(d.cols, d.cons)
	if err != nil {
		return "", nil, err
	}
	return "CREATE TABLE " + quoteIdent(phys) + " (\n  " + strings.Join(elems, ",\n  ") + "\n)", idx, nil
}

// saveTableDef stores the text of a definition (tableDef.text).
func (l *execLog) saveTableDef(ctx context.Context, phys, txt string) error {
	_, err := l.tx.ExecContext(ctx, "INSERT OR REPLACE INTO "+tableDefsTable+" (name, def) VALUES (?, ?)", phys, txt)
	return err
}

// loadTableDef reads the definition of table t, parsed anew.
func (l *execLog) loadTableDef(ctx context.Context, t *ast.TableName) (*tableDef, error) {
	return l.tableDefOf(ctx, physical(t.Schema.O, t.Name.O), t)
}

// columnDefs looks up the MySQL definition of a column of the table named
// phys, reading the table's definition once, on the first lookup; nil when
// it cannot be read.
func (l *execLog) columnDefs(ctx context.Context, phys string) func(col string) *ast.ColumnDef {
	var d *tableDef
	return func(col string) *ast.ColumnDef {
		if d == nil {
			t := &ast.TableName{Name: ast.NewCIStr(phys)}
			if d, _ = l.tableDefOf(ctx, phys, t); d == nil {
				return nil
			}
		}
		if i := d.columnIndex(col); i >= 0 {
			return d.cols[i]
		}
		return nil
	}
}

func (l *execLog) tableDefOf(ctx context.Context, phys string, t *ast.TableName) (*tableDef, error) {
	rows, err := l.query(ctx, "SELECT def FROM "+tableDefsTable+" WHERE name = ?", phys)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if ok, err := l.tableExists(ctx, phys); err != nil || ok {
			return nil, firstErr(err, notSupported("ALTER TABLE on a table created by an older blocksql; recreate it"))
		}
		return nil, drivers.Errorf(drivers.ErNoSuchTable, "42S02", "Table '%s.%s' doesn't exist", t.Schema.O, t.Name.O)
	}
	var txt string
	if err := rows.Scan(&txt); err != nil {
		return nil, err
	}
	stmt, err := drivers.Parse(txt)
	if err != nil {
		return nil, err
	}
	s := stmt.(*ast.CreateTableStmt)
	coll, _, _ := tableCollation(s.Options)
	return &tableDef{phys: phys, cols: s.Cols, cons: s.Constraints, coll: coll}, nil
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// forgetTableDefs removes the definitions of the tables named phys.
func (l *execLog) forgetTableDefs(ctx context.Context, phys ...string) error {
	for _, p := range phys {
		if _, err := l.tx.ExecContext(ctx, "DELETE FROM "+tableDefsTable+" WHERE name = ?", p); err != nil {
			return err
		}
	}
	return nil
}

func (l *execLog) renameTableDef(ctx context.Context, from, to string) error {
	_, err := l.tx.ExecContext(ctx, "UPDATE "+tableDefsTable+" SET name = ? WHERE name = ?", to, from)
	return err
}

func (d *tableDef) columnIndex(name string) int {
	for i, c := range d.cols {
		if strings.EqualFold(c.Name.Name.O, name) {
			return i
		}
	}
	return -1
}

func (d *tableDef) columns() []string {
	out := make([]string, len(d.cols))
	for i, c := range d.cols {
		out[i] = c.Name.Name.O
	}
	return out
}

// primaryKey is the PRIMARY KEY constraint, or nil.
func (d *tableDef) primaryKey() *ast.Constraint {
	for _, c := range d.cons {
		if c.Tp == ast.ConstraintPrimaryKey {
			return c
		}
	}
	return nil
}

func (d *tableDef) dropPrimaryKey() bool {
	for i, c := range d.cons {
		if c.Tp == ast.ConstraintPrimaryKey {
			d.cons = append(d.cons[:i:i], d.cons[i+1:]...)
			return true
		}
	}
	return false
}

// renameRefs follows a column rename in the key and the CHECK expressions.
func (d *tableDef) renameRefs(old, name string) {
	for _, c := range d.cons {
		for _, k := range c.Keys {
			if k.Column != nil && strings.EqualFold(k.Column.Name.O, old) {
				k.Column.Name = ast.NewCIStr(name)
			}
		}
		if c.Expr != nil {
			c.Expr.Accept(leaveFunc(func(n ast.Node) ast.Node {
				if cn, ok := n.(*ast.ColumnName); ok && strings.EqualFold(cn.Name.O, old) {
					cn.Name = ast.NewCIStr(name)
				}
				return n
			}))
		}
	}
}

// dropRefs removes a dropped column from the primary key (MySQL drops the
// key when no column is left).
func (d *tableDef) dropRefs(name string) {
	pk := d.primaryKey()
	if pk == nil {
		return
	}
	var keys []*ast.IndexPartSpecification
	for _, k := range pk.Keys {
		if k.Column == nil || !strings.EqualFold(k.Column.Name.O, name) {
			keys = append(keys, k)
		}
	}
	pk.Keys = keys
	if len(keys) == 0 {
		d.dropPrimaryKey()
	}
}
