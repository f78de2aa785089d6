package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

// Change is one row change from blocksql.row_changes, with the statement
// that made it.
type Change struct {
	ID        int64           `json:"-"`
	Table     string          `json:"table"`
	PK        json.RawMessage `json:"pk"`
	Op        string          `json:"op"`
	Before    json.RawMessage `json:"before"`
	After     json.RawMessage `json:"after"`
	Height    int64           `json:"height"`
	Time      string          `json:"time"`
	TxHash    string          `json:"tx_hash"`
	StmtIndex int             `json:"stmt_index"`
	User      string          `json:"user"`
	SQL       string          `json:"sql"`
}

const changeCols = "rc.id, rc.table_name, rc.pk, rc.op, rc.row_before, rc.row_after, rc.height, rc.tx_hash, " +
	"rc.stmt_index, s.block_time, s.user, s.original_sql"

func changesFrom(src Source) string {
	return src.Internal("row_changes") + " rc LEFT JOIN " + src.Internal("statements") +
		" s ON s.height = rc.height AND s.tx_hash = rc.tx_hash AND s.stmt_index = rc.stmt_index"
}

// History returns every change of one row, oldest first. key is the
// primary key as row history records it (see replay.TableDef.KeyJSON).
func History(ctx context.Context, src Source, table, key string) ([]Change, error) {
	return HistoryPage(ctx, src, table, key, 0, 0)
}

// HistoryPage returns up to limit changes of one row made after the change
// after (a Change.ID; 0: from the first), oldest first; limit 0 returns
// them all. The row_changes_row index (table_name, pk, height) yields them
// in order: ids grow with the height, so (height, id) is the order of id.
func HistoryPage(ctx context.Context, src Source, table, key string, after int64, limit int) ([]Change, error) {
	q := "SELECT " + changeCols + " FROM " + changesFrom(src) +
		" WHERE rc.table_name = ? AND rc.pk = ? AND rc.id > ? ORDER BY rc.height, rc.id" + limitClause(limit)
	return queryChanges(ctx, src, q, strings.ToLower(table), key, after)
}

// changesByID returns the changes with the given ids, by id.
func changesByID(ctx context.Context, src Source, ids []int64) (map[int64]Change, error) {
	out := make(map[int64]Change, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	q := "SELECT " + changeCols + " FROM " + changesFrom(src) +
		" WHERE rc.id IN (?" + strings.Repeat(", ?", len(ids)-1) + ")"
	changes, err := queryChanges(ctx, src, q, args...)
	for _, c := range changes {
		out[c.ID] = c
	}
	return out, err
}

func limitClause(limit int) string {
	if limit <= 0 {
		return ""
	}
	return fmt.Sprintf(" LIMIT %d", limit)
}

func queryChanges(ctx context.Context, src Source, q string, args ...any) ([]Change, error) {
	rows, err := src.QueryInternal(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read row history: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var pk, before, after, tm, user, stmt sql.NullString
		if err := rows.Scan(&c.ID, &c.Table, &pk, &c.Op, &before, &after, &c.Height, &c.TxHash, &c.StmtIndex,
			&tm, &user, &stmt); err != nil {
			return nil, fmt.Errorf("read row history: %w", err)
		}
		c.PK, c.Before, c.After = raw(pk), raw(before), raw(after)
		c.Time, c.User, c.SQL = tm.String, user.String, stmt.String
		out = append(out, c)
	}
	return out, rows.Err()
}

func raw(s sql.NullString) json.RawMessage {
	if !s.Valid {
		return json.RawMessage("null")
	}
	return json.RawMessage(s.String)
}
