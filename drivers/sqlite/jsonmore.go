package sqlite

import (
	"encoding/json"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// JSON_KEYS, JSON_CONTAINS, JSON_CONTAINS_PATH, JSON_COMPACT and JSON_LENGTH(doc, path)
// as MariaDB answers them (they were 1305, or a wrong number of arguments,
// on SQLite). A path argument is read with SQLite's -> (as JSON_EXTRACT is),
// which gives the JSON text at the path or NULL.

// jsonPathCall translates JSON_KEYS(doc[, path]), JSON_LENGTH(doc, path)
// and JSON_CONTAINS(target, candidate[, path]); ok is false for another
// call or arity.
func jsonPathCall(e *ast.FuncCallExpr) (ast.ExprNode, sqlType, bool) {
	switch name := e.FnName.L; {
	case name == "json_keys" && (len(e.Args) == 1 || len(e.Args) == 2):
		doc := e.Args[0]
		if len(e.Args) == 2 {
			doc = raw("(", e.Args[0], " -> ", e.Args[1], ")")
		}
		return raw("mysql_json_keys(", doc, ")"), sqlType{kind: kString, blob: 2}, true
	case name == "json_compact" && len(e.Args) == 1:
		// Minified, numbers as written; NULL for a document that is none.
		return raw("(CASE WHEN json_valid(", e.Args[0], ") THEN json(", e.Args[0], ") END)"), sqlType{kind: kString, blob: 2}, true
	case name == "json_contains_path" && len(e.Args) >= 3:
		return containsPathCall(e)
	case name == "json_length" && len(e.Args) == 2:
		// The length of the value at the path; NULL where it selects none.
		return raw("mysql_json_length((", e.Args[0], " -> ", e.Args[1], "))"), sqlType{kind: kInt, prec: 9, name: "INT"}, true
	case name == "json_contains" && (len(e.Args) == 2 || len(e.Args) == 3):
		if len(e.Args) == 2 {
			return raw("mysql_json_contains(", e.Args[0], ", ", e.Args[1], ", 0)"), sqlType{kind: kInt, prec: 1, name: "INT"}, true
		}
		// A path that selects nothing gives 0, a NULL document NULL.
		at := raw("(", e.Args[0], " -> ", e.Args[2], ")")
		return raw("CASE WHEN ", e.Args[0], " IS NULL THEN NULL ELSE mysql_json_contains(", at, ", ", e.Args[1], ", 1) END"),
			sqlType{kind: kInt, prec: 1, name: "INT"}, true
	}
	return e, sqlType{}, false
}

// jsonKeys is the keys of a JSON object in the document's order, as a
// JSON array written as MariaDB writes one (["b", "a"]); NULL for another
// value.
func jsonKeys(doc any) any {
	s, ok := text(doc)
	if !ok {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(s))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	b := []byte{'['}
	for dec.More() {
		k, err := dec.Token()
		key, isKey := k.(string)
		var skip json.RawMessage
		if err != nil || !isKey || dec.Decode(&skip) != nil {
			return nil
		}
		if len(b) > 1 {
			b = append(b, ", "...)
		}
		b = appendJSONString(b, key)
	}
	return string(append(b, ']'))
}

// jsonContains is JSON_CONTAINS(target, candidate) as MariaDB decides it:
// an object contains an object whose every key it has with a value that
// contains that key's value; an array contains a value one of its
// elements contains (nested arrays are searched), and an array each of
// whose elements it contains; scalars are equal (1 and 1.0 too). missing
// (a path that selected nothing) gives 0.
func jsonContains(target, candidate any, pathGiven int64) any {
	if isNull(target) {
		if pathGiven != 0 {
			return int64(0)
		}
		return nil
	}
	t, ok := jsonDecode(target)
	c, ok2 := jsonDecode(candidate)
	if !ok || !ok2 {
		return nil
	}
	return int64(boolInt(jsonHolds(t, c)))
}

func jsonHolds(t, c any) bool {
	switch cv := c.(type) {
	case []any:
		ta, ok := t.([]any)
		if !ok {
			return false
		}
		for _, e := range cv {
			if !jsonHolds(ta, e) {
				return false
			}
		}
		return true
	case map[string]any:
		switch tv := t.(type) {
		case map[string]any:
			for k, v := range cv {
				if x, ok := tv[k]; !ok || !jsonHolds(x, v) {
					return false
				}
			}
			return true
		case []any:
			return anyHolds(tv, cv)
		}
		return false
	}
	switch tv := t.(type) {
	case []any:
		return anyHolds(tv, c)
	case map[string]any:
		return false
	case json.Number:
		n, ok := c.(json.Number)
		return ok && compareDecimalText(tv.String(), n.String()) == 0
	}
	return t == c
}

// anyHolds reports whether one of the elements holds c.
func anyHolds(elems []any, c any) bool {
	for _, e := range elems {
		if jsonHolds(e, c) {
			return true
		}
	}
	return false
}

// containsPathCall is JSON_CONTAINS_PATH(doc, 'one' | 'all', path, …):
// whether one (or every) path selects a value, a JSON null included (which
// SQLite's -> gives as the text null); NULL for a NULL document. A mode
// that is not a literal is left to be refused (1305).
func containsPathCall(e *ast.FuncCallExpr) (ast.ExprNode, sqlType, bool) {
	v, ok := e.Args[1].(*test_driver.ValueExpr)
	if !ok || v.Kind() != test_driver.KindString {
		return e, sqlType{}, false
	}
	join := ""
	switch strings.ToLower(v.GetString()) {
	case "one":
		join = " OR "
	case "all":
		join = " AND "
	default:
		return e, sqlType{}, false
	}
	parts := []any{"CASE WHEN ", e.Args[0], " IS NULL THEN NULL ELSE ("}
	for i, p := range e.Args[2:] {
		if i > 0 {
			parts = append(parts, join)
		}
		parts = append(parts, "(", e.Args[0], " -> ", p, ") IS NOT NULL")
	}
	return raw(append(parts, ") END")...), sqlType{kind: kInt, prec: 1, name: "INT"}, true
}

// jsonDepth is JSON_DEPTH(doc): 1 for a scalar or an empty array or
// object, one more than its deepest value for another; NULL for NULL or
// text that is not JSON.
func jsonDepth(doc any) any {
	v, ok := jsonDecode(doc)
	if !ok {
		return nil
	}
	return int64(depthOf(v))
}

func depthOf(v any) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, c := range x {
			d = max(d, depthOf(c))
		}
	case []any:
		for _, c := range x {
			d = max(d, depthOf(c))
		}
	default:
		return 1
	}
	return d + 1
}
