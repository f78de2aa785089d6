package sqlite

import (
	"encoding/json"
	"strings"
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
