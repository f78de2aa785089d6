package replay

import (
	"reflect"
	"unsafe"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// copyAssignments returns a deep copy of an ON DUPLICATE KEY UPDATE list:
// a driver rewrites the tree it runs in place (table names, marked
// literals), so a list that runs once per row needs a copy for each.
func copyAssignments(list []*ast.Assignment) []*ast.Assignment {
	if list == nil {
		return nil
	}
	return deepCopy(reflect.ValueOf(list), map[unsafe.Pointer]reflect.Value{}).Interface().([]*ast.Assignment)
}

// deepCopy copies v and everything it points to, unexported fields
// included (the parser's nodes keep their text and positions in them).
// seen maps a pointer already copied to its copy, so a node reached twice
// is copied once.
func deepCopy(v reflect.Value, seen map[unsafe.Pointer]reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		if c, ok := seen[v.UnsafePointer()]; ok {
			return c
		}
		c := reflect.New(v.Type().Elem())
		seen[v.UnsafePointer()] = c
		c.Elem().Set(deepCopy(v.Elem(), seen))
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(deepCopy(v.Elem(), seen))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c.Index(i).Set(deepCopy(v.Index(i), seen))
		}
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			c.SetMapIndex(deepCopy(it.Key(), seen), deepCopy(it.Value(), seen))
		}
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		c.Set(v) // scalars and strings, unexported ones too
		for i := range v.NumField() {
			f := c.Field(i)
			switch f.Kind() {
			case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map, reflect.Struct, reflect.Array:
				f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
				f.Set(deepCopy(f, seen))
			}
		}
		return c
	case reflect.Array:
		c := reflect.New(v.Type()).Elem()
		for i := range v.Len() {
			c.Index(i).Set(deepCopy(v.Index(i), seen))
		}
		return c
	}
	return v
}
