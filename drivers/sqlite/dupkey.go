package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// SQLite names the columns of a violated unique key, not the value; MySQL
// says "Duplicate entry 'v' for key 'k'". When an INSERT fails that way
// the rows are staged again to find the first one that conflicts, and its
// key value completes the message. This runs only on the error path.

// describeDup returns err mapped, with the duplicate value when found.
func (l *execLog) describeDup(ctx context.Context, err error, t *ast.TableName, info []colInfo, cols []string, src bound) error {
	mapped := mapError(err, l)
	var de *drivers.Error
	if !errors.As(mapped, &de) || de.Code != drivers.ErDupEntry {
		return mapped
	}
	key := keyFromMessage(de.Message)
	// The diagnostic statements are not part of what was applied.
	defer func(n int) { l.applied = l.applied[:n] }(len(l.applied))
	v, ferr := l.dupValue(ctx, t, info, cols, src, key)
	if ferr != nil || v == "" {
		return mapped
	}
	return drivers.Errorf(drivers.ErDupEntry, "23000", "Duplicate entry '%s' for key '%s'", v, key)
}

func keyFromMessage(msg string) string {
	i := strings.LastIndex(msg, "for key '")
	if i < 0 {
		return ""
	}
	return strings.TrimSuffix(msg[i+len("for key '"):], "'")
}

// dupValue finds the first staged row whose key collides with an existing
// row and renders its key columns joined by '-', as MySQL does.
func (l *execLog) dupValue(ctx context.Context, t *ast.TableName, info []colInfo, cols []string, src bound, key string) (string, error) {
	keys, err := l.uniqueKeys(ctx, physical(t.Schema.O, t.Name.O), info)
	if err != nil {
		return "", err
	}
	var k *uniqueKey
	for i := range keys {
		if strings.EqualFold(keys[i].name, key) {
			k = &keys[i]
		}
	}
	if k == nil {
		return "", nil
	}
	var vals []string
	for _, kc := range k.cols {
		i := indexFold(cols, kc)
		if i < 0 {
			return "", nil
		}
		vals = append(vals, coerce(info)(kc, "r."+stagedCol(i)))
	}
	if _, err := l.stage(ctx, len(cols), src); err != nil {
		return "", err
	}
	q := "SELECT " + strings.Join(vals, ", ") + " FROM " + staging + " AS r WHERE EXISTS (SELECT 1 FROM " +
		tableIdent(t) + " AS t WHERE " + keyMatch(*k, cols, info) + ") ORDER BY r.rowid LIMIT 1"
	return l.firstRowText(ctx, q, len(vals))
}

// firstRowText renders the first row of q as MySQL prints a key value.
func (l *execLog) firstRowText(ctx context.Context, q string, n int) (string, error) {
	rows, err := l.query(ctx, q)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	if !rows.Next() {
		return "", rows.Err()
	}
	out := make([]any, n)
	ptrs := make([]any, n)
	for i := range out {
		ptrs[i] = &out[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return "", err
	}
	parts := make([]string, len(out))
	for i, v := range out {
		if b, ok := v.([]byte); ok {
			v = string(b)
		}
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, "-"), nil
}
