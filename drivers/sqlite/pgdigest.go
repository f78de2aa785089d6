package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Digest implements drivers.TextDriver with the PostgreSQL backend's
// digest (drivers/postgres/digest.go): every table in name order (bytes),
// each as its name and its rows as PostgreSQL prints a row value
// (`x::text`: "(1,\"a b\",t,)"), sorted bytewise. The two backends of
// a chain give the same digest for the same rows.
func (d *PGDriver) Digest(ctx context.Context) ([]byte, error) {
	tables, err := d.catalog(ctx)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	for _, t := range tables {
		rows, err := d.rowTexts(ctx, t)
		if err != nil {
			return nil, fmt.Errorf("digest %s: %w", t.Name, err)
		}
		sort.Strings(rows)
		body := strings.Join(rows, "\n")
		fmt.Fprintf(h, "%d:%s\n%d:%s\n", len(t.Name), t.Name, len(body), body)
	}
	return h.Sum(nil), nil
}

// catalog is every table's definition, in name order (bytes).
func (d *PGDriver) catalog(ctx context.Context) ([]*pgTable, error) {
	rows, err := d.reader.QueryContext(ctx, `SELECT def FROM "blocksql.pg_tables" ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*pgTable
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			return nil, err
		}
		t := &pgTable{}
		if err := json.Unmarshal([]byte(def), t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// rowTexts are t's rows as PostgreSQL's record output prints them.
func (d *PGDriver) rowTexts(ctx context.Context, t *pgTable) ([]string, error) {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = pgOutExpr(quoteIdent(c.Name), c.Type)
	}
	res, err := pgRows(ctx, d.reader, "SELECT "+strings.Join(cols, ", ")+" FROM "+quoteIdent(t.Name), nil, t.Columns)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(res.Returned))
	for r, row := range res.Returned {
		var b strings.Builder
		b.WriteByte('(')
		for i, v := range row {
			if i > 0 {
				b.WriteByte(',')
			}
			if v != nil {
				pgRecordField(&b, string(v))
			}
		}
		b.WriteByte(')')
		out[r] = b.String()
	}
	return out, nil
}

// pgRecordField writes one field as record_out does: quoted when empty or
// holding a quote, backslash, parenthesis, comma or space, with quotes
// and backslashes doubled.
func pgRecordField(b *strings.Builder, s string) {
	if s != "" && !strings.ContainsAny(s, "\"\\(),") && !strings.ContainsFunc(s, pgIsSpace) {
		b.WriteString(s)
		return
	}
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte(s[i])
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
}

// pgIsSpace is C's isspace, which record_out tests bytes with.
func pgIsSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
}

// DigestRows are the rows Digest hashes, per table, sorted: what a check
// that found two digests apart shows.
func (d *PGDriver) DigestRows(ctx context.Context) (map[string][]string, error) {
	tables, err := d.catalog(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, t := range tables {
		rows, err := d.rowTexts(ctx, t)
		if err != nil {
			return nil, err
		}
		sort.Strings(rows)
		out[t.Name] = rows
	}
	return out, nil
}
