package sqlite

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// MariaDB's JSON functions on SQLite. SQLite's own return compact text
// ([1,2]) and, for JSON_EXTRACT, a string without its quotes; MariaDB
// writes a space after each comma and colon ([1, 2], {"a": 1}) and
// JSON_EXTRACT returns JSON text, a string quoted ("x"). The translator
// (translate_read.go) runs JSON_EXTRACT as SQLite's -> (which returns JSON
// text) and gives every JSON result to mysql_json_text; JSON_UNQUOTE
// and ->> strip a string's quotes, JSON_VALUE gives a scalar's value.

// jsonText writes compact JSON text as MariaDB does: ", " between items
// and ": " after a key. Strings are copied as they are.
func jsonText(v any) any {
	s, ok := v.(string)
	if !ok {
		return v // NULL, or a number SQLite gave as one
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	inString, escaped := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inString:
			b.WriteByte(c)
			if escaped {
				escaped = false
			} else if c == '\\' {
				escaped = true
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
			b.WriteByte(c)
		case c == ',' || c == ':':
			b.WriteByte(c)
			b.WriteByte(' ')
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// jsonUnquote is JSON_UNQUOTE: a JSON string loses its quotes and
// escapes; anything else is returned as it is.
func jsonUnquote(v any) any {
	s, ok := v.(string)
	if !ok || len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return v
	}
	var out string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return v
	}
	return out
}

// jsonType is JSON_TYPE: MariaDB's upper-case names.
func jsonType(doc any) any {
	v, ok := jsonDecode(doc)
	if !ok {
		return nil
	}
	switch x := v.(type) {
	case map[string]any:
		return "OBJECT"
	case []any:
		return "ARRAY"
	case string:
		return "STRING"
	case bool:
		return "BOOLEAN"
	case nil:
		return "NULL"
	case json.Number:
		// MariaDB's rule: a number written with a point is a DOUBLE,
		// any other an INTEGER (1e2 and 99999999999999999999 too).
		if strings.Contains(string(x), ".") {
			return "DOUBLE"
		}
		return "INTEGER"
	}
	return nil
}

// jsonLength is JSON_LENGTH(doc): an object's keys, an array's items, 1
// for a scalar.
func jsonLength(doc any) any {
	v, ok := jsonDecode(doc)
	if !ok {
		return nil
	}
	switch x := v.(type) {
	case map[string]any:
		return int64(len(x))
	case []any:
		return int64(len(x))
	}
	return int64(1)
}

// jsonDecode reads a JSON document, numbers kept as written; false for
// NULL or text that is not JSON.
func jsonDecode(doc any) (any, bool) {
	s, ok := text(doc)
	if !ok {
		return nil, false
	}
	var v any
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, false
	}
	return v, true
}

// jsonArrayAgg is MariaDB's JSON_ARRAYAGG(x): the values in row order as a
// JSON array without spaces ([1,"a",null]), NULL without rows. number
// tells that x is a DECIMAL, which SQLite holds as text and MariaDB
// writes as a number (1.20); a DOUBLE is written as MariaDB prints it.
type jsonArrayAgg struct {
	b    []byte
	rows bool
}

func newJSONArrayAgg() *jsonArrayAgg { return &jsonArrayAgg{b: []byte{'['}} }

func (a *jsonArrayAgg) Step(v any, number int64) {
	if a.rows {
		a.b = append(a.b, ',')
	}
	a.rows = true
	a.b = appendJSONValue(a.b, v, number != 0)
}

// appendJSONValue appends v as MariaDB writes a value in JSON: a DECIMAL
// (number, held as text) as its number, a DOUBLE as MariaDB prints it.
func appendJSONValue(b []byte, v any, number bool) []byte {
	switch x := v.(type) {
	case int64:
		return strconv.AppendInt(b, x, 10)
	case float64:
		return append(b, drivers.FormatDouble(x)...)
	}
	s, ok := text(v)
	switch {
	case !ok:
		return append(b, "null"...)
	case number:
		return append(b, s...)
	}
	return appendJSONString(b, s)
}

// jsonObjectAgg is MariaDB's JSON_OBJECTAGG(k, v): {"k":v, "k2":v2} (a
// space after each comma, none after a colon), rows with a NULL key left
// out, NULL without rows.
type jsonObjectAgg struct {
	b    []byte
	rows bool
}

func newJSONObjectAgg() *jsonObjectAgg { return &jsonObjectAgg{b: []byte{'{'}} }

func (a *jsonObjectAgg) Step(k, v any, number int64) {
	key, ok := text(k)
	if !ok {
		return
	}
	if a.rows {
		a.b = append(a.b, ", "...)
	}
	a.rows = true
	a.b = append(appendJSONString(a.b, key), ':')
	a.b = appendJSONValue(a.b, v, number != 0)
}

func (a *jsonObjectAgg) Done() any {
	if !a.rows {
		return nil
	}
	return string(append(a.b, '}'))
}

func (a *jsonArrayAgg) Done() any {
	if !a.rows {
		return nil
	}
	return string(append(a.b, ']'))
}

// appendJSONString appends s as a JSON string, escaped as MariaDB escapes
// it (quotes, backslashes and control characters; not <, > or &).
func appendJSONString(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// jsonResults are the translations of the functions whose result is a JSON
// document (translate_read.go, typer.go): a JSON function given one as a
// value embeds it as JSON, as MariaDB's do, where SQLite would write the
// text as a JSON string.
var jsonResults = []string{"mysql_json_text(", "mysql_json_arrayagg(", "mysql_json_objectagg("}

// isJSON reports a JSON document: what a JSON function returns, a JSON
// column, or a scalar subquery selecting either.
func (t *typer) isJSON(x ast.ExprNode) bool {
	if t.jsonSubqueries[x] {
		return true
	}
	switch x := x.(type) {
	case *ast.ParenthesesExpr:
		return t.isJSON(x.Expr)
	case *rawExpr:
		if len(x.parts) > 0 {
			if s, ok := x.parts[0].(string); ok {
				for _, p := range jsonResults {
					if strings.HasPrefix(s, p) {
						return true
					}
				}
			}
		}
	case *ast.ColumnNameExpr:
		info := t.columnInfo(x)
		return info != nil && strings.EqualFold(info.typ, "JSON")
	}
	return false
}

// jsonScalar is x, a JSON_EXTRACT compared with other (a scalar of type
// tp), as MariaDB compares it: the scalar the JSON holds, a string without
// its quotes (JSON_EXTRACT(doc, '$.s') = 'x' holds for "x"), against a
// number or a truth value its number (true is 1). x itself otherwise: a
// JSON document against another, and every other JSON function's result,
// compare as their text.
func (t *typer) jsonScalar(x, other ast.ExprNode, tp sqlType) ast.ExprNode {
	if !isJSONExtract(x) || t.isJSON(other) {
		return x
	}
	fn := "mysql_json_unquote(" // a JSON string unquoted, any other value its JSON text
	if tp.kind == kInt || tp.kind == kDecimal || tp.kind == kDouble {
		fn = "mysql_json_scalar_number("
	}
	out := raw(fn, x, ")")
	// Of a JSON column (utf8mb4_bin) the string compares case by case, of
	// any other document in the general collation.
	t.record(out, sqlType{kind: kString, cased: t.jsonColumnDoc(x.(*rawExpr))})
	return out
}

// jsonColumnDoc tells a JSON_EXTRACT (r) of a JSON column.
func (t *typer) jsonColumnDoc(r *rawExpr) bool {
	if len(r.parts) < 2 {
		return false
	}
	c, ok := r.parts[1].(*ast.ColumnNameExpr)
	return ok && t.isJSON(c)
}

// isJSONExtract tells JSON_EXTRACT's translation.
func isJSONExtract(x ast.ExprNode) bool {
	r, ok := x.(*rawExpr)
	return ok && r.extract
}

// jsonScalarNumber is a JSON value compared with a number: true 1, false
// 0, a number or a string its text (read as a number by the comparison).
func jsonScalarNumber(doc any) any {
	v, ok := jsonDecode(doc)
	if !ok {
		return doc
	}
	switch x := v.(type) {
	case bool:
		return int64(boolInt(x))
	case string:
		return x
	}
	return doc
}
