package sqlite

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/types"
)

// A table's default collation (CREATE TABLE … COLLATE=utf8mb4_bin, or
// ALTER TABLE … COLLATE=) is MariaDB's collation for each of its text
// columns declared without a character set or collation of their own, at
// CREATE TABLE and whenever ALTER TABLE adds or redefines one; CONVERT TO
// gives it to every text column. A SQLite node read no table option, so
// such columns folded case: UPDATE … WHERE b = 'abc' changed other rows
// than on a MariaDB node, and a UNIQUE key refused 'A' beside 'a'. The
// driver keeps a table's _bin default in its stored definition
// (tableDef.coll) and writes it out as each such column's own COLLATE. A
// table declared without a collation or character set takes its
// database's default (CREATE DATABASE … COLLATE utf8mb4_bin), which the
// driver records beside the database (databases.go).

// tableCollation is the default collation opts give a table when it tells
// case apart (a _bin one), "" otherwise; set reports whether they name a
// collation or a character set (whose own default then applies, not the
// database's); convert is CONVERT TO.
func tableCollation(opts []*ast.TableOption) (coll string, set, convert bool) {
	var charset string
	for _, o := range opts {
		switch o.Tp {
		case ast.TableOptionCollate:
			coll, set = strings.ToLower(o.StrValue), true
		case ast.TableOptionCharset:
			charset, set = strings.ToLower(o.StrValue), true
			convert = convert || o.UintValue == ast.TableOptionCharsetWithConvertTo
		}
	}
	return binCollation(coll, charset), set, convert
}

// databaseCollation is tableCollation for CREATE DATABASE's options.
func databaseCollation(opts []*ast.DatabaseOption) string {
	var coll, charset string
	for _, o := range opts {
		switch o.Tp {
		case ast.DatabaseOptionCollate:
			coll = strings.ToLower(o.Value)
		case ast.DatabaseOptionCharset:
			charset = strings.ToLower(o.Value)
		}
	}
	return binCollation(coll, charset)
}

// binCollation is coll when it tells case apart, "binary" for the binary
// character set named without a collation, else "".
func binCollation(coll, charset string) string {
	if coll == "" && charset == "binary" {
		return "binary"
	}
	if strings.HasSuffix(coll, "_bin") || coll == "binary" {
		return coll
	}
	return ""
}

// inherit is c with the table's default collation when c is a text column
// declared without a character set or collation of its own.
func (d *tableDef) inherit(c *ast.ColumnDef) *ast.ColumnDef {
	if d.coll == "" || !collatedText(c.Tp) || c.Tp.GetCharset() != "" || c.Tp.GetCollate() != "" {
		return c
	}
	for _, o := range c.Options {
		if o.Tp == ast.ColumnOptionCollate {
			return c
		}
	}
	return withCollation(c, d.coll)
}

// withCollation is c with coll as its only collation ("" for none).
func withCollation(c *ast.ColumnDef, coll string) *ast.ColumnDef {
	out := *c
	tp := c.Tp.Clone()
	tp.SetCharset("")
	tp.SetCollate("")
	out.Tp = tp
	out.Options = nil
	for _, o := range c.Options {
		if o.Tp != ast.ColumnOptionCollate {
			out.Options = append(out.Options, o)
		}
	}
	if coll != "" {
		out.Options = append(out.Options, &ast.ColumnOption{Tp: ast.ColumnOptionCollate, StrValue: coll})
	}
	return &out
}

// setTableCollation applies ALTER TABLE's COLLATE= (or CONVERT TO … COLLATE)
// to d; it reports whether the table's columns changed (CONVERT TO).
func (d *tableDef) setTableCollation(coll string, convert bool) bool {
	d.coll = coll
	if !convert {
		return false
	}
	for i, c := range d.cols {
		if collatedText(c.Tp) {
			d.cols[i] = withCollation(c, coll)
		}
	}
	return true
}

// collatedText reports a text column that takes a table's collation: not
// an ENUM or SET, whose members keep matching as declared.
func collatedText(tp *types.FieldType) bool {
	t := tp.GetType()
	return isTextType(tp) && t != mysql.TypeEnum && t != mysql.TypeSet
}
