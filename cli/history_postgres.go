package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay/audit"
)

// pgTableName is the table a user names to history or diff on a
// postgres-dialect chain as row history records it: user tables are in
// schema public (written or not), a name is folded to lower case unless
// double-quoted.
func pgTableName(name string) (string, error) {
	name = strings.TrimPrefix(name, "public.")
	if strings.Contains(name, ".") && !strings.HasPrefix(name, `"`) {
		return "", &UsageError{Msg: fmt.Sprintf("table %q: user tables of a postgres-dialect chain are in schema public", name),
			Hint: "blocksql history items 42   (or public.items)"}
	}
	if unq, ok := strings.CutPrefix(name, `"`); ok {
		return strings.ToLower(strings.ReplaceAll(strings.TrimSuffix(unq, `"`), `""`, `"`)), nil
	}
	return strings.ToLower(name), nil
}

// openPGTable reads the table a user names and opens the node's log.
func openPGTable(home string, db DatabaseConfig, name string) (string, *pgSource, error) {
	table, err := pgTableName(name)
	if err != nil {
		return "", nil, err
	}
	src, err := openPGSource(home, db)
	return table, src, err
}

// pgHistory is `blocksql history` on a postgres-dialect node.
func pgHistory(ctx context.Context, out auditFlags, db DatabaseConfig, name, keyText string) error {
	table, src, err := openPGTable(out.home, db, name)
	if err != nil {
		return err
	}
	defer src.Close()
	key, err := pgKeyJSON(ctx, src, table, keyText)
	if err != nil {
		return err
	}
	var changes []audit.Change
	if key != "" {
		if changes, err = audit.History(ctx, src, table, key); err != nil {
			return err
		}
	}
	if len(changes) == 0 && !out.asJSON {
		fmt.Fprintf(os.Stderr, "no recorded changes for %s key %s\n", table, keyText)
	}
	return out.write(os.Stdout, historyRecords(changes))
}

// pgKeyJSON writes the key a user typed (values separated by commas) as
// row history records the table's keys: it takes the shape of a key the
// table has, number or string per column. "" means the table has no
// recorded change.
func pgKeyJSON(ctx context.Context, src *pgSource, table, keyText string) (string, error) {
	rows, err := src.QueryInternal(ctx, "SELECT pk FROM "+src.Internal("row_changes")+
		" WHERE table_name = ? AND pk IS NOT NULL LIMIT 1", table)
	if err != nil {
		return "", fmt.Errorf("read row history: %w", err)
	}
	defer rows.Close()
	var sample string
	if rows.Next() {
		if err := rows.Scan(&sample); err != nil {
			return "", err
		}
	}
	if err := rows.Err(); err != nil || sample == "" {
		return "", err
	}
	var shape []json.RawMessage
	if err := json.Unmarshal([]byte(sample), &shape); err != nil {
		return "", fmt.Errorf("read row history: key %s: %w", sample, err)
	}
	values := strings.Split(keyText, ",")
	if len(values) != len(shape) {
		return "", &UsageError{Msg: fmt.Sprintf("table %s has a key of %d columns, got %d values", table, len(shape), len(values)),
			Hint: "blocksql history lines 7,2   (one value per key column)"}
	}
	parts := make([]string, len(values))
	for i, v := range values {
		v = strings.TrimSpace(v)
		if _, err := strconv.ParseFloat(v, 64); err == nil && len(shape[i]) > 0 && shape[i][0] != '"' {
			parts[i] = v
		} else {
			parts[i] = drivers.PGJSONQuote(v)
		}
	}
	return "[" + strings.Join(parts, ",") + "]", nil
}

// pgDiff is `blocksql diff` on a postgres-dialect node.
func pgDiff(ctx context.Context, out auditFlags, db DatabaseConfig, name string, from, to int64) error {
	table, src, err := openPGTable(out.home, db, name)
	if err != nil {
		return err
	}
	defer src.Close()
	if to == 0 {
		if to, err = audit.AppliedHeight(ctx, src); err != nil {
			return err
		}
	}
	diffs, err := audit.Diff(ctx, src, table, from, to)
	if err != nil {
		return &UsageError{Msg: err.Error(), Hint: diffHint}
	}
	return out.write(os.Stdout, diffRecords(diffs))
}
