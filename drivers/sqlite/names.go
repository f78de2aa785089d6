package sqlite

import (
	"encoding/hex"
	"fmt"
	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
)

// restoreFlags write SQL SQLite understands: it accepts backquoted
// identifiers, and leaving backslashes alone matches its string literals
// (it has no backslash escapes; the parser already decoded MySQL's).
const restoreFlags = format.RestoreStringSingleQuotes | format.RestoreNameBackQuotes |
	format.RestoreKeyWordUppercase | format.RestoreStringWithoutCharset

// restore writes an already translated node as SQLite SQL.
func restore(n ast.Node) (string, error) {
	q, err := drivers.Restore(n, restoreFlags)
	if err != nil {
		return "", fmt.Errorf("restore for sqlite: %w", err)
	}
	return q, nil
}

// literal writes a literal SQLite cannot read as the TiDB restorer
// writes it. A bit literal (B'101') and a hex literal are both binary
// strings to MySQL, and SQLite has only the hex form: both become X'..'.
// A string literal holding a NUL byte becomes a hex literal too: SQLite's
// tokenizer stops at a NUL, so the literal cannot be text. A character
// string stays TEXT (with its NUL, as MySQL stores it).
func literal(v *test_driver.ValueExpr) ast.ExprNode {
	if v.Kind() == test_driver.KindBinaryLiteral {
		r := raw("X'" + hex.EncodeToString(v.GetBytes()) + "'")
		r.hex, r.bin = true, v.GetBytes()
		return r
	}
	if v.Kind() != test_driver.KindString && v.Kind() != test_driver.KindBytes {
		return v
	}
	s := v.GetString()
	if !strings.Contains(s, "\x00") {
		return v
	}
	lit := "X'" + hex.EncodeToString([]byte(s)) + "'"
	if v.Kind() == test_driver.KindBytes {
		return raw(lit)
	}
	r := raw("CAST(" + lit + " AS TEXT)")
	r.blob = lit
	return r
}

// isHexLiteral tells a hex or bit literal, as literal writes it.
func isHexLiteral(e ast.ExprNode) bool {
	r, ok := e.(*rawExpr)
	return ok && r.hex
}

// binaryOperand is the binary side b of a comparison with other: a
// column itself; its bytes, whatever SQLite holds it as, against a string
// literal written in hex (a BINARY(n) value given as a string is text
// padded with NULs) and when it is computed (a function may answer a
// binary string as text, which SQLite would put below every BLOB).
func (t *typer) binaryOperand(b, other ast.ExprNode) ast.ExprNode {
	if r, ok := other.(*rawExpr); ok && r.blob != "" || !t.plain(b) {
		return asBlob(b)
	}
	return raw("(", b, ")")
}

// asBlob is e compared as a binary string: a string literal written in
// hex is its bytes (SQLite's CAST of such a text back to BLOB does not
// give them all).
func asBlob(e ast.ExprNode) ast.ExprNode {
	if r, ok := e.(*rawExpr); ok && r.blob != "" {
		return raw(r.blob)
	}
	return raw("CAST(", e, " AS BLOB)")
}

// physical is the SQLite table name of logical table db.name. All
// databases live in one file (so a block is one SQLite transaction across
// them), and the name's single unescaped '.' separates the database from
// the table: a '.' or '%' inside either part is escaped, so `a.b`.c and
// a.`b.c` are different tables and a database's tables are exactly the
// names that start with its escaped name and a '.'.
func physical(db, name string) string { return escapeName(db) + "." + escapeName(name) }

// physicalIndex is the SQLite name of index on the table named phys:
// SQLite index names are global to the file while MySQL's are per table.
func physicalIndex(phys, index string) string { return phys + "." + escapeName(index) }

// tablePrefix starts the physical name of every table of database db.
func tablePrefix(db string) string { return escapeName(db) + "." }

var (
	nameEscaper   = strings.NewReplacer("%", "%25", ".", "%2E")
	nameUnescaper = strings.NewReplacer("%25", "%", "%2E", ".")
)

// escapeName and unescapeName return a name with nothing to replace as
// it is: a strings.Replacer of several strings copies every input.
func escapeName(s string) string {
	if !strings.ContainsAny(s, "%.") {
		return s
	}
	return nameEscaper.Replace(s)
}

func unescapeName(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	return nameUnescaper.Replace(s)
}

// splitPhysical is the logical database and table of a physical name.
func splitPhysical(phys string) (db, table string) {
	db, table, _ = strings.Cut(phys, ".")
	return unescapeName(db), unescapeName(table)
}

// tableIdent quotes the physical name of a qualified table.
func tableIdent(t *ast.TableName) string { return quoteIdent(physical(t.Schema.O, t.Name.O)) }

// indexIdent quotes the physical name of index on table.
func indexIdent(t *ast.TableName, index string) string {
	return quoteIdent(physicalIndex(physical(t.Schema.O, t.Name.O), index))
}

// translator rewrites a fully qualified MySQL AST in place so that it
// restores as SQLite: physical table names, aliases so that qualified
// column references keep working, and MySQL functions and operators
// SQLite lacks (see rewriteExpr).
type translator struct {
	err   error
	typer *typer
}

func (v *translator) Enter(n ast.Node) (ast.Node, bool) {
	if v.typer.done[n] {
		return n, true
	}
	if sel, ok := n.(*ast.SelectStmt); ok {
		// As MariaDB reads such an ORDER BY, before the typer sees it
		// (a read's NameFields did this already).
		drivers.DropSelectLiteralOrder(sel)
	}
	v.typer.enter(n)
	switch n := n.(type) {
	case *ast.TableSource:
		// FROM app.t → FROM "app.t" AS "t": app.t.c and t.c both resolve.
		if t, ok := n.Source.(*ast.TableName); ok && n.AsName.L == "" && t.Schema.L != "" {
			n.AsName = t.Name
		}
	case *ast.TableName:
		if n.Schema.L != "" {
			n.Name = ast.NewCIStr(physical(n.Schema.O, n.Name.O))
			n.Schema = ast.CIStr{}
		}
		n.IndexHints = nil
		n.PartitionNames = nil
	case *ast.ColumnName:
		n.Schema = ast.CIStr{}
	case *ast.SelectField:
		// Accept does not visit a field's wildcard.
		if n.WildCard != nil {
			n.WildCard.Schema = ast.CIStr{}
		}
	case *ast.Join:
		n.StraightJoin = false // a join order hint: a JOIN with the same rows
	case *ast.FuncCallExpr:
		mariadbSynonym(n)
	case *ast.SelectStmt:
		if n.GroupBy != nil && n.GroupBy.Rollup && v.err == nil {
			// Only a whole read's is written out (rollupRead); SQLite
			// read WITH as a syntax error (1064).
			v.err = notSupported("GROUP BY ... WITH ROLLUP in a subquery or a UNION")
		}
		n.LockInfo = nil
		dropSelectHints(n)
		v.fromFirst(n)
	}
	return n, false
}

// dropSelectHints removes what a SELECT tells MySQL's planner and caches
// (SQL_NO_CACHE, SQL_BUFFER_RESULT, HIGH_PRIORITY, STRAIGHT_JOIN, optimizer
// hints, SQL_CALC_FOUND_ROWS, which the proxy refuses in reads) and SQLite
// would read as columns; none changes the rows.
func dropSelectHints(n *ast.SelectStmt) {
	n.TableHints = nil
	if o := n.SelectStmtOpts; o != nil {
		o.SQLCache, o.SQLSmallResult, o.SQLBigResult, o.SQLBufferResult = true, false, false, false
		o.Priority, o.StraightJoin, o.TableHints, o.CalcFoundRows = 0, false, nil, false
	}
}

func (v *translator) Leave(n ast.Node) (ast.Node, bool) {
	e, ok := n.(ast.ExprNode)
	if !ok {
		v.typer.leave(n)
		return n, true
	}
	out, tp, done := v.typer.rewrite(e)
	if v.typer.err != nil && v.err == nil {
		v.err = v.typer.err
	}
	if !done {
		var err error
		if out, err = rewriteExpr(e); err != nil {
			if v.err == nil {
				v.err = err
			}
			return out, false
		}
	}
	v.typer.record(out, tp)
	if v.typer.folded[e] {
		if v.typer.lenient == nil {
			v.typer.lenient = map[ast.Node]bool{}
		}
		v.typer.lenient[out] = true
	}
	return out, true
}

// translate rewrites node in place and returns it. Column types are
// unknown to it; translateWith knows them.
func translate[T ast.Node](n T) (T, error) {
	out, _, err := translateWith(n, nil)
	return out, err
}

// translateIn is translateWith for an expression on one table, known by
// alias, whose statement names it elsewhere (ON DUPLICATE KEY UPDATE).
func translateIn[T ast.Node](n T, alias, phys string, schema schemaFunc) (T, *typer, error) {
	ty := newTyper(n, schema)
	ty.tables, ty.root = []namedTable{{alias: alias, phys: phys}}, nil
	return translateTyped(n, ty)
}

// translateWith rewrites node in place, reading column types from schema
// (see typed.go), and returns it with its typer.
func translateWith[T ast.Node](n T, schema schemaFunc) (T, *typer, error) {
	return translateTyped(n, newTyper(n, schema))
}

func translateTyped[T ast.Node](n T, ty *typer) (T, *typer, error) {
	v := &translator{typer: ty}
	out, _ := n.Accept(v)
	if v.err != nil {
		return n, ty, v.err
	}
	return out.(T), ty, nil
}

// translateSQL translates a node and restores it.
func translateSQL(n ast.Node) (string, error) {
	n, err := translate(n)
	if err != nil {
		return "", err
	}
	return restore(n)
}

// rawExpr is an expression written out piece by piece, for SQLite syntax
// the TiDB restorer cannot produce. Parts are plain SQL strings or nodes.
type rawExpr struct {
	ast.FuncCallExpr
	parts []any
	blob  string // a string literal's bytes as an SQLite hex literal, when it is one
	hex   bool   // a hex or bit literal (x'61', b'1'): a binary string
	bin   []byte // a hex or bit literal's bytes
	// extract marks JSON_EXTRACT's translation, whose value a comparison
	// with a scalar reads as the scalar it holds (compare, jsonScalar).
	extract bool
	// zeroDiv marks a division SQLite computes (divRaw): the checking
	// function strictDivision makes it.
	zeroDiv string
	// shown marks a selected DECIMAL field rounded to its type's scale,
	// as a client sees it (typer); its first node part is the value.
	shown bool
}

func raw(parts ...any) *rawExpr { return &rawExpr{parts: parts} }

func (r *rawExpr) Restore(ctx *format.RestoreCtx) error {
	for _, p := range r.parts {
		switch p := p.(type) {
		case string:
			ctx.WritePlain(p)
		case ast.Node:
			if err := p.Restore(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *rawExpr) Accept(v ast.Visitor) (ast.Node, bool) {
	n, skip := v.Enter(r)
	if skip {
		return v.Leave(n)
	}
	for i, p := range r.parts {
		if e, ok := p.(ast.Node); ok {
			out, ok := e.Accept(v)
			if !ok {
				return r, false
			}
			r.parts[i] = out
		}
	}
	return v.Leave(r)
}
