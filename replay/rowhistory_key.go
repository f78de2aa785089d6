package replay

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/blocksql/blocksql/drivers"
)

// ReadTable reads one table's definition from the catalog a node keeps in
// its local database, without opening an engine (so it never writes):
// audit tools use it while the node runs.
func ReadTable(ctx context.Context, drv drivers.Driver, db, name string) (*TableDef, error) {
	rows, err := drv.QueryInternal(ctx, "SELECT def FROM "+drv.Internal("catalog")+" WHERE db = ? AND name = ?",
		strings.ToLower(db), strings.ToLower(name))
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read catalog: %w", err)
		}
		return nil, drivers.Errorf(drivers.ErNoSuchTable, "42S02", "Table '%s.%s' doesn't exist", db, name)
	}
	var def string
	if err := rows.Scan(&def); err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	return unmarshalDef(def)
}

// KeyJSON returns the primary key of t as row history records it, from
// the key's values written as text ("42", or "7,pen" for a two-column key)
// or as a JSON array ("[7,\"pen\"]").
func (t *TableDef) KeyJSON(key string) (string, error) {
	if len(t.PrimaryKey) == 0 {
		return "", fmt.Errorf("table %s.%s has no primary key: its row history is found with blocksql diff or by SQL", t.DB, t.Name)
	}
	parts, err := keyParts(key, len(t.PrimaryKey))
	if err != nil {
		return "", err
	}
	ct := captureTable(t)
	var b bytes.Buffer
	b.WriteByte('[')
	for i, c := range ct.Key() {
		if i > 0 {
			b.WriteByte(',')
		}
		v, err := keyValue(c, parts[i])
		if err != nil {
			return "", fmt.Errorf("key column %s: %w", c.Name, err)
		}
		b.WriteString(v)
	}
	b.WriteByte(']')
	return b.String(), nil
}

func keyParts(key string, n int) ([]string, error) {
	var parts []string
	if strings.HasPrefix(strings.TrimSpace(key), "[") {
		var vals []any
		d := json.NewDecoder(strings.NewReader(key))
		d.UseNumber()
		if err := d.Decode(&vals); err != nil {
			return nil, fmt.Errorf("key %s is not a JSON array: %w", key, err)
		}
		for _, v := range vals {
			parts = append(parts, fmt.Sprint(v))
		}
	} else {
		parts = strings.Split(key, ",")
	}
	if len(parts) != n {
		return nil, fmt.Errorf("key %q has %d values; the primary key has %d columns", key, len(parts), n)
	}
	return parts, nil
}

// keyValue writes one key value as the capture triggers do.
func keyValue(c drivers.CaptureColumn, s string) (string, error) {
	switch c.Kind {
	case drivers.KindDecimal:
		r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
		if !ok {
			return "", fmt.Errorf("%q is not a number", s)
		}
		return r.FloatString(c.Scale), nil
	case drivers.KindBinary:
		if h, ok := strings.CutPrefix(s, "0x"); ok {
			return strconv.Quote(strings.ToUpper(h)), nil
		}
		return strconv.Quote(strings.ToUpper(fmt.Sprintf("%x", s))), nil
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && c.Numeric {
		return strconv.FormatInt(n, 10), nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
