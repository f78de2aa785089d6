package sqlite

import (
	"fmt"
	"reflect"

	"github.com/mattn/go-sqlite3"
)

// go-sqlite3 returns a zero-length []byte from a Go function as SQL NULL,
// so every function here that passes a binary string through or builds
// one (LOWER(x''), REPLACE of an empty VARBINARY, a blob's CONCAT) turned
// MySQL's empty binary string into NULL: in a read, and in the row a
// write stored. registerFunc registers each function with its result
// passed through emptyText, which answers an empty binary string as an
// empty text. Every MySQL reader sees the same value, and a write into a
// binary column stores it as such a column stores a string.

// registerFunc registers f as the SQL function name on c.
func registerFunc(c *sqlite3.SQLiteConn, name string, f any, pure bool) error {
	if err := c.RegisterFunc(name, keepEmptyBinary(f), pure); err != nil {
		return fmt.Errorf("register %s: %w", name, err)
	}
	return nil
}

// emptyText is v, except an empty (not nil: nil is how go-sqlite3 hands
// over NULL) binary string, which is "".
func emptyText(v any) any {
	if b, ok := v.([]byte); ok && b != nil && len(b) == 0 {
		return ""
	}
	return v
}

var anyType = reflect.TypeFor[any]()

// keepEmptyBinary wraps f, whose first result is an any, so that the
// result goes through emptyText. The common signatures, and those of the
// conversions a write calls for each value, get a plain closure; the
// others one made by reflection, which costs a second reflective call.
func keepEmptyBinary(f any) any {
	switch f := f.(type) {
	case func(any) any:
		return func(a any) any { return emptyText(f(a)) }
	case func(any) (any, error):
		return func(a any) (any, error) { v, err := f(a); return emptyText(v), err }
	case func(any, int64) any:
		return func(a any, n int64) any { return emptyText(f(a, n)) }
	case func(any, any) any:
		return func(a, b any) any { return emptyText(f(a, b)) }
	case func(...any) any:
		return func(a ...any) any { return emptyText(f(a...)) }
	case func(any, any) (any, error):
		return func(a, b any) (any, error) { v, err := f(a, b); return emptyText(v), err }
	case func(any, int64) (any, error):
		return func(a any, n int64) (any, error) { v, err := f(a, n); return emptyText(v), err }
	case func(any, ...any) any:
		return func(a any, b ...any) any { return emptyText(f(a, b...)) }
	case func(any, any, any) any:
		return func(a, b, c any) any { return emptyText(f(a, b, c)) }
	case func(any, string) any: // mysql_num
		return func(a any, s string) any { return emptyText(f(a, s)) }
	case func(any, string) (any, error): // the INTEGER key's and a character column's conversions
		return func(a any, s string) (any, error) { v, err := f(a, s); return emptyText(v), err }
	case func(any, int64, int64) (any, error): // PostgreSQL's integer, numeric and timestamp conversions
		return func(a any, n, m int64) (any, error) { v, err := f(a, n, m); return emptyText(v), err }
	case func(any, int64, string) (any, error): // a CHAR or VARCHAR column's length check
		return func(a any, n int64, s string) (any, error) { v, err := f(a, n, s); return emptyText(v), err }
	case func(any, int64, int64, int64, int64) any: // a FLOAT or DOUBLE(M,D) column's conversion
		return func(a any, b, c, d, e int64) any { return emptyText(f(a, b, c, d, e)) }
	}
	t := reflect.TypeOf(f)
	if t.Kind() != reflect.Func || t.NumOut() == 0 || t.Out(0) != anyType {
		return f
	}
	fv := reflect.ValueOf(f)
	return reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		var out []reflect.Value
		if t.IsVariadic() {
			out = fv.CallSlice(args)
		} else {
			out = fv.Call(args)
		}
		if b, ok := out[0].Interface().([]byte); ok && b != nil && len(b) == 0 {
			out[0] = reflect.New(anyType).Elem()
			out[0].Set(reflect.ValueOf(""))
		}
		return out
	}).Interface()
}
